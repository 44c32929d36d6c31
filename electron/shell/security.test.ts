import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { APP_ENTRY, CONTENT_SECURITY_POLICY, isAppUrl, resolveAppPath } from './security';

const root = resolve('/opt/fieldwork/renderer');

describe('app:// path guard', () => {
  it.each([
    ['app://fieldwork/index.html', join(root, 'index.html')],
    ['app://fieldwork/', join(root, 'index.html')],
    ['app://fieldwork/assets/index-abc.js', join(root, 'assets', 'index-abc.js')],
    ['app://fieldwork/assets/../index.html', join(root, 'index.html')],
  ])('%s is served from %s', (url, file) => expect(resolveAppPath(root, url)).toBe(file));

  // URL parsing and normalising clamp these to the renderer folder: they can only name files inside it.
  it.each([
    ['app://fieldwork/../../etc/passwd', join(root, 'etc', 'passwd')],
    ['app://fieldwork/%2e%2e/%2e%2e/etc/passwd', join(root, 'etc', 'passwd')],
    ['app://fieldwork/..%2f..%2fetc%2fpasswd', join(root, 'etc', 'passwd')],
  ])('%s stays inside the folder', (url, file) => expect(resolveAppPath(root, url)).toBe(file));

  it.each([
    'app://fieldwork/assets/%00.js',
    'app://fieldwork/..%5c..%5cetc%5cpasswd',
    'app://fieldwork/%E0%A4%A',
    'app://evil/index.html',
    'file:///etc/passwd',
    'https://fieldwork/index.html',
    'not a url',
  ])('%s is refused', (url) => expect(resolveAppPath(root, url)).toBeNull());
});

describe('security settings', () => {
  it('only app pages count as the app', () => {
    expect(isAppUrl(APP_ENTRY)).toBe(true);
    expect(isAppUrl('app://fieldwork/index.html#/cases/1')).toBe(true);
    for (const u of ['https://example.com', 'app://other/index.html', 'file:///index.html', '', null, 'javascript:alert(1)']) expect(isAppUrl(u)).toBe(false);
  });

  it('the CSP allows no inline script, no eval and no network', () => {
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/script-src[^;]*unsafe/);
    expect(CONTENT_SECURITY_POLICY).toContain("connect-src 'none'");
    expect(CONTENT_SECURITY_POLICY).toContain("default-src 'none'");
  });
});
