import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FrameworkRegistry, INSPECTION_TEXT_KEYS, parseInspectionText } from '../../core';
import { exportInspection, importInspection } from '../../db';
import { startMainProcess, type MainProcess } from '../main-process';
import { typedClient } from '../ipc/typed-client';
import { docxText, renderDocx } from './write';
import { reportInputFromStore } from './from-store';

let main: MainProcess;
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'fieldwork-narrative-'));
  main = startMainProcess({ dataDir: dir, version: 'test', user: 'Test Inspector', log: { error: () => {} } });
});
afterEach(() => main.close());

const { send, ok } = typedClient(() => main.dispatch);

async function inspection() {
  return ok('inspection.create', { newProvider: { name: 'Kent CRC', type: 'CRC' }, frameworkId: 'crc-2018', fieldworkStart: '2019-05-01', fieldworkEnd: '2019-05-10' });
}

describe('report text in the store, through the IPC handlers', () => {
  it('keeps every narrative section, figure, standard narrative and addressee, in a real SQLite file', async () => {
    const { id } = await inspection();
    expect(await ok('report.narrative.get', { inspectionId: id })).toEqual({ sections: {}, facts: {} });
    for (const key of INSPECTION_TEXT_KEYS) await ok('report.section.set', { inspectionId: id, key, text: `Text of ${key}` });
    await ok('report.section.set', { inspectionId: id, key: 'eligibility-start', text: '2018-11-01' });
    await ok('report.fact.set', { inspectionId: id, fact: 'workload-unmanageable', value: 69 });
    await ok('report.fact.set', { inspectionId: id, fact: 'average-caseload', value: 48.5 });
    await ok('report.fact.set', { inspectionId: id, fact: 'average-caseload', value: null }); // cleared
    await ok('report.text.set', { inspectionId: id, standardId: '2.1', strengths: 'S', improvements: 'I', narrative: 'N', practiceExamples: 'P' });
    // An older caller that sends only strengths and improvements leaves the narrative alone.
    expect(await ok('report.text.set', { inspectionId: id, standardId: '2.1', strengths: 'S2', improvements: 'I' })).toEqual({ strengths: 'S2', improvements: 'I', narrative: 'N', practiceExamples: 'P' });
    expect(await ok('recommendation.set', { inspectionId: id, items: [{ text: 'Do X', addressee: '' }, { text: 'Do Y', addressee: 'the Ministry of Justice' }, 'Do Z'] })).toEqual(['Do X', 'Do Y', 'Do Z']);
    // One at a time: an addressee given when adding, and changed on its own.
    const added = await ok('recommendation.add', { inspectionId: id, text: 'Do W', addressee: 'HM Prison and Probation Service' });
    expect(added).toMatchObject({ text: 'Do W', addressee: 'HM Prison and Probation Service' });
    expect(await ok('recommendation.edit', { id: added.id, addressee: '' })).toMatchObject({ text: 'Do W', addressee: '' });
    expect(await ok('recommendation.edit', { id: added.id, addressee: 'the Ministry of Justice' })).toMatchObject({ text: 'Do W', addressee: 'the Ministry of Justice' });

    // A fresh process on the same data file reads it all back.
    main.close();
    main = startMainProcess({ dataDir: dir, version: 'test', user: 'Test Inspector', log: { error: () => {} } });
    const n = await ok('report.narrative.get', { inspectionId: id });
    for (const key of INSPECTION_TEXT_KEYS) expect(n.sections[key]).toBe(`Text of ${key}`);
    expect(n.sections['eligibility-start']).toBe('2018-11-01');
    expect(n.facts).toEqual({ 'workload-unmanageable': 69 });
    expect((await ok('report.text.list', { inspectionId: id }))['2.1']).toEqual({ strengths: 'S2', improvements: 'I', narrative: 'N', practiceExamples: 'P' });
    expect((await ok('recommendation.items', { inspectionId: id })).map((r) => r.addressee)).toEqual(['', 'the Ministry of Justice', '', 'the Ministry of Justice']);
    // Each row has its own id and says who last changed it.
    const row = main.store.db.prepare<[], { id: string; updated_by: string }>("SELECT id, updated_by FROM report_section WHERE section = 'foreword'").get()!;
    expect(row.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(row.updated_by).toBe('Test Inspector');
  });

  it('every edit is a change in the log, with who and when, and reads in the audit trail', async () => {
    const { id } = await inspection();
    await ok('report.section.set', { inspectionId: id, key: 'foreword', text: 'First draft.' });
    await ok('report.section.set', { inspectionId: id, key: 'foreword', text: 'Second draft.' });
    await ok('report.section.set', { inspectionId: id, key: 'foreword', text: 'Second draft.' }); // no change: not logged
    await ok('report.fact.set', { inspectionId: id, fact: 'average-caseload', value: 48 });
    await ok('report.fact.set', { inspectionId: id, fact: 'average-caseload', value: null });
    await ok('report.text.set', { inspectionId: id, standardId: '2.1', strengths: '', improvements: '', narrative: 'N1', practiceExamples: '' });
    await ok('report.text.set', { inspectionId: id, standardId: '2.1', strengths: '', improvements: '', narrative: 'N2' });
    await ok('recommendation.set', { inspectionId: id, items: ['Do X'] });
    await ok('recommendation.set', { inspectionId: id, items: [{ text: 'Do X', addressee: 'the Ministry of Justice' }] });
    const log = main.store.changes(id).filter((c) => ['report-section', 'report-fact', 'report-text', 'recommendation'].includes(c.entity));
    expect(log.map((c) => [c.entity, c.field, c.item])).toEqual([
      ['report-section', '$create', 'foreword'],
      ['report-section', 'text', 'foreword'],
      ['report-fact', '$create', 'average-caseload'],
      ['report-fact', '$delete', 'average-caseload'],
      ['report-text', '$create', '2.1'],
      ['report-text', 'narrative', '2.1'],
      ['recommendation', '$create', null],
      ['recommendation', 'addressee', null],
    ]);
    for (const c of log) {
      expect(c.actor.name).toBe('Test Inspector');
      expect(c.at).toMatch(/^\d{4}-\d\d-\d\dT/);
    }
    const audit = await ok('audit.list', { inspectionId: id });
    expect(audit).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ what: 'report-text', item: 'foreword', field: 'text', oldValue: 'First draft.', newValue: 'Second draft.', changedBy: 'Test Inspector' }),
        expect.objectContaining({ what: 'report-text', item: '2.1', field: 'narrative', oldValue: 'N1', newValue: 'N2' }),
        expect.objectContaining({ what: 'recommendation', field: 'addressee', oldValue: '', newValue: 'the Ministry of Justice' }),
      ]),
    );
    // Replaying the log into an empty store rebuilds the report text row for row.
    const other = startMainProcess({ dataDir: mkdtempSync(join(tmpdir(), 'fieldwork-narrative-3-')), version: 'test', user: 'Someone Else', log: { error: () => {} } });
    try {
      other.store.replay(main.store.changes());
      expect(other.store.reportNarrative(id)).toEqual(main.store.reportNarrative(id));
      expect(other.store.standardTexts(id)).toEqual(main.store.standardTexts(id));
      expect(other.store.recommendationItems(id)).toEqual(main.store.recommendationItems(id));
    } finally {
      other.close();
    }
  });

  it('a final inspection refuses report text edits and keeps what it had', async () => {
    const { id } = await inspection();
    await ok('report.section.set', { inspectionId: id, key: 'foreword', text: 'Final words.' });
    await ok('inspection.setStatus', { id, status: 'final' });
    expect(await send('report.section.set', { inspectionId: id, key: 'foreword', text: 'Changed' })).toMatchObject({ ok: false, error: { code: 'FINAL' } });
    expect(await send('report.fact.set', { inspectionId: id, fact: 'caseload', value: 10 })).toMatchObject({ ok: false, error: { code: 'FINAL' } });
    expect(await ok('report.narrative.get', { inspectionId: id })).toEqual({ sections: { foreword: 'Final words.' }, facts: {} });
  });

  it('refuses bad input with a message naming the field, and writes nothing', async () => {
    const { id } = await inspection();
    await ok('report.fact.set', { inspectionId: id, fact: 'workload-unmanageable', value: 40 });
    expect(await send('report.fact.set', { inspectionId: id, fact: 'workload-unmanageable', value: 140 })).toMatchObject({ ok: false, error: { code: 'VALIDATION', fieldErrors: { value: 'that figure is too large' } } });
    expect(await send('report.fact.set', { inspectionId: id, fact: 'staff-in-post', value: -1 })).toMatchObject({ ok: false, error: { fieldErrors: { value: 'cannot be negative' } } });
    expect(await send('report.section.set', { inspectionId: id, key: 'eligibility-end', text: '14/12/2018' })).toMatchObject({ ok: false, error: { fieldErrors: { text: 'use a date like 2019-06-03' } } });
    expect(await send('report.section.set', { inspectionId: id, key: 'preface' as never, text: 'x' })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(await send('report.text.set', { inspectionId: id, standardId: '9.9', strengths: '', improvements: '' })).toMatchObject({ ok: false, error: { code: 'VALIDATION', fieldErrors: { standardId: 'unknown standard' } } });
    expect(await ok('report.narrative.get', { inspectionId: id })).toEqual({ sections: {}, facts: { 'workload-unmanageable': 40 } });
    // The table itself refuses an unknown section (the CHECK comes from the same list as the contract).
    expect(() => main.store.db.prepare("INSERT INTO report_section (id, inspection_id, section, text, updated_at) VALUES ('x', ?, 'preface', '', 't')").run(id)).toThrow(/CHECK/);
  });

  it('the report from the store prints it all; export and import carry it', async () => {
    const { id } = await inspection();
    await ok('report.section.set', { inspectionId: id, key: 'foreword', text: 'Our foreword.\n\nIts second paragraph.' });
    await ok('report.section.set', { inspectionId: id, key: 'title', text: 'An inspection of probation services in Kent' });
    await ok('report.section.set', { inspectionId: id, key: 'eligibility-start', text: '2018-11-01' });
    await ok('report.section.set', { inspectionId: id, key: 'eligibility-end', text: '2018-12-14' });
    await ok('report.fact.set', { inspectionId: id, fact: 'workload-unmanageable', value: 69 });
    await ok('report.text.set', { inspectionId: id, standardId: '1.2', strengths: '', improvements: '', narrative: 'Workloads were high.', practiceExamples: 'A good example.' });
    await ok('recommendation.set', { inspectionId: id, items: [{ text: 'Reduce workloads.', addressee: 'HM Prison and Probation Service' }] });
    await ok('judgement.note', { inspectionId: id, keyQuestionId: '1.2.1', text: 'Caseloads averaged 60.' });
    const framework = new FrameworkRegistry().get('crc-2018')!;
    const { input, personal } = reportInputFromStore(main.store, framework, id, '2019-06-30');
    const { bytes, model } = await renderDocx(input, personal);
    const text = await docxText(bytes);
    expect(model.title).toBe('An inspection of probation services in Kent');
    for (const t of ['Our foreword.', 'Its second paragraph.', 'Workloads were high.', 'A good example.', 'HM Prison and Probation Service should:', 'Reduce workloads.', 'Caseloads averaged 60.', '69%', 'between 1 November 2018 and 14 December 2018'])
      expect(text, t).toContain(t);

    const file = exportInspection(main.store, id);
    expect(file.reportSections).toEqual({ foreword: 'Our foreword.\n\nIts second paragraph.' });
    expect(file.inspection).toMatchObject({ title: 'An inspection of probation services in Kent', eligibilityStart: '2018-11-01', eligibilityEnd: '2018-12-14' });
    expect(file.contextFacts).toEqual({ 'workload-unmanageable': 69 });
    expect(file.reportText?.['1.2']).toMatchObject({ narrative: 'Workloads were high.', practiceExamples: 'A good example.' });
    expect(file.recommendations).toEqual([{ id: expect.any(String), text: 'Reduce workloads.', addressee: 'HM Prison and Probation Service' }]);
    // The file passes the real parser, and imports into another store with everything intact.
    const parsed = parseInspectionText(JSON.stringify(file), new FrameworkRegistry());
    expect(parsed.ok).toBe(true);
    const other = startMainProcess({ dataDir: mkdtempSync(join(tmpdir(), 'fieldwork-narrative-2-')), version: 'test', user: 'Test Inspector', log: { error: () => {} } });
    try {
      const newId = importInspection(other.store, file, '2019-07', { provider: { mode: 'auto' }, onDuplicate: 'keep-both' });
      expect(other.store.reportNarrative(newId)).toEqual(main.store.reportNarrative(id));
      expect(other.store.standardTexts(newId)).toEqual(main.store.standardTexts(id));
      expect(other.store.recommendationItems(newId)).toEqual(main.store.recommendationItems(id));
    } finally {
      other.close();
    }
  });
});
