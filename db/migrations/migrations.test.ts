import Database from 'better-sqlite3';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrate, openDatabase, schemaVersion } from '../connection';
import { LATEST_VERSION } from './index';

/** A store as version 1 left it, with data in every table, then upgraded. */
describe('migrations', () => {
  it('upgrades a version-1 store with all its data intact', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'fieldwork-mig-')), 'v1.sqlite');
    const v1 = new Database(path);
    v1.pragma('foreign_keys = ON');
    migrate(v1, 1);
    expect(schemaVersion(v1)).toBe(1);
    v1.exec(`
      INSERT INTO provider VALUES ('p1', 'London CRC', 'CRC', 'MTCnovo', 'London', '2019-01-01T00:00:00Z');
      INSERT INTO inspection VALUES ('i1', 'p1', 'crc-2018', '2019-07', '2019-04-01', '2019-04-12', 28000, 'draft', 't', 't');
      INSERT INTO case_file VALUES ('c1', 'i1', 'CS-01', 'X1', 'Sam', 'case-supervision', '{"reviewDue":true}', 'A', NULL, 't');
      INSERT INTO answer VALUES ('c1', '2.1.1', 'no', 'Missing analysis', 't', 'A');
      INSERT INTO judgement VALUES ('i1', '1.1', 'Good', 'Vision', 't');
      INSERT INTO rating_override VALUES ('i1', '2.1', 'Good', 'Panel', 't');
      INSERT INTO recommendation VALUES ('r1', 'i1', 1, 'Improve risk assessment');
      INSERT INTO setting VALUES ('settings', '{"inspectorName":"A"}');
    `);
    const before = Object.fromEntries(
      ['provider', 'inspection', 'case_file', 'answer', 'judgement', 'rating_override', 'recommendation', 'setting'].map((t) => [t, v1.prepare(`SELECT * FROM ${t}`).all()]),
    );
    v1.close();

    const db = openDatabase(path);
    expect(schemaVersion(db)).toBe(LATEST_VERSION);
    // Every row keeps every value it had; later migrations only add columns with defaults.
    for (const [t, rows] of Object.entries(before)) expect(db.prepare(`SELECT * FROM ${t}`).all(), t).toEqual(rows.map((r) => expect.objectContaining(r as object)));
    expect(db.prepare("SELECT kind, recorded_overall FROM inspection WHERE id = 'i1'").get()).toEqual({ kind: 'scored', recorded_overall: null });
    db.prepare("INSERT INTO judgement_note VALUES ('i1', '1.1.1', 'Strategy current', 't')").run();
    db.prepare("INSERT INTO standard_text VALUES ('i1', '2.1', 'Strong', 'Weak', 't')").run();
    db.prepare("INSERT INTO recorded_rating VALUES ('i1', '2.1', 'Good')").run();
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
  });
});
