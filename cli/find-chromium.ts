import { execFileSync } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

/** Where a Chromium came from, in the order they are tried. */
export type ChromiumSource = 'CHROMIUM_PATH' | 'installed' | '@sparticuz/chromium';

export interface FoundChromium {
  path: string;
  source: ChromiumSource;
}

/** What the search may look at; injected so a test can make any step miss. */
export interface ChromiumLookup {
  env: Record<string, string | undefined>;
  platform: NodeJS.Platform;
  isExecutable(path: string): boolean;
  /** The Chromium that `npm install` itself provides (@sparticuz/chromium), or null where it cannot run. */
  bundled(): string | null;
}

/** Thrown when no step finds a browser; the message says what to install. */
export class ChromiumNotFoundError extends Error {
  override name = 'ChromiumNotFoundError';
}

// Command names on PATH, most specific first: Debian/Ubuntu, Fedora, Google's and Microsoft's packages.
const COMMANDS = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable', 'chrome', 'microsoft-edge', 'microsoft-edge-stable'];

/** Places browsers are installed that are not on PATH. */
function installedPaths(platform: NodeJS.Platform, env: Record<string, string | undefined>): string[] {
  if (platform === 'darwin')
    return [
      '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
      '/Applications/Chromium.app/Contents/MacOS/Chromium',
      '/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge',
    ];
  if (platform === 'win32') {
    const roots = [env.PROGRAMFILES, env['PROGRAMFILES(X86)'], env.LOCALAPPDATA].filter((r): r is string => !!r);
    return roots.flatMap((r) => [join(r, 'Google', 'Chrome', 'Application', 'chrome.exe'), join(r, 'Chromium', 'Application', 'chrome.exe'), join(r, 'Microsoft', 'Edge', 'Application', 'msedge.exe')]);
  }
  return ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/opt/google/chrome/chrome', '/usr/bin/microsoft-edge', '/snap/bin/chromium'];
}

function onPath(lookup: ChromiumLookup): string[] {
  const dirs = (lookup.env.PATH ?? lookup.env.Path ?? '').split(lookup.platform === 'win32' ? ';' : delimiter).filter(Boolean);
  const exts = lookup.platform === 'win32' ? ['.exe'] : [''];
  return dirs.flatMap((d) => COMMANDS.flatMap((c) => exts.map((e) => join(d, c + e))));
}

export const NOT_FOUND_MESSAGE = [
  'No Chromium found for the end-to-end tests and PDF output. Tried, in order:',
  '  1. CHROMIUM_PATH (not set)',
  '  2. an installed Chromium, Google Chrome or Microsoft Edge (on PATH and in the usual install folders)',
  '  3. @sparticuz/chromium from npm install (Linux x64 only; it could not be unpacked or started here)',
  'Install one of them, e.g. `sudo apt-get install chromium` (Debian/Ubuntu) or Google Chrome,',
  'or set CHROMIUM_PATH to a Chromium-based browser.',
].join('\n');

/**
 * Finds a Chromium to drive: CHROMIUM_PATH, then an installed Chromium/Chrome/Edge, then the one
 * `npm install` provides (@sparticuz/chromium), and only then a message saying what to install.
 */
export function findChromium(lookup: ChromiumLookup = systemLookup()): FoundChromium {
  const given = lookup.env.CHROMIUM_PATH;
  if (given) {
    // A path the user chose is never silently replaced by another browser.
    if (!lookup.isExecutable(given)) throw new ChromiumNotFoundError(`CHROMIUM_PATH is set to ${given}, which is not an executable file. Point it at a Chromium-based browser, or unset it to let the tests find one.`);
    return { path: given, source: 'CHROMIUM_PATH' };
  }
  const seen = new Set<string>();
  for (const p of [...onPath(lookup), ...installedPaths(lookup.platform, lookup.env)]) {
    if (seen.has(p)) continue;
    seen.add(p);
    if (lookup.isExecutable(p)) return { path: p, source: 'installed' };
  }
  const bundled = lookup.bundled();
  if (bundled) return { path: bundled, source: '@sparticuz/chromium' };
  throw new ChromiumNotFoundError(NOT_FOUND_MESSAGE);
}

function isExecutable(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * @sparticuz/chromium is an ES module whose executablePath() is async (it decompresses the binary
 * into the temp folder on first use); the Playwright config must be synchronous, so a child Node
 * does the unpacking. Later calls find the unpacked binary without starting a child.
 */
export function sparticuzChromium(platform: NodeJS.Platform = process.platform, arch: string = process.arch): string | null {
  if (platform !== 'linux' || arch !== 'x64') return null;
  const unpacked = join(tmpdir(), 'chromium');
  if (isExecutable(unpacked) && runs(unpacked)) return unpacked;
  try {
    const script = "const { default: c } = await import('@sparticuz/chromium'); process.stdout.write(await c.executablePath());";
    const path = execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', cwd: join(__dirname, '..'), stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 }).trim();
    return path && isExecutable(path) && runs(path) ? path : null;
  } catch {
    return null;
  }
}

/** The binary starts (its shared libraries are present), which an executable bit alone does not show. */
function runs(path: string): boolean {
  try {
    execFileSync(path, ['--version'], { stdio: 'ignore', timeout: 30_000 });
    return true;
  } catch {
    return false;
  }
}

export function systemLookup(): ChromiumLookup {
  return { env: process.env, platform: process.platform, isExecutable, bundled: () => sparticuzChromium() };
}

/** For configs and scripts: the path, or exit with the message (no stack trace to read past). */
export function chromiumPathOrExit(): string {
  try {
    const found = findChromium();
    // Said once per run (not by every Playwright worker), so a run on the bundled browser is visible.
    if (found.source !== 'installed' && !process.env.TEST_WORKER_INDEX) process.stderr.write(`Chromium for this run: ${found.path} (from ${found.source})\n`);
    return found.path;
  } catch (e) {
    if (e instanceof ChromiumNotFoundError) {
      process.stderr.write(`\n${e.message}\n\n`);
      process.exit(1);
    }
    throw e;
  }
}

