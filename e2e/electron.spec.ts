import { _electron as electron, expect, test } from '@playwright/test';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PAGE_REACH, START_HEADING } from './electron-expectations';

const root = join(__dirname, '..');

/** Electron's runtime is fetched on first start; where it is absent these specs cannot run. */
function electronUnavailable(): string | null {
  const pathFile = join(root, 'node_modules', 'electron', 'path.txt');
  if (!existsSync(pathFile)) return "Electron's runtime has not been downloaded on this machine (node_modules/electron/path.txt is missing; it cannot be fetched here)";
  const bin = join(root, 'node_modules', 'electron', 'dist', readFileSync(pathFile, 'utf8'));
  if (!existsSync(bin)) return `Electron's runtime is missing at ${bin}`;
  if (!existsSync(join(root, 'dist', 'electron', 'main.cjs'))) return 'dist/electron is not built (npm start builds it)';
  if (!existsSync(join(root, '.electron-native', 'better_sqlite3.node'))) return 'the Electron build of better-sqlite3 is missing (npm start builds it; it needs network)';
  return null;
}

const reason = electronUnavailable();
if (reason) console.log(`[e2e/electron.spec.ts] skipping Electron-only specs: ${reason}`);

test.describe('in Electron itself', () => {
  test.skip(reason !== null, reason ?? '');

  const launch = () =>
    electron.launch({ args: [join(root, 'dist', 'electron', 'main.cjs')], env: { ...process.env, FIELDWORK_DATA_DIR: mkdtempSync(join(tmpdir(), 'fieldwork-electron-')) } });

  test('starts on an empty data folder at the inspections screen', async () => {
    const app = await launch();
    const win = await app.firstWindow();
    await expect(win.getByRole('heading', { name: START_HEADING })).toBeVisible();
    await app.close();
  });

  test('window security settings', async () => {
    const app = await launch();
    const win = await app.firstWindow();
    // What the page can reach tells the truth about the settings: no Node, and only the bridge's members.
    const page = await win.evaluate(() => ({
      require: typeof (globalThis as { require?: unknown }).require,
      process: typeof (globalThis as { process?: unknown }).process,
      api: Object.keys((window as unknown as { api: object }).api),
    }));
    expect(page).toEqual({ ...PAGE_REACH, api: [...PAGE_REACH.api] });
    await app.close();
  });

  test('navigation and window.open are denied', async () => {
    const app = await launch();
    const win = await app.firstWindow();
    const before = win.url();
    await win.evaluate(() => {
      window.location.href = 'https://example.com/';
    });
    await win.waitForTimeout(500);
    expect(win.url()).toBe(before);
    expect(await win.evaluate(() => window.open('https://example.com/') === null)).toBe(true);
    expect(app.windows()).toHaveLength(1);
    await app.close();
  });
});
