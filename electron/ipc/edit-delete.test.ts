import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { caseStandards, shippedFrameworks } from '../../core';
import { startMainProcess, type MainProcess } from '../main-process';
import { typedClient } from './typed-client';

// Issue #18 items 10 and 11: cases and inspections edited, reassigned and deleted through the one
// write path (logged, audited, refused on a final inspection), and a re-imported sample that
// updates the cases already there. Real handlers on a real SQLite file.

let main: MainProcess;
beforeEach(() => {
  main = startMainProcess({ dataDir: mkdtempSync(join(tmpdir(), 'fieldwork-edit-')), user: 'Inspector Jones', version: 'test', log: { error: () => {} } });
});
afterEach(() => main.close());

const { send, ok } = typedClient(() => main.dispatch);
const HEAD = 'sample,sample ref,CRN,name,risk of serious harm level,review due,assigned inspector\n';
const row = (i: number, rosh = 'medium', inspector = 'Inspector A') => `Case supervision,CS-${String(i).padStart(2, '0')},X${100 + i},Person ${i},${rosh},yes,${inspector}`;

async function inspectionWithCases(n: number, provider = 'Kent CRC') {
  const insp = await ok('inspection.create', { newProvider: { name: provider, type: 'CRC' }, frameworkId: 'crc-2018', fieldworkStart: '2019-05-01', fieldworkEnd: '2019-05-10', caseloadSize: 900 });
  if (n > 0) await ok('case.import', { inspectionId: insp.id, csv: HEAD + Array.from({ length: n }, (_, i) => row(i + 1)).join('\n') });
  const cases = await ok('case.list', { inspectionId: insp.id });
  return { insp, cases };
}

describe('item 10: edit, reassign and delete a case', () => {
  it('edits a case and reassigns it; each change is in the audit trail', async () => {
    const { insp, cases } = await inspectionWithCases(2);
    const cs01 = cases.find((c) => c.ref === 'CS-01')!;
    const updated = await ok('case.update', { caseId: cs01.id, crn: 'X999', assignedInspector: 'Inspector B', attributes: { ...cs01.attributes, roshLevel: 'high' } });
    expect(updated).toMatchObject({ ref: 'CS-01', assignedInspector: 'Inspector B', attributes: { roshLevel: 'high', reviewDue: true } });
    expect((await ok('case.get', { caseId: cs01.id })).crn).toBe('X999');
    const trail = await ok('audit.list', { inspectionId: insp.id, caseRef: 'CS-01' });
    expect(trail.filter((e) => e.what === 'case' && e.field !== '$create').map((e) => [e.field, e.newValue, e.changedBy])).toEqual([
      ['crn', 'X999', 'Inspector Jones'],
      ['assignedInspector', 'Inspector B', 'Inspector Jones'],
      ['attributes', expect.objectContaining({ roshLevel: 'high' }), 'Inspector Jones'],
    ]);
  });

  it('refuses a sample change once the case holds answers, and a sample the framework does not have', async () => {
    const { cases } = await inspectionWithCases(1);
    const c = cases[0]!;
    expect(await send('case.update', { caseId: c.id, sample: 'no-such-sample' })).toMatchObject({ ok: false, error: { code: 'VALIDATION', fieldErrors: { sample: expect.any(String) } } });
    await ok('case.answer', { caseId: c.id, questionId: '2.1.1', value: 'yes' });
    const other = shippedFrameworks().get('crc-2018')!.samples.find((s) => s.id !== c.sample)!;
    const r = await send('case.update', { caseId: c.id, sample: other.id });
    expect(r).toMatchObject({ ok: false, error: { message: expect.stringContaining('CS-01 has answers or notes recorded') } });
    expect((await ok('case.get', { caseId: c.id })).sample).toBe(c.sample);
  });

  it('a changed attribute that leaves a complete case incomplete sends it back to in progress', async () => {
    const { cases } = await inspectionWithCases(1);
    const c = cases[0]!;
    // Without a review due, 2.4 does not apply: answer the rest and complete.
    await ok('case.update', { caseId: c.id, attributes: { ...c.attributes, reviewDue: false } });
    const f = shippedFrameworks().get('crc-2018')!;
    for (const s of caseStandards(f, 'case-supervision').filter((s) => s.id !== '2.4'))
      for (const k of s.keyQuestions) await ok('case.answer', { caseId: c.id, questionId: k.id, value: 'yes' });
    await ok('case.complete', { caseId: c.id, complete: true });
    // A review was due after all: 2.4's questions now apply and are unanswered.
    const after = await ok('case.update', { caseId: c.id, attributes: { ...c.attributes, reviewDue: true } });
    expect(after.status).toBe('in-progress');
    expect(after.reopenReason).toMatch(/^Back in progress: 2\.4\.1/);
  });

  it('deletes a case with its answers; the audit trail keeps the deletion under its reference', async () => {
    const { insp, cases } = await inspectionWithCases(2);
    const c = cases.find((x) => x.ref === 'CS-02')!;
    await ok('case.answer', { caseId: c.id, questionId: '2.1.1', value: 'no' });
    await ok('case.note', { caseId: c.id, questionId: '2.1.1', note: 'No assessment on file.' });
    expect(await ok('case.delete', { caseId: c.id })).toEqual({ ref: 'CS-02', inspectionId: insp.id });
    expect((await ok('case.list', { inspectionId: insp.id })).map((x) => x.ref)).toEqual(['CS-01']);
    expect(main.db.prepare('SELECT count(*) AS n FROM answer WHERE case_id = ?').get(c.id)).toEqual({ n: 0 });
    const trail = await ok('audit.list', { inspectionId: insp.id });
    expect(trail.at(-1)).toMatchObject({ caseRef: 'CS-02', what: 'case', newValue: 'deleted', changedBy: 'Inspector Jones' });
    expect(await send('case.get', { caseId: c.id })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });
});

describe('item 10: rename, re-date, mark final and delete an inspection', () => {
  it('renames (the provider), re-dates and re-sizes; a final inspection refuses until back to draft', async () => {
    const { insp, cases } = await inspectionWithCases(1);
    const renamed = await ok('inspection.update', { id: insp.id, providerName: 'Kent, Surrey and Sussex CRC', fieldworkEnd: '2019-05-17', caseloadSize: 4171 });
    expect(renamed).toMatchObject({ provider: { name: 'Kent, Surrey and Sussex CRC' }, fieldworkEnd: '2019-05-17', caseloadSize: 4171 });
    expect(await send('inspection.update', { id: insp.id, fieldworkEnd: '2019-04-01' })).toMatchObject({ ok: false, error: { code: 'VALIDATION', fieldErrors: { fieldworkEnd: expect.any(String) } } });

    await ok('inspection.setStatus', { id: insp.id, status: 'final' });
    const before = JSON.stringify([await ok('inspection.get', { id: insp.id }), await ok('case.get', { caseId: cases[0]!.id })]);
    for (const [command, input] of [
      ['inspection.update', { id: insp.id, providerName: 'Another name' }],
      ['inspection.delete', { id: insp.id }],
      ['case.update', { caseId: cases[0]!.id, assignedInspector: 'Inspector C' }],
      ['case.delete', { caseId: cases[0]!.id }],
      ['case.answer', { caseId: cases[0]!.id, questionId: '2.1.1', value: 'yes' }],
    ] as const)
      expect(await send(command, input as never), command).toMatchObject({ ok: false, error: { code: 'FINAL' } });
    const afterRefusals = JSON.stringify([await ok('inspection.get', { id: insp.id }), await ok('case.get', { caseId: cases[0]!.id })]);
    expect(afterRefusals).toBe(before);

    await ok('inspection.setStatus', { id: insp.id, status: 'draft' });
    await ok('case.update', { caseId: cases[0]!.id, assignedInspector: 'Inspector C' });
  });

  it('deletes an inspection and everything in it, as logged changes; other inspections are untouched', async () => {
    const { insp, cases } = await inspectionWithCases(3);
    const other = await inspectionWithCases(0, 'Essex CRC');
    await ok('case.answer', { caseId: cases[0]!.id, questionId: '2.1.1', value: 'yes' });
    await ok('judgement.set', { inspectionId: insp.id, standardId: '1.1', rating: 'Good', rationale: 'Sound.' });
    await ok('recommendation.set', { inspectionId: insp.id, items: ['Improve risk assessment.'] });
    expect(await ok('inspection.delete', { id: insp.id })).toEqual({ deleted: true });
    expect((await ok('inspection.list', {})).map((i) => i.id)).toEqual([other.insp.id]);
    for (const table of ['case_file', 'judgement', 'recommendation']) expect(main.db.prepare(`SELECT count(*) AS n FROM ${table} WHERE inspection_id = ?`).get(insp.id), table).toEqual({ n: 0 });
    // Every row's deletion is in the log, so a replay of the log rebuilds the store without it.
    const deletions = main.store.changes(insp.id).filter((c) => c.field === '$delete');
    expect(deletions.filter((c) => c.entity === 'case')).toHaveLength(3);
    expect(deletions.at(-1)).toMatchObject({ entity: 'inspection', id: insp.id, actor: { name: 'Inspector Jones' } });
    expect(main.db.prepare('SELECT count(*) AS n FROM field_revision WHERE entity_id = ?').get(cases[0]!.id)).toEqual({ n: 0 });
  });
});

describe('item 11: re-importing a sample that grew', () => {
  it('"update existing" adds the new cases and brings the known ones up to date; blank cells change nothing', async () => {
    const { insp, cases } = await inspectionWithCases(3);
    const cs01 = cases.find((c) => c.ref === 'CS-01')!;
    await ok('case.answer', { caseId: cs01.id, questionId: '2.1.1', value: 'yes' });
    // CS-01 now high risk and Inspector B's; CS-02's name cell left blank; CS-03 unchanged; CS-04 new.
    const grown = HEAD + [row(1, 'high', 'Inspector B'), 'Case supervision,CS-02,X102,,medium,yes,Inspector A', row(3), row(4)].join('\n');
    const refused = await ok('case.importPreview', { inspectionId: insp.id, csv: grown });
    expect(refused.errors.map((e) => e.message)).toEqual(['"CS-01" is already in this inspection', '"CS-02" is already in this inspection', '"CS-03" is already in this inspection']);

    const preview = await ok('case.importPreview', { inspectionId: insp.id, csv: grown, existing: 'update' });
    expect(preview.errors).toEqual([]);
    expect(preview.rows.map((r) => r.ref)).toEqual(['CS-04']);
    expect(preview.updates).toEqual([
      { line: 2, ref: 'CS-01', fields: ['assigned inspector', 'risk of serious harm level'] },
      { line: 3, ref: 'CS-02', fields: [] },
      { line: 4, ref: 'CS-03', fields: [] },
    ]);
    expect(await ok('case.list', { inspectionId: insp.id })).toHaveLength(3); // a preview writes nothing

    expect(await ok('case.import', { inspectionId: insp.id, csv: grown, existing: 'update' })).toEqual({ imported: 1, updated: 1, skipped: 2 });
    const after = await ok('case.get', { caseId: cs01.id });
    expect(after).toMatchObject({ assignedInspector: 'Inspector B', attributes: { roshLevel: 'high', reviewDue: true }, crn: 'X101' });
    expect(after.answers.find((a) => a.questionId === '2.1.1')?.value).toBe('yes'); // answers untouched
    expect((await ok('case.get', { caseId: cases.find((c) => c.ref === 'CS-02')!.id })).name).toBe('Person 2');
    expect((await ok('case.list', { inspectionId: insp.id })).map((c) => c.ref)).toEqual(['CS-01', 'CS-02', 'CS-03', 'CS-04']);
    const trail = await ok('audit.list', { inspectionId: insp.id, caseRef: 'CS-01' });
    expect(trail.filter((e) => e.what === 'case' && e.field !== '$create').map((e) => e.field)).toEqual(['assignedInspector', 'attributes']);
  });

  it('"update existing" refuses, naming the line, a sample change on a case that holds answers; nothing is written', async () => {
    const { insp, cases } = await inspectionWithCases(2);
    await ok('case.answer', { caseId: cases[0]!.id, questionId: '2.1.1', value: 'yes' });
    const other = shippedFrameworks().get('crc-2018')!.samples.find((s) => s.id !== cases[0]!.sample)!;
    const csv = HEAD + [`${other.name},CS-01,X101,Person 1,medium,yes,Inspector A`, row(2, 'high'), row(3)].join('\n');
    const r = await send('case.import', { inspectionId: insp.id, csv, existing: 'update' });
    expect(r).toMatchObject({ ok: false, error: { fieldErrors: { 'line 2, sample': 'CS-01 has answers recorded, so its sample cannot change' } } });
    expect((await ok('case.list', { inspectionId: insp.id })).map((c) => [c.ref, c.attributes.roshLevel])).toEqual([
      ['CS-01', 'medium'],
      ['CS-02', 'medium'],
    ]);
  });
});
