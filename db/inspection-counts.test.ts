import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { shippedFrameworks } from '../core';
import { realisticInspection } from '../core/testing/build-inspection';
import { openDatabase } from './connection';
import { importInspection } from './exchange';
import { Store } from './store';

// Issue #16: the first screen counted every inspection's cases and complete cases and read its last
// change from the log on every start, so start-up grew with everything an inspectorate keeps. The
// counts are now kept per inspection (migration 14), dropped by the write path in the transaction of
// any change to the inspection and counted again by the next read.

const f = shippedFrameworks().get('crc-2018')!;

function setUp() {
  const path = join(mkdtempSync(join(tmpdir(), 'fieldwork-counts-')), 'f.sqlite');
  const store = new Store(openDatabase(path));
  store.setUserName('Test Inspector');
  const ids = ['Counts CRC', 'Other CRC'].map((name, i) => {
    const built = realisticInspection(f, 12, i + 2);
    return importInspection(
      store,
      {
        formatVersion: 1,
        framework: f.id,
        provider: { name, type: 'CRC' },
        inspection: { fieldworkStart: `2019-0${i + 4}-01`, fieldworkEnd: `2019-0${i + 4}-12` },
        cases: built.cases.map((c) => ({ ref: c.ref, sample: c.sample, attributes: c.attributes, answers: { ...c.answers }, notes: c.notes, status: 'complete' as const })),
        judgements: built.judgements,
      },
      f.revision,
      { onDuplicate: 'keep-both', provider: { mode: 'auto' } },
    );
  });
  return { path, store, a: ids[0]!, b: ids[1]! };
}

/** The counts and last change as the store holds them now, counted from scratch. */
function counted(store: Store, id: string) {
  const q = <T>(sql: string) => store.db.prepare(sql).pluck().get(id) as T;
  return {
    caseCount: q<number>('SELECT count(*) FROM case_file WHERE inspection_id = ?'),
    completeCount: q<number>('SELECT count(*) FROM case_file WHERE inspection_id = ? AND completed_at IS NOT NULL'),
    updatedAt: q<string>('SELECT at FROM change_log WHERE inspection_id = ? ORDER BY clock DESC LIMIT 1'),
  };
}

const keptFor = (store: Store) => new Set(store.db.prepare('SELECT inspection_id FROM inspection_counts').pluck().all() as string[]);

function agrees(store: Store): void {
  for (const i of store.listInspections()) expect({ caseCount: i.caseCount, completeCount: i.completeCount, updatedAt: i.updatedAt }, i.provider.name).toEqual(counted(store, i.id));
}

describe('each inspection’s counts and last change are kept, and dropped by any change to it', () => {
  it('the list keeps them; a change drops only its inspection’s, and the next list counts it again', () => {
    const { store, a, b } = setUp();
    expect(keptFor(store)).toEqual(new Set());
    agrees(store);
    expect(keptFor(store)).toEqual(new Set([a, b]));

    const c = store.listCases(a)[0]!;
    store.setCompleted(c.id, false);
    expect(keptFor(store)).toEqual(new Set([b]));
    agrees(store);
    expect(store.getInspection(a).completeCount).toBe(11);

    store.addCase({ inspectionId: a, ref: 'ZZ-NEW', crn: '', name: '', sample: 'case-supervision', assignedInspector: '', attributes: {} });
    agrees(store);
    expect(store.getInspection(a).caseCount).toBe(13);
    store.deleteCase(store.listCases(a).find((x) => x.ref === 'ZZ-NEW')!.id);
    store.setAnswer(c.id, '2.1.1', 'yes');
    agrees(store);
    expect(store.getInspection(a).caseCount).toBe(12);

    // A write rolled back leaves what was kept as it was; one by another connection drops it.
    expect(() =>
      store.db.transaction(() => {
        store.setCompleted(store.listCases(b)[0]!.id, false);
        throw new Error('abandoned');
      })(),
    ).toThrow('abandoned');
    expect(store.getInspection(b).completeCount).toBe(12);
    agrees(store);
    store.deleteInspection(b);
    expect(store.listInspections().map((i) => i.id)).toEqual([a]);
    expect(keptFor(store)).toEqual(new Set([a]));
  });

  it('follows writes made through another connection to the same file', () => {
    const { path, store, a } = setUp();
    agrees(store);
    const elsewhere = new Store(openDatabase(path));
    elsewhere.setUserName('Command Line');
    elsewhere.setCompleted(elsewhere.listCases(a)[2]!.id, false);
    elsewhere.db.close();
    agrees(store);
    expect(store.getInspection(a).completeCount).toBe(11);
  });
});

describe('a snapshot read keeps nothing', () => {
  it("reading an inspection inside a transaction (a report's snapshot on the job thread) takes no write lock, so a save on another connection goes on", () => {
    const { path, store, a } = setUp();
    // A save drops the kept counts: the next read counts them again.
    const c = store.getCase(store.listCases(a)[0]!.id);
    const flip = (q: string) => (c.answers.find((x) => x.questionId === q)?.value === 'yes' ? 'na' : 'yes');
    store.setAnswer(c.id, '2.1.1', flip('2.1.1'));
    const job = new Store(openDatabase(path));
    job.db.pragma('busy_timeout = 0');
    store.db.pragma('busy_timeout = 0');
    const read = job.db.transaction(() => {
      const insp = job.getInspection(a);
      // Before: the read kept the counts it made, so the snapshot held the write lock and this save was refused (database is locked).
      store.setAnswer(c.id, '2.1.2', flip('2.1.2'));
      return insp;
    });
    expect(read().caseCount).toBe(12);
    expect(store.getInspection(a).caseCount).toBe(12);
    job.db.close();
  });
});
