import Database from 'better-sqlite3';
import { copyFileSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NewerDatabaseError, openDatabase, schemaVersion } from '../connection';
import { SampleDraws } from '../repositories/sample-draws';
import { Store } from '../store';
import { SEED } from '../fixtures/seed';
import { LATEST_VERSION } from './index';

const FIXTURES = join(__dirname, '..', 'fixtures');
const TABLES = ['provider', 'inspection', 'case_file', 'answer', 'judgement', 'rating_override', 'recommendation', 'setting', 'judgement_note', 'standard_text', 'recorded_rating', 'recorded_key_question', 'recommendation_progress', 'audit', 'sample_draw', 'sample_elimination', 'change_log', 'import_event', 'qa_comment', 'second_answer', 'dip_sample', 'report_section', 'report_fact'];
const present = (d: Database.Database, t: string) => d.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(t) !== undefined;

function rows(db: Database.Database): Record<string, unknown[]> {
  const present = new Set(db.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'").all().map((t) => t.name));
  return Object.fromEntries(TABLES.filter((t) => present.has(t)).map((t) => [t, db.prepare(`SELECT * FROM ${t} ORDER BY 1, 2`).all()]));
}

describe('a fixture store for every schema version upgrades with all its data', () => {
  it('there is a fixture for every version', () => {
    expect(readdirSync(FIXTURES).filter((f) => f.endsWith('.sqlite')).sort()).toEqual(Array.from({ length: LATEST_VERSION }, (_, i) => `v${i + 1}.sqlite`).sort());
    expect(Object.keys(SEED).map(Number)).toEqual(Array.from({ length: LATEST_VERSION }, (_, i) => i + 1));
  });

  it.each(Array.from({ length: LATEST_VERSION }, (_, i) => i + 1))('version %i', (v) => {
    const path = join(mkdtempSync(join(tmpdir(), 'fieldwork-fixture-')), 'f.sqlite');
    copyFileSync(join(FIXTURES, `v${v}.sqlite`), path);
    const raw = new Database(path, { readonly: true });
    expect(schemaVersion(raw)).toBe(v);
    const before = rows(raw);
    raw.close();
    const db = openDatabase(path);
    expect(schemaVersion(db)).toBe(LATEST_VERSION);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.pragma('foreign_key_check')).toEqual([]);
    const after = rows(db);
    for (const [t, r] of Object.entries(before)) {
      // Version 6 turned the audit table into the change log (checked below) and added rows to settings.
      if (t === 'audit') continue;
      expect(after[t], t).toEqual(expect.arrayContaining(r.map((x) => expect.objectContaining(x as object))));
      if (t !== 'setting' && t !== 'change_log') expect(after[t], t).toHaveLength(r.length);
    }
    // And the upgraded store works through the app's own queries.
    const store = new Store(db);
    expect(store.getCase('c1').answers[0]).toMatchObject({ questionId: '2.1.1', value: 'no', note: 'Missing analysis' });
    expect(store.listInspections().find((i) => i.id === 'i1')).toMatchObject({ caseCount: 2, completeCount: 1 });
    // The old audit trail is history in the change log, with typed values and who and when kept.
    const history = store.audit('i1').filter((e) => e.field !== '$create');
    expect(history).toEqual([
      ...(v >= 5 ? [expect.objectContaining({ caseRef: 'CS-01', what: 'answer', item: '2.1.1', oldValue: 'yes', newValue: 'no', changedBy: 'A', changedAt: 't' })] : []),
      // Version 10: a standard's narrative and a recommendation's addressee, edited through the log.
      ...(v >= 10
        ? [
            expect.objectContaining({ what: 'report-text', item: '2.1', field: 'narrative', newValue: 'Assessment narrative', changedBy: 'A' }),
            expect.objectContaining({ what: 'recommendation', field: 'addressee', newValue: 'HM Prison and Probation Service', changedBy: 'A' }),
          ]
        : []),
    ]);
    if (v >= 10) {
      expect(store.reportNarrative('i1')).toEqual({ sections: { foreword: 'A foreword' }, facts: { 'average-caseload': 48.5 } });
      expect(store.standardTexts('i1')['2.1']).toMatchObject({ narrative: 'Assessment narrative' });
      expect(store.recommendationItems('i1')[0]).toEqual({ text: 'Improve risk assessment', addressee: 'HM Prison and Probation Service' });
    }
    // Every row has a creation in the log, so replaying the log into an empty store rebuilds it.
    const empty = new Store(openDatabase(':memory:'));
    empty.replay(store.changes());
    const domain = (d: Database.Database) => Object.fromEntries(['provider', 'case_file', 'answer', 'judgement', 'rating_override', 'recommendation', 'judgement_note', 'standard_text', 'recorded_rating', 'recorded_key_question', 'recommendation_progress', 'report_section', 'report_fact', 'qa_comment', 'second_answer', 'dip_sample'].filter((t) => present(d, t)).map((t) => [t, d.prepare(`SELECT * FROM ${t} ORDER BY id`).all()]));
    const comparable = (d: Database.Database) => ({ ...domain(d), inspection: d.prepare('SELECT id, provider_id, framework_id, status, kind FROM inspection ORDER BY id').all() });
    expect(comparable(empty.db)).toEqual(comparable(db));
    expect(store.user()).toEqual({ id: expect.any(String), name: 'A' });
    expect(new SampleDraws(db, store).list('i1').map((d) => [d.seed, d.settings?.confidence, d.eliminations])).toEqual(v >= 6 ? [[42, 0.8, [{ ref: 'CS-03', crn: 'X9', reason: 'transferred out', replacementRef: 'CS-61' }]]] : []);
    db.close();
  });

  it('a store from a newer Fieldwork is refused and left byte-for-byte as it was', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'fieldwork-fixture-')), 'f.sqlite');
    copyFileSync(join(FIXTURES, `v${LATEST_VERSION}.sqlite`), path);
    const w = new Database(path);
    w.pragma(`user_version = ${LATEST_VERSION + 1}`);
    w.close();
    const bytes = readFileSync(path);
    expect(() => openDatabase(path)).toThrow(NewerDatabaseError);
    expect(readFileSync(path).equals(bytes)).toBe(true);
  });
});
