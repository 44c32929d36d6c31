import Database from 'better-sqlite3';
import { accessSync, constants, existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { LATEST_VERSION, MIGRATIONS } from './migrations';
import { schemaDifferences } from './store-file';

export type Db = Database.Database;

export interface OpenOptions {
  /**
   * Path to a better_sqlite3.node built for the running runtime. Electron passes its own
   * Electron-ABI build here, so the Node build in node_modules (used by tests) is never replaced.
   */
  nativeBinding?: string;
}

/** Thrown, before anything is written, for a database that a newer Fieldwork has upgraded. */
export class NewerDatabaseError extends Error {
  readonly code = 'NEWER_DATABASE';
  constructor(
    readonly found: number,
    readonly supported: number,
  ) {
    super(
      `This data file was written by a newer version of Fieldwork (schema ${found}; this version understands up to ${supported}). ` +
        'It has not been changed. Update Fieldwork to open it.',
    );
  }
}

export class NotADatabaseError extends Error {
  readonly code = 'NOT_A_DATABASE';
  constructor(path: string) {
    super(`${path} is not a Fieldwork data file (it is not an SQLite database). It has not been changed.`);
  }
}

/** The store's tables or triggers are not those its version's migrations make: it is refused, untouched. */
export class SchemaMismatchError extends Error {
  readonly code = 'SCHEMA_MISMATCH';
  constructor(
    path: string,
    readonly differences: string[],
  ) {
    super(
      `${path} does not have the structure this version of Fieldwork expects (it has ${differences.slice(0, 3).join(', ')}${differences.length > 3 ? ', …' : ''}). ` +
        'It may have been edited by another program. It has not been opened or changed; restore a backup or ask your helpdesk.',
    );
  }
}

/** The data folder cannot be written (read-only disk, folder or file, or no permission). */
export class ReadOnlyFolderError extends Error {
  readonly code = 'READ_ONLY';
  constructor(readonly folder: string) {
    super(`Fieldwork cannot save in ${folder}: the folder or its data file is read-only, or you do not have permission to write there. Choose a folder you can write to, or ask your helpdesk.`);
  }
}

function readVersion(db: Db, path: string): number {
  try {
    return db.pragma('user_version', { simple: true }) as number;
  } catch (e) {
    if ((e as { code?: string }).code === 'SQLITE_NOTADB') throw new NotADatabaseError(path);
    throw e;
  }
}

/**
 * Opens (creating if need be) the store and brings its schema up to date.
 * An existing file is first inspected read-only, so a refused file is left byte-for-byte as it was.
 */
export function openDatabase(path: string, options: OpenOptions = {}): Db {
  const native = options.nativeBinding ? { nativeBinding: options.nativeBinding } : {};
  if (path !== ':memory:') {
    for (const p of [dirname(path), ...[path, `${path}-wal`].filter((f) => existsSync(f))])
      try {
        accessSync(p, constants.W_OK);
      } catch {
        throw new ReadOnlyFolderError(dirname(path));
      }
  }
  if (path !== ':memory:' && existsSync(path)) {
    let probe: Db;
    try {
      probe = new Database(path, { ...native, readonly: true, fileMustExist: true });
    } catch (e) {
      if ((e as { code?: string }).code === 'SQLITE_NOTADB') throw new NotADatabaseError(path);
      throw e;
    }
    try {
      const found = readVersion(probe, path);
      if (found > LATEST_VERSION) throw new NewerDatabaseError(found, LATEST_VERSION);
      // Verified against the migrations before anything runs: a trigger or table that Fieldwork did not
      // make could rewrite answers or the audit trail behind the app's back.
      const differences = schemaDifferences(probe, found, native);
      if (differences.length > 0) throw new SchemaMismatchError(path, differences);
    } finally {
      probe.close();
    }
  }
  const db = new Database(path, native);
  try {
    db.pragma('journal_mode = WAL');
    // NORMAL in WAL mode keeps the database consistent after a crash; FULL also survives power loss
    // on the last transactions, which matters more here than a fraction of a millisecond per save.
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    migrate(db);
  } catch (e) {
    db.close();
    throw e;
  }
  return db;
}

/** Runs every pending migration in one transaction; on failure nothing changes. */
export function migrate(db: Db, target = LATEST_VERSION): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > LATEST_VERSION) throw new NewerDatabaseError(current, LATEST_VERSION);
  const pending = MIGRATIONS.filter((m) => m.version > current && m.version <= target);
  if (pending.length === 0) return;
  db.transaction(() => {
    for (const m of pending) {
      m.up(db);
      db.pragma(`user_version = ${m.version}`);
    }
  }).immediate();
  if ((db.pragma('foreign_key_check') as unknown[]).length > 0) throw new Error('foreign key check failed after migration');
}

export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}
