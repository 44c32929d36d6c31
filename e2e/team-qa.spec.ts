import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { ApiResult } from '../core';
import { TestBackend, connect, expect, test } from './fixtures';
import { seedInspection, choose, settled } from './helpers';

// QA state through the team merge, in the real renderer in Chromium over two real stores: the
// preview lists the QA changes and the one the rules refuse; the Conflicts view shows a comment
// both sides changed, with keep, take and edit.
const SCREENSHOTS = join(__dirname, '..', 'docs', 'screenshots');
const PASS = 'a long shared passphrase';

async function ok<T>(backend: TestBackend, command: string, input: unknown): Promise<T> {
  const r = (await backend.main.dispatch({ command, input })) as ApiResult<T>;
  if (!r.ok) throw new Error(`${command}: ${JSON.stringify(r.error)}`);
  return r.value;
}

test("a return's QA changes: previewed, one refused by the rules, a two-sided comment change resolved in the Conflicts view", async ({ browser, appUrl }) => {
  test.setTimeout(240_000);
  const files = mkdtempSync(join(tmpdir(), 'fieldwork-team-qa-e2e-'));
  const lead = new TestBackend(undefined, 'Lead Inspector');
  const inspector = new TestBackend(undefined, 'Inspector A');
  try {
    const { inspectionId } = await seedInspection(lead, 12, 'Team QA CRC');
    await ok(lead, 'team.setMembers', { inspectionId, members: [{ name: 'Lead Inspector', role: 'lead' }, { name: 'Inspector A', role: 'inspector' }] });
    const leadCases = new Map(lead.main.store.listCases(inspectionId).map((c) => [c.ref, c.id]));
    type QaCase = { comments: { id: string }[] };
    const c1 = (await ok<QaCase>(lead, 'qa.comment.add', { caseId: leadCases.get('CS-01'), questionId: '2.1.1', text: 'Evidence note does not support Yes' })).comments[0]!.id;
    const c2 = (await ok<QaCase>(lead, 'qa.comment.add', { caseId: leadCases.get('CS-02'), questionId: null, text: 'Check the dates of contact.' })).comments[0]!.id;

    // The package goes out with the comments; the inspector imports it.
    const pkgPath = join(files, 'package-a.fieldwork.json');
    lead.saveAnswers.push(pkgPath);
    await ok(lead, 'package.issue', { inspectionId, inspector: 'Inspector A', passphrase: PASS });
    await ok(inspector, 'package.import', { text: readFileSync(pkgPath, 'utf8'), passphrase: PASS });
    const inspCases = new Map(inspector.main.store.listCases(inspectionId).map((c) => [c.ref, c.id]));

    // Meanwhile the lead resolves the first comment; the inspector answers both and resolves the second herself.
    await ok(lead, 'qa.comment.resolve', { commentId: c1, resolved: true });
    await ok(inspector, 'qa.comment.reply', { commentId: c1, text: 'Changed to No, with a note.' });
    await ok(inspector, 'qa.comment.reply', { commentId: c2, text: 'The dates are from the case record.' });
    await ok(inspector, 'qa.comment.resolve', { commentId: c2, resolved: true });
    expect(inspCases.size).toBeGreaterThan(0);
    const retPath = join(files, 'return-a.fieldwork.json');
    inspector.saveAnswers.push(retPath);
    await ok(inspector, 'package.return', { inspectionId, passphrase: PASS });

    // --- the lead merges the return in the app: the preview lists the QA changes and the refusal.
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    await connect(page, lead);
    await page.goto(`${appUrl}#/inspections/${inspectionId}/team`);
    lead.openAnswers.push(retPath);
    await page.getByRole('button', { name: 'Merge returns…' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Passphrase').fill(PASS);
    await dialog.getByRole('button', { name: 'Open' }).click();
    await expect(dialog).toContainText('2 changes to apply, 1 conflict, 1 part refused', { timeout: 60_000 });
    await expect(dialog.getByRole('alert')).toContainText('CS-02 QA comment: state: Only the lead inspector or a quality lead may resolve a comment.');
    await expect(dialog.getByRole('table', { name: 'Conflicts in this return' }).getByRole('row').nth(1).getByRole('cell')).toHaveText(['CS-01', 'QA comment: state', 'Resolved', 'Answered']);
    await page.screenshot({ path: join(SCREENSHOTS, 'team-merge-preview-qa.png') });
    await dialog.getByRole('checkbox', { name: 'Merge the rest, leaving out what was refused' }).check();
    await dialog.getByRole('button', { name: 'Merge return' }).click();
    await expect(dialog).toBeHidden({ timeout: 60_000 });
    type QaView = { status: string; comments: { id: string; state: string; reply: string; repliedBy: string }[] };
    const cs02 = await ok<QaView>(lead, 'qa.case', { caseId: leadCases.get('CS-02') });
    // Her reply came in; her resolution did not (the comment stays open for the lead to resolve).
    expect(cs02.comments[0]).toMatchObject({ reply: 'The dates are from the case record.', repliedBy: 'Inspector A', state: 'open' });

    // --- the Conflicts view: which comment, base, the lead's value, the incoming one; resolved by Edit.
    await page.goto(`${appUrl}#/inspections/${inspectionId}/conflicts`);
    const conflicts = page.getByRole('table', { name: 'Conflicts' });
    await expect(conflicts.getByRole('row')).toHaveCount(2);
    await expect(conflicts.getByRole('row').nth(1).getByRole('cell')).toHaveText([
      'CS-01',
      'QA comment: stateOn 2.1.1: “Evidence note does not support Yes”',
      'Open',
      'Resolved',
      'Answered',
      /^Inspector A, \d\d\/\d\d\/\d{4} \d\d:\d\d$/,
      'KeepTakeEdit…',
    ]);
    await page.screenshot({ path: join(SCREENSHOTS, 'team-conflicts-qa.png') });
    await settled(page);
    const axe = await new AxeBuilder({ page }).analyze();
    expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
    await conflicts.getByRole('button', { name: 'Edit CS-01 QA comment: state' }).click();
    const edit = page.getByRole('dialog', { name: 'CS-01: QA comment: state' });
    await choose(page, edit.getByRole('combobox', { name: 'Value' }), 'Answered');
    await edit.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByText('No conflicts are open.')).toBeVisible();
    const cs01 = await ok<QaView>(lead, 'qa.case', { caseId: leadCases.get('CS-01') });
    expect(cs01.comments[0]).toMatchObject({ id: c1, state: 'answered', reply: 'Changed to No, with a note.' });
    expect(lead.main.store.changes(inspectionId).filter((c) => c.entity === 'merge-conflict' && c.field === 'resolution').map((c) => c.value)).toEqual(['edit']);
    expect(lead.errors).toEqual([]);
    expect(inspector.errors).toEqual([]);
  } finally {
    lead.close();
    inspector.close();
  }
});

test('a case out with an inspector shows Mark complete and Delete disabled with the reason, and Ctrl+Enter asks nothing of the store', async ({ browser, appUrl }) => {
  test.setTimeout(120_000);
  const files = mkdtempSync(join(tmpdir(), 'fieldwork-team-out-e2e-'));
  const lead = new TestBackend(undefined, 'Lead Inspector');
  try {
    const { inspectionId } = await seedInspection(lead, 12, 'Team Out CRC');
    lead.saveAnswers.push(join(files, 'package-a.fieldwork.json'));
    await ok(lead, 'package.issue', { inspectionId, inspector: 'Inspector A', passphrase: PASS });
    const caseId = lead.main.store.listCases(inspectionId).find((c) => c.ref === 'CS-02')!.id;
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    await connect(page, lead);
    await page.goto(`${appUrl}#/cases/${caseId}`);
    await expect(page.getByRole('heading', { name: 'Case CS-02' })).toBeVisible();
    const complete = page.getByRole('button', { name: 'Mark complete' });
    // Disabled as the app draws disabled (not only inert), with the reason beside it and as its description.
    await expect(complete).toBeDisabled();
    await expect(complete).toHaveClass(/Mui-disabled/);
    await expect(complete).toHaveAccessibleDescription('With Inspector A — take it back to edit');
    await expect(page.getByTestId('held-reason')).toHaveText('With Inspector A — take it back to edit');
    await expect(page.getByRole('button', { name: 'Delete case' })).toHaveClass(/Mui-disabled/);
    // Reassigning is allowed while it is out, so its details can still be edited.
    await expect(page.getByRole('button', { name: 'Edit case details' })).toBeEnabled();
    // The keyboard shortcut does not try what would be refused: no command is sent, no error shown.
    const before = lead.main.store.changes(inspectionId).length;
    await page.locator('body').click();
    await page.keyboard.press('Control+Enter');
    await page.keyboard.press('y');
    await page.waitForTimeout(500);
    // Only the notice that says whose it is: no refusal from the store.
    await expect(page.getByRole('alert').filter({ hasNotText: 'This case is with Inspector A' })).toHaveCount(0);
    expect(lead.main.store.changes(inspectionId).length).toBe(before);
    // Taken back, the same controls are live again.
    await page.getByRole('button', { name: 'Take back' }).click();
    await expect(complete).toBeEnabled();
    await expect(complete).not.toHaveClass(/Mui-disabled/);
    await expect(page.getByTestId('held-reason')).toHaveCount(0);
    expect(lead.errors).toEqual([]);
  } finally {
    lead.close();
  }
});

test('several returns chosen at once: one preview listing each file, then one merge', async ({ browser, appUrl }) => {
  test.setTimeout(180_000);
  const files = mkdtempSync(join(tmpdir(), 'fieldwork-team-many-e2e-'));
  const lead = new TestBackend(undefined, 'Lead Inspector');
  const a = new TestBackend(undefined, 'Inspector A');
  const b = new TestBackend(undefined, 'Inspector B');
  try {
    // The sample gives CS-01..CS-10 to Inspector A and CS-11, CS-12 to Inspector B.
    const { inspectionId } = await seedInspection(lead, 12, 'Team Many CRC');
    const returns: string[] = [];
    for (const [backend, name, ref] of [
      [a, 'Inspector A', 'CS-01'],
      [b, 'Inspector B', 'CS-11'],
    ] as const) {
      const pkgPath = join(files, `package-${name}.fieldwork.json`);
      lead.saveAnswers.push(pkgPath);
      await ok(lead, 'package.issue', { inspectionId, inspector: name, passphrase: PASS });
      await ok(backend, 'package.import', { text: readFileSync(pkgPath, 'utf8'), passphrase: PASS });
      const caseId = backend.main.store.listCases(inspectionId).find((c) => c.ref === ref)!.id;
      await ok(backend, 'case.answer', { caseId, questionId: '2.1.1', value: 'no' });
      await ok(backend, 'case.note', { caseId, questionId: '2.1.1', note: `No assessment on file (${name}).` });
      const retPath = join(files, `return-${name.replace(' ', '-')}.fieldwork.json`);
      backend.saveAnswers.push(retPath);
      await ok(backend, 'package.return', { inspectionId, passphrase: PASS });
      returns.push(retPath);
    }
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    await connect(page, lead);
    await page.goto(`${appUrl}#/inspections/${inspectionId}/team`);
    lead.openManyAnswers.push(returns);
    await page.getByRole('button', { name: 'Merge returns…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Merge 2 returns' });
    await dialog.getByLabel('Passphrase').fill(PASS);
    await dialog.getByRole('button', { name: 'Open' }).click();
    await expect(dialog.getByTestId('merge-many-summary')).toHaveText('4 changes to apply from 2 files, 0 parts refused; 0 conflicts open after the merge.', { timeout: 60_000 });
    await expect(dialog.getByRole('heading', { name: 'return-Inspector-A.fieldwork.json — Inspector A' })).toBeVisible();
    await expect(dialog.getByRole('heading', { name: 'return-Inspector-B.fieldwork.json — Inspector B' })).toBeVisible();
    await expect(dialog.getByRole('table', { name: 'Changes to apply from return-Inspector-B.fieldwork.json' }).getByRole('row')).toHaveCount(3);
    expect(lead.main.store.getCase(lead.main.store.listCases(inspectionId).find((c) => c.ref === 'CS-11')!.id).answers).toEqual([]);
    await page.screenshot({ path: join(SCREENSHOTS, 'team-merge-many.png') });
    await dialog.getByRole('button', { name: 'Merge 2 returns' }).click();
    await expect(dialog).toBeHidden({ timeout: 60_000 });
    await expect(page.getByText('Merged 2 returns: 4 changes applied, 0 conflicts open.')).toBeVisible();
    for (const ref of ['CS-01', 'CS-11']) {
      const answers = lead.main.store.getCase(lead.main.store.listCases(inspectionId).find((c) => c.ref === ref)!.id).answers;
      expect(answers.find((x) => x.questionId === '2.1.1')).toMatchObject({ value: 'no' });
    }
    // Both at once again: nothing more.
    const count = lead.main.store.changes(inspectionId).length;
    lead.openManyAnswers.push(returns);
    await page.getByRole('button', { name: 'Merge returns…' }).click();
    const again = page.getByRole('dialog', { name: 'Merge 2 returns' });
    await again.getByLabel('Passphrase').fill(PASS);
    await again.getByRole('button', { name: 'Open' }).click();
    await expect(again.getByTestId('merge-many-summary')).toHaveText('0 changes to apply from 2 files, 0 parts refused; 0 conflicts open after the merge.', { timeout: 60_000 });
    await again.getByRole('button', { name: 'Merge 2 returns' }).click();
    await expect(again).toBeHidden({ timeout: 60_000 });
    expect(lead.main.store.changes(inspectionId).length).toBe(count);
    expect(lead.errors).toEqual([]);
  } finally {
    lead.close();
    a.close();
    b.close();
  }
});
