import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LATEST_VERSION, MIGRATIONS } from './migrations';
import { NewerDatabaseError, NotADatabaseError, migrate, openDatabase, schemaVersion } from './connection';

const opened: Database.Database[] = [];
afterEach(() => {
  while (opened.length) opened.pop()!.close();
});
const tempDir = () => mkdtempSync(join(tmpdir(), 'fieldwork-db-'));
const open = (path: string) => {
  const db = openDatabase(path);
  opened.push(db);
  return db;
};
const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

describe('openDatabase', () => {
  it('creates a new store at the latest schema with WAL, foreign keys and STRICT tables', () => {
    const path = join(tempDir(), 'f.sqlite');
    const db = open(path);
    expect(schemaVersion(db)).toBe(LATEST_VERSION);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    const tables = db.prepare<[], { name: string; strict: number }>("SELECT name, strict FROM pragma_table_list WHERE schema = 'main' AND name NOT LIKE 'sqlite_%'").all();
    expect(tables.length).toBeGreaterThan(5);
    for (const t of tables) expect(t, t.name).toMatchObject({ strict: 1 });
  });

  it('reopening an up-to-date store changes nothing', () => {
    const path = join(tempDir(), 'f.sqlite');
    open(path).close();
    opened.pop();
    expect(schemaVersion(open(path))).toBe(LATEST_VERSION);
  });

  it('refuses a database from a newer Fieldwork and leaves it byte-for-byte untouched', () => {
    const dir = tempDir();
    const path = join(dir, 'f.sqlite');
    const raw = new Database(path);
    raw.exec('CREATE TABLE future (x INTEGER) STRICT; INSERT INTO future VALUES (42);');
    raw.pragma(`user_version = ${LATEST_VERSION + 1}`);
    raw.close();
    const before = sha(path);
    const filesBefore = readdirSync(dir).sort();
    expect(() => openDatabase(path)).toThrow(NewerDatabaseError);
    expect(() => openDatabase(path)).toThrow(/newer version of Fieldwork/);
    expect(sha(path)).toBe(before);
    expect(readdirSync(dir).sort()).toEqual(filesBefore);
  });

  it('refuses a file that is not a database, untouched', () => {
    const path = join(tempDir(), 'junk.sqlite');
    writeFileSync(path, 'this is not sqlite'.repeat(100));
    const before = sha(path);
    expect(() => openDatabase(path)).toThrow(NotADatabaseError);
    expect(sha(path)).toBe(before);
  });

  it('a failing migration leaves the database at its previous version', () => {
    const path = join(tempDir(), 'f.sqlite');
    const db = new Database(path);
    opened.push(db);
    const failing = { version: LATEST_VERSION + 1, name: 'broken', up: (d: Database.Database) => d.exec('CREATE TABLE ok (x) STRICT; SELECT * FROM missing_table;') };
    migrate(db);
    (MIGRATIONS as unknown as (typeof failing)[]).push(failing);
    try {
      expect(() => migrate(db, failing.version)).toThrow();
    } finally {
      (MIGRATIONS as unknown as unknown[]).pop();
    }
    expect(schemaVersion(db)).toBe(LATEST_VERSION);
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'ok'").get()).toEqual({ n: 0 });
  });

  it('creates the data file in a new folder path only when asked', () => {
    const path = join(tempDir(), 'new.sqlite');
    expect(existsSync(path)).toBe(false);
    open(path);
    expect(existsSync(path)).toBe(true);
  });
});
