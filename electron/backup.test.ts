import { openSync, readFileSync, writeSync, closeSync, statSync, existsSync, readdirSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BACKUPS_KEPT, backupNow, listBackups } from '../db';
import { CorruptDatabaseError, restoreLatestGoodBackup, startMainProcess } from './main-process';

const log = { error: () => {} };
const fresh = () => mkdtempSync(join(tmpdir(), 'fieldwork-backup-'));

async function seed(dataDir: string, provider: string) {
  const main = startMainProcess({ dataDir, user: 'Test Inspector', version: 't', log });
  const r = await main.dispatch({ command: 'inspection.create', input: { newProvider: { name: provider, type: 'CRC' }, frameworkId: 'crc-2018', fieldworkStart: '2019-01-01', fieldworkEnd: '2019-01-02' } });
  if (!r.ok) throw new Error('seed');
  return main;
}

describe('backups', () => {
  it('are consistent copies, keep the newest ten, and restore after backing up the current state', async () => {
    const dir = fresh();
    const main = await seed(dir, 'Before CRC');
    const first = await main.backups.now();
    await main.dispatch({ command: 'provider.create', input: { name: 'After CRC', type: 'CRC' } });
    for (let i = 0; i < 12; i++) await backupNow(main.db, dir, 'hourly', new Date(Date.UTC(2020, 0, 1, i)));
    const list = listBackups(dir);
    expect(list).toHaveLength(BACKUPS_KEPT);
    expect(list[0]!.name).toBe(first.name); // the newest stays…
    expect(list.at(-1)!.createdAt).toBe('2020-01-01T03:00:00.000Z'); // …the three oldest were pruned…
    const again = await main.backups.now('manual'); // …make one to restore from, then change data.
    await main.dispatch({ command: 'provider.create', input: { name: 'Later CRC', type: 'CRC' } });
    const r = await main.dispatch({ command: 'backup.restore', input: { name: again.name } });
    expect(r).toMatchObject({ ok: true });
    expect(main.store.listProviders().map((p) => p.name)).toEqual(['After CRC', 'Before CRC']);
    expect(listBackups(dir)[0]!.reason).toBe('before-restore');
    // The pre-restore backup holds the state that was replaced.
    expect(await main.dispatch({ command: 'backup.restore', input: { name: listBackups(dir)[0]!.name } })).toMatchObject({ ok: true });
    expect(main.store.listProviders().map((p) => p.name)).toContain('Later CRC');
    main.close();
  });

  it('a data file that fails its integrity check is found off the main thread, blocked for writes, and the latest good backup is offered and restored', async () => {
    const dir = fresh();
    const main = await seed(dir, 'Good CRC');
    for (let i = 0; i < 200; i++) await main.dispatch({ command: 'provider.create', input: { name: `Provider ${i} ${'x'.repeat(150)}`, type: 'CRC' } });
    const good = await main.backups.now();
    main.db.pragma('wal_checkpoint(TRUNCATE)');
    main.close();
    // Damage the middle of the file: B-tree pages, not the header.
    const path = join(dir, 'fieldwork.sqlite');
    const size = statSync(path).size;
    const fd = openSync(path, 'r+');
    writeSync(fd, Buffer.alloc(4096, 0xa5), 0, 4096, Math.floor(size / 2 / 4096) * 4096);
    closeSync(fd);
    const damaged = readFileSync(path);
    // The store opens at once (no full read before the window); the check on a worker thread finds the damage…
    const opened = startMainProcess({ dataDir: dir, user: 'Test Inspector', version: 't', log });
    const error = await opened.integrity;
    expect(error).toBeInstanceOf(CorruptDatabaseError);
    expect((error as CorruptDatabaseError).latestGood?.name).toBe(good.name);
    // …and from then on writes are refused in words, while reads go on.
    const write = await opened.dispatch({ command: 'provider.create', input: { name: 'Lost CRC', type: 'CRC' } });
    expect(write).toMatchObject({ ok: false, error: { code: 'STORE_DAMAGED', message: expect.stringContaining('damaged') } });
    opened.close();
    expect(readFileSync(path).equals(damaged)).toBe(true);
    restoreLatestGoodBackup(error as CorruptDatabaseError);
    const reopened = startMainProcess({ dataDir: dir, user: 'Test Inspector', version: 't', log });
    expect(reopened.store.listProviders()).toHaveLength(201);
    reopened.close();
    // The damaged file was kept aside, unchanged.
    const kept = readdirSync(dir).find((f) => f.startsWith('fieldwork.sqlite.replaced-'))!;
    expect(readFileSync(join(dir, kept)).equals(damaged)).toBe(true);
    expect(existsSync(join(dir, 'fieldwork.sqlite'))).toBe(true);
  });
});
