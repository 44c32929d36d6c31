import Database from 'better-sqlite3';
import { closeSync, copyFileSync, existsSync, mkdtempSync, openSync, readFileSync, readdirSync, rmSync, statSync, truncateSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BACKUPS_KEPT, DataFolderInUseError, backupDir, backupNow, listBackups, verifyStoreFile } from '../db';
import { CorruptDatabaseError, restoreLatestGoodBackup, startMainProcess, type MainProcess } from './main-process';

// Items 1–4 of issue 12: restore, damaged or missing stores, backups, one process per data folder.

const log = { error: () => {} };
const fresh = () => mkdtempSync(join(tmpdir(), 'fieldwork-trust-'));
const DB = (dir: string) => join(dir, 'fieldwork.sqlite');

async function seeded(dir: string, providers: number): Promise<MainProcess> {
  const main = startMainProcess({ dataDir: dir, user: 'Test Inspector', version: 't', log });
  for (let i = 0; i < providers; i++) {
    const r = await main.dispatch({ command: 'provider.create', input: { name: `Provider ${i}`, type: 'CRC' } });
    if (!r.ok) throw new Error(JSON.stringify(r.error));
  }
  return main;
}

function startError(dir: string): unknown {
  try {
    startMainProcess({ dataDir: dir, user: 'Test Inspector', version: 't', log }).close();
  } catch (e) {
    return e;
  }
  return undefined;
}

/** Overwrites one 4 KB page in the middle of a file: a damaged page, header intact. */
function damagePage(path: string) {
  const size = statSync(path).size;
  const fd = openSync(path, 'r+');
  writeSync(fd, Buffer.alloc(4096, 0xa5), 0, 4096, Math.max(4096, Math.floor(size / 2 / 4096) * 4096));
  closeSync(fd);
}

describe('item 2: no usable data file, but earlier data exists', () => {
  it.each(['missing', 'empty', 'not-sqlite'] as const)('a %s data file is damage: the latest good backup is offered and nothing empty is started', async (damage) => {
    const dir = fresh();
    const main = await seeded(dir, 30);
    const good = await main.backups.now('manual');
    main.close();
    if (damage === 'missing') {
      for (const f of ['fieldwork.sqlite', 'fieldwork.sqlite-wal', 'fieldwork.sqlite-shm']) rmSync(join(dir, f), { force: true });
    } else if (damage === 'empty') truncateSync(DB(dir), 0);
    else writeFileSync(DB(dir), Buffer.concat([Buffer.from('garbage garbage!'), readFileSync(DB(dir)).subarray(16)]));
    const before = existsSync(DB(dir)) ? readFileSync(DB(dir)) : null;
    // Ten starts in a row never rotate the good backup away: none of them opens a store.
    for (let i = 0; i < BACKUPS_KEPT + 1; i++) {
      const e = startError(dir);
      expect(e, `start ${i}`).toBeInstanceOf(CorruptDatabaseError);
      expect((e as CorruptDatabaseError).damage).toBe(damage);
      expect((e as CorruptDatabaseError).latestGood?.name).toBe(good.name);
    }
    expect(existsSync(DB(dir)) ? readFileSync(DB(dir)) : null).toEqual(before);
    restoreLatestGoodBackup(startError(dir) as CorruptDatabaseError);
    const back = startMainProcess({ dataDir: dir, user: 'Test Inspector', version: 't', log });
    expect(back.store.listProviders()).toHaveLength(30);
    back.close();
  });

  it('a folder with no store and no history starts a new, empty store', () => {
    const dir = fresh();
    const main = startMainProcess({ dataDir: dir, user: 'Test Inspector', version: 't', log });
    expect(main.store.listProviders()).toEqual([]);
    main.close();
  });

  it('a WAL without its database is kept aside, never deleted, and the start is refused', async () => {
    const dir = fresh();
    const main = await seeded(dir, 3);
    await main.backups.now('manual');
    main.db.pragma('wal_autocheckpoint = 0');
    await main.dispatch({ command: 'provider.create', input: { name: 'Only in the WAL', type: 'CRC' } });
    const wal = readFileSync(`${DB(dir)}-wal`);
    expect(wal.length).toBeGreaterThan(0);
    // Simulate losing the data file while the WAL stays (copy the WAL out before close checkpoints it).
    main.close();
    rmSync(DB(dir));
    writeFileSync(`${DB(dir)}-wal`, wal);
    const e = startError(dir);
    expect(e).toBeInstanceOf(CorruptDatabaseError);
    const kept = readdirSync(dir).filter((f) => f.startsWith('fieldwork.sqlite-wal.orphan-'));
    expect(kept).toHaveLength(1);
    expect(readFileSync(join(dir, kept[0]!)).equals(wal)).toBe(true);
  });
});

describe('a checkpoint killed part-way is not damage', () => {
  // A checkpoint writes pages in order, page 1 (with the new page count) first, and extends the file
  // only as later pages arrive; a kill in between leaves a file shorter than its header says, with the
  // WAL beside it holding every page. SQLite recovers this on open; refusing it would lose a sound store.
  it('a data file shorter than its header, with its WAL, opens with every saved row', async () => {
    const dir = fresh();
    (await seeded(dir, 3)).close();
    const main = startMainProcess({ dataDir: dir, user: 'Test Inspector', version: 't', log });
    // Keep every write in the WAL: no background checkpoints (db/checkpoints.ts) and none on commit.
    main.checkpoints.stop();
    main.db.pragma('wal_autocheckpoint = 0');
    for (let i = 0; i < 300; i++) {
      const r = await main.dispatch({ command: 'provider.create', input: { name: `Later provider ${i} ${'x'.repeat(150)}`, type: 'CRC' } });
      expect(r.ok).toBe(true);
    }
    const copy = fresh();
    copyFileSync(DB(dir), DB(copy));
    copyFileSync(`${DB(dir)}-wal`, `${DB(copy)}-wal`);
    main.close();
    // Write the WAL's newest page 1 over the copy's page 1, as the checkpoint's first write would.
    const wal = readFileSync(`${DB(copy)}-wal`);
    const pageSize = wal.readUInt32BE(8);
    let page1: Buffer | undefined;
    for (let at = 32; at + 24 + pageSize <= wal.length; at += 24 + pageSize) {
      if (wal.readUInt32BE(at) === 1) page1 = wal.subarray(at + 24, at + 24 + pageSize);
    }
    expect(page1).toBeDefined();
    const fd = openSync(DB(copy), 'r+');
    writeSync(fd, page1!, 0, pageSize, 0);
    closeSync(fd);
    expect(statSync(DB(copy)).size).toBeLessThan(page1!.readUInt32BE(28) * pageSize);

    const back = startMainProcess({ dataDir: copy, user: 'Test Inspector', version: 't', log });
    expect(back.store.listProviders()).toHaveLength(303);
    expect(back.db.pragma('integrity_check', { simple: true })).toBe('ok');
    back.close();
  });
});

describe('item 1: restore is atomic and verified', () => {
  it('a damaged backup is refused before anything changes', async () => {
    const dir = fresh();
    const main = await seeded(dir, 40);
    const b = await main.backups.now('manual');
    damagePage(b.path);
    await main.dispatch({ command: 'provider.create', input: { name: 'Still here', type: 'CRC' } });
    const r = await main.dispatch({ command: 'backup.restore', input: { name: b.name } });
    expect(r.ok).toBe(false);
    expect(JSON.stringify(r)).toMatch(/cannot be restored|failed its integrity check/);
    expect(JSON.stringify(r)).not.toMatch(/SQLITE|malformed/i);
    expect(main.store.listProviders().map((p) => p.name)).toContain('Still here');
    expect(existsSync(`${DB(dir)}.restoring`)).toBe(false);
    main.close();
  });

  it('never leaves the data folder without a data file: the restored copy is renamed over it', async () => {
    const dir = fresh();
    const main = await seeded(dir, 5);
    const b = await main.backups.now('manual');
    const inodes: number[] = [];
    const watcher = setInterval(() => inodes.push(existsSync(DB(dir)) ? statSync(DB(dir)).ino : -1), 0);
    await main.dispatch({ command: 'provider.create', input: { name: 'After', type: 'CRC' } });
    expect(await main.dispatch({ command: 'backup.restore', input: { name: b.name } })).toMatchObject({ ok: true });
    clearInterval(watcher);
    expect(inodes).not.toContain(-1);
    expect(main.store.listProviders()).toHaveLength(5);
    main.close();
  });
});

describe('item 3: backups', () => {
  it('a partial (cut short) or foreign file under a backup name is never listed, counted or restored', async () => {
    const dir = fresh();
    const main = await seeded(dir, 50);
    const whole = await main.backups.now('manual');
    const partial = join(backupDir(dir), 'fieldwork-29990101T000000000Z-manual.sqlite');
    copyFileSync(whole.path, partial);
    truncateSync(partial, Math.floor(statSync(whole.path).size / 2));
    writeFileSync(join(backupDir(dir), 'fieldwork-29980101T000000000Z-manual.sqlite'), '');
    expect(listBackups(dir).map((b) => b.name)).toEqual([whole.name]);
    main.close();
  });

  it('backups are written under a temporary name; orphans of an interrupted backup are cleaned at start', async () => {
    const dir = fresh();
    const main = await seeded(dir, 5);
    await main.backups.now('manual');
    main.close();
    writeFileSync(join(backupDir(dir), '.partial-fieldwork-20200101T000000000Z-hourly.sqlite'), 'half');
    writeFileSync(join(backupDir(dir), '.partial-fieldwork-20200101T000000000Z-hourly.sqlite-journal'), 'half');
    writeFileSync(join(backupDir(dir), 'fieldwork-20200101T000000000Z-hourly.sqlite-journal'), 'x');
    writeFileSync(`${DB(dir)}.restoring`, 'half a restore');
    const again = startMainProcess({ dataDir: dir, user: 'Test Inspector', version: 't', log });
    again.close();
    expect(readdirSync(backupDir(dir)).filter((f) => !f.endsWith('.sqlite'))).toEqual([]);
    expect(existsSync(`${DB(dir)}.restoring`)).toBe(false);
  });

  it('rotation never deletes the newest backup that holds more data than the current store', async () => {
    const dir = fresh();
    const main = await seeded(dir, 60);
    const full = await main.backups.now('manual');
    // The store is emptied (say, by a mistaken import); then many backups of the emptier store follow.
    main.db.exec('PRAGMA foreign_keys = OFF; DELETE FROM provider;');
    for (let i = 0; i < BACKUPS_KEPT + 5; i++) await backupNow(main.db, dir, 'hourly', new Date(Date.UTC(2999, 0, 1, i)));
    const names = listBackups(dir).map((b) => b.name);
    expect(names).toContain(full.name);
    expect(names).toHaveLength(BACKUPS_KEPT + 1);
    // Once the store holds as much again, the old full backup may rotate away as usual.
    main.close();
  });

  it('each backup is verified: integrity, version and schema', async () => {
    const dir = fresh();
    const main = await seeded(dir, 3);
    const b = await main.backups.now('manual');
    expect(verifyStoreFile(b.path)).toMatchObject({ ok: true });
    main.close();
  });
});

describe('item 4: one data folder, one process', () => {
  it('a second start on the same folder is refused with a clear message, and works once the first has closed', () => {
    const dir = fresh();
    const first = startMainProcess({ dataDir: dir, user: 'Test Inspector', version: 't', log });
    const e = startError(dir);
    expect(e).toBeInstanceOf(DataFolderInUseError);
    expect((e as Error).message).toMatch(/in use by another Fieldwork/);
    expect((e as Error).message).toContain(dir);
    first.close();
    const second = startMainProcess({ dataDir: dir, user: 'Test Inspector', version: 't', log });
    second.close();
  });

  it('another process holding the folder (raw SQLite lock) keeps the app out', () => {
    const dir = fresh();
    startMainProcess({ dataDir: dir, user: 'Test Inspector', version: 't', log }).close();
    const other = new Database(join(dir, 'fieldwork.lock'));
    other.pragma('locking_mode = EXCLUSIVE');
    other.exec('BEGIN EXCLUSIVE');
    expect(startError(dir)).toBeInstanceOf(DataFolderInUseError);
    other.close();
  });
});

describe('item 5: the full integrity check runs off the main thread', () => {
  it('a healthy store opens at once and its check, on a worker thread, finds nothing (and ran)', async () => {
    const dir = fresh();
    const errors: unknown[] = [];
    const main = startMainProcess({ dataDir: dir, user: 'Test Inspector', version: 't', log: { error: (...a: unknown[]) => errors.push(a) } });
    expect(await main.integrity).toBeNull();
    expect(errors).toEqual([]); // "integrity check could not run" would be logged here
    main.close();
  });
});
