import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type InspectionFile, type InspectionInput, rateInspection, shippedFrameworks } from '../core';
import { realisticInspection } from '../core/testing/build-inspection';
import { indexedRatingInput, indexedRatings } from './answer-index';
import { openDatabase } from './connection';
import { exportInspection, importInspection } from './exchange';
import { ratingInput } from './lean-reads';
import { Store } from './store';

const f = shippedFrameworks().get('crc-2018')!;

function realisticFile(id: string, provider: string, cases: number, seed: number): InspectionFile {
  const built = realisticInspection(f, cases, seed);
  return {
    formatVersion: 1,
    id,
    framework: f.id,
    provider: { name: provider, type: 'CRC' },
    inspection: { fieldworkStart: '2019-06-03', fieldworkEnd: '2019-06-14' },
    cases: built.cases.map((c) => ({ ref: c.ref, sample: c.sample, attributes: c.attributes, answers: { ...c.answers }, notes: c.notes })),
    judgements: built.judgements,
  };
}

const A = '0b7d8e0c-2222-4a2b-9c3d-0000000000a1';
const B = '0b7d8e0c-2222-4a2b-9c3d-0000000000b2';

/** Two realistic inspections in a real SQLite file. */
function twoInspections() {
  const path = join(mkdtempSync(join(tmpdir(), 'fieldwork-answer-index-')), 'f.sqlite');
  const store = new Store(openDatabase(path));
  store.setUserName('Test Inspector');
  for (const [id, name, seed] of [[A, 'Index CRC', 3], [B, 'Other CRC', 4]] as const)
    importInspection(store, realisticFile(id, name, 40, seed), f.revision, { onDuplicate: 'keep-both', provider: { mode: 'auto' } });
  return { store, path };
}

const byRef = (i: InspectionInput) => ({ ...i, cases: [...i.cases].sort((a, b) => (a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : 0)) });

/**
 * The kept index gives the engine exactly what a full read of the file gives it, and the same ratings;
 * so do the counts kept beside it (moved case by case since the first call, never counted again).
 */
function agrees(store: Store, id: string): InspectionInput {
  const kept = indexedRatings(store.db, id, f);
  const indexed = indexedRatingInput(store.db, id);
  const rebuilt = ratingInput(store.db, id);
  expect(byRef(indexed)).toEqual(byRef(rebuilt));
  const full = rateInspection(f, rebuilt);
  expect(rateInspection(f, indexed)).toEqual(full);
  expect(kept).toEqual(full);
  return indexed;
}

const caseOf = (input: InspectionInput, ref: string) => input.cases.find((c) => c.ref === ref)!;
const answered = (store: Store, id: string) => {
  const c = store.listCases(id).find((x) => x.sample === 'case-supervision')!;
  const [q, a] = [...store.answersByCase(id).get(c.id)!].find(([, x]) => x.value !== null)!;
  return { c, q, value: a.value! };
};

describe('the answer index the ratings read is kept up to date by the change log', () => {
  it('after saves and undo it reads again only the case that changed', () => {
    const { store } = twoInspections();
    const before = agrees(store, A);
    const { c, q, value } = answered(store, A);
    const other = store.listCases(A).find((x) => x.id !== c.id)!;
    store.setAnswer(c.id, q, value === 'yes' ? 'no' : 'yes');
    const after = agrees(store, A);
    expect(caseOf(after, c.ref).answers[q]).toBe(value === 'yes' ? 'no' : 'yes');
    // Not rebuilt: the case nobody touched is the very record kept before.
    expect(caseOf(after, other.ref)).toBe(caseOf(before, other.ref));
    expect(caseOf(after, c.ref)).not.toBe(caseOf(before, c.ref));
    // Undo, as the case form does it: the previous value, then no answer at all.
    store.setAnswer(c.id, q, value);
    expect(caseOf(agrees(store, A), c.ref).answers[q]).toBe(value);
    store.setAnswer(c.id, q, null);
    expect(caseOf(agrees(store, A), c.ref).answers[q]).toBeUndefined();
    // A note is not rating input: the index stays as it was.
    const kept = agrees(store, A);
    store.setNote(c.id, q, 'Seen at the home visit.');
    expect(caseOf(agrees(store, A), c.ref)).toEqual(caseOf(kept, c.ref));
    // Changes to another inspection leave this one's records alone.
    const b = answered(store, B);
    store.setAnswer(b.c.id, b.q, b.value === 'yes' ? 'no' : 'yes');
    expect(caseOf(agrees(store, A), other.ref)).toBe(caseOf(before, other.ref));
    agrees(store, B);
  });

  it('follows cases added, edited (attributes decide what applies), and deleted', () => {
    const { store } = twoInspections();
    agrees(store, A);
    const added = store.addCase({ inspectionId: A, ref: 'ZZ-NEW', crn: '', name: '', sample: 'case-supervision', assignedInspector: '', attributes: { reviewDue: true } });
    store.setAnswer(added.id, '2.1.1', 'yes');
    expect(caseOf(agrees(store, A), 'ZZ-NEW').answers).toEqual({ '2.1.1': 'yes' });
    const c = store.listCases(A)[3]!;
    store.updateCase(c.id, { attributes: { ...c.attributes, releasedFromCustody: !c.attributes.releasedFromCustody, reviewDue: false } });
    expect(caseOf(agrees(store, A), c.ref).attributes).toEqual(store.listCases(A)[3]!.attributes);
    store.deleteCase(added.id);
    store.deleteCase(c.id);
    const now = agrees(store, A);
    expect(now.cases.map((x) => x.ref)).not.toContain('ZZ-NEW');
    expect(now.cases.map((x) => x.ref)).not.toContain(c.ref);
  });

  it('follows an import that replaces the inspection, a replay (merge) where older changes lose, and deleting the inspection', () => {
    const { store } = twoInspections();
    agrees(store, A);
    // Replace A with a different file of the same id.
    importInspection(store, realisticFile(A, 'Index CRC', 30, 9), f.revision, { onDuplicate: 'replace', provider: { mode: 'auto' } });
    expect(agrees(store, A).cases).toHaveLength(30);

    // A merge replays changes made elsewhere with their own clocks: the newer one wins, the older is
    // logged but loses, so the index must follow the rows, not the log's values.
    const { c, q, value } = answered(store, A);
    const flip = value === 'yes' ? 'no' : 'yes';
    const answerId = (store.db.prepare('SELECT id FROM answer WHERE case_id = ? AND question_id = ?').get(c.id, q) as { id: string }).id;
    const actor = { id: 'legacy:Returning Inspector', name: 'Returning Inspector' };
    const base = { entity: 'answer' as const, id: answerId, field: 'value', previous: value, baseRevision: null, actor, inspectionId: A, caseId: c.id };
    store.replay([{ ...base, value: flip, clock: '2001-01-01T00:00:00.000Z-0000-00000000000000aa', at: '2001-01-01T00:00:00.000Z' }]);
    expect(caseOf(agrees(store, A), c.ref).answers[q]).toBe(value);
    store.replay([{ ...base, value: flip, clock: '2099-01-01T00:00:00.000Z-0000-00000000000000aa', at: '2099-01-01T00:00:00.000Z' }]);
    expect(caseOf(agrees(store, A), c.ref).answers[q]).toBe(flip);

    // A version 2 file of A, re-imported over itself with its history (the merge's own route), changes nothing.
    const exported = exportInspection(store, A);
    importInspection(store, exported, f.revision, { onDuplicate: 'replace', provider: { mode: 'auto' } });
    agrees(store, A);

    store.deleteInspection(A);
    expect(agrees(store, A).cases).toEqual([]);
    agrees(store, B);
  });

  it('ignores a write that was rolled back, and follows writes made through another connection to the same file', () => {
    const { store, path } = twoInspections();
    const before = agrees(store, A);
    const { c, q, value } = answered(store, A);
    expect(() =>
      store.db.transaction(() => {
        store.setAnswer(c.id, q, value === 'yes' ? 'no' : 'yes');
        throw new Error('abandoned');
      })(),
    ).toThrow('abandoned');
    expect(caseOf(agrees(store, A), c.ref)).toBe(caseOf(before, c.ref));

    const elsewhere = new Store(openDatabase(path));
    elsewhere.setUserName('Command Line');
    elsewhere.setAnswer(c.id, q, value === 'yes' ? 'no' : 'yes');
    elsewhere.addCase({ inspectionId: A, ref: 'CLI-1', crn: '', name: '', sample: 'case-supervision', assignedInspector: '', attributes: {} });
    elsewhere.db.close();
    const now = agrees(store, A);
    expect(caseOf(now, c.ref).answers[q]).toBe(value === 'yes' ? 'no' : 'yes');
    expect(now.cases.map((x) => x.ref)).toContain('CLI-1');
  });
  // Bringing the index up to date read the change log through its index on the kind of entity (every
  // answer and case entry in the file: 275,000 at 3,000 realistic cases, about 120 ms a call) instead
  // of the entries after the index's sequence number, so a call after one save cost more than the
  // engine. It must read the log by its sequence number.
  it('reads only the change log entries after its sequence number, not every entry of a kind', () => {
    const { store, path } = twoInspections();
    agrees(store, A);
    const { c, q, value } = answered(store, A);
    store.setAnswer(c.id, q, value === 'yes' ? 'no' : 'yes');
    store.db.close();

    const plans: string[] = [];
    const db = openDatabase(path);
    const statements: string[] = [];
    const traced = new Proxy(db, {
      get(target, prop, receiver) {
        if (prop === 'prepare') return (sql: string) => (statements.push(sql), target.prepare(sql));
        const v: unknown = Reflect.get(target, prop, receiver);
        return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
      },
    });
    indexedRatingInput(traced, A);
    for (const sql of statements.filter((s) => /FROM change_log/i.test(s) && /seq\s*>\s*\?/i.test(s)))
      for (const row of db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(0, A) as { detail: string }[]) plans.push(row.detail);
    expect(plans.length).toBeGreaterThan(0);
    expect(plans.join(' | ')).toMatch(/change_log USING INTEGER PRIMARY KEY \(rowid>\?\)/);
    db.close();
  });

  // Found in review: the index kept a change its caller then rolled back, and the next change reused its number.
  it('a read inside a transaction that is then rolled back does not poison the kept index', () => {
    const { store } = twoInspections();
    agrees(store, A);
    const { c, q, value } = answered(store, A);
    const flip = value === 'yes' ? 'no' : 'yes';
    expect(() =>
      store.db.transaction(() => {
        store.setAnswer(c.id, q, flip);
        indexedRatings(store.db, A, f); // the index reads the uncommitted change (seq N+1)
        throw new Error('abandoned');
      })(),
    ).toThrow('abandoned');
    // The next write takes seq N+1 again, on another case.
    const other = store.listCases(A).find((x) => x.id !== c.id && x.sample === 'case-supervision')!;
    store.setAnswer(other.id, q, 'yes');
    agrees(store, A);
  });
});
