import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, statSync, truncateSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';

// Each test runs the real binary several times; on a loaded machine one start takes seconds.
vi.setConfig({ testTimeout: 240_000 });
import { startMainProcess } from '../electron/main-process';

const BIN = join(__dirname, '..', 'bin', 'fieldwork.cjs');
const log = { error: () => {} };

/** The real `fieldwork` binary, as the helpdesk runs it. */
function fieldwork(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, json: () => JSON.parse(r.stdout) as Record<string, unknown> };
}

async function folder(providers: number): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'fieldwork-store-cli-'));
  const main = startMainProcess({ dataDir: dir, user: 'Test Inspector', version: 't', log });
  for (let i = 0; i < providers; i++) await main.dispatch({ command: 'provider.create', input: { name: `P${i} ${'x'.repeat(100)}`, type: 'CRC' } });
  main.close();
  return dir;
}

describe('fieldwork store (helpdesk)', () => {
  it('verify, backup, backups and restore a healthy folder, as JSON with exit 0', async () => {
    const dir = await folder(20);
    const v = fieldwork('store', 'verify', '--data-dir', dir);
    expect(v.code, v.stderr).toBe(0);
    expect(v.json()).toMatchObject({ store: { ok: true, rows: expect.any(Number) }, backups: 0 });
    const b = fieldwork('store', 'backup', '--data-dir', dir);
    expect(b.code, b.stderr).toBe(0);
    const name = (b.json().backup as { name: string }).name;
    const list = fieldwork('store', 'backups', '--data-dir', dir);
    expect(list.code).toBe(0);
    expect(list.json().backups).toEqual([expect.objectContaining({ name, verified: true, path: join(dir, 'backups', name), bytes: expect.any(Number), createdAt: expect.any(String) })]);
    const r = fieldwork('store', 'restore', name, '--data-dir', dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json()).toMatchObject({ restored: name, before: { reason: 'before-restore' } });
  });

  it('verify exits 2 for a damaged store, and for a missing or empty one while backups exist, naming the backup to restore', async () => {
    const dir = await folder(200);
    expect(fieldwork('store', 'backup', '--data-dir', dir).code).toBe(0);
    const path = join(dir, 'fieldwork.sqlite');
    const fd = openSync(path, 'r+');
    writeSync(fd, Buffer.alloc(4096, 0xa5), 0, 4096, Math.floor(statSync(path).size / 2 / 4096) * 4096);
    closeSync(fd);
    const damaged = readFileSync(path);
    const v = fieldwork('store', 'verify', '--data-dir', dir);
    expect(v.code).toBe(2);
    expect(v.stderr).toMatch(/not usable: it failed its integrity check.*fieldwork store restore fieldwork-/);
    expect(v.json()).toMatchObject({ store: { ok: false, reason: 'corrupt' }, latestGoodBackup: { name: expect.any(String) } });
    // Restoring keeps the damaged file aside, byte for byte.
    const name = (v.json().latestGoodBackup as { name: string }).name;
    const r = fieldwork('store', 'restore', name, '--data-dir', dir);
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(r.json().keptAside as string).equals(damaged)).toBe(true);
    expect(fieldwork('store', 'verify', '--data-dir', dir).code).toBe(0);
    truncateSync(path, 0);
    const empty = fieldwork('store', 'verify', '--data-dir', dir);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain('empty (0 bytes)');
  });

  it('a damaged backup is listed as not verified and refused for restore; nothing changes', async () => {
    const dir = await folder(200);
    const b = fieldwork('store', 'backup', '--data-dir', dir).json().backup as { name: string; path: string };
    const fd = openSync(b.path, 'r+');
    writeSync(fd, Buffer.alloc(4096, 0xa5), 0, 4096, Math.floor(statSync(b.path).size / 2 / 4096) * 4096);
    closeSync(fd);
    expect(fieldwork('store', 'backups', '--data-dir', dir).json().backups).toEqual([expect.objectContaining({ name: b.name, verified: false })]);
    const before = readFileSync(join(dir, 'fieldwork.sqlite'));
    const r = fieldwork('store', 'restore', b.name, '--data-dir', dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('cannot be restored');
    expect(readFileSync(join(dir, 'fieldwork.sqlite')).equals(before)).toBe(true);
    expect(existsSync(join(dir, 'fieldwork.sqlite.restoring'))).toBe(false);
  });

  it('takes the same lock as the app: refused with exit 2 while the app has the folder', async () => {
    const dir = await folder(1);
    const app = startMainProcess({ dataDir: dir, user: 'Test Inspector', version: 't', log });
    try {
      for (const sub of ['verify', 'backups', 'backup']) {
        const r = fieldwork('store', sub, '--data-dir', dir);
        expect(r.code, sub).toBe(2);
        expect(r.stderr).toMatch(/in use by another Fieldwork \(Fieldwork app \d+/);
      }
    } finally {
      app.close();
    }
    expect(fieldwork('store', 'verify', '--data-dir', dir).code).toBe(0);
  });

  it('usage errors exit 2 with the usage line', () => {
    expect(fieldwork('store', 'frobnicate', '--data-dir', '/tmp').code).toBe(2);
    const r = fieldwork('store', 'verify');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--data-dir DIR');
  });
});
