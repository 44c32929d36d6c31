import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startMainProcess, type MainProcess } from '../main-process';
import { typedClient } from './typed-client';

// The audit trail is a view of the change log: report text, recommendations and the progress on the
// previous inspection's recommendations are in it (before the one write path they were not audited),
// each with its typed old and new values, who (the named user, never "") and when.
let main: MainProcess;
beforeEach(() => {
  main = startMainProcess({ dataDir: mkdtempSync(join(tmpdir(), 'fieldwork-audit-')), user: 'Inspector Patel', version: 'test', log: { error: () => {} } });
});
afterEach(() => main.close());
const { ok } = typedClient(() => main.dispatch);

const create = (start: string, provider: { providerId: string } | { newProvider: { name: string; type: 'CRC' } }) =>
  ok('inspection.create', { ...provider, frameworkId: 'crc-2018', fieldworkStart: start, fieldworkEnd: start });

describe('the audit trail covers report text, recommendations and their progress', () => {
  it('each edit is one typed entry with who and when, in the order made', async () => {
    const old = await create('2018-05-01', { newProvider: { name: 'Kent CRC', type: 'CRC' } });
    const prev = await ok('recommendation.add', { inspectionId: old.id, text: 'Improve risk assessment' });
    const now = await create('2019-05-01', { providerId: main.store.listProviders()[0]!.id });

    await ok('report.text.set', { inspectionId: now.id, standardId: '2.1', strengths: 'Assessments were thorough.', improvements: '' });
    await ok('report.text.set', { inspectionId: now.id, standardId: '2.1', strengths: 'Assessments were thorough.', improvements: 'Risk to children was missed.' });
    const rec = await ok('recommendation.add', { inspectionId: now.id, text: 'Review caseloads' });
    await ok('recommendation.edit', { id: rec.id, text: 'Review caseloads monthly' });
    await ok('progress.judge', { inspectionId: now.id, id: null, recommendationId: prev.id, text: 'Improve risk assessment', progress: 'partly met', note: 'Better, not yet good.' });
    await ok('progress.judge', { inspectionId: now.id, id: null, recommendationId: prev.id, text: 'Improve risk assessment', progress: 'met', note: 'Better, not yet good.' });

    const trail = await ok('audit.list', { inspectionId: now.id });
    const shown = trail.filter((e) => ['report-text', 'recommendation', 'recommendation-progress'].includes(e.what));
    expect(shown.map((e) => [e.what, e.item, e.field, e.oldValue, e.newValue])).toEqual([
      ['report-text', '2.1', '$create', null, { strengths: 'Assessments were thorough.' }],
      ['report-text', '2.1', 'improvements', '', 'Risk to children was missed.'],
      ['recommendation', expect.any(String), '$create', null, { text: 'Review caseloads' }],
      ['recommendation', expect.any(String), 'text', 'Review caseloads', 'Review caseloads monthly'],
      ['recommendation-progress', expect.any(String), '$create', null, { text: 'Improve risk assessment', progress: 'partly met', note: 'Better, not yet good.' }],
      ['recommendation-progress', expect.any(String), 'progress', 'partly met', 'met'],
    ]);
    for (const e of shown) {
      expect(e.changedBy).toBe('Inspector Patel');
      expect(Number.isNaN(Date.parse(e.changedAt))).toBe(false);
      expect(e.clock).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z-[0-9A-F]{4}-[0-9a-f]{16}$/i);
    }
    // In causal (clock) order, which is the order they were made.
    expect(shown.map((e) => e.clock)).toEqual([...shown.map((e) => e.clock)].sort());
    // Each field carries the revision that last set it: "changed since the base" is one comparison.
    const progressId = main.store.progressList(now.id)[0]!.id;
    expect(main.store.revision('recommendation-progress', progressId, 'progress')).toBe(shown[5]!.clock);
    expect(main.store.revision('recommendation', rec.id, 'text')).toBe(shown[3]!.clock);
  });
});
