import { isAbsolute, normalize, relative, resolve, sep } from 'node:path';

/** The renderer is served from the app's own files under this scheme, never from a remote origin. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'fieldwork';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY = `${APP_ORIGIN}/index.html`;

/**
 * Strict CSP: only the app's own scripts, styles and images; no inline script, no eval, no network.
 * MUI (emotion) injects <style> elements, hence 'unsafe-inline' for styles only.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'none'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** True only for a page of the app itself (any path under app://fieldwork/). */
export function isAppUrl(url: string | undefined | null): boolean {
  if (!url) return false;
  try {
    const u = new URL(url);
    return u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST;
  } catch {
    return false;
  }
}

/**
 * Maps an app:// request to a file inside the renderer folder, or null. Decoding happens before
 * the check, so `%2e%2e%2f` cannot climb out of the folder either.
 */
export function resolveAppPath(rendererDir: string, url: string): string | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  if (u.protocol !== `${APP_SCHEME}:` || u.host !== APP_HOST) return null;
  let pathname: string;
  try {
    pathname = decodeURIComponent(u.pathname);
  } catch {
    return null;
  }
  // Backslashes are separators on Windows: refuse them everywhere rather than reason per platform.
  if (pathname.includes('\0') || pathname.includes('\\')) return null;
  const root = resolve(rendererDir);
  const target = resolve(root, `.${normalize(`/${pathname === '/' ? 'index.html' : pathname}`)}`);
  const rel = relative(root, target);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel) || rel.split(sep).includes('..')) return null;
  return target;
}
