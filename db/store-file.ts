import Database from 'better-sqlite3';
import { closeSync, existsSync, fsyncSync, openSync, readSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { LATEST_VERSION, MIGRATIONS } from './migrations';

export interface NativeOptions {
  /** Path to a better_sqlite3.node built for the running runtime (Electron passes its own). */
  nativeBinding?: string;
}

const native = (o: NativeOptions) => (o.nativeBinding ? { nativeBinding: o.nativeBinding } : {});

/** What the first 100 bytes of a file say, without opening it as a database. */
export type FileShape = 'missing' | 'empty' | 'not-sqlite' | 'truncated' | 'sqlite';

const MAGIC = Buffer.from('SQLite format 3\0', 'latin1');

/**
 * A cheap look at a file's header: enough to tell a missing, empty, foreign, cut-short or whole SQLite
 * file apart without reading its pages. "truncated" means the header's own page count says the file
 * should be longer than it is (a partial copy).
 */
export function fileShape(path: string): FileShape {
  if (!existsSync(path)) return 'missing';
  const size = statSync(path).size;
  if (size === 0) return 'empty';
  if (size < 100) return 'not-sqlite';
  const header = Buffer.alloc(100);
  const fd = openSync(path, 'r');
  try {
    readSync(fd, header, 0, 100, 0);
  } finally {
    closeSync(fd);
  }
  if (!header.subarray(0, 16).equals(MAGIC)) return 'not-sqlite';
  const rawPageSize = header.readUInt16BE(16);
  const pageSize = rawPageSize === 1 ? 65536 : rawPageSize;
  if (pageSize < 512 || (pageSize & (pageSize - 1)) !== 0) return 'not-sqlite';
  // The in-header page count is valid only when the change counter matches "version-valid-for".
  const pages = header.readUInt32BE(28);
  if (pages > 0 && header.readUInt32BE(24) === header.readUInt32BE(92) && size < pages * pageSize) return 'truncated';
  return 'sqlite';
}

interface SchemaObject {
  type: string;
  name: string;
  sql: string;
}

const squash = (sql: string | null) => (sql ?? '').replace(/\s+/g, ' ').trim();

function schemaOf(db: Database.Database): SchemaObject[] {
  return db
    .prepare<[], { type: string; name: string; sql: string | null }>("SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name")
    .all()
    .map((o) => ({ type: o.type, name: o.name, sql: squash(o.sql) }));
}

const expectedCache = new Map<number, SchemaObject[]>();

/** The schema Fieldwork's own migrations produce at a version: what a store of that version must hold, exactly. */
export function expectedSchema(version: number, options: NativeOptions = {}): SchemaObject[] {
  const cached = expectedCache.get(version);
  if (cached) return cached;
  const db = new Database(':memory:', native(options));
  try {
    for (const m of MIGRATIONS) if (m.version <= version) m.up(db);
    const schema = schemaOf(db);
    expectedCache.set(version, schema);
    return schema;
  } finally {
    db.close();
  }
}

/**
 * Differences between a store's schema and the one its version promises, in words: an extra trigger
 * or table (which could rewrite data behind the app's back), a missing one, or a changed one.
 */
export function schemaDifferences(db: Database.Database, version: number, options: NativeOptions = {}): string[] {
  const expected = new Map(expectedSchema(version, options).map((o) => [`${o.type} ${o.name}`, o.sql]));
  const found = new Map(schemaOf(db).map((o) => [`${o.type} ${o.name}`, o.sql]));
  const out: string[] = [];
  for (const [key, sql] of found) {
    if (!expected.has(key)) out.push(`an unexpected ${key}`);
    else if (expected.get(key) !== sql) out.push(`a changed ${key}`);
  }
  for (const key of expected.keys()) if (!found.has(key)) out.push(`a missing ${key}`);
  return out;
}

export type Verdict =
  | { ok: true; version: number; rows: number }
  | { ok: false; reason: 'missing' | 'empty' | 'not-sqlite' | 'truncated' | 'corrupt' | 'newer' | 'schema'; detail: string };

/** Rows in every table: how much a store holds, to tell a full store from an empty one. */
export function rowCount(db: Database.Database): number {
  const tables = db.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all();
  let n = 0;
  for (const t of tables) n += (db.prepare(`SELECT count(*) AS n FROM "${t.name.replace(/"/g, '""')}"`).get() as { n: number }).n;
  return n;
}

/**
 * Whether a file is a whole, sound Fieldwork store: SQLite, passes integrity_check (or quick_check
 * when `quick`), a schema version this Fieldwork understands, and exactly the schema of that version.
 * Read-only: the file is never changed.
 */
export function verifyStoreFile(path: string, options: NativeOptions & { quick?: boolean } = {}): Verdict {
  const shape = fileShape(path);
  if (shape !== 'sqlite') {
    const detail = { missing: 'there is no file', empty: 'the file is empty (0 bytes)', 'not-sqlite': 'it is not an SQLite database', truncated: 'the file is shorter than its header says (a partial copy)' }[shape];
    return { ok: false, reason: shape, detail };
  }
  let db: Database.Database | undefined;
  try {
    db = new Database(path, { ...native(options), readonly: true, fileMustExist: true });
    const check = db.pragma(options.quick ? 'quick_check' : 'integrity_check', { simple: true });
    if (check !== 'ok') return { ok: false, reason: 'corrupt', detail: 'it failed its integrity check' };
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > LATEST_VERSION) return { ok: false, reason: 'newer', detail: `it was written by a newer Fieldwork (schema ${version})` };
    const diffs = schemaDifferences(db, version, options);
    if (diffs.length > 0) return { ok: false, reason: 'schema', detail: `it is not a Fieldwork store of schema ${version}: it has ${diffs.slice(0, 3).join(', ')}` };
    return { ok: true, version, rows: rowCount(db) };
  } catch (e) {
    const code = (e as { code?: string }).code;
    return { ok: false, reason: code === 'SQLITE_NOTADB' ? 'not-sqlite' : 'corrupt', detail: code === 'SQLITE_NOTADB' ? 'it is not an SQLite database' : 'it could not be read as a database' };
  } finally {
    db?.close();
  }
}

/** Flushes a file and the folder entry that names it, so a rename survives power loss. */
export function fsyncFile(path: string): void {
  const fd = openSync(path, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

export function fsyncDir(path: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dirname(path + '/x'), 'r');
    fsyncSync(fd);
  } catch {
    // Folders cannot be opened for fsync on Windows; its renames are durable by themselves.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** The schema version in a store's header, read-only; null when the file cannot be read as a database. */
export function schemaVersionOf(path: string, options: NativeOptions = {}): number | null {
  if (fileShape(path) !== 'sqlite') return null;
  let db: Database.Database | undefined;
  try {
    db = new Database(path, { ...native(options), readonly: true, fileMustExist: true });
    return db.pragma('user_version', { simple: true }) as number;
  } catch {
    return null;
  } finally {
    db?.close();
  }
}
