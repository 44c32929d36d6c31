import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Answer, caseStandards, shippedFrameworks } from '../../core';
import { teamStore } from '../../db';
import { seal, unseal } from '../files/seal';
import { startMainProcess, type MainProcess } from '../main-process';
import type { MainServices } from '../services';
import { typedClient } from './typed-client';

// QA state through team fieldwork's three-way merge, on real SQLite files driven through the real
// IPC handlers: the lead's laptop and the inspectors' (each their own store).
const PASS = 'a long shared passphrase';
const f = shippedFrameworks().get('crc-2018')!;
const KQS = caseStandards(f, 'case-supervision')
  .filter((s) => s.id !== '2.4')
  .flatMap((s) => s.keyQuestions.map((k) => k.id));

interface Laptop {
  main: MainProcess;
  saves: (string | null)[];
  api: ReturnType<typeof typedClient>;
}

function laptop(user: string): Laptop {
  const saves: (string | null)[] = [];
  const services: MainServices = {
    chooseSavePath: async () => saves.shift() ?? null,
    chooseOpenPath: async () => null,
    printToPdf: () => Promise.reject(new Error('unused')),
    today: () => '2019-06-05',
  };
  const main = startMainProcess({ dataDir: mkdtempSync(join(tmpdir(), 'fieldwork-team-qa-')), version: 'test', user, log: { error: (...a: unknown[]) => console.error(...a) }, services });
  return { main, saves, api: typedClient(() => main.dispatch) };
}

let lead: Laptop;
let asha: Laptop;
let dir: string;
let inspectionId: string;
const id = (l: Laptop, ref: string) => l.main.store.listCases(inspectionId).find((c) => c.ref === ref)!.id;
const qaOf = (l: Laptop, ref: string) => l.api.ok('qa.case', { caseId: id(l, ref) });

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'fieldwork-team-qa-files-'));
  lead = laptop('Lee Lead');
  asha = laptop('Asha Patel');
  const insp = await lead.api.ok('inspection.create', { newProvider: { name: 'Team CRC', type: 'CRC' }, frameworkId: 'crc-2018', fieldworkStart: '2019-06-03', fieldworkEnd: '2019-06-14', caseloadSize: null });
  inspectionId = insp.id;
  for (const ref of ['CS-01', 'CS-02', 'CS-03']) await lead.api.ok('case.add', { inspectionId, ref, assignedInspector: 'Asha Patel', attributes: { reviewDue: false, roshLevel: 'high' } });
  await lead.api.ok('case.add', { inspectionId, ref: 'CS-09', assignedInspector: 'Quinn Quality', attributes: { reviewDue: false, roshLevel: 'high' } });
  await lead.api.ok('team.setMembers', {
    inspectionId,
    members: [
      { name: 'Lee Lead', role: 'lead' },
      { name: 'Asha Patel', role: 'inspector' },
      { name: 'Quinn Quality', role: 'quality-lead' },
    ],
  });
});
afterEach(() => {
  lead.main.close();
  asha.main.close();
});

async function issue(to: Laptop, inspector: string): Promise<void> {
  const path = join(dir, `${inspector}-package.fieldwork.json`);
  lead.saves.push(path);
  await lead.api.ok('package.issue', { inspectionId, inspector, passphrase: PASS });
  await to.api.ok('package.import', { text: readFileSync(path, 'utf8'), passphrase: PASS });
}

async function exportReturn(from: Laptop, name: string): Promise<string> {
  const path = join(dir, name);
  from.saves.push(path);
  await from.api.ok('package.return', { inspectionId, passphrase: PASS });
  return readFileSync(path, 'utf8');
}

/** Marks every applicable key question and completes the case, on the given laptop. */
async function mark(l: Laptop, ref: string, answer: (q: string) => Answer = () => 'yes') {
  for (const q of KQS) {
    await l.api.ok('case.answer', { caseId: id(l, ref), questionId: q, value: answer(q) });
    if (answer(q) === 'no') await l.api.ok('case.note', { caseId: id(l, ref), questionId: q, note: 'The plan did not address the risk to the partner.' });
  }
  await l.api.ok('case.complete', { caseId: id(l, ref), complete: true });
}

describe('QA state travels in returns and merges per field', () => {
  it("brings the inspector's reply, the comment's new state and the QA status back, as the inspector and from the return", async () => {
    const commented = await lead.api.ok('qa.comment.add', { caseId: id(lead, 'CS-01'), questionId: '2.1.1', text: 'Evidence note does not support Yes' });
    const commentId = commented.comments[0]!.id;
    await issue(asha, 'Asha Patel');
    // The comment reaches the inspector with its id: the return brings it back by that id.
    expect((await qaOf(asha, 'CS-01')).comments.map((c) => c.id)).toEqual([commentId]);

    await mark(asha, 'CS-01');
    await asha.api.ok('qa.comment.reply', { commentId, text: 'Note rewritten with the date of the review.' });
    await asha.api.ok('qa.transition', { caseId: id(asha, 'CS-01'), action: 'send-to-qa' });
    const text = await exportReturn(asha, 'r1.fieldwork.json');

    const check = await lead.api.ok('package.check', { text, passphrase: PASS });
    if (check.kind !== 'return') throw new Error('expected a return');
    const qaLines = check.preview.applied.filter((a) => a.field === 'qa.status' || a.field.startsWith('qa.comments.'));
    expect(qaLines).toEqual([
      { ref: 'CS-01', field: `qa.comments.${commentId}.reply`, from: null, to: 'Note rewritten with the date of the review.', by: 'Asha Patel' },
      { ref: 'CS-01', field: `qa.comments.${commentId}.state`, from: 'open', to: 'answered', by: 'Asha Patel' },
      { ref: 'CS-01', field: 'qa.status', from: null, to: 'ready-for-qa', by: 'Asha Patel' },
    ]);
    expect(check.preview.refused).toEqual([]);

    await lead.api.ok('package.merge', { text, passphrase: PASS });
    const qa = await qaOf(lead, 'CS-01');
    expect(qa.status).toBe('ready-for-qa');
    expect(qa.comments).toEqual([expect.objectContaining({ id: commentId, reply: 'Note rewritten with the date of the review.', repliedBy: 'Asha Patel', state: 'answered' })]);
    // Through the one write path: logged as Asha's changes, the return as their reason.
    const logged = lead.main.store.changes(inspectionId).filter((c) => (c.entity === 'case' && c.field === 'qaStatus') || c.entity === 'qa-comment');
    expect(logged.filter((c) => c.actor.name === 'Asha Patel').map((c) => [c.entity, c.field, c.value])).toEqual([
      ['qa-comment', 'reply', 'Note rewritten with the date of the review.'],
      ['qa-comment', 'repliedBy', 'Asha Patel'],
      ['qa-comment', 'state', 'answered'],
      ['case', 'qaStatus', 'ready-for-qa'],
    ]);
    expect(logged.filter((c) => c.actor.name === 'Asha Patel').every((c) => (c.reason ?? '').startsWith('return from Asha Patel'))).toBe(true);

    // The same return again changes nothing.
    const count = lead.main.store.changes(inspectionId).length;
    expect((await lead.api.ok('package.merge', { text, passphrase: PASS })).applied).toEqual([]);
    expect(lead.main.store.changes(inspectionId).length).toBe(count);
  });

  it("refuses what the team list does not let the inspector do (QA complete, resolving a comment) with the rule's reason, and merges the rest only once the lead confirms", async () => {
    const commented = await lead.api.ok('qa.comment.add', { caseId: id(lead, 'CS-01'), questionId: null, text: 'Check the dates of contact.' });
    const commentId = commented.comments[0]!.id;
    await issue(asha, 'Asha Patel');
    // Her laptop has no team list, so there she may do anything: the lead's store decides on merge.
    await mark(asha, 'CS-01');
    await asha.api.ok('qa.transition', { caseId: id(asha, 'CS-01'), action: 'send-to-qa' });
    await asha.api.ok('qa.comment.resolve', { commentId, resolved: true });
    await asha.api.ok('qa.transition', { caseId: id(asha, 'CS-01'), action: 'complete-qa' });
    expect((await qaOf(asha, 'CS-01')).status).toBe('qa-complete');
    const text = await exportReturn(asha, 'r1.fieldwork.json');

    const check = await lead.api.ok('package.check', { text, passphrase: PASS });
    if (check.kind !== 'return') throw new Error('expected a return');
    expect(check.preview.refused).toEqual([
      { ref: 'CS-01', field: `qa.comments.${commentId}.state`, reason: 'Only the lead inspector or a quality lead may resolve a comment.' },
      { ref: 'CS-01', field: 'qa.status', reason: 'Only the lead inspector or a quality lead may mark QA complete.' },
    ]);
    const before = lead.main.store.changes(inspectionId).length;
    const refused = await lead.api.send('package.merge', { text, passphrase: PASS });
    expect(refused).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(lead.main.store.changes(inspectionId).length).toBe(before);

    await lead.api.ok('package.merge', { text, passphrase: PASS, confirmRefused: true });
    const qa = await qaOf(lead, 'CS-01');
    // Her marking and completion came in; the QA moves she may not make did not.
    expect(lead.main.store.listCases(inspectionId).find((c) => c.ref === 'CS-01')!.status).toBe('complete');
    expect(qa.status).toBe('draft');
    expect(qa.comments[0]).toMatchObject({ id: commentId, state: 'open' });
  });

  it('a two-sided change to a comment is a conflict in the Conflicts list: the lead resolved it while the inspector answered it; take and keep', async () => {
    const c1 = (await lead.api.ok('qa.comment.add', { caseId: id(lead, 'CS-01'), questionId: '2.1.1', text: 'Evidence note does not support Yes' })).comments[0]!.id;
    const c2 = (await lead.api.ok('qa.comment.add', { caseId: id(lead, 'CS-02'), questionId: null, text: 'Whose risk plan is this?' })).comments[0]!.id;
    await issue(asha, 'Asha Patel');
    // On the lead's laptop the quality decisions go on while the cases are out.
    await lead.api.ok('qa.comment.resolve', { commentId: c1, resolved: true });
    await lead.api.ok('qa.comment.resolve', { commentId: c2, resolved: true });
    await asha.api.ok('qa.comment.reply', { commentId: c1, text: 'Changed to No.' });
    await asha.api.ok('qa.comment.reply', { commentId: c2, text: 'The probation officer’s.' });
    const text = await exportReturn(asha, 'r1.fieldwork.json');

    const merged = await lead.api.ok('package.merge', { text, passphrase: PASS });
    // The reply is hers alone: applied. The state moved on both sides, differently: a conflict.
    expect(merged.applied.map((a) => a.field)).toEqual([`qa.comments.${c1}.reply`, `qa.comments.${c2}.reply`]);
    const conflicts = await lead.api.ok('conflict.list', { inspectionId });
    expect(conflicts.map(({ ref, field, base, current, incoming, by }) => ({ ref, field, base, current, incoming, by }))).toEqual([
      { ref: 'CS-01', field: `qa.comments.${c1}.state`, base: 'open', current: 'resolved', incoming: 'answered', by: 'Asha Patel' },
      { ref: 'CS-02', field: `qa.comments.${c2}.state`, base: 'open', current: 'resolved', incoming: 'answered', by: 'Asha Patel' },
    ]);
    await lead.api.ok('conflict.resolve', { conflictId: conflicts[0]!.id, resolution: 'take' });
    await lead.api.ok('conflict.resolve', { conflictId: conflicts[1]!.id, resolution: 'keep' });
    expect((await qaOf(lead, 'CS-01')).comments[0]).toMatchObject({ state: 'answered', reply: 'Changed to No.' });
    expect((await qaOf(lead, 'CS-02')).comments[0]).toMatchObject({ state: 'resolved', reply: 'The probation officer’s.' });
    expect(await lead.api.ok('conflict.list', { inspectionId })).toEqual([]);
    // The same return again reopens nothing.
    await lead.api.ok('package.merge', { text, passphrase: PASS });
    expect(await lead.api.ok('conflict.list', { inspectionId })).toEqual([]);
  });

  it("a quality lead's return brings a new comment (with its author) back; a blind second marking in a return merges apart from the answers", async () => {
    const quinn = laptop('Quinn Quality');
    try {
      await issue(quinn, 'Quinn Quality');
      await mark(quinn, 'CS-09');
      const added = await quinn.api.ok('qa.comment.add', { caseId: id(quinn, 'CS-09'), questionId: '2.1.2', text: 'Is the review date right?' });
      const newId = added.comments[0]!.id;
      const text = await exportReturn(quinn, 'q1.fieldwork.json');
      const merged = await lead.api.ok('package.merge', { text, passphrase: PASS });
      expect(merged.refused).toEqual([]);
      expect(merged.applied.filter((a) => a.field.startsWith('qa.comments.'))).toEqual([
        { ref: 'CS-09', field: `qa.comments.${newId}`, from: null, to: 'Is the review date right?', by: 'Quinn Quality' },
        { ref: 'CS-09', field: `qa.comments.${newId}.state`, from: null, to: 'open', by: 'Quinn Quality' },
      ]);
      expect((await qaOf(lead, 'CS-09')).comments).toEqual([expect.objectContaining({ id: newId, questionId: '2.1.2', author: 'Quinn Quality', text: 'Is the review date right?', state: 'open' })]);
    } finally {
      quinn.main.close();
    }

    // Asha's return, edited by hand to carry Quinn's blind second marking of CS-01 (a return edited by hand merges like one made in the app).
    await issue(asha, 'Asha Patel');
    await mark(asha, 'CS-01');
    const ret = JSON.parse(await unseal(await exportReturn(asha, 'r1.fieldwork.json'), PASS));
    const cs01 = ret.cases.find((c: { ref: string }) => c.ref === 'CS-01');
    cs01.secondMarking = { by: 'Quinn Quality', answers: { '2.1.1': 'no', '2.1.2': 'yes' } };
    // And Asha's own second marking of her own case, which the blind rule refuses.
    const cs02 = ret.cases.find((c: { ref: string }) => c.ref === 'CS-02');
    cs02.secondMarking = { by: 'Asha Patel', answers: { '2.1.1': 'yes' } };
    delete ret.checksum;
    const path = join(dir, 'r1-edited.fieldwork.json');
    writeFileSync(path, await seal(JSON.stringify(ret), PASS));
    const check = await lead.api.ok('package.check', { text: readFileSync(path, 'utf8'), passphrase: PASS });
    if (check.kind !== 'return') throw new Error('expected a return');
    expect(check.preview.applied.filter((a) => a.field.startsWith('secondMarking.'))).toEqual([
      { ref: 'CS-01', field: 'secondMarking.2.1.1', from: null, to: 'no', by: 'Quinn Quality' },
      { ref: 'CS-01', field: 'secondMarking.2.1.2', from: null, to: 'yes', by: 'Quinn Quality' },
    ]);
    expect(check.preview.refused).toEqual([{ ref: 'CS-02', field: 'secondMarking.2.1.1', reason: 'A second marking is blind: the person who marked the case cannot mark it a second time.' }]);
    await lead.api.ok('package.merge', { text: readFileSync(path, 'utf8'), passphrase: PASS, confirmRefused: true });
    const second = await lead.api.ok('qa.second.get', { caseId: id(lead, 'CS-01') });
    expect(second).toMatchObject({ by: 'Quinn Quality', answers: { '2.1.1': 'no', '2.1.2': 'yes' } });
    expect(Object.keys(second.answers)).toHaveLength(2);
    // Stored apart: the case's own answers are Asha's.
    expect(lead.main.store.getCase(id(lead, 'CS-01')).answers.find((a) => a.questionId === '2.1.1')!.value).toBe('yes');
  });
});

describe("a package's base is each field's revision when it was issued", () => {
  it('records the revisions at issue; a change the lead made and changed back still counts as the lead’s, and the bases move on as changes are applied', async () => {
    await lead.api.ok('case.answer', { caseId: id(lead, 'CS-03'), questionId: '2.1.1', value: 'yes' });
    await issue(asha, 'Asha Patel');
    const [pkg] = teamStore(lead.main.store).packages(inspectionId);
    const answerRevision = lead.main.store.changes(inspectionId).filter((c) => c.entity === 'answer' && c.item === '2.1.1').at(-1)!.clock;
    expect(pkg!.revisions?.['CS-03']).toMatchObject({ 'answers.2.1.1': answerRevision, 'notes.2.1.1': answerRevision });
    expect(Object.keys(pkg!.revisions ?? {}).sort()).toEqual(['CS-01', 'CS-02', 'CS-03']);

    // On the lead's laptop the answer is changed and changed back (by any path: here the store's write path itself).
    const answerId = lead.main.store.changes(inspectionId).find((c) => c.entity === 'answer' && c.item === '2.1.1' && c.field === '$create')!.id;
    lead.main.store.apply([{ entity: 'answer', id: answerId, field: 'value', value: 'no' }]);
    lead.main.store.apply([{ entity: 'answer', id: answerId, field: 'value', value: 'yes' }]);
    await asha.api.ok('case.answer', { caseId: id(asha, 'CS-03'), questionId: '2.1.1', value: 'na' });
    // And one-sided work: a new answer, then (in a later return) its note; a changed answer, changed again later.
    await asha.api.ok('case.answer', { caseId: id(asha, 'CS-03'), questionId: '2.1.2', value: 'no' });
    await asha.api.ok('case.answer', { caseId: id(asha, 'CS-02'), questionId: '2.1.1', value: 'yes' });
    const r1 = await exportReturn(asha, 'r1.fieldwork.json');
    const m1 = await lead.api.ok('package.merge', { text: r1, passphrase: PASS });
    expect(m1.conflicts).toEqual([{ ref: 'CS-03', field: 'answers.2.1.1', base: 'yes', current: 'yes', incoming: 'na', by: 'Asha Patel' }]);
    expect(m1.applied.map((a) => `${a.ref} ${a.field} ${a.to}`)).toEqual(['CS-02 answers.2.1.1 yes', 'CS-03 answers.2.1.2 no']);

    await asha.api.ok('case.note', { caseId: id(asha, 'CS-03'), questionId: '2.1.2', note: 'No contingency plan.' });
    await asha.api.ok('case.answer', { caseId: id(asha, 'CS-02'), questionId: '2.1.1', value: 'no' });
    await asha.api.ok('case.note', { caseId: id(asha, 'CS-02'), questionId: '2.1.1', note: 'Risk to the partner not assessed.' });
    const r2 = await exportReturn(asha, 'r2.fieldwork.json');
    const m2 = await lead.api.ok('package.merge', { text: r2, passphrase: PASS });
    // Fields the first merge wrote are the base's now: her later changes to them are hers alone.
    expect(m2.applied.map((a) => `${a.ref} ${a.field} ${a.to}`)).toEqual(['CS-02 answers.2.1.1 no', 'CS-02 notes.2.1.1 Risk to the partner not assessed.', 'CS-03 notes.2.1.2 No contingency plan.']);
    expect(m2.conflicts).toEqual([{ ref: 'CS-03', field: 'answers.2.1.1', base: 'yes', current: 'yes', incoming: 'na', by: 'Asha Patel' }]);
  });

  it("never trusts the base a return carries: a return claiming another base is merged against the lead's record", async () => {
    await lead.api.ok('case.answer', { caseId: id(lead, 'CS-01'), questionId: '2.1.1', value: 'yes' });
    await issue(asha, 'Asha Patel');
    await asha.api.ok('case.answer', { caseId: id(asha, 'CS-01'), questionId: '2.1.1', value: 'no' });
    await asha.api.ok('case.note', { caseId: id(asha, 'CS-01'), questionId: '2.1.1', note: 'No plan.' });
    const ret = JSON.parse(await unseal(await exportReturn(asha, 'r1.fieldwork.json'), PASS));
    // The return claims the base was already "no": were it trusted, the lead's "yes" would look like the lead's own change.
    ret.package.base['CS-01'].answers['2.1.1'] = 'no';
    delete ret.checksum;
    const merged = await lead.api.ok('package.merge', { text: await seal(JSON.stringify(ret), PASS), passphrase: PASS });
    expect(merged.applied).toContainEqual({ ref: 'CS-01', field: 'answers.2.1.1', from: 'yes', to: 'no', by: 'Asha Patel' });
    expect(merged.conflicts).toEqual([]);
  });
});

describe('a merge leaves each case as the inspector left it', () => {
  it('a complete case whose answer became "No" with a note in the return stays complete: the answer and its note are written together', async () => {
    await issue(asha, 'Asha Patel');
    await mark(asha, 'CS-01');
    await lead.api.ok('package.merge', { text: await exportReturn(asha, 'r1.fieldwork.json'), passphrase: PASS });
    expect(lead.main.store.getCase(id(lead, 'CS-01')).status).toBe('complete');
    // On her laptop the note comes first, so the case never lacks it and stays complete.
    await asha.api.ok('case.note', { caseId: id(asha, 'CS-01'), questionId: '2.1.1', note: 'The plan did not address the risk to the partner.' });
    await asha.api.ok('case.answer', { caseId: id(asha, 'CS-01'), questionId: '2.1.1', value: 'no' });
    expect(asha.main.store.getCase(id(asha, 'CS-01')).status).toBe('complete');

    const before = lead.main.store.changes(inspectionId).length;
    await lead.api.ok('package.merge', { text: await exportReturn(asha, 'r2.fieldwork.json'), passphrase: PASS });
    const c = lead.main.store.getCase(id(lead, 'CS-01'));
    expect(c.answers.find((a) => a.questionId === '2.1.1')).toMatchObject({ value: 'no', note: 'The plan did not address the risk to the partner.' });
    expect(c).toMatchObject({ status: 'complete', reopenReason: null });
    // Nothing reopened it on the way: the merge wrote the answer and the note, and nothing else.
    expect(lead.main.store.changes(inspectionId).slice(before).filter((x) => x.entity !== 'work-package').map((x) => [x.entity, x.field])).toEqual([
      ['answer', 'value'],
      ['answer', 'note'],
    ]);
  });
});

describe('several returns merged at once', () => {
  it('one preview per file, nothing written by it; one merge equal to merging them one by one in another order; the same return again changes nothing', async () => {
    const ben = laptop('Ben Okoro');
    const copy = laptop('Lee Lead');
    try {
      for (const ref of ['CS-05', 'CS-06']) await lead.api.ok('case.add', { inspectionId, ref, assignedInspector: 'Ben Okoro', attributes: { reviewDue: false, roshLevel: 'high' } });
      await lead.api.ok('case.answer', { caseId: id(lead, 'CS-02'), questionId: '2.1.1', value: 'yes' });
      await issue(asha, 'Asha Patel');
      await issue(ben, 'Ben Okoro');
      // The lead's laptop copied (its own log, packages and all) to merge the same returns another way.
      const { exportInspection, importInspection } = await import('../../db');
      importInspection(copy.main.store, exportInspection(lead.main.store, inspectionId), '2019-07', { onDuplicate: 'replace', provider: { mode: 'auto' } });
      expect(teamStore(copy.main.store).packages(inspectionId).map((p) => p.inspector).sort()).toEqual(['Asha Patel', 'Ben Okoro']);

      await asha.api.ok('case.answer', { caseId: id(asha, 'CS-01'), questionId: '2.1.1', value: 'no' });
      await asha.api.ok('case.note', { caseId: id(asha, 'CS-01'), questionId: '2.1.1', note: 'No plan.' });
      const ra1 = await exportReturn(asha, 'ra1.fieldwork.json');
      await asha.api.ok('case.answer', { caseId: id(asha, 'CS-02'), questionId: '2.1.1', value: 'na' });
      const ra2 = await exportReturn(asha, 'ra2.fieldwork.json');
      await ben.api.ok('case.answer', { caseId: id(ben, 'CS-05'), questionId: '2.1.1', value: 'yes' });
      const rb = await exportReturn(ben, 'rb.fieldwork.json');
      // A change on the lead's side too, on both copies alike, so there is a conflict to agree on.
      for (const l of [lead, copy]) {
        const answerId = l.main.store.changes(inspectionId).find((c) => c.entity === 'answer' && c.caseId === id(l, 'CS-02') && c.field === '$create')!.id;
        l.main.store.apply([{ entity: 'answer', id: answerId, field: 'value', value: 'no' }]);
        l.main.store.apply([{ entity: 'answer', id: answerId, field: 'note', value: 'Seen by the lead.' }]);
      }

      const files = [
        { name: 'rb.fieldwork.json', text: rb },
        { name: 'ra2.fieldwork.json', text: ra2 },
        { name: 'ra1.fieldwork.json', text: ra1 },
      ];
      const before = lead.main.store.changes(inspectionId).length;
      const preview = await lead.api.ok('package.mergeMany', { files, passphrase: PASS, dryRun: true });
      expect(lead.main.store.changes(inspectionId).length).toBe(before);
      expect(preview.files.map((f) => [f.file, f.inspector, f.applied.map((a) => `${a.ref} ${a.field} ${a.to}`), f.conflicts.map((c) => `${c.ref} ${c.field}`)])).toEqual([
        ['rb.fieldwork.json', 'Ben Okoro', ['CS-05 answers.2.1.1 yes'], []],
        // Returns of one package go oldest first: a change is listed once, with the return that first brought it.
        ['ra2.fieldwork.json', 'Asha Patel', [], ['CS-02 answers.2.1.1']],
        ['ra1.fieldwork.json', 'Asha Patel', ['CS-01 answers.2.1.1 no', 'CS-01 notes.2.1.1 No plan.'], ['CS-02 answers.2.1.1']],
      ]);
      const merged = await lead.api.ok('package.mergeMany', { files, passphrase: PASS });
      expect(merged.openConflicts).toBe(1);

      // The copy merges them one at a time, oldest last.
      for (const text of [ra2, rb, ra1]) await copy.api.ok('package.merge', { text, passphrase: PASS });
      const state = (l: Laptop) => ({
        cases: teamStore(l.main.store).snapshot(inspectionId),
        conflicts: teamStore(l.main.store)
          .conflicts(inspectionId)
          .map(({ ref, field, base, incoming, by }) => ({ ref, field, base, incoming, by })),
      });
      expect(state(lead)).toEqual(state(copy));
      expect(state(lead).conflicts).toEqual([{ ref: 'CS-02', field: 'answers.2.1.1', base: 'yes', incoming: 'na', by: 'Asha Patel' }]);

      // All of them again: nothing changes.
      const count = lead.main.store.changes(inspectionId).length;
      const again = await lead.api.ok('package.mergeMany', { files: [...files, files[0]!], passphrase: PASS });
      expect(again.files.flatMap((f) => f.applied)).toEqual([]);
      expect(lead.main.store.changes(inspectionId).length).toBe(count);
      expect(state(lead)).toEqual(state(copy));
    } finally {
      ben.main.close();
      copy.main.close();
    }
  });

  it('refuses the lot, naming the file, when one cannot be read; and a return of another inspection among them needs the lead to confirm', async () => {
    await issue(asha, 'Asha Patel');
    await asha.api.ok('case.answer', { caseId: id(asha, 'CS-01'), questionId: '2.1.1', value: 'yes' });
    const ra = await exportReturn(asha, 'ra.fieldwork.json');
    const bad = await lead.api.send('package.mergeMany', { files: [{ name: 'ra.fieldwork.json', text: ra }, { name: 'broken.json', text: '{"format":' }], passphrase: PASS });
    expect(bad).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: expect.stringMatching(/^broken\.json: /) } });
    expect(teamStore(lead.main.store).snapshot(inspectionId)['CS-01']!.answers).toEqual({});

    // A return for another inspection, chosen on this inspection's Team tab among the others: that
    // file is refused with which inspection it is for, and the rest merges only once the lead confirms.
    const elsewhere = JSON.parse(await unseal(ra, PASS));
    elsewhere.id = '99999999-9999-4999-8999-999999999999';
    elsewhere.package.inspectionId = elsewhere.id;
    delete elsewhere.checksum;
    const files = [
      { name: 'ra.fieldwork.json', text: ra },
      { name: 'other.fieldwork.json', text: JSON.stringify(elsewhere) },
    ];
    const reason = "this return is for another inspection (Team CRC, fieldwork from 03/06/2019), not this one: merge it from that inspection's Team tab";
    const preview = await lead.api.ok('package.mergeMany', { files, passphrase: PASS, inspectionId, dryRun: true });
    expect(preview.files.map((f) => [f.file, f.applied.map((a) => `${a.ref} ${a.field}`), f.refused])).toEqual([
      ['ra.fieldwork.json', ['CS-01 answers.2.1.1'], []],
      ['other.fieldwork.json', [], [{ ref: null, reason }]],
    ]);
    const unconfirmed = await lead.api.send('package.mergeMany', { files, passphrase: PASS, inspectionId });
    expect(unconfirmed).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(teamStore(lead.main.store).snapshot(inspectionId)['CS-01']!.answers).toEqual({});
    await lead.api.ok('package.mergeMany', { files, passphrase: PASS, inspectionId, confirmRefused: true });
    expect(teamStore(lead.main.store).snapshot(inspectionId)['CS-01']!.answers).toEqual({ '2.1.1': 'yes' });
    // Alone, on the Team tab: previewed as refused whole, and merging it is refused.
    const one = await lead.api.ok('package.check', { text: files[1]!.text, inspectionId });
    expect(one).toEqual({ kind: 'return', preview: { inspectionId, inspector: 'Asha Patel', applied: [], conflicts: [], refused: [{ ref: null, reason }], unchanged: 0 } });
    expect(await lead.api.send('package.merge', { text: files[1]!.text, inspectionId, confirmRefused: true })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', message: `T${reason.slice(1)}. Nothing was merged.` },
    });
  });
});
