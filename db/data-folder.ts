import { existsSync, readdirSync, renameSync, statSync } from 'node:fs';
import { type BackupInfo, cleanOrphans, listBackups, stamp, verifyBackup } from './backup';
import type { OpenOptions } from './connection';
import Database from 'better-sqlite3';
import { fileShape } from './store-file';

/** A WAL file starts with a 32-byte header; anything beyond it is frames. */
const WAL_HEADER_BYTES = 32;

/** The store's file name inside the data folder. */
export const DATABASE_FILE = 'fieldwork.sqlite';

export type Damage = 'missing' | 'empty' | 'not-sqlite' | 'truncated' | 'corrupt' | 'emptied' | 'schema';

const WHAT: Record<Damage, string> = {
  missing: 'is missing',
  empty: 'is empty (0 bytes)',
  'not-sqlite': 'is not a database (its header is damaged or it was overwritten)',
  truncated: 'is shorter than it should be (it was cut short)',
  corrupt: 'failed its integrity check',
  emptied: 'holds no data',
  schema: 'does not have the structure Fieldwork expects',
};

/**
 * The data file is not usable, or has lost the data that backups show it had. It is never opened for
 * writing (so never overwritten by an empty store); the latest good backup is offered instead.
 */
export class CorruptDatabaseError extends Error {
  readonly code = 'CORRUPT_DATABASE';
  constructor(
    readonly databasePath: string,
    readonly damage: Damage,
    readonly latestGood: BackupInfo | null,
  ) {
    super(
      `Fieldwork's data file ${WHAT[damage]}, although earlier data exists, so it has not been used. ` +
        (latestGood ? `The latest good backup is from ${latestGood.createdAt}.` : 'No good backup was found: ask your helpdesk (fieldwork store backups).'),
    );
  }
}

/** Newest first, the first backup that passes its full verification. */
export function latestGoodBackup(dataDir: string, options: OpenOptions = {}): BackupInfo | null {
  return listBackups(dataDir).find((b) => verifyBackup(b, options).ok) ?? null;
}

/** Backups, files kept aside by earlier restores, or a WAL: signs that this folder once held data. */
export function earlierData(dataDir: string, databasePath: string): boolean {
  if (listBackups(dataDir).length > 0) return true;
  const base = databasePath.slice(dataDir.length + 1);
  return existsSync(dataDir) && readdirSync(dataDir).some((f) => f.startsWith(`${base}.replaced-`) || f.startsWith(`${base}-wal.orphan-`));
}

/**
 * Looks at the data folder before the store is opened, and refuses to start an empty store where data
 * existed. Cleans up what an interrupted backup or restore left. A WAL without its database is moved
 * aside (never deleted: it may hold the last saves). Returns normally when the store can be opened.
 */
export function checkDataFolder(dataDir: string, databasePath: string, options: OpenOptions & { now?: Date } = {}): void {
  cleanOrphans(dataDir, databasePath);
  const shape = fileShape(databasePath);
  const wal = `${databasePath}-wal`;
  if (shape === 'missing' && existsSync(wal)) renameSync(wal, `${databasePath}-wal.orphan-${stamp(options.now ?? new Date())}`);
  // A file shorter than its header with a WAL beside it is a checkpoint interrupted after page 1:
  // the WAL holds the rest and SQLite recovers it on open (the start-up check still verifies the store).
  const checkpointing = shape === 'truncated' && existsSync(wal) && statSync(wal).size > WAL_HEADER_BYTES;
  if (shape === 'not-sqlite' || (shape === 'truncated' && !checkpointing)) throw new CorruptDatabaseError(databasePath, shape, latestGoodBackup(dataDir, options));
  if ((shape === 'missing' || shape === 'empty') && earlierData(dataDir, databasePath))
    throw new CorruptDatabaseError(databasePath, shape, latestGoodBackup(dataDir, options));
  if (shape === 'sqlite') {
    // A store with no tables at all, where backups hold data, is an emptied store, not a new one.
    if (isBlankStore(databasePath, options) && earlierData(dataDir, databasePath)) {
      const good = latestGoodBackup(dataDir, options);
      if (good) throw new CorruptDatabaseError(databasePath, 'emptied', good);
    }
  }
}

/** Schema version 0 and no tables: what SQLite makes of a file it was asked to create. Reads two header values, not the pages. */
function isBlankStore(path: string, options: OpenOptions): boolean {
  let db: Database.Database | undefined;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true, ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}) });
    const version = db.pragma('user_version', { simple: true }) as number;
    const objects = (db.prepare('SELECT count(*) AS n FROM sqlite_master').get() as { n: number }).n;
    return version === 0 && objects === 0;
  } catch {
    return false;
  } finally {
    db?.close();
  }
}
