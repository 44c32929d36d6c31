import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { caseStandards, shippedFrameworks } from '../../core';
import { exportInspection } from '../../db';
import { startMainProcess, type MainProcess } from '../main-process';
import { typedClient } from './typed-client';

// The store's invariants (core/changes/invariants.ts), each driven through the real IPC handlers.
let main: MainProcess;
beforeEach(() => {
  main = startMainProcess({ dataDir: mkdtempSync(join(tmpdir(), 'fieldwork-inv-')), user: 'Inspector Jones', version: 'test', log: { error: () => {} } });
});
afterEach(() => main.close());
const { send, ok } = typedClient(() => main.dispatch);

const f = shippedFrameworks().get('crc-2018')!;
// CS-01 has no review due: the 2.4 key questions do not apply.
const KQS = caseStandards(f, 'case-supervision')
  .filter((s) => s.id !== '2.4')
  .flatMap((s) => s.keyQuestions.map((k) => k.id));

async function completeCase() {
  const insp = await ok('inspection.create', { newProvider: { name: 'Kent CRC', type: 'CRC' }, frameworkId: 'crc-2018', fieldworkStart: '2019-05-01', fieldworkEnd: '2019-05-10' });
  const c = await ok('case.add', { inspectionId: insp.id, ref: 'CS-01', attributes: { reviewDue: false } });
  for (const q of KQS) await ok('case.answer', { caseId: c.id, questionId: q, value: 'yes' });
  expect(await ok('case.complete', { caseId: c.id, complete: true })).toMatchObject({ status: 'complete', reopenReason: null });
  return { insp, c };
}

describe('invariants on every write, through the IPC handlers', () => {
  it('a complete case that loses an answer goes back to in progress, and says why', async () => {
    const { insp, c } = await completeCase();
    await ok('case.answer', { caseId: c.id, questionId: '2.2.1', value: null });
    const [listed] = await ok('case.list', { inspectionId: insp.id });
    expect(listed).toMatchObject({ status: 'in-progress', reopenReason: 'Back in progress: 2.2.1 is no longer answered.' });
    expect(await ok('case.get', { caseId: c.id })).toMatchObject({ status: 'in-progress', reopenReason: 'Back in progress: 2.2.1 is no longer answered.' });
    expect((await ok('inspection.get', { id: insp.id })).completeCount).toBe(0);
    // The reopening is in the audit trail, with its reason, right after the change that caused it.
    const trail = await ok('audit.list', { inspectionId: insp.id, caseRef: 'CS-01' });
    expect(trail.slice(-2).map((e) => [e.what, e.oldValue, e.newValue, e.reason])).toEqual([
      ['answer', 'yes', null, null],
      ['completion', true, false, 'Back in progress: 2.2.1 is no longer answered.'],
    ]);
    // Completing again clears the reason.
    await ok('case.answer', { caseId: c.id, questionId: '2.2.1', value: 'yes' });
    expect(await ok('case.complete', { caseId: c.id, complete: true })).toMatchObject({ status: 'complete', reopenReason: null });
  });

  it('a complete case that gains a "No" without a note goes back to in progress, and says why', async () => {
    const { c } = await completeCase();
    await ok('case.answer', { caseId: c.id, questionId: '2.1.3', value: 'no' });
    expect(await ok('case.get', { caseId: c.id })).toMatchObject({ status: 'in-progress', reopenReason: 'Back in progress: "No" on 2.1.3 has no evidence note.' });
    // A "No" with its note may be completed again.
    await ok('case.note', { caseId: c.id, questionId: '2.1.3', note: 'Risk to the partner not analysed.' });
    expect(await ok('case.complete', { caseId: c.id, complete: true })).toMatchObject({ status: 'complete' });
    // Emptying that note reopens it again.
    await ok('case.note', { caseId: c.id, questionId: '2.1.3', note: '   ' });
    expect(await ok('case.get', { caseId: c.id })).toMatchObject({ status: 'in-progress', reopenReason: 'Back in progress: "No" on 2.1.3 has no evidence note.' });
  });

  it('a final inspection refuses changes with a clear message, until it is returned to draft', async () => {
    const { insp, c } = await completeCase();
    await ok('inspection.setStatus', { id: insp.id, status: 'final' });
    const before = main.store.changes(insp.id).length;
    const refused = [
      await send('case.answer', { caseId: c.id, questionId: '2.1.1', value: 'no' }),
      await send('case.note', { caseId: c.id, questionId: '2.1.1', note: 'x' }),
      await send('case.complete', { caseId: c.id, complete: false }),
      await send('case.add', { inspectionId: insp.id, ref: 'CS-02' }),
      await send('judgement.set', { inspectionId: insp.id, standardId: '1.1', rating: 'Good', rationale: 'Vision.' }),
      await send('override.set', { inspectionId: insp.id, standardId: '2.1', rating: 'Good', reason: 'Panel.' }),
      await send('report.text.set', { inspectionId: insp.id, standardId: '2.1', strengths: 'x', improvements: '' }),
      await send('recommendation.set', { inspectionId: insp.id, items: ['Improve'] }),
    ];
    for (const r of refused)
      expect(r).toEqual({ ok: false, error: { code: 'FINAL', message: 'This inspection is final, so it can no longer be changed. Return it to draft first if it really must change.' } });
    expect(main.store.changes(insp.id)).toHaveLength(before);
    await ok('inspection.setStatus', { id: insp.id, status: 'draft' });
    await ok('case.answer', { caseId: c.id, questionId: '2.1.1', value: 'no' });
  });

  it('completing a case that still needs answers or notes is refused, and nothing is written', async () => {
    const insp = await ok('inspection.create', { newProvider: { name: 'Kent CRC', type: 'CRC' }, frameworkId: 'crc-2018', fieldworkStart: '2019-05-01', fieldworkEnd: '2019-05-10' });
    const c = await ok('case.add', { inspectionId: insp.id, ref: 'CS-01', attributes: { reviewDue: false } });
    await ok('case.answer', { caseId: c.id, questionId: '2.1.1', value: 'no' });
    const before = main.store.changes(insp.id).length;
    const r = await send('case.complete', { caseId: c.id, complete: true });
    expect(r).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: 'This case cannot be marked complete yet: 8 key questions are unanswered and 1 "No" answer has no evidence note.' } });
    expect(main.store.changes(insp.id)).toHaveLength(before);
  });

  it('case status is one function: a cleared answer is "not started" in the app and in the exported file alike', async () => {
    const insp = await ok('inspection.create', { newProvider: { name: 'Kent CRC', type: 'CRC' }, frameworkId: 'crc-2018', fieldworkStart: '2019-05-01', fieldworkEnd: '2019-05-10' });
    const c = await ok('case.add', { inspectionId: insp.id, ref: 'CS-01' });
    await ok('case.answer', { caseId: c.id, questionId: '2.1.1', value: 'yes' });
    await ok('case.answer', { caseId: c.id, questionId: '2.1.1', value: null });
    const [listed] = await ok('case.list', { inspectionId: insp.id });
    expect(listed!.status).toBe('not-started');
    // Before the one write path, the file writer counted the cleared answer's row and said "in-progress".
    expect(exportInspection(main.store, insp.id).cases[0]!.status).toBe('not-started');
    // A note alone is work on the case, in both.
    await ok('case.note', { caseId: c.id, questionId: '2.1.1', note: 'Started reading.' });
    expect((await ok('case.list', { inspectionId: insp.id }))[0]!.status).toBe('in-progress');
    expect(exportInspection(main.store, insp.id).cases[0]!.status).toBe('in-progress');
  });

  it('with no user yet, every write asks for a name first and nothing is written', async () => {
    const fresh = startMainProcess({ dataDir: mkdtempSync(join(tmpdir(), 'fieldwork-inv-')), version: 'test', log: { error: () => {} } });
    try {
      const r = await fresh.dispatch({ command: 'inspection.create', input: { newProvider: { name: 'Kent CRC', type: 'CRC' }, frameworkId: 'crc-2018', fieldworkStart: '2019-05-01', fieldworkEnd: '2019-05-10' } });
      expect(r).toMatchObject({ ok: false, error: { code: 'IDENTITY_REQUIRED' } });
      expect(fresh.store.listInspections()).toEqual([]);
      expect(await fresh.dispatch({ command: 'identity.get', input: {} })).toMatchObject({ ok: true, value: { user: null } });
      expect(await fresh.dispatch({ command: 'identity.set', input: { name: '  ' } })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
      const set = await fresh.dispatch({ command: 'identity.set', input: { name: 'Inspector Khan' } });
      expect(set).toMatchObject({ ok: true, value: { name: 'Inspector Khan', id: expect.any(String) } });
      expect(await fresh.dispatch({ command: 'settings.get', input: {} })).toMatchObject({ ok: true, value: { inspectorName: 'Inspector Khan' } });
      expect(await fresh.dispatch({ command: 'inspection.create', input: { newProvider: { name: 'Kent CRC', type: 'CRC' }, frameworkId: 'crc-2018', fieldworkStart: '2019-05-01', fieldworkEnd: '2019-05-10' } })).toMatchObject({ ok: true });
    } finally {
      fresh.close();
    }
  });
});
