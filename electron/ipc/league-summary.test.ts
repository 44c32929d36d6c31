import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type InspectionFile, caseStandards, comparableFromFile, leagueTable, shippedFrameworks } from '../../core';
import { exportInspection } from '../../db';
import { m015RatingOverall } from '../../db/migrations/015-rating-overall';
import { startMainProcess, type MainProcess } from '../main-process';
import { typedClient } from './typed-client';

// Issue #16: the league table re-rated every inspection from its whole export on the first view after
// each start. Each inspection's rating summary is now kept in the store, dropped in the transaction of
// any change to the inspection and rebuilt on the next read.

let main: MainProcess;
let dir: string;
const start = (version = 'test') => startMainProcess({ dataDir: dir, user: 'Test Inspector', version, log: { error: () => {} } });
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'fieldwork-league-'));
  main = start();
});
afterEach(() => main.close());

const { ok } = typedClient(() => main.dispatch);
const f = shippedFrameworks().get('crc-2018')!;
const kqs = caseStandards(f, 'case-supervision').flatMap((s) => s.keyQuestions.map((k) => k.id));

function inspectionFile(id: string, provider: string, startDate: string, yes: number, n = 12): InspectionFile {
  return {
    format: 'fieldwork-inspection',
    formatVersion: 1,
    id,
    framework: 'crc-2018',
    frameworkRevision: '2019-07',
    provider: { name: provider, type: 'CRC' },
    inspection: { fieldworkStart: startDate, fieldworkEnd: startDate, caseloadSize: 4000, status: 'draft' },
    cases: Array.from({ length: n }, (_, i) => ({
      ref: `CS-${i}`,
      sample: 'case-supervision',
      status: 'in-progress' as const,
      attributes: { reviewDue: true },
      answers: Object.fromEntries(kqs.map((q) => [q, i < yes ? 'yes' : 'no'])) as Record<string, 'yes' | 'no'>,
      notes: {},
    })),
    judgements: {},
    overrides: {},
    recommendations: [{ text: 'Improve risk assessment.' }],
  };
}

/** The kept summaries; each has its overall result kept beside it under the same key (what the league reads). */
const kept = () => {
  const summaries = main.db.prepare<[], { inspection_id: string; key: string }>('SELECT inspection_id, key FROM rating_summary ORDER BY inspection_id').all();
  const overalls = main.db.prepare<[], { inspection_id: string; key: string }>('SELECT inspection_id, key FROM rating_overall ORDER BY inspection_id').all();
  expect(overalls).toEqual(summaries);
  return summaries;
};
const keptScore = (id: string) => {
  const s = main.db.prepare<[string], { s: number | null }>("SELECT json_extract(summary, '$.overall.score') AS s FROM rating_summary WHERE inspection_id = ?").get(id)?.s;
  expect(main.db.prepare<[string], { s: number | null }>('SELECT score AS s FROM rating_overall WHERE inspection_id = ?').get(id)?.s).toBe(s);
  return s;
};
/** Marks what is kept for `id` so that a re-rating would show: the summary (history, comparisons) and the overall result (the league). */
const markKept = (id: string, score: number) => {
  main.db.prepare("UPDATE rating_summary SET summary = json_set(summary, '$.overall.score', ?) WHERE inspection_id = ?").run(score, id);
  main.db.prepare('UPDATE rating_overall SET score = ? WHERE inspection_id = ?').run(score, id);
};

async function twoInspections() {
  const a = await ok('exchange.import', { text: JSON.stringify(inspectionFile('0b7d8e0c-1111-4a2b-9c3d-0000000001a1', 'London CRC', '2019-04-01', 3)), acceptUnchecked: true, onDuplicate: 'keep-both', provider: { mode: 'auto' } });
  const b = await ok('exchange.import', { text: JSON.stringify(inspectionFile('0b7d8e0c-1111-4a2b-9c3d-0000000001b2', 'Essex CRC', '2019-05-01', 10)), acceptUnchecked: true, onDuplicate: 'keep-both', provider: { mode: 'auto' } });
  return { a: a.inspectionId, b: b.inspectionId };
}

describe('the league table keeps a rating summary per inspection in the store', () => {
  it('a fresh start reads the kept summaries instead of re-rating every inspection', async () => {
    const { a, b } = await twoInspections();
    expect(kept()).toEqual([]);
    const first = await ok('league.table', { includeDrafts: true });
    expect(kept().map((k) => k.inspection_id).sort()).toEqual([a, b].sort());
    const scoreA = (await ok('inspection.ratings', { inspectionId: a })).overall.score;
    expect(first.find((r) => r.inspectionId === a)!.score).toBe(scoreA);

    // Mark the kept summary so that a re-rating would show: the next process must use what is kept.
    main.close();
    main = start();
    markKept(a, 1);
    const cold = await ok('league.table', { includeDrafts: true });
    expect(cold.find((r) => r.inspectionId === a)!.score).toBe(1);
    expect(cold.find((r) => r.inspectionId === b)).toEqual(first.find((r) => r.inspectionId === b));

    // A new version of the app (a new engine) rebuilds them.
    main.close();
    main = start('test-2');
    expect((await ok('league.table', { includeDrafts: true })).find((r) => r.inspectionId === a)!.score).toBe(scoreA);
    expect(kept().every((k) => k.key.startsWith('test-2|'))).toBe(true);
  });

  it('any change to an inspection drops its summary in the same transaction; the next view rates it again', async () => {
    const { a, b } = await twoInspections();
    await ok('league.table', { includeDrafts: true });
    const caseId = main.store.listCases(a)[0]!.id;
    await ok('case.answer', { caseId, questionId: kqs[0]!, value: 'no' });
    // Gone as soon as the save returns (same transaction), the other inspection's kept.
    expect(kept().map((k) => k.inspection_id)).toEqual([b]);
    for (const q of kqs) for (const c of main.store.listCases(a)) await ok('case.answer', { caseId: c.id, questionId: q, value: 'yes' });
    const league = await ok('league.table', { includeDrafts: true });
    const now = (await ok('inspection.ratings', { inspectionId: a })).overall;
    expect(league.find((r) => r.inspectionId === a)).toMatchObject({ score: now.score, rating: now.rating });
    expect(keptScore(a)).toBe(now.score);

    // Judgements, overrides and recommendations are changes to the inspection too.
    await ok('inspection.setStatus', { id: a, status: 'final' });
    expect(kept().map((k) => k.inspection_id)).toEqual([b]);
  });

  it('a provider renamed later shows its new name without rebuilding the summary', async () => {
    const { a } = await twoInspections();
    await ok('league.table', { includeDrafts: true });
    markKept(a, 2);
    const providerId = main.store.getInspection(a).provider.id;
    main.store.apply([{ entity: 'provider', id: providerId, field: 'name', value: 'Greater London CRC' }]);
    const row = (await ok('league.table', { includeDrafts: true })).find((r) => r.inspectionId === a)!;
    expect(row).toMatchObject({ provider: 'Greater London CRC', score: 2 });
  });

  it('comparisons and history from kept summaries equal those rated afresh', async () => {
    const { a, b } = await twoInspections();
    const fresh = await ok('inspection.compare', { oldId: a, newId: b });
    expect(kept()).toHaveLength(2);
    main.close();
    main = start();
    expect(await ok('inspection.compare', { oldId: a, newId: b })).toEqual(fresh);
  });

  it('changes replayed from elsewhere drop the summary too', async () => {
    const { a } = await twoInspections();
    await ok('league.table', { includeDrafts: true });
    const caseId = main.store.listCases(a)[0]!.id;
    const answerId = main.db.prepare<[string], { id: string }>('SELECT id FROM answer WHERE case_id = ? LIMIT 1').get(caseId)!.id;
    main.store.replay([
      {
        entity: 'answer',
        id: answerId,
        field: 'value',
        value: 'no',
        previous: 'yes',
        baseRevision: null,
        clock: '2099-01-01T00:00:00.000Z-0000-00000000000000b1',
        actor: { id: 'someone', name: 'Someone Else' },
        at: '2099-01-01T00:00:00.000Z',
      },
    ]);
    expect(kept().map((k) => k.inspection_id)).not.toContain(a);
  });

  // The league reads each provider's latest inspection's kept overall result only (one short row each),
  // never the whole summaries: it must give the table a fresh rating of every inspection gives.
  it('from kept overall results, equals the league rated afresh from every inspection, older ones and drafts included', async () => {
    const ids: string[] = [];
    for (const [n, provider, date, yes, status] of [
      [1, 'London CRC', '2017-04-01', 2, 'final'],
      [2, 'London CRC', '2019-04-01', 9, 'final'],
      [3, 'london crc ', '2018-04-01', 5, 'final'],
      [4, 'Essex CRC', '2019-05-01', 6, 'draft'],
      [5, 'Essex CRC', '2016-05-01', 11, 'final'],
      [6, 'Kent CRC', '2019-05-01', 4, 'final'],
      [7, 'Kent CRC', '2019-05-01', 8, 'final'],
    ] as const) {
      const file = inspectionFile(`0b7d8e0c-1111-4a2b-9c3d-00000000020${n}`, provider, date, yes);
      const r = await ok('exchange.import', { text: JSON.stringify({ ...file, inspection: { ...file.inspection, status } }), acceptUnchecked: true, onDuplicate: 'keep-both', provider: { mode: 'auto' } });
      ids.push(r.inspectionId);
    }
    const afresh = (includeDrafts: boolean) =>
      leagueTable(
        main.store
          .listInspections()
          .filter((i) => includeDrafts || i.status === 'final')
          .map((i) => ({ ...comparableFromFile(exportInspection(main.store, i.id), f), id: i.id, provider: i.provider.name, date: i.fieldworkStart })),
      );
    for (const includeDrafts of [true, false]) {
      const expected = afresh(includeDrafts);
      expect(await ok('league.table', { includeDrafts })).toEqual(expected);
      main.close();
      main = start();
      expect(await ok('league.table', { includeDrafts })).toEqual(expected);
    }
    // Only the latest inspections were rated and kept: the older ones were never read.
    expect(kept().map((k) => k.inspection_id).sort()).toEqual([ids[1], ids[3], ids[4], ids[5]].sort());
  });

  it('a store upgraded to version 15 keeps the overall results of the summaries it had kept, rather than rating again', async () => {
    const { a, b } = await twoInspections();
    const before = await ok('league.table', { includeDrafts: true });
    main.db.exec('DROP TABLE rating_overall');
    m015RatingOverall.up(main.db);
    expect(kept().map((k) => k.inspection_id).sort()).toEqual([a, b].sort());
    expect(keptScore(a)).toBe(before.find((r) => r.inspectionId === a)!.score);
    expect(await ok('league.table', { includeDrafts: true })).toEqual(before);
  });
});
