import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rateInspection, shippedFrameworks } from '../../core';
import { startMainProcess, type MainProcess } from '../main-process';
import { typedClient } from './typed-client';

let main: MainProcess;
beforeEach(() => {
  main = startMainProcess({ dataDir: mkdtempSync(join(tmpdir(), 'fieldwork-ws-')), user: 'Test Inspector', version: 'test', log: { error: () => {} } });
});
afterEach(() => main.close());

const { send, ok } = typedClient(() => main.dispatch);

const HEAD = 'sample,sample ref,CRN,name,gender,risk of serious harm level,domestic abuse concern,review due\n';
const csv = (n: number) => HEAD + Array.from({ length: n }, (_, i) => `Case supervision,CS-${String(i + 1).padStart(2, '0')},X${100 + i},Person ${i},${i % 2 ? 'male' : 'female'},medium,${i % 3 === 0 ? 'yes' : 'no'},${i % 4 === 0 ? 'no' : 'yes'}`).join('\n');

async function inspection() {
  return ok('inspection.create', { newProvider: { name: 'Kent CRC', type: 'CRC' }, frameworkId: 'crc-2018', fieldworkStart: '2019-05-01', fieldworkEnd: '2019-05-10' });
}

describe('case sample import', () => {
  it('previews, then imports all rows in one go', async () => {
    const insp = await inspection();
    const preview = await ok('case.importPreview', { inspectionId: insp.id, csv: csv(20) });
    expect(preview.errors).toEqual([]);
    expect(preview.rows).toHaveLength(20);
    expect(await ok('case.list', { inspectionId: insp.id })).toEqual([]); // a preview writes nothing
    expect(await ok('case.import', { inspectionId: insp.id, csv: csv(20) })).toEqual({ imported: 20, skipped: 0, updated: 0 });
    const list = await ok('case.list', { inspectionId: insp.id });
    expect(list).toHaveLength(20);
    // Reviewing does not apply where no review was due: 9 key questions instead of 12.
    expect(list.find((c) => c.ref === 'CS-01')).toMatchObject({ unansweredCount: 9, attributes: { reviewDue: false, domesticAbuse: true } });
    expect(list.find((c) => c.ref === 'CS-02')).toMatchObject({ unansweredCount: 12 });
  });

  it('a file with a bad row writes nothing and names the row', async () => {
    const insp = await inspection();
    const bad = `${csv(5)}\nCase supervision,CS-06,X1,P,alien,medium,no,yes\n`;
    const r = await send('case.import', { inspectionId: insp.id, csv: bad });
    expect(r).toMatchObject({ ok: false, error: { code: 'VALIDATION', fieldErrors: { 'line 7, gender': expect.stringContaining('"alien"') } } });
    expect(await ok('case.list', { inspectionId: insp.id })).toEqual([]);
    // Importing again over existing refs is refused too.
    await ok('case.import', { inspectionId: insp.id, csv: csv(2) });
    expect((await ok('case.importPreview', { inspectionId: insp.id, csv: csv(3) })).errors.map((e) => e.line)).toEqual([2, 3]);
  });
});

describe('scoring and completing a case', () => {
  it('refuses completion until every applicable key question is answered and every No has a note', async () => {
    const insp = await inspection();
    await ok('settings.update', { inspectorName: 'Inspector Jones' });
    await ok('case.import', { inspectionId: insp.id, csv: csv(1) }); // CS-01: no review due
    const [c] = await ok('case.list', { inspectionId: insp.id });
    const kqs = ['2.1.1', '2.1.2', '2.1.3', '2.2.1', '2.2.2', '2.2.3', '2.3.1', '2.3.2', '2.3.3'];
    for (const q of kqs.slice(0, 8)) await ok('case.answer', { caseId: c!.id, questionId: q, value: 'yes' });
    await ok('case.answer', { caseId: c!.id, questionId: '2.3.3', value: 'no' });
    const refused = await send('case.complete', { caseId: c!.id, complete: true });
    expect(refused).toMatchObject({ ok: false, error: { code: 'VALIDATION', fieldErrors: { '2.3.3': 'a "No" needs an evidence note' } } });
    const saved = await ok('case.note', { caseId: c!.id, questionId: '2.3.3', note: 'No home visits despite concerns.' });
    expect(saved.updatedBy).toBe('Inspector Jones');
    expect(await ok('case.complete', { caseId: c!.id, complete: true })).toMatchObject({ status: 'complete', unansweredCount: 0, missingNoteCount: 0 });
    expect((await ok('inspection.get', { id: insp.id })).completeCount).toBe(1);
  });
});

describe('ratings, drill-down, subgroups, judgements, overrides', () => {
  it('the ratings command is the engine applied to the stored answers', async () => {
    const insp = await inspection();
    await ok('case.import', { inspectionId: insp.id, csv: csv(20) });
    const cases = await ok('case.list', { inspectionId: insp.id });
    for (const [i, c] of cases.entries()) {
      await ok('case.answer', { caseId: c.id, questionId: '2.1.1', value: i < 13 ? 'yes' : 'no' });
      await ok('case.answer', { caseId: c.id, questionId: '2.1.3', value: i < 9 ? 'yes' : i < 18 ? 'no' : 'na' });
    }
    const r = await ok('inspection.ratings', { inspectionId: insp.id });
    expect(r).toEqual(rateInspection(shippedFrameworks().get('crc-2018')!, main.store.inspectionInput(insp.id)));
    const s21 = r.standards.find((s) => s.id === '2.1')!;
    expect(s21).toMatchObject({ rating: 'Requires improvement', drivingKeyQuestion: '2.1.3' });
    const behind = await ok('inspection.questionCases', { inspectionId: insp.id, questionId: '2.1.3' });
    expect(behind.filter((b) => b.value === 'no')).toHaveLength(9);
    const sub = await ok('inspection.subgroups', { inspectionId: insp.id, attribute: 'domesticAbuse' });
    const q = sub.find((x) => x.questionId === '2.1.3')!;
    expect(q.groups.map((g) => g.value)).toEqual(['no', 'yes']);
    expect(q.groups.reduce((n, g) => n + g.cases, 0)).toBe(20);

    await ok('override.set', { inspectionId: insp.id, standardId: '2.1', rating: 'Good', reason: 'Panel moderation.' });
    expect(await send('override.set', { inspectionId: insp.id, standardId: '2.1', rating: 'Good', reason: ' ' })).toMatchObject({ ok: false, error: { fieldErrors: { reason: 'an override needs a reason' } } });
    expect(await send('override.set', { inspectionId: insp.id, standardId: '1.1', rating: 'Good', reason: 'x' })).toMatchObject({ ok: false });
    await ok('judgement.set', { inspectionId: insp.id, standardId: '1.1', rating: 'Good', rationale: 'Clear vision.' });
    const j = await ok('judgement.note', { inspectionId: insp.id, keyQuestionId: '1.1.2', text: 'Risk register current.' });
    expect(j).toEqual({ standardId: '1.1', rating: 'Good', rationale: 'Clear vision.', notes: { '1.1.2': 'Risk register current.' } });
    const after = await ok('inspection.ratings', { inspectionId: insp.id });
    expect(after.standards.find((s) => s.id === '2.1')).toMatchObject({ rating: 'Good', computedRating: 'Requires improvement' });
    expect(after.standards.find((s) => s.id === '1.1')).toMatchObject({ rating: 'Good', rationale: 'Clear vision.' });
    expect(await send('judgement.set', { inspectionId: insp.id, standardId: '2.1', rating: 'Good', rationale: '' })).toMatchObject({ ok: false });
  });

  it('settings persist and are validated', async () => {
    expect(await ok('settings.get', {})).toEqual({ inspectorName: '', theme: 'light', textSize: 'standard', singleKeyShortcuts: true });
    await ok('settings.update', { theme: 'dark' });
    expect(await ok('settings.get', {})).toMatchObject({ theme: 'dark' });
    expect(await send('settings.update', { theme: 'neon' } as never)).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  });
});

describe('audit trail', () => {
  it('records who changed what, when, with old and new values, per case and per inspection', async () => {
    const insp = await inspection();
    await ok('settings.update', { inspectorName: 'Inspector Khan' });
    await ok('case.import', { inspectionId: insp.id, csv: csv(2) });
    const [c] = await ok('case.list', { inspectionId: insp.id });
    await ok('case.answer', { caseId: c!.id, questionId: '2.1.1', value: 'yes' });
    await ok('case.answer', { caseId: c!.id, questionId: '2.1.1', value: 'no' });
    await ok('case.note', { caseId: c!.id, questionId: '2.1.1', note: 'Motivation not analysed.' });
    await ok('override.set', { inspectionId: insp.id, standardId: '2.1', rating: 'Good', reason: 'Panel.' });
    await ok('judgement.set', { inspectionId: insp.id, standardId: '1.1', rating: 'Good', rationale: 'Vision.' });
    const caseTrail = await ok('audit.list', { inspectionId: insp.id, caseRef: c!.ref });
    expect(caseTrail.map((e) => [e.what, e.item, e.oldValue, e.newValue, e.changedBy])).toEqual([
      ['case', 'CS-01', null, 'added', 'Inspector Khan'],
      ['answer', '2.1.1', null, 'yes', 'Inspector Khan'],
      ['answer', '2.1.1', 'yes', 'no', 'Inspector Khan'],
      ['note', '2.1.1', '', 'Motivation not analysed.', 'Inspector Khan'],
    ]);
    const all = await ok('audit.list', { inspectionId: insp.id });
    // The inspection was created before the name was set: who is never empty.
    expect(all.map((e) => [e.what, e.changedBy])).toEqual([
      ['inspection', 'Test Inspector'],
      ['case', 'Inspector Khan'],
      ['case', 'Inspector Khan'],
      ['answer', 'Inspector Khan'],
      ['answer', 'Inspector Khan'],
      ['note', 'Inspector Khan'],
      ['override', 'Inspector Khan'],
      ['judgement', 'Inspector Khan'],
    ]);
    // Values are typed: the override is its rating and reason, not "Good: Panel.".
    expect(all.find((e) => e.what === 'override')?.newValue).toEqual({ rating: 'Good', reason: 'Panel.' });
    expect(all.every((e) => !Number.isNaN(Date.parse(e.changedAt)))).toBe(true);
  });
});
