import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startMainProcess, type MainProcess } from '../main-process';
import { typedClient } from './typed-client';

let main: MainProcess;
beforeEach(() => {
  main = startMainProcess({ dataDir: mkdtempSync(join(tmpdir(), 'fieldwork-recs-')), user: 'Inspector Jones', version: 'test', log: { error: () => {} } });
});
afterEach(() => main.close());
const { send, ok } = typedClient(() => main.dispatch);

const create = (start: string) =>
  ok('inspection.create', { ...(main.store.listProviders()[0] ? { providerId: main.store.listProviders()[0]!.id } : { newProvider: { name: 'Kent CRC', type: 'CRC' as const } }), frameworkId: 'crc-2018', fieldworkStart: start, fieldworkEnd: start });

describe('recommendations, one at a time with stable ids', () => {
  it('adds, edits and removes single items; the others keep their ids and are not rewritten', async () => {
    const insp = await create('2019-05-01');
    const a = await ok('recommendation.add', { inspectionId: insp.id, text: 'Improve risk assessment' });
    const b = await ok('recommendation.add', { inspectionId: insp.id, text: 'Review caseloads' });
    const c = await ok('recommendation.add', { inspectionId: insp.id, text: 'Train on safeguarding' });
    const before = main.store.changes(insp.id).length;
    expect(await ok('recommendation.edit', { id: b.id, text: 'Review caseloads monthly' })).toEqual({ id: b.id, position: 2, text: 'Review caseloads monthly', addressee: '' });
    await ok('recommendation.remove', { id: a.id });
    expect(await ok('recommendation.items', { inspectionId: insp.id })).toEqual([
      { id: b.id, position: 2, text: 'Review caseloads monthly', addressee: '' },
      { id: c.id, position: 3, text: 'Train on safeguarding', addressee: '' },
    ]);
    // Exactly two changes: the edit and the removal, each naming its recommendation.
    expect(main.store.changes(insp.id).slice(before).map((x) => [x.id, x.field, x.previous, x.value])).toEqual([
      [b.id, 'text', 'Review caseloads', 'Review caseloads monthly'],
      [a.id, '$delete', { inspectionId: insp.id, position: 1, text: 'Improve risk assessment', addressee: '' }, null],
    ]);
    expect(await ok('recommendation.list', { inspectionId: insp.id })).toEqual(['Review caseloads monthly', 'Train on safeguarding']);
    expect(await send('recommendation.edit', { id: a.id, text: 'x' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await send('recommendation.add', { inspectionId: insp.id, text: '   ' })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    // The audit trail shows each item's history.
    expect((await ok('audit.list', { inspectionId: insp.id })).filter((e) => e.what === 'recommendation').map((e) => [e.field, e.oldValue, e.newValue])).toEqual([
      ['$create', null, { text: 'Improve risk assessment' }],
      ['$create', null, { text: 'Review caseloads' }],
      ['$create', null, { text: 'Train on safeguarding' }],
      ['text', 'Review caseloads', 'Review caseloads monthly'],
      ['$delete', { inspectionId: insp.id, position: 1, text: 'Improve risk assessment', addressee: '' }, null],
    ]);
  });

  it('saving the whole list keeps ids by position instead of deleting and re-inserting', async () => {
    const insp = await create('2019-05-01');
    await ok('recommendation.set', { inspectionId: insp.id, items: ['One', 'Two'] });
    const ids = (await ok('recommendation.items', { inspectionId: insp.id })).map((r) => r.id);
    await ok('recommendation.set', { inspectionId: insp.id, items: ['One', 'Two, reworded', 'Three'] });
    const after = await ok('recommendation.items', { inspectionId: insp.id });
    expect(after.slice(0, 2).map((r) => r.id)).toEqual(ids);
    expect(after.map((r) => r.text)).toEqual(['One', 'Two, reworded', 'Three']);
  });
});

describe('progress on the previous recommendations, keyed by their ids', () => {
  it('judges one recommendation at a time, in the previous list order, whatever order they are judged in', async () => {
    const old = await create('2018-05-01');
    const r1 = await ok('recommendation.add', { inspectionId: old.id, text: 'Improve risk assessment' });
    const r2 = await ok('recommendation.add', { inspectionId: old.id, text: 'Review caseloads' });
    const now = await create('2019-05-01');
    expect(await ok('progress.list', { inspectionId: now.id })).toEqual([
      { id: null, recommendationId: r1.id, text: 'Improve risk assessment', progress: null, note: '' },
      { id: null, recommendationId: r2.id, text: 'Review caseloads', progress: null, note: '' },
    ]);
    const judged = await ok('progress.judge', { inspectionId: now.id, id: null, recommendationId: r2.id, text: 'Review caseloads', progress: 'met', note: 'Monthly now.' });
    expect(judged).toMatchObject({ id: expect.any(String), recommendationId: r2.id, progress: 'met' });
    // The unjudged one is still offered; the judged one keeps its place.
    expect((await ok('progress.list', { inspectionId: now.id })).map((p) => [p.recommendationId, p.progress])).toEqual([
      [r1.id, null],
      [r2.id, 'met'],
    ]);
    // Judging the same recommendation again edits that judgement (same id), never adds another.
    await ok('progress.judge', { inspectionId: now.id, id: null, recommendationId: r2.id, text: 'Review caseloads', progress: 'partly met', note: 'Mostly.' });
    await ok('progress.judge', { inspectionId: now.id, id: null, recommendationId: r1.id, text: 'Improve risk assessment', progress: 'not met', note: '' });
    expect(main.store.progressList(now.id).map((p) => [p.recommendationId, p.progress, p.position])).toEqual([
      [r1.id, 'not met', 1],
      [r2.id, 'partly met', 2],
    ]);
    expect(main.store.progressList(now.id).find((p) => p.recommendationId === r2.id)!.id).toBe(judged.id);
    // Rewording the old recommendation does not detach its judgement: it is keyed by id, not text or position.
    await ok('recommendation.edit', { id: r1.id, text: 'Improve the quality of risk assessment' });
    expect((await ok('progress.list', { inspectionId: now.id }))[0]).toMatchObject({ recommendationId: r1.id, progress: 'not met' });
    // The report shows the judgements in the previous list's order.
    expect(main.store.recommendationProgress(now.id).map((p) => p.progress)).toEqual(['not met', 'partly met']);
  });
});
