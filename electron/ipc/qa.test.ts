import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Answer, agreement, caseStandards, drawDipSample, rateInspection, shippedFrameworks } from '../../core';
import { exportInspection } from '../../db';
import { inspectionFileSchema } from '../../core';
import { startMainProcess, type MainProcess } from '../main-process';
import { typedClient } from './typed-client';

// Quality assurance through the real IPC handlers on a real SQLite file: statuses, comments,
// blind second marking, agreement, consistency warnings and the dip sample.
let main: MainProcess;
beforeEach(() => {
  main = startMainProcess({ dataDir: mkdtempSync(join(tmpdir(), 'fieldwork-qa-')), user: 'Lee Lead', version: 'test', log: { error: () => {} } });
});
afterEach(() => main.close());
const { send, ok } = typedClient(() => main.dispatch);

const f = shippedFrameworks().get('crc-2018')!;
const KQS = caseStandards(f, 'case-supervision')
  .filter((s) => s.id !== '2.4')
  .flatMap((s) => s.keyQuestions.map((k) => k.id));

async function inspection() {
  return ok('inspection.create', { newProvider: { name: 'Kent CRC', type: 'CRC' }, frameworkId: 'crc-2018', fieldworkStart: '2019-05-01', fieldworkEnd: '2019-05-10' });
}

async function markedCase(inspectionId: string, ref: string, answer: (q: string) => Answer = () => 'yes', assignedInspector = 'Ana Inspector') {
  const c = await ok('case.add', { inspectionId, ref, assignedInspector, attributes: { reviewDue: false, roshLevel: 'high' } });
  for (const q of KQS) {
    const value = answer(q);
    await ok('case.answer', { caseId: c.id, questionId: q, value });
    if (value === 'no') await ok('case.note', { caseId: c.id, questionId: q, note: 'The plan did not address the risk to the partner.' });
  }
  await ok('case.complete', { caseId: c.id, complete: true });
  return c;
}

const qaChanges = (caseId: string) => main.store.changes().filter((c) => c.entity === 'case' && c.id === caseId && c.field === 'qaStatus');

describe('case statuses: one state machine, enforced on every write and logged', () => {
  it('Draft → Ready for QA → Returned → Ready for QA → QA complete → Final, each a change-log entry with who and when', async () => {
    const insp = await inspection();
    const c = await markedCase(insp.id, 'CS-01');
    expect((await ok('qa.case', { caseId: c.id })).status).toBe('draft');
    await ok('qa.transition', { caseId: c.id, action: 'send-to-qa' });
    const withComment = await ok('qa.comment.add', { caseId: c.id, questionId: '2.1.1', text: 'Evidence note does not support Yes' });
    expect(withComment.comments).toEqual([expect.objectContaining({ questionId: '2.1.1', author: 'Lee Lead', state: 'open', ref: 'CS-01' })]);
    await ok('qa.transition', { caseId: c.id, action: 'return' });
    const commentId = withComment.comments[0]!.id;
    await ok('qa.comment.reply', { commentId, text: 'Changed to No with a note.' });
    await ok('qa.transition', { caseId: c.id, action: 'send-to-qa' });
    // Cannot be QA complete while the comment is open (answered is still open).
    const refused = await send('qa.transition', { caseId: c.id, action: 'complete-qa' });
    expect(refused).toEqual({ ok: false, error: expect.objectContaining({ code: 'VALIDATION', message: 'The case has an open comment; resolve it first.' }) });
    const resolved = await ok('qa.comment.resolve', { commentId, resolved: true });
    expect(resolved.comments[0]).toMatchObject({ state: 'resolved', resolvedBy: 'Lee Lead', reply: 'Changed to No with a note.', repliedBy: 'Lee Lead' });
    await ok('qa.transition', { caseId: c.id, action: 'complete-qa' });
    const final = await ok('qa.transition', { caseId: c.id, action: 'finalise' });
    expect(final.status).toBe('final');
    expect(qaChanges(c.id).map((x) => [x.previous, x.value, x.actor.name])).toEqual([
      ['draft', 'ready-for-qa', 'Lee Lead'],
      ['ready-for-qa', 'returned', 'Lee Lead'],
      ['returned', 'ready-for-qa', 'Lee Lead'],
      ['ready-for-qa', 'qa-complete', 'Lee Lead'],
      ['qa-complete', 'final', 'Lee Lead'],
    ]);
    // The audit trail (a view of the log) shows them too.
    const trail = await ok('audit.list', { inspectionId: insp.id, caseRef: 'CS-01' });
    expect(trail.filter((e) => e.field === 'qaStatus').map((e) => e.newValue)).toEqual(['ready-for-qa', 'returned', 'ready-for-qa', 'qa-complete', 'final']);
    // A final case refuses changes to its answers, with the reason.
    const edit = await send('case.answer', { caseId: c.id, questionId: '2.1.1', value: 'no' });
    expect(edit).toEqual({ ok: false, error: expect.objectContaining({ message: 'This case is final; reopen it for QA before changing it.' }) });
    expect((await ok('case.get', { caseId: c.id })).answers.find((a) => a.questionId === '2.1.1')!.value).toBe('yes');
  });

  it('refuses moves the state machine does not allow, writing nothing', async () => {
    const insp = await inspection();
    const draft = await ok('case.add', { inspectionId: insp.id, ref: 'CS-02' });
    expect(await send('qa.transition', { caseId: draft.id, action: 'send-to-qa' })).toMatchObject({ ok: false, error: { message: expect.stringContaining('Mark the case complete') } });
    expect(await send('qa.transition', { caseId: draft.id, action: 'complete-qa' })).toMatchObject({ ok: false, error: { message: 'A case cannot go from Draft to QA complete.' } });
    const c = await markedCase(insp.id, 'CS-03');
    await ok('qa.transition', { caseId: c.id, action: 'send-to-qa' });
    expect(await send('qa.transition', { caseId: c.id, action: 'return' })).toMatchObject({ ok: false, error: { message: expect.stringContaining('Add a comment') } });
    expect(qaChanges(c.id)).toHaveLength(1);
    expect(qaChanges(draft.id)).toHaveLength(0);
    // The available actions say why each is not possible now.
    const view = await ok('qa.case', { caseId: c.id });
    expect(view.actions.filter((a) => a.allowed).map((a) => a.action)).toEqual(['complete-qa']);
    expect(view.actions.find((a) => a.action === 'return')!.reason).toContain('Add a comment');
  });

  it('the case list counts open comments and carries the QA status; comments never reach the report', async () => {
    const insp = await inspection();
    const c = await markedCase(insp.id, 'CS-01');
    await ok('qa.comment.add', { caseId: c.id, questionId: null, text: 'Whole case: check the sentence plan dates' });
    await ok('qa.comment.add', { caseId: c.id, questionId: '2.1.1.a', text: 'Prompt comment ZQX' });
    const [listed] = await ok('case.list', { inspectionId: insp.id });
    expect(listed).toMatchObject({ ref: 'CS-01', qaStatus: 'draft', openComments: 2 });
    expect((await ok('qa.comments', { inspectionId: insp.id })).map((x) => x.text)).toEqual(['Whole case: check the sentence plan dates', 'Prompt comment ZQX']);
    const { html } = await ok('report.preview', { inspectionId: insp.id });
    expect(html).not.toContain('ZQX');
    expect(html).not.toContain('sentence plan dates');
    // A comment on a question outside the case's sample is refused.
    expect(await send('qa.comment.add', { caseId: c.id, questionId: '4.1.1', text: 'x' })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  });
});

describe('blind second marking and agreement', () => {
  it('stored apart: never changes the ratings; the second marker sees attributes and questions, not the first marking', async () => {
    const insp = await inspection();
    const c = await markedCase(insp.id, 'CS-01', (q) => (q === '2.1.1' ? 'no' : 'yes'));
    const before = await ok('inspection.ratings', { inspectionId: insp.id });
    const view = await ok('qa.second.get', { caseId: c.id });
    expect(view).toMatchObject({ ref: 'CS-01', attributes: { reviewDue: false, roshLevel: 'high' }, answers: {}, by: null, blocked: null });
    expect(JSON.stringify(view)).not.toContain('"no"');
    const after = await ok('qa.second.answer', { caseId: c.id, questionId: '2.1.1', value: 'yes' });
    expect(after).toMatchObject({ answers: { '2.1.1': 'yes' }, by: 'Lee Lead' });
    expect(await ok('inspection.ratings', { inspectionId: insp.id })).toEqual(before);
    expect((await ok('case.get', { caseId: c.id })).answers.find((a) => a.questionId === '2.1.1')!.value).toBe('no');
    expect(main.store.changes().filter((x) => x.entity === 'second-answer')).toHaveLength(1);
  });

  it('the person who marked a case cannot second-mark it', async () => {
    const insp = await inspection();
    const c = await markedCase(insp.id, 'CS-01', () => 'yes', 'Lee Lead');
    expect((await ok('qa.second.get', { caseId: c.id })).blocked).toContain('You marked this case');
    expect(await send('qa.second.answer', { caseId: c.id, questionId: '2.1.1', value: 'yes' })).toMatchObject({
      ok: false,
      error: { message: 'A second marking is blind: the person who marked the case cannot mark it a second time.' },
    });
  });

  it('agreement through the app equals core’s on the same markings; the agreed answer is a normal answer change', async () => {
    const insp = await inspection();
    const firsts: Record<string, Answer>[] = [];
    const refs = ['CS-01', 'CS-02', 'CS-03'];
    for (const [i, ref] of refs.entries()) {
      const c = await markedCase(insp.id, ref, (q) => (KQS.indexOf(q) % (i + 2) === 0 ? 'no' : 'yes'));
      const second: Record<string, Answer> = {};
      for (const [j, q] of KQS.entries()) {
        const v: Answer = (j + i) % 3 === 0 ? 'no' : 'yes';
        second[q] = v;
        await ok('qa.second.answer', { caseId: c.id, questionId: q, value: v });
      }
      firsts.push(second);
    }
    const app = await ok('qa.agreement', { inspectionId: insp.id });
    const input = main.store.inspectionInput(insp.id).cases.map((c, i) => ({ ref: c.ref, answers: c.answers, secondMarking: { by: 'Lee Lead', answers: firsts[i]! } }));
    const core = agreement(f, input);
    expect(app.overall).toEqual(core.overall);
    expect(app.keyQuestions).toEqual(core.keyQuestions);
    expect(app.overall.caution).toBe(true);
    expect(app.disagreements.length).toBe(core.disagreements.length);
    expect(app.disagreements.length).toBeGreaterThan(0);
    // Moderation: the agreed answer goes in as an ordinary answer change, logged like any other.
    const d = app.disagreements[0]!;
    await ok('case.answer', { caseId: d.caseId, questionId: d.id, value: d.second });
    if (d.second === 'no') await ok('case.note', { caseId: d.caseId, questionId: d.id, note: 'Agreed at moderation: the plan missed the risk.' });
    const again = await ok('qa.agreement', { inspectionId: insp.id });
    expect(again.disagreements).not.toContainEqual(d);
  });
});

describe('second markings travel in inspection files', () => {
  it('export writes cases[].secondMarking; importing it elsewhere gives the same agreement', async () => {
    const insp = await inspection();
    const c = await markedCase(insp.id, 'CS-01', (q) => (q === '2.1.2' ? 'no' : 'yes'));
    await ok('qa.second.answer', { caseId: c.id, questionId: '2.1.1', value: 'yes' });
    await ok('qa.second.answer', { caseId: c.id, questionId: '2.1.2', value: 'yes' });
    const file = exportInspection(main.store, insp.id);
    expect(file.cases[0]!.secondMarking).toEqual({ by: 'Lee Lead', answers: { '2.1.1': 'yes', '2.1.2': 'yes' } });
    // The importing user is the case's own marker: the file names the second marker, so it is still blind.
    const other = startMainProcess({ dataDir: mkdtempSync(join(tmpdir(), 'fieldwork-qa-b-')), user: 'Ana Inspector', version: 'test', log: { error: () => {} } });
    try {
      const imported = await typedClient(() => other.dispatch).ok('exchange.import', { text: JSON.stringify(file), onDuplicate: 'keep-both', provider: { mode: 'auto' }, acceptUnchecked: true });
      const there = await typedClient(() => other.dispatch).ok('qa.agreement', { inspectionId: imported.inspectionId });
      const here = await ok('qa.agreement', { inspectionId: insp.id });
      expect(there.overall).toEqual(here.overall);
      expect(there.disagreements.map(({ caseId: _c, ...d }) => d)).toEqual([{ ref: 'CS-01', id: '2.1.2', first: 'no', second: 'yes', secondBy: 'Lee Lead' }]);
      expect(exportInspection(other.store, imported.inspectionId).cases[0]!.secondMarking).toEqual(file.cases[0]!.secondMarking);
    } finally {
      other.close();
    }
  });
});

describe('ratings from QA-complete cases only, consistency warnings and the dip sample', () => {
  it('the dashboard can rate from QA-complete cases only', async () => {
    const insp = await inspection();
    const a = await markedCase(insp.id, 'CS-01', () => 'yes');
    await markedCase(insp.id, 'CS-02', () => 'no');
    await ok('qa.transition', { caseId: a.id, action: 'send-to-qa' });
    await ok('qa.transition', { caseId: a.id, action: 'complete-qa' });
    const all = await ok('inspection.ratings', { inspectionId: insp.id });
    const passed = await ok('inspection.ratings', { inspectionId: insp.id, qaCompleteOnly: true });
    const cases = main.store.inspectionInput(insp.id);
    expect(passed).toEqual(rateInspection(f, { ...cases, cases: cases.cases.filter((c) => c.ref === 'CS-01') }));
    expect(all.standards.find((s) => s.id === '2.1')!.keyQuestions[0]!.percent).toBe(50);
    expect(passed.standards.find((s) => s.id === '2.1')!.keyQuestions[0]!.percent).toBe(100);
  });

  it('lists consistency warnings per inspection from the framework rules', async () => {
    const insp = await inspection();
    const c = await ok('case.add', { inspectionId: insp.id, ref: 'CS-09', attributes: { reviewDue: false } });
    await ok('case.answer', { caseId: c.id, questionId: '2.2.1', value: 'no' });
    await ok('case.note', { caseId: c.id, questionId: '2.2.1', note: 'Not done.' });
    await ok('case.answer', { caseId: c.id, questionId: '2.4.1', value: 'yes' });
    const w = await ok('qa.consistency', { inspectionId: insp.id });
    expect(w.map((x) => [x.ref, x.ruleId, x.questionId])).toEqual([
      ['CS-09', 'short-no-note', '2.2.1'],
      ['CS-09', 'reviewing-without-review-due', '2.4.1'],
    ]);
    expect(w[0]!.caseId).toBe(c.id);
  });

  it('draws a seeded dip sample, records its seed, rule and picks, and the same seed draws the same cases', async () => {
    const insp = await inspection();
    for (let i = 1; i <= 6; i++) await markedCase(insp.id, `CS-0${i}`, (q) => (q === '2.1.1' && i % 2 ? 'no' : 'yes'), i <= 4 ? 'Ana Inspector' : 'Lou Assessor');
    const rule = { per: 'share' as const, value: 0.25, weightByNoAnswers: true, weightByRosh: true };
    const drawn = await ok('qa.dip.draw', { inspectionId: insp.id, rule, seed: 'week-1' });
    expect(drawn.perMarker).toEqual([
      { marker: 'Ana Inspector', completed: 4, drawn: 1 },
      { marker: 'Lou Assessor', completed: 2, drawn: 1 },
    ]);
    const candidates = main.store.listCases(insp.id).map((c) => ({ ref: c.ref, marker: c.assignedInspector, completed: true, noAnswers: main.store.inspectionInput(insp.id).cases.find((x) => x.ref === c.ref)!.answers['2.1.1'] === 'no' ? 1 : 0, roshLevel: 'high' as const }));
    expect(drawn.picks).toEqual(drawDipSample(f, candidates, rule, 'week-1').picks);
    const list = await ok('qa.dip.list', { inspectionId: insp.id });
    expect(list).toEqual([expect.objectContaining({ seed: 'week-1', rule, picks: drawn.picks, drawnBy: 'Lee Lead' })]);
    const unseeded = await ok('qa.dip.draw', { inspectionId: insp.id, rule });
    expect(unseeded.seed).toMatch(/^[0-9a-f-]{36}$/);
    expect(main.store.changes().filter((x) => x.entity === 'dip-sample')).toHaveLength(2);
  });
});

describe('QA status and comments travel in inspection files', () => {
  /** A case with the whole QA round behind it: a resolved comment, a whole-case comment still answered, QA complete. */
  async function reviewed(inspectionId: string) {
    const c = await markedCase(inspectionId, 'CS-01');
    await ok('qa.transition', { caseId: c.id, action: 'send-to-qa' });
    const one = await ok('qa.comment.add', { caseId: c.id, questionId: '2.1.1', text: 'Evidence note does not support Yes' });
    await ok('qa.comment.reply', { commentId: one.comments[0]!.id, text: 'Checked again: page 3 covers it.' });
    await ok('qa.comment.resolve', { commentId: one.comments[0]!.id, resolved: true });
    await ok('qa.transition', { caseId: c.id, action: 'complete-qa' });
    await ok('qa.second.answer', { caseId: c.id, questionId: '2.1.1', value: 'no' });
    const other = await markedCase(inspectionId, 'CS-02');
    await ok('qa.transition', { caseId: other.id, action: 'send-to-qa' });
    await ok('qa.comment.add', { caseId: other.id, questionId: null, text: 'Which assessment is this?' });
    return { c, other };
  }
  const qaOf = async (client: ReturnType<typeof typedClient>, inspectionId: string) => {
    const cases = await client.ok('case.list', { inspectionId });
    const comments = await client.ok('qa.comments', { inspectionId });
    return {
      statuses: cases.map((c) => [c.ref, c.qaStatus, c.openComments]),
      comments: comments.map((m) => [m.ref, m.questionId, m.author, m.text, m.reply, m.repliedBy, m.state, m.resolvedBy]),
    };
  };
  const elsewhere = (user: string) => startMainProcess({ dataDir: mkdtempSync(join(tmpdir(), 'fieldwork-qa-file-')), user, version: 'test', log: { error: () => {} } });

  it('export writes cases[].qaStatus and cases[].comments; the file valid against its schema', async () => {
    const insp = await inspection();
    await reviewed(insp.id);
    const file = exportInspection(main.store, insp.id);
    expect(file.cases.map((c) => c.qaStatus)).toEqual(['qa-complete', 'ready-for-qa']);
    expect(file.cases[0]!.comments).toEqual([
      expect.objectContaining({ questionId: '2.1.1', author: 'Lee Lead', text: 'Evidence note does not support Yes', reply: 'Checked again: page 3 covers it.', repliedBy: 'Lee Lead', state: 'resolved', resolvedBy: 'Lee Lead' }),
    ]);
    expect(file.cases[1]!.comments).toEqual([expect.objectContaining({ questionId: null, text: 'Which assessment is this?', state: 'open' })]);
    expect(inspectionFileSchema.safeParse(file).success).toBe(true);
  });

  it('imported elsewhere (with its history, and as a second copy) the QA state is the same', async () => {
    const insp = await inspection();
    await reviewed(insp.id);
    const file = exportInspection(main.store, insp.id);
    const here = await qaOf(typedClient(() => main.dispatch), insp.id);
    const other = elsewhere('Ana Inspector');
    try {
      const client = typedClient(() => other.dispatch);
      const first = await client.ok('exchange.import', { text: JSON.stringify(file), onDuplicate: 'keep-both', provider: { mode: 'auto' }, acceptUnchecked: true });
      expect(first.inspectionId).toBe(insp.id);
      expect(await qaOf(client, first.inspectionId)).toEqual(here);
      // Who moved the status is kept from the file's log.
      expect(other.store.changes(insp.id).filter((c) => c.field === 'qaStatus').map((c) => [c.value, c.actor.name])).toEqual([
        ['ready-for-qa', 'Lee Lead'],
        ['qa-complete', 'Lee Lead'],
        ['ready-for-qa', 'Lee Lead'],
      ]);
      // A second copy starts a history of its own from the file's contents: the QA state comes with it.
      const copy = await client.ok('exchange.import', { text: JSON.stringify(file), onDuplicate: 'keep-both', provider: { mode: 'auto' }, acceptUnchecked: true });
      expect(copy.inspectionId).not.toBe(insp.id);
      expect(await qaOf(client, copy.inspectionId)).toEqual(here);
      expect(exportInspection(other.store, copy.inspectionId).cases.map(({ qaStatus, secondMarking }) => ({ qaStatus, secondMarking }))).toEqual(
        file.cases.map(({ qaStatus, secondMarking }) => ({ qaStatus, secondMarking })),
      );
    } finally {
      other.close();
    }
  });

  it('a file without a change log (version 1) brings its QA status and comments', async () => {
    const insp = await inspection();
    await reviewed(insp.id);
    const { id: _id, changes: _changes, exportedAt: _at, ...rest } = exportInspection(main.store, insp.id);
    const v1 = { ...rest, formatVersion: 1, cases: rest.cases.map(({ id: _c, completedAt: _d, reopenReason: _r, ...c }) => ({ ...c, comments: c.comments?.map(({ id: _m, ...m }) => m) })), recommendations: [] };
    const other = elsewhere('Ana Inspector');
    try {
      const client = typedClient(() => other.dispatch);
      const r = await client.ok('exchange.import', { text: JSON.stringify(v1), onDuplicate: 'keep-both', provider: { mode: 'auto' }, acceptUnchecked: true });
      expect(await qaOf(client, r.inspectionId)).toEqual(await qaOf(typedClient(() => main.dispatch), insp.id));
    } finally {
      other.close();
    }
  });

  it('replacing an inspection whose QA moved on since the file restores the file’s QA state (the state machine does not refuse a restore)', async () => {
    const insp = await inspection();
    const { c, other } = await reviewed(insp.id);
    const file = exportInspection(main.store, insp.id);
    // After the export: CS-01 is made final, a comment on CS-02 is resolved and CS-02 completes QA.
    await ok('qa.transition', { caseId: c.id, action: 'finalise' });
    const open = (await ok('qa.case', { caseId: other.id })).comments[0]!;
    await ok('qa.comment.resolve', { commentId: open.id, resolved: true });
    await ok('qa.transition', { caseId: other.id, action: 'complete-qa' });
    const before = await qaOf(typedClient(() => main.dispatch), insp.id);
    expect(before.statuses).toEqual([
      ['CS-01', 'final', 0],
      ['CS-02', 'qa-complete', 0],
    ]);
    await ok('exchange.import', { text: JSON.stringify(file), onDuplicate: 'replace', provider: { mode: 'auto' }, acceptUnchecked: true });
    const after = await qaOf(typedClient(() => main.dispatch), insp.id);
    expect(after.statuses).toEqual([
      ['CS-01', 'qa-complete', 0],
      ['CS-02', 'ready-for-qa', 1],
    ]);
    // Restored by changes of the importing user: nothing taken out of the history.
    expect(qaChanges(c.id).map((x) => x.value)).toEqual(['ready-for-qa', 'qa-complete', 'final', 'qa-complete']);
  });

  it('a comment on a question the framework does not have is refused with its path', async () => {
    const insp = await inspection();
    await reviewed(insp.id);
    const file = exportInspection(main.store, insp.id);
    const bad = { ...file, id: undefined, changes: undefined, cases: file.cases.map((c, i) => (i === 0 ? { ...c, comments: [{ ...c.comments![0]!, questionId: '9.9.9' }] } : c)) };
    const r = await send('exchange.check', { text: JSON.stringify(bad) });
    expect(JSON.stringify(r)).toContain('cases[0].comments[0].questionId');
  });
});

describe('deleting a case or an inspection', () => {
  it('deletes its QA comments, second answers and dip samples as logged changes, not by a silent cascade', async () => {
    const insp = await inspection();
    const c = await markedCase(insp.id, 'CS-01');
    await ok('qa.transition', { caseId: c.id, action: 'send-to-qa' });
    await ok('qa.comment.add', { caseId: c.id, questionId: '2.1.1', text: 'Evidence note does not support Yes' });
    await ok('qa.second.answer', { caseId: c.id, questionId: '2.1.1', value: 'no' });
    await ok('case.delete', { caseId: c.id });
    const deleted = (entity: string) => main.store.changes().filter((x) => x.entity === entity && x.field === '$delete').length;
    expect([deleted('qa-comment'), deleted('second-answer')]).toEqual([1, 1]);
    const d = await markedCase(insp.id, 'CS-02');
    await ok('qa.comment.add', { caseId: d.id, questionId: null, text: 'Which assessment is this?' });
    await ok('qa.dip.draw', { inspectionId: insp.id, rule: { per: 'number', value: 1, weightByNoAnswers: false, weightByRosh: false }, seed: 's' });
    await ok('inspection.delete', { id: insp.id });
    expect([deleted('qa-comment'), deleted('dip-sample')]).toEqual([2, 1]);
  });
});

describe("who may do what comes from the inspection's team list", () => {
  it('without a team list the user is the lead; with one, only the lead or a quality lead moves a case past Ready for QA, comments or resolves', async () => {
    const insp = await inspection();
    const c = await markedCase(insp.id, 'CS-01');
    expect((await ok('qa.case', { caseId: c.id })).reviewer).toBe(true);
    await ok('team.setMembers', {
      inspectionId: insp.id,
      members: [
        { name: 'Lee Lead', role: 'lead' },
        { name: 'Ana Inspector', role: 'inspector' },
        { name: 'Quinn Quality', role: 'quality-lead' },
      ],
    });
    // Ana marked the case: she may send it to QA, and nothing past that.
    main.store.setUserName('Ana Inspector');
    await ok('qa.transition', { caseId: c.id, action: 'send-to-qa' });
    const view = await ok('qa.case', { caseId: c.id });
    expect(view.reviewer).toBe(false);
    expect(view.actions.find((a) => a.action === 'complete-qa')).toMatchObject({ allowed: false });
    expect(await send('qa.transition', { caseId: c.id, action: 'complete-qa' })).toEqual({ ok: false, error: expect.objectContaining({ code: 'VALIDATION', message: expect.stringContaining('the lead inspector or a quality lead') }) });
    expect(await send('qa.comment.add', { caseId: c.id, questionId: null, text: 'Looks fine to me' })).toEqual({ ok: false, error: expect.objectContaining({ message: 'Only the lead inspector or a quality lead may comment for QA.' }) });
    // Someone not on the list has no role at all.
    main.store.setUserName('Sam Stranger');
    expect(await send('qa.transition', { caseId: c.id, action: 'return' })).toMatchObject({ ok: false });
    // The quality lead (named as the list spells it, whatever the case) comments and completes.
    main.store.setUserName('quinn quality');
    const commented = await ok('qa.comment.add', { caseId: c.id, questionId: '2.1.1', text: 'Evidence note does not support Yes' });
    expect(commented.reviewer).toBe(true);
    await ok('qa.comment.resolve', { commentId: commented.comments[0]!.id, resolved: true });
    expect((await ok('qa.transition', { caseId: c.id, action: 'complete-qa' })).status).toBe('qa-complete');
    expect(qaChanges(c.id).map((x) => [x.value, x.actor.name])).toEqual([
      ['ready-for-qa', 'Ana Inspector'],
      ['qa-complete', 'quinn quality'],
    ]);
  });

  it('a team list that names no lead (the lead listing the people they lead) leaves the store’s user as the lead', async () => {
    const insp = await inspection();
    const c = await markedCase(insp.id, 'CS-01', () => 'yes', 'Inspector A');
    await ok('team.setMembers', { inspectionId: insp.id, members: [{ name: 'Inspector A', role: 'inspector' }, { name: 'Inspector B', role: 'local-assessor' }] });
    await ok('case.answer', { caseId: c.id, questionId: '2.1.1', value: 'na' });
    await ok('qa.transition', { caseId: c.id, action: 'send-to-qa' });
    expect((await ok('qa.case', { caseId: c.id })).reviewer).toBe(true);
  });
});
