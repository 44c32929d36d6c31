import Database from 'better-sqlite3';
import { accessSync, constants, readFileSync, writeFileSync } from 'node:fs';
import { hostname, userInfo } from 'node:os';
import { join } from 'node:path';
import { ReadOnlyFolderError } from './connection';
import type { NativeOptions } from './store-file';

export const LOCK_FILE = 'fieldwork.lock';
const HOLDER_FILE = 'fieldwork.lock.json';

/** Another process (the app, a second copy of it, or `fieldwork store …`) has the data folder. */
export class DataFolderInUseError extends Error {
  readonly code = 'DATA_FOLDER_IN_USE';
  constructor(
    readonly dataDir: string,
    holder: string,
  ) {
    super(
      `Fieldwork's data folder ${dataDir} is in use by another Fieldwork${holder}. ` +
        'Only one Fieldwork (app or command line) may use a data folder at a time: close the other one and try again.',
    );
  }
}

export interface DataFolderLock {
  release(): void;
}

function holderText(dataDir: string): string {
  try {
    const h = JSON.parse(readFileSync(join(dataDir, HOLDER_FILE), 'utf8')) as { pid?: number; user?: string; host?: string; since?: string; what?: string };
    return ` (${h.what ?? 'process'} ${h.pid ?? '?'} of ${h.user ?? 'another user'} on ${h.host ?? 'this computer'}, since ${h.since ?? '?'})`;
  } catch {
    return '';
  }
}

/**
 * An exclusive lock on the data folder, held until release or until the process ends however it ends
 * (SIGKILL included): it is an SQLite EXCLUSIVE lock on a small file, which the operating system drops
 * with the process, so there is never a stale lock to clear. It covers FIELDWORK_DATA_DIR, other users
 * and the command line, which Electron's single-instance lock does not.
 */
export function lockDataFolder(dataDir: string, what: string, options: NativeOptions = {}): DataFolderLock {
  try {
    accessSync(dataDir, constants.W_OK);
  } catch {
    throw new ReadOnlyFolderError(dataDir);
  }
  let db: Database.Database;
  try {
    db = new Database(join(dataDir, LOCK_FILE), options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});
  } catch (e) {
    if (/^SQLITE_(CANTOPEN|READONLY|PERM)/.test(String((e as { code?: string }).code))) throw new ReadOnlyFolderError(dataDir);
    throw e;
  }
  try {
    db.pragma('busy_timeout = 0');
    db.pragma('journal_mode = DELETE');
    db.pragma('locking_mode = EXCLUSIVE');
    db.exec('CREATE TABLE IF NOT EXISTS held (at TEXT) STRICT');
    db.exec('BEGIN EXCLUSIVE');
    // The lock file is not the store: this write only takes SQLite's exclusive lock, it is not inspection data.
    // eslint-disable-next-line fieldwork/sql-writes
    db.prepare('INSERT INTO held VALUES (?)').run(new Date().toISOString());
  } catch (e) {
    db.close();
    if (/^SQLITE_(CANTOPEN|READONLY|PERM)/.test(String((e as { code?: string }).code))) throw new ReadOnlyFolderError(dataDir);
    if ((e as { code?: string }).code?.startsWith('SQLITE_BUSY') || (e as { code?: string }).code?.startsWith('SQLITE_LOCKED'))
      throw new DataFolderInUseError(dataDir, holderText(dataDir));
    throw e;
  }
  try {
    let user = 'this user';
    try {
      user = userInfo().username;
    } catch {
      // no passwd entry: keep the neutral word
    }
    writeFileSync(join(dataDir, HOLDER_FILE), JSON.stringify({ pid: process.pid, user, host: hostname(), since: new Date().toISOString(), what }));
  } catch {
    // Only a courtesy for the message above; the lock itself is held.
  }
  let released = false;
  return {
    release() {
      if (released) return;
      released = true;
      try {
        db.exec('ROLLBACK');
      } finally {
        db.close();
      }
    },
  };
}
