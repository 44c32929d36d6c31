import { execFileSync } from 'node:child_process';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ChromiumNotFoundError, NOT_FOUND_MESSAGE, findChromium, sparticuzChromium, type ChromiumLookup } from './find-chromium';

/** A machine described by which files are executable and whether the bundled browser unpacks. */
function machine(executables: string[], opts: Partial<Omit<ChromiumLookup, 'bundled'>> & { bundled?: string | null } = {}): ChromiumLookup & { bundledCalls: number } {
  const files = new Set(executables);
  const m = {
    env: opts.env ?? { PATH: '/usr/local/bin:/usr/bin:/bin' },
    platform: opts.platform ?? 'linux',
    isExecutable: (p: string) => files.has(p),
    bundledCalls: 0,
    bundled: () => {
      m.bundledCalls += 1;
      return opts.bundled ?? null;
    },
  };
  return m;
}

describe('finding a Chromium', () => {
  it('CHROMIUM_PATH comes first', () => {
    const m = machine(['/opt/mine/chrome', '/usr/bin/chromium'], { env: { CHROMIUM_PATH: '/opt/mine/chrome', PATH: '/usr/bin' } });
    expect(findChromium(m)).toEqual({ path: '/opt/mine/chrome', source: 'CHROMIUM_PATH' });
    expect(m.bundledCalls).toBe(0);
  });

  it('a CHROMIUM_PATH that is not there is reported, not silently replaced', () => {
    const m = machine(['/usr/bin/chromium'], { env: { CHROMIUM_PATH: '/nowhere/chrome', PATH: '/usr/bin' } });
    expect(() => findChromium(m)).toThrow(/CHROMIUM_PATH is set to \/nowhere\/chrome, which is not an executable file/);
  });

  it('an empty CHROMIUM_PATH counts as unset', () => {
    expect(findChromium(machine(['/usr/bin/chromium'], { env: { CHROMIUM_PATH: '', PATH: '/usr/bin' } }))).toEqual({ path: '/usr/bin/chromium', source: 'installed' });
  });

  it('then an installed browser on PATH, then in the usual folders', () => {
    expect(findChromium(machine(['/home/me/bin/google-chrome', '/usr/bin/chromium'], { env: { PATH: '/home/me/bin:/usr/bin' } })).path).toBe('/home/me/bin/google-chrome');
    expect(findChromium(machine(['/opt/google/chrome/chrome'], { env: { PATH: '/bin' } })).path).toBe('/opt/google/chrome/chrome');
    expect(findChromium(machine(['/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge'], { platform: 'darwin', env: { PATH: '/usr/bin' } })).path).toBe('/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge');
    const edge = 'C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe';
    const win = machine([], { platform: 'win32', env: { Path: 'C:\\Windows', 'PROGRAMFILES(X86)': 'C:\\Program Files (x86)' } });
    win.isExecutable = (p) => p.replace(/\//g, '\\') === edge;
    expect(findChromium(win).source).toBe('installed');
  });

  it('with /usr/bin/chromium and every installed browser missing, the one npm install provides', () => {
    const m = machine([], { bundled: '/tmp/chromium' });
    expect(findChromium(m)).toEqual({ path: '/tmp/chromium', source: '@sparticuz/chromium' });
    expect(m.bundledCalls).toBe(1);
  });

  it('and only then a message saying what to install', () => {
    const m = machine([], { bundled: null });
    let error: unknown;
    try {
      findChromium(m);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ChromiumNotFoundError);
    expect((error as Error).message).toBe(NOT_FOUND_MESSAGE);
    expect(NOT_FOUND_MESSAGE).toContain('apt-get install chromium');
    expect(NOT_FOUND_MESSAGE).toContain('CHROMIUM_PATH');
  });

  it('the bundled browser is only offered where it can run', () => {
    expect(sparticuzChromium('darwin', 'arm64')).toBeNull();
    expect(sparticuzChromium('linux', 'arm64')).toBeNull();
  });

  it.runIf(process.platform === 'linux' && process.arch === 'x64')('@sparticuz/chromium really unpacks and starts here', () => {
    const path = sparticuzChromium();
    expect(path).not.toBeNull();
    expect(execFileSync(path as string, ['--version'], { encoding: 'utf8' })).toMatch(/^Chromium \d+\./);
  });

  it.runIf(process.platform === 'linux' && process.arch === 'x64')('Playwright drives the bundled Chromium: it renders a page and prints a PDF', async () => {
    const browser = await chromium.launch({ executablePath: sparticuzChromium()!, args: ['--no-sandbox', '--disable-gpu'] });
    try {
      const page = await browser.newPage();
      await page.setContent('<h1>Summary of ratings</h1><p>Good</p>');
      expect(await page.locator('h1').textContent()).toBe('Summary of ratings');
      const pdf = await page.pdf({ format: 'A4' });
      expect(Buffer.from(pdf.subarray(0, 5)).toString()).toBe('%PDF-');
    } finally {
      await browser.close();
    }
  });
});
