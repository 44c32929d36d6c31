import Database from 'better-sqlite3';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from './connection';
import { Store } from './store';

// Issue #16: opening a case grew with the inspection (3.2× from 300 to 3,000 cases), because it read
// the inspection's summary, which counts every case, to learn the framework. It now reads the case,
// its answers and its framework by key, and nothing that ranges over the inspection's cases.
describe('opening a case', () => {
  it('reads the case by its key, never a statement over all the inspection’s cases', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'fieldwork-case-read-')), 'f.sqlite');
    const setup = new Store(openDatabase(path));
    setup.setUserName('Test Inspector');
    const insp = setup.createInspection({ newProvider: { name: 'Read CRC', type: 'CRC', owner: 'Owner', region: 'London' }, frameworkId: 'crc-2018', frameworkRevision: '2019-07', fieldworkStart: '2019-04-01', fieldworkEnd: '2019-04-12', caseloadSize: 100 });
    const ids = ['CS-01', 'CS-02', 'CS-03'].map((ref) => setup.addCase({ inspectionId: insp.id, ref, crn: 'X1', name: 'Sam', sample: 'case-supervision', assignedInspector: '', attributes: { reviewDue: true } }).id);
    setup.setAnswer(ids[1]!, '2.1.1', 'yes');
    const expected = setup.getCase(ids[1]!);
    setup.db.close();

    const statements: string[] = [];
    const db = new Database(path, { verbose: (sql) => statements.push(String(sql)) });
    db.pragma('foreign_keys = ON');
    const store = new Store(db);
    statements.length = 0;
    const c = store.getCase(ids[1]!);
    expect(c).toEqual(expected);
    expect(c.answers.map((a) => [a.questionId, a.value])).toEqual([['2.1.1', 'yes']]);
    expect(statements.length).toBeGreaterThan(0);
    // Every statement is keyed by the case: none filters by the inspection or counts its cases.
    for (const sql of statements) {
      expect(sql).not.toMatch(/count\(/i);
      expect(sql).not.toMatch(/inspection_id\s*=\s*\?/i);
    }
    db.close();
  });
});
