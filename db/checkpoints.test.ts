import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startCheckpoints } from './checkpoints';
import { openDatabase } from './connection';
import { Store } from './store';

// Issue #16: in NORMAL mode a save's p99 was a WAL checkpoint made by the save itself (SQLite's
// automatic checkpoint runs in the commit that takes the WAL past 1,000 pages). Saves now never
// checkpoint; a thread with its own connection does.

/** The WAL index (the -shm file) as SQLite keeps it: frames in the WAL, and how many are copied into the database. */
function walIndex(path: string): { frames: number; copied: number } {
  const shm = readFileSync(`${path}-shm`);
  // WalIndexHdr.mxFrame at byte 16; WalCkptInfo.nBackfill at byte 96 (native byte order: little-endian here).
  return { frames: shm.readUInt32LE(16), copied: shm.readUInt32LE(96) };
}

function newStore() {
  const path = join(mkdtempSync(join(tmpdir(), 'fieldwork-checkpoints-')), 'f.sqlite');
  const db = openDatabase(path);
  const store = new Store(db);
  store.setUserName('Test Inspector');
  return { path, db, store };
}

/** Writes `n` providers, each its own transaction, as saves are. */
const write = (store: Store, n: number, from = 0) => {
  for (let i = from; i < from + n; i++) store.createProvider({ name: `Provider ${i}`, type: 'CRC', owner: 'o'.repeat(190), region: 'r'.repeat(190) });
};

async function until(ok: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (ok()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`timed out waiting until ${what}`);
}

describe('WAL checkpoints off the save path', () => {
  it('no save checkpoints: past 1,000 pages the WAL keeps every frame until the checkpoint thread copies it', async () => {
    const { path, db, store } = newStore();
    const checkpoints = startCheckpoints(db, path, { intervalMs: 60_000 });
    write(store, 1500);
    const before = walIndex(path);
    // SQLite's own automatic checkpoint would have run at 1,000 pages, inside a save.
    expect(before.frames).toBeGreaterThan(1000);
    expect(before.copied).toBe(0);
    checkpoints.stop();
    db.close();
  });

  it('the thread copies the WAL in, and the WAL then starts again, cut back to its limit, instead of growing', async () => {
    const { path, db, store } = newStore();
    // A burst (an import, say) written before the thread starts, so the WAL is surely large.
    db.pragma('wal_autocheckpoint = 0');
    write(store, 1500);
    expect(statSync(`${path}-wal`).size).toBeGreaterThan(4 * 1024 * 1024);
    const checkpoints = startCheckpoints(db, path, { intervalMs: 20, walLimitBytes: 1024 * 1024 });
    await until(() => {
      const w = walIndex(path);
      return w.copied === w.frames;
    }, 'the checkpoint thread has copied every frame');
    // The next write starts the WAL from the beginning and cuts the file back to the limit.
    write(store, 1, 1500);
    expect(walIndex(path).frames).toBeLessThan(50);
    expect(statSync(`${path}-wal`).size).toBeLessThanOrEqual(1024 * 1024);
    expect(store.listProviders()).toHaveLength(1501);
    checkpoints.stop();
    db.close();
    // Closed last, the writer checkpointed in full and removed the WAL; everything is in the file.
    expect(existsSync(`${path}-wal`)).toBe(false);
    const again = new Store(openDatabase(path));
    expect(again.listProviders()).toHaveLength(1501);
    again.db.close();
  });

  it('stopping while the thread is still starting leaves it without a connection, and stopping twice is harmless', () => {
    const { path, db, store } = newStore();
    const checkpoints = startCheckpoints(db, path);
    checkpoints.stop();
    checkpoints.stop();
    write(store, 3);
    db.close();
    expect(existsSync(`${path}-wal`)).toBe(false);
  });
});
