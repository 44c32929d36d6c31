import AxeBuilder from '@axe-core/playwright';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from './fixtures';
import { choose, chooseCsv, sampleCsv, seedInspection, settled } from './helpers';
import type { TestBackend } from './bridge';

// Issue #18: the inspector's day without surprises. Each test drives the real renderer in Chromium
// against the real handlers on a temporary SQLite file, and checks the store, not just the screen.

async function firstCase(backend: TestBackend, cases = 3): Promise<{ inspectionId: string; caseId: string; ref: string }> {
  const { inspectionId } = await seedInspection(backend, cases);
  const c = backend.main.store.listCases(inspectionId).find((x) => x.ref === 'CS-01')!;
  return { inspectionId, caseId: c.id, ref: c.ref };
}
const stored = (backend: TestBackend, caseId: string, q: string) => backend.main.store.getCase(caseId).answers.find((a) => a.questionId === q);

test('1. a note over the limit is kept in the field, says what is wrong there, and saves once shortened', async ({ page, appUrl, backend }) => {
  const { caseId } = await firstCase(backend);
  await page.goto(`${appUrl}#/cases/${caseId}`);
  const note = page.getByLabel('Evidence note for 2.1.1');
  await expect(note).toBeVisible();
  const card = page.locator('[data-kq="2.1.1"]');
  await expect(card).toContainText('Up to 20,000 characters.');
  const long = 'Evidence. '.repeat(2200); // 22,000 characters
  await note.fill(long);
  await expect(card).toContainText('Too long to save: 22,000 of 20,000 characters. Shorten it by 2,000');
  await expect(page.getByTestId('save-state')).toContainText('the evidence note for 2.1.1 is over 20,000 characters');
  await expect(note).toHaveValue(long);
  await page.waitForTimeout(800); // past the save debounce: nothing was sent, nothing half-saved
  expect(stored(backend, caseId, '2.1.1')?.note ?? '').toBe('');
  // Nearing the limit shows a counter; within it the note saves.
  const fits = long.slice(0, 19_000);
  await note.fill(fits);
  await expect(card).toContainText('19,000 of 20,000 characters');
  await expect.poll(() => stored(backend, caseId, '2.1.1')?.note).toBe(fits);
  await expect(page.getByTestId('save-state')).toContainText('Saved at');
});

test('1. a name over 200 characters in Settings says so at the field and is kept', async ({ page, appUrl, backend }) => {
  await page.goto(`${appUrl}#/settings`);
  const name = page.getByLabel('Your name');
  await name.fill('Inspector Patel');
  await expect.poll(() => (backend.main.store.getSetting('settings') as { inspectorName?: string } | undefined)?.inspectorName).toBe('Inspector Patel');
  const long = 'A'.repeat(230);
  await name.fill(long);
  await expect(page.getByText('Too long to save: 230 of 200 characters')).toBeVisible();
  await expect(name).toHaveValue(long);
  await page.waitForTimeout(800);
  expect((backend.main.store.getSetting('settings') as { inspectorName?: string }).inspectorName).toBe('Inspector Patel');
});

test('2. a note typed within 100 ms of a reload is saved', async ({ page, appUrl, backend }) => {
  const { caseId } = await firstCase(backend);
  await page.goto(`${appUrl}#/cases/${caseId}`);
  await page.getByLabel('Evidence note for 2.1.1').fill('Typed just before the reload.');
  await page.waitForTimeout(50);
  await page.reload();
  await expect.poll(() => stored(backend, caseId, '2.1.1')?.note).toBe('Typed just before the reload.');
  await expect(page.getByLabel('Evidence note for 2.1.1')).toHaveValue('Typed just before the reload.');
});

test('2. a note typed just before leaving the case by the breadcrumb is saved', async ({ page, appUrl, backend }) => {
  const { caseId, inspectionId } = await firstCase(backend);
  await page.goto(`${appUrl}#/cases/${caseId}`);
  await page.getByLabel('Evidence note for 2.1.2').fill('Typed, then straight back to the list.');
  await page.getByRole('link', { name: 'Cases' }).click();
  await expect(page).toHaveURL(new RegExp(`#/inspections/${inspectionId}$`));
  await expect.poll(() => stored(backend, caseId, '2.1.2')?.note).toBe('Typed, then straight back to the list.');
});

test('3. clicking the selected answer does nothing, even on a completed case; clearing is explicit and reopens it', async ({ page, appUrl, backend }) => {
  const { caseId } = await firstCase(backend);
  await page.goto(`${appUrl}#/cases/${caseId}`);
  await expect(page.getByTestId('case-progress')).toContainText('of 12 key questions answered');
  for (let i = 0; i < 12; i++) {
    await page.keyboard.press('y');
    await page.keyboard.press('j');
  }
  await expect(page.getByTestId('case-progress')).toHaveText('12 of 12 key questions answered');
  await page.getByRole('button', { name: 'Mark complete' }).click();
  await expect.poll(() => backend.main.store.getCase(caseId).status).toBe('complete');
  // Completing opens the next case; come back to the completed one.
  await expect(page.getByRole('heading', { name: 'Case CS-02' })).toBeVisible();
  await page.goto(`${appUrl}#/cases/${caseId}`);
  await expect(page.getByText('Complete', { exact: true })).toBeVisible();

  // The toggle click on the selected answer of a complete case.
  const yes = page.getByRole('button', { name: 'Yes for 2.1.2', exact: true });
  await expect(yes).toHaveAttribute('aria-pressed', 'true');
  await yes.click();
  await page.waitForTimeout(300);
  await expect(yes).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('case-progress')).toHaveText('12 of 12 key questions answered');
  expect(stored(backend, caseId, '2.1.2')?.value).toBe('yes');
  expect(backend.main.store.getCase(caseId).status).toBe('complete');

  // Clear is explicit: the Clear control; the case goes back to in progress and says why.
  await page.getByRole('button', { name: 'Clear the answer to 2.1.2' }).click();
  // The store sends the case back to in progress (its invariant); the form says why, in the header.
  await expect(page.getByTestId('reopen-reason')).toHaveText('Back in progress: 2.1.2 is no longer answered.');
  await expect(page.getByTestId('reopen-reason')).toBeInViewport();
  await expect(page.getByTestId('case-progress')).toHaveText('11 of 12 key questions answered');
  await expect(page.getByRole('button', { name: 'Mark complete' })).toBeVisible();
  await expect.poll(() => backend.main.store.getCase(caseId).status).toBe('in-progress');
  expect(stored(backend, caseId, '2.1.2')?.value ?? null).toBeNull();

  // Delete on the focused question clears it too.
  await page.locator('[data-kq="2.1.3"]').focus();
  await page.keyboard.press('Delete');
  await expect(page.getByTestId('case-progress')).toHaveText('10 of 12 key questions answered');
  await expect.poll(() => stored(backend, caseId, '2.1.3')?.value ?? null).toBeNull();
});

test('4. Ctrl+Z brings the question it changes into view, focuses and announces it; notes undo too; history survives leaving the case', async ({ page, appUrl, backend }) => {
  const { caseId, inspectionId } = await firstCase(backend);
  await page.goto(`${appUrl}#/cases/${caseId}`);
  await expect(page.locator('[data-kq="2.1.1"]')).toBeFocused();
  await page.keyboard.press('n'); // 2.1.1 No
  // Move far down the form so that 2.1.1 is off-screen.
  for (let i = 0; i < 11; i++) await page.keyboard.press('j');
  await page.keyboard.press('y'); // the last question
  await page.keyboard.press('Control+z'); // undoes the last (in view)
  const first = page.locator('[data-kq="2.1.1"]');
  await expect(first).not.toBeInViewport();
  await page.keyboard.press('Control+z'); // undoes 2.1.1 No: off-screen
  await expect(first).toBeInViewport();
  await expect(first).toBeFocused();
  await expect(page.getByTestId('undo-announcement')).toHaveText('Undone: 2.1.1 is now no answer (was No).');
  await expect.poll(() => stored(backend, caseId, '2.1.1')?.value ?? null).toBeNull();
  await page.keyboard.press('Control+Shift+z');
  await expect(page.getByTestId('undo-announcement')).toHaveText('Redone: 2.1.1 is now No (was no answer).');
  await expect.poll(() => stored(backend, caseId, '2.1.1')?.value).toBe('no');

  // A note is in the history.
  await page.getByLabel('Evidence note for 2.1.1').fill('First thoughts.');
  await expect.poll(() => stored(backend, caseId, '2.1.1')?.note).toBe('First thoughts.');
  await page.keyboard.press('Escape');
  // Leave the case and come back: the history is still there.
  await page.getByRole('link', { name: 'Cases' }).click();
  await expect(page.getByTestId('progress')).toBeVisible();
  await page.getByRole('link', { name: 'CS-01', exact: true }).click();
  await expect(page.locator('[data-kq="2.1.1"]')).toBeFocused();
  await page.keyboard.press('Control+z');
  await expect(page.getByTestId('undo-announcement')).toHaveText('Undone: the evidence note for 2.1.1.');
  await expect(page.getByLabel('Evidence note for 2.1.1')).toHaveValue('');
  await expect.poll(() => stored(backend, caseId, '2.1.1')?.note).toBe('');
  await page.keyboard.press('Control+z');
  await expect(page.getByTestId('undo-announcement')).toHaveText('Undone: 2.1.1 is now no answer (was No).');
  expect(inspectionId).toBeTruthy();
});

test('5. a save that fails puts the answer back and says so', async ({ page, appUrl, backend }) => {
  const { caseId } = await firstCase(backend);
  await page.goto(`${appUrl}#/cases/${caseId}`);
  await expect(page.locator('[data-kq="2.1.1"]')).toBeFocused();
  await page.keyboard.press('y');
  await expect.poll(() => stored(backend, caseId, '2.1.1')?.value).toBe('yes');
  // The store goes away under the form (as when the data file cannot be written).
  backend.main.close();
  await page.keyboard.press('n');
  await expect(page.getByTestId('save-state')).toContainText('The answer to 2.1.1 is back to Yes.');
  await expect(page.getByRole('button', { name: 'Yes for 2.1.1', exact: true })).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByRole('button', { name: 'No for 2.1.1', exact: true })).toHaveAttribute('aria-pressed', 'false');
  // The undo history holds only what was stored: one undo takes 2.1.1 back to no answer.
  backend.restart();
  await page.keyboard.press('Control+z');
  await expect(page.getByTestId('undo-announcement')).toHaveText('Undone: 2.1.1 is now no answer (was Yes).');
  await expect.poll(() => stored(backend, caseId, '2.1.1')?.value ?? null).toBeNull();
});

test('7. the case list finds a case by CRN, by name and by a word in an evidence note', async ({ page, appUrl, backend }) => {
  const { inspectionId } = await seedInspection(backend, 20);
  const cases = backend.main.store.listCases(inspectionId);
  const cs07 = cases.find((c) => c.ref === 'CS-07')!;
  await backend.main.dispatch({ command: 'case.note', input: { caseId: cs07.id, questionId: '2.2.1', note: 'Victim contact letters were never sent.' } });
  await page.goto(`${appUrl}#/inspections/${inspectionId}`);
  const search = page.getByLabel('Search cases');
  const rows = page.getByRole('table', { name: 'Cases' }).locator('tbody tr');
  // sampleCsv gives CS-05 the CRN X400004 and the name Person E4.
  await search.fill('X400004');
  await expect(page.getByText('Showing 1 of 20')).toBeVisible();
  await expect(rows.first()).toContainText('CS-05');
  await expect(rows.first()).toContainText('by CRN');
  await search.fill('person e4');
  await expect(page.getByText('Showing 1 of 20')).toBeVisible();
  await expect(rows.first()).toContainText('by name');
  await search.fill('letters were never');
  await expect(page.getByText('Showing 1 of 20')).toBeVisible();
  await expect(rows.first()).toContainText('CS-07');
  await expect(rows.first()).toContainText('in evidence note 2.2.1');
  await search.fill('CS-1');
  await expect(page.getByText('Showing 10 of 20')).toBeVisible();
});

test('9. back to the list keeps its filter, search and scroll position', async ({ page, appUrl, backend }) => {
  const { inspectionId } = await seedInspection(backend, 60);
  await page.goto(`${appUrl}#/inspections/${inspectionId}`);
  await page.getByLabel('Search cases').fill('Inspector A');
  await expect(page.getByText('Showing 10 of 60')).toBeVisible();
  await page.getByLabel('Search cases').fill('');
  await choose(page, page.getByLabel('Status', { exact: true }), 'Not started');
  await page.getByRole('button', { name: 'Sample ref' }).click(); // descending
  await expect(page.getByText('Showing 60 of 60')).toBeVisible();
  const scroller = page.getByTestId('case-list-scroller');
  // Scroll the (virtualised) list down by 20 rows: CS-40 is then in view.
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
  await scroller.evaluate((el) => (el.scrollTop = 20 * 35));
  const target = page.getByRole('link', { name: 'CS-40', exact: true });
  await expect(target).toBeVisible(); // the list is virtualised: only rows in its view are there
  const before = await scroller.evaluate((el) => el.scrollTop);
  expect(before).toBeGreaterThan(300);
  await target.click();
  await expect(page.getByRole('heading', { name: 'Case CS-40' })).toBeVisible();
  await page.getByRole('link', { name: 'Cases' }).click();
  await expect(page.getByText('Showing 60 of 60')).toBeVisible();
  await expect(page.getByLabel('Status', { exact: true })).toHaveText('Not started');
  await expect(page.getByRole('columnheader', { name: 'Sample ref' })).toHaveAttribute('aria-sort', 'descending');
  await expect.poll(() => scroller.evaluate((el) => el.scrollTop)).toBeGreaterThan(300);
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
  await expect(page.getByRole('link', { name: 'CS-40', exact: true })).toBeVisible();
});

test("8. Ctrl+Enter opens the next case in the list's own order and the inspector's own cases, keeping keys typed meanwhile", async ({ page, appUrl, backend }) => {
  const { inspectionId } = await seedInspection(backend, 20);
  await backend.main.dispatch({ command: 'settings.update', input: { inspectorName: 'Inspector B' } });
  await page.goto(`${appUrl}#/inspections/${inspectionId}`);
  // Sorted by ref descending: the list reads CS-20, CS-19, … Inspector B has CS-11 to CS-20.
  await page.getByRole('button', { name: 'Sample ref' }).click();
  await expect(page.getByRole('table', { name: 'Cases' }).locator('tbody tr').first()).toContainText('CS-20');
  await page.getByRole('link', { name: 'CS-12', exact: true }).click();
  await expect(page.locator('[data-kq="2.1.1"]')).toBeFocused();
  const n = await page.getByTestId('case-progress').textContent();
  const total = Number(/of (\d+)/.exec(n ?? '')![1]);
  for (let i = 0; i < total; i++) {
    await page.keyboard.press('y');
    await page.keyboard.press('j');
  }
  await expect(page.getByTestId('case-progress')).toHaveText(`${total} of ${total} key questions answered`);
  // Complete and next, then straight away Y, J, N, and E and the note: they belong to the next case,
  // the note whole (typed into the note as it was buffered, not replayed as shortcuts or lost). The
  // next case's form waits for its inspection, held here until every key is typed: all are buffered.
  let release = () => {};
  const held = new Promise<void>((r) => (release = r));
  const dispatch = backend.main.dispatch;
  backend.main.dispatch = async (message) => {
    if ((message as { command?: string }).command === 'inspection.get') await held;
    return dispatch(message);
  };
  await page.keyboard.press('Control+Enter');
  await page.keyboard.press('y');
  await page.keyboard.press('j');
  await page.keyboard.press('n');
  await page.keyboard.press('e');
  await page.keyboard.type('No plan for the risk to the partner.');
  release();
  // Next in the list after CS-12 (descending) that is Inspector B's: CS-11, not CS-13 or CS-10.
  await expect(page.getByRole('heading', { name: 'Case CS-11' })).toBeVisible();
  await expect(page.getByLabel('Evidence note for 2.1.2')).toHaveValue('No plan for the risk to the partner.');
  const cs11 = backend.main.store.listCases(inspectionId).find((c) => c.ref === 'CS-11')!.id;
  await expect.poll(() => backend.main.store.getCase(cs11).answers.map((a) => `${a.questionId} ${a.value} ${a.note}`).sort()).toEqual(['2.1.1 yes ', '2.1.2 no No plan for the risk to the partner.']);
  const cs12 = backend.main.store.listCases(inspectionId).find((c) => c.ref === 'CS-12')!.id;
  expect(backend.main.store.getCase(cs12).status).toBe('complete');
  expect(backend.main.store.getCase(cs12).answers.filter((a) => a.value === 'no')).toEqual([]);
});

test.describe('on a machine set to US English', () => {
  test.use({ locale: 'en-US', timezoneId: 'America/New_York' });

  test('13. new inspection: every problem at once, dates as dd/mm/yyyy, caseload "4,171"', async ({ page, appUrl, backend }) => {
    await page.goto(`${appUrl}#/inspections/new`);
    await page.getByLabel('Fieldwork starts').fill('31/02/2019');
    await page.getByLabel('Fieldwork ends').fill('14/06/2019');
    await page.getByLabel('Caseload size').fill('lots');
    await page.getByRole('button', { name: 'Create inspection' }).click();
    await expect(page.getByText('Some fields need attention.')).toBeVisible();
    // All three problems show together, each at its field.
    await expect(page.getByText('required', { exact: true })).toBeVisible();
    await expect(page.getByText('Fieldwork starts: enter a date as dd/mm/yyyy, e.g. 03/06/2019')).toBeVisible();
    await expect(page.getByText('a whole number, e.g. 4,171')).toBeVisible();
    expect(backend.main.store.listInspections()).toEqual([]);

    await page.getByLabel('Provider name').fill('Kent, Surrey and Sussex CRC');
    await page.getByLabel('Fieldwork starts').fill('03/06/2019');
    await page.getByLabel('Caseload size').fill('4,171');
    await page.getByRole('button', { name: 'Create inspection' }).click();
    await expect(page.getByRole('heading', { name: 'Kent, Surrey and Sussex CRC' })).toBeVisible();
    const [insp] = backend.main.store.listInspections();
    expect(insp).toMatchObject({ fieldworkStart: '2019-06-03', fieldworkEnd: '2019-06-14', caseloadSize: 4171 });
  });

  test('13. record a past inspection: the first problem is brought into view', async ({ page, appUrl, backend }) => {
    void backend;
    await page.setViewportSize({ width: 1280, height: 600 });
    await page.goto(`${appUrl}#/inspections/record`);
    await page.getByLabel('Fieldwork starts').fill('03/06/2017');
    await page.getByLabel('Recommendations (one per line)').fill('Improve risk assessment.');
    const submit = page.getByRole('button', { name: 'Record inspection' });
    await submit.scrollIntoViewIfNeeded();
    await submit.click();
    // No provider chosen: the message and the Provider field are at the top, out of view when the button was pressed.
    const provider = page.getByRole('combobox', { name: 'Provider' });
    await expect(provider).toBeInViewport();
    await expect(provider).toBeFocused();
    await expect(page.getByText('choose an existing provider or enter a new one')).toBeVisible();
  });
});

test('12. a Through the Gate case not released says why nothing applies; the import warns; Ctrl+Enter asks first', async ({ page, appUrl, backend }) => {
  const { inspectionId } = await seedInspection(backend, 0);
  await page.goto(`${appUrl}#/inspections/${inspectionId}`);
  await page.getByRole('button', { name: 'Import sample CSV' }).click();
  await chooseCsv(page, 'ttg.csv', `sample,sample ref,released from custody\nThrough the Gate,TTG-01,yes\nThrough the Gate,TTG-02,no\n`);
  const warnings = page.getByLabel('Warnings about the file');
  await expect(warnings).toContainText('Line 3, TTG-02: no key question will apply, so it has nothing to score. 4.2 Through the Gate applies only when released from custody is yes.');
  await expect(warnings).not.toContainText('TTG-01');
  await page.getByRole('button', { name: 'Import 2 cases' }).click();
  await expect(page.getByTestId('progress')).toHaveText('0 of 2 cases complete');

  await page.getByRole('link', { name: 'TTG-02', exact: true }).click();
  await expect(page.getByTestId('case-progress')).toHaveText('No key question applies to this case');
  await expect(page.getByTestId('nothing-applies')).toContainText('4.2 Through the Gate applies only when released from custody is yes.');
  await page.keyboard.press('Control+Enter');
  const dialog = page.getByRole('dialog', { name: 'Complete a case with nothing to score?' });
  await expect(dialog).toBeVisible();
  const ttg02 = backend.main.store.listCases(inspectionId).find((c) => c.ref === 'TTG-02')!.id;
  expect(backend.main.store.getCase(ttg02).status).not.toBe('complete');
  await page.keyboard.press('Enter'); // the confirming button has focus
  await expect.poll(() => backend.main.store.getCase(ttg02).status).toBe('complete');
});

test('16. axe finds nothing on the audit trail, judgements, the CSV dialog and the report preview', async ({ page, appUrl, backend }) => {
  test.setTimeout(180_000);
  const { inspectionId } = await seedInspection(backend, 30);
  const cases = backend.main.store.listCases(inspectionId);
  for (const c of cases.slice(0, 25)) await backend.main.dispatch({ command: 'case.answer', input: { caseId: c.id, questionId: '2.1.1', value: 'yes' } });
  const check = async (what: string) => {
    await settled(page);
    const r = await new AxeBuilder({ page }).analyze();
    expect(r.violations.map((v) => `${what}: ${v.id} (${v.impact}) — ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`)).toEqual([]);
  };
  await page.goto(`${appUrl}#/inspections/${inspectionId}/audit`);
  await expect(page.getByRole('table', { name: 'History of changes' })).toBeVisible();
  await check('audit trail');
  await page.goto(`${appUrl}#/inspections/${inspectionId}/judgements`);
  await expect(page.getByLabel('Rating for 1.1')).toBeVisible();
  await check('judgements');
  await page.goto(`${appUrl}#/inspections/${inspectionId}`);
  await page.getByRole('button', { name: 'Import sample CSV' }).click();
  await chooseCsv(page, 'more.csv', `sample,sample ref\nCase supervision,NEW-01\n`);
  await expect(page.getByRole('table', { name: 'Preview of the cases to import' })).toBeVisible();
  // The dialog fades in: checked half-faded, its buttons fail the contrast rule on a busy machine.
  await expect(page.locator('.MuiDialog-container')).toHaveCSS('opacity', '1');
  await check('CSV dialog');
  await page.keyboard.press('Escape');
  await page.goto(`${appUrl}#/inspections/${inspectionId}/report`);
  await page.getByRole('button', { name: 'Preview report' }).click();
  await expect(page.getByRole('article', { name: 'Report preview' })).toContainText('Annex 2');
  await check('report preview');
});

test('15. "?" lists every shortcut, prompts are answered by keyboard, single-key shortcuts can be switched off, the list header stays in view', async ({ page, appUrl, backend }) => {
  const { inspectionId, caseId } = await firstCase(backend, 40);
  await page.goto(`${appUrl}#/cases/${caseId}`);
  await expect(page.locator('[data-kq="2.1.1"]')).toBeFocused();
  await page.keyboard.press('?');
  const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(dialog.getByRole('table', { name: 'Keyboard shortcuts' })).toContainText('Shift+J / Shift+K');
  await expect(dialog).toContainText('Ctrl+Enter');
  await expect(dialog).toContainText('Delete or Backspace');
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  // The prompts: Shift+J moves to 2.1.1's first prompt, Y answers it, not the key question.
  await page.locator('[data-kq="2.1.1"]').focus();
  await page.keyboard.press('Shift+J');
  await expect(page.locator('[data-prompt="2.1.1.a"]')).toHaveAttribute('aria-current', 'step');
  await page.keyboard.press('y');
  await page.keyboard.press('Shift+J');
  await page.keyboard.press('n');
  await expect.poll(() => ['2.1.1', '2.1.1.a', '2.1.1.b'].map((q) => stored(backend, caseId, q)?.value ?? null)).toEqual([null, 'yes', 'no']);
  // The selected answer is unmistakable: marked with an icon and bold, not only a tint.
  const selected = page.getByRole('button', { name: 'Yes for 2.1.1.a', exact: true });
  await expect(selected.locator('svg')).toHaveCount(1);
  expect(await selected.evaluate((el) => Number(getComputedStyle(el).fontWeight))).toBeGreaterThanOrEqual(700);

  // Switch single-key shortcuts off: Y does nothing, Ctrl+Z still works.
  await page.goto(`${appUrl}#/settings`);
  await page.getByLabel(/Single-key shortcuts/).click();
  await expect.poll(() => (backend.main.store.getSetting('settings') as { singleKeyShortcuts?: boolean }).singleKeyShortcuts).toBe(false);
  await page.goto(`${appUrl}#/cases/${caseId}`);
  await expect(page.locator('[data-kq="2.1.1"]')).toBeFocused();
  await expect(page.getByText('Single-key shortcuts are off')).toBeVisible();
  await page.keyboard.press('y');
  await page.keyboard.press('?');
  await page.waitForTimeout(300);
  await expect(page.getByRole('dialog')).toHaveCount(0);
  expect(stored(backend, caseId, '2.1.1')?.value ?? null).toBeNull();
  await page.keyboard.press('Control+z');
  await expect.poll(() => stored(backend, caseId, '2.1.1.b')?.value ?? null).toBeNull();

  // The case list's header stays in view when the list is scrolled.
  await page.goto(`${appUrl}#/inspections/${inspectionId}`);
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
  await page.getByTestId('case-list-scroller').evaluate((el) => (el.scrollTop = el.scrollHeight));
  await expect(page.getByRole('link', { name: 'CS-40', exact: true })).toBeVisible();
  expect(await page.getByTestId('case-list-scroller').evaluate((el) => el.scrollTop)).toBeGreaterThan(400);
  await expect(page.getByRole('button', { name: 'Sample ref' })).toBeInViewport();
});

test('14. the report preview opens where it can be seen and shows the latest edits', async ({ page, appUrl, backend }) => {
  const { inspectionId } = await seedInspection(backend, 5);
  await page.goto(`${appUrl}#/inspections/${inspectionId}/report`);
  await page.getByLabel('Strengths: 2.1').fill('First version of the strengths.');
  await expect.poll(() => backend.main.store.standardTexts(inspectionId)['2.1']?.strengths).toBe('First version of the strengths.');
  await page.getByRole('button', { name: 'Preview report' }).click();
  const dialog = page.getByRole('dialog', { name: 'Preview of the draft report' });
  await expect(dialog.getByRole('article', { name: 'Report preview' })).toContainText('First version of the strengths.');
  await expect(dialog.getByRole('article', { name: 'Report preview' })).toBeInViewport();
  await dialog.getByRole('button', { name: 'Close' }).click();
  await page.getByLabel('Strengths: 2.1').fill('Second version, after an edit.');
  await expect.poll(() => backend.main.store.standardTexts(inspectionId)['2.1']?.strengths).toBe('Second version, after an edit.');
  await page.getByRole('button', { name: 'Preview report' }).click();
  await expect(dialog.getByRole('article', { name: 'Report preview' })).toContainText('Second version, after an edit.');
  await expect(dialog).not.toContainText('First version of the strengths.');
});

test('6. ratings say provisional until the sample is complete, warn on a small base, and the League shows final inspections unless asked', async ({ page, appUrl, backend }) => {
  const { inspectionId } = await seedInspection(backend, 20, 'Draft CRC');
  await backend.main.dispatch({ command: 'case.import', input: { inspectionId, csv: `sample,sample ref,released from custody\nThrough the Gate,TTG-01,yes\nThrough the Gate,TTG-02,yes\n` } });
  const cases = backend.main.store.listCases(inspectionId);
  for (const c of cases.filter((x) => x.sample === 'case-supervision').slice(0, 8)) {
    for (const q of ['2.1.1', '2.1.2', '2.1.3']) await backend.main.dispatch({ command: 'case.answer', input: { caseId: c.id, questionId: q, value: 'yes' } });
  }
  for (const c of cases.filter((x) => x.sample === 'through-the-gate'))
    for (const q of ['4.2.1', '4.2.2', '4.2.3']) await backend.main.dispatch({ command: 'case.answer', input: { caseId: c.id, questionId: q, value: 'yes' } });
  const firstThree = cases.filter((x) => x.sample === 'case-supervision').slice(0, 3);
  for (const c of firstThree) {
    for (const q of ['2.2.1', '2.2.2', '2.2.3', '2.3.1', '2.3.2', '2.3.3', '2.4.1', '2.4.2', '2.4.3']) await backend.main.dispatch({ command: 'case.answer', input: { caseId: c.id, questionId: q, value: 'yes' } });
    const r = await backend.main.dispatch({ command: 'case.complete', input: { caseId: c.id, complete: true } });
    expect(r.ok).toBe(true);
  }
  await page.goto(`${appUrl}#/inspections/${inspectionId}/ratings`);
  // 2.1 is "Outstanding" on 8 answered cases: provisional, 3 of 20 scored.
  await expect(page.getByTestId('provisional-2.1')).toHaveText('Provisional: 3 of 20 cases scored');
  await expect(page.getByTestId('overall-provisional')).toHaveText('Provisional: 3 of 22 cases scored');
  // Through the Gate rests on 2 cases, under the framework's minimum base.
  await expect(page.getByTestId('small-base-4.2')).toContainText("rests on 2 cases, fewer than the framework's minimum base of 10");

  // The League: this draft is left out unless drafts are asked for.
  await page.goto(`${appUrl}#/league`);
  await expect(page.getByText('No final inspections yet.')).toBeVisible();
  await page.getByLabel(/Include draft inspections/).click();
  await expect(page.getByRole('table', { name: 'League table' })).toContainText('Draft CRC');
  await expect(page.getByRole('table', { name: 'League table' })).toContainText('03/06/2019');

  // The report's methodology counts the complete cases, not the whole sample.
  await page.goto(`${appUrl}#/inspections/${inspectionId}/report`);
  await page.getByRole('button', { name: 'Preview report' }).click();
  await expect(page.getByRole('article', { name: 'Report preview' })).toContainText('read and assessed 3 cases (22 are in the sample; the rest were not complete when this draft was made)');
});

test('11. re-importing a sample that grew adds only the new cases when asked, leaving known ones as they are', async ({ page, appUrl, backend }) => {
  const { inspectionId } = await seedInspection(backend, 20);
  const cs01 = backend.main.store.listCases(inspectionId).find((c) => c.ref === 'CS-01')!;
  await backend.main.dispatch({ command: 'case.answer', input: { caseId: cs01.id, questionId: '2.1.1', value: 'yes' } });
  await page.goto(`${appUrl}#/inspections/${inspectionId}`);
  await page.getByRole('button', { name: 'Import sample CSV' }).click();
  await chooseCsv(page, 'grown.csv', sampleCsv(25)); // the same 20 and 5 more
  await expect(page.getByLabel('Problems in the file')).toContainText('"CS-01" is already in this inspection');
  await page.getByLabel('Add new cases only: leave the cases already here as they are').check();
  await expect(page.getByTestId('known-rows')).toHaveText('20 rows are already here and will be left as they are.');
  await expect(page.getByLabel('Problems in the file')).toHaveCount(0);
  await page.getByRole('button', { name: 'Import 5 new cases' }).click();
  await expect(page.getByTestId('progress')).toHaveText('0 of 25 cases complete');
  expect(backend.main.store.listCases(inspectionId)).toHaveLength(25);
  expect(backend.main.store.getCase(cs01.id).answers.find((a) => a.questionId === '2.1.1')?.value).toBe('yes');
});

test('10. a final inspection is read-only: answers and notes can be read, not changed', async ({ page, appUrl, backend }) => {
  const d = JSON.parse(readFileSync(join(__dirname, '..', 'cli', 'fixtures', 'example-crc.fieldwork.json'), 'utf8'));
  d.inspection = { ...d.inspection, status: 'final' };
  const r = await backend.main.dispatch({ command: 'exchange.import', input: { text: JSON.stringify(d), acceptUnchecked: true, onDuplicate: 'keep-both', provider: { mode: 'auto' } } });
  if (!r.ok) throw new Error(JSON.stringify(r));
  const inspectionId = (r.value as { inspectionId: string }).inspectionId;
  const c = backend.main.store.listCases(inspectionId)[0]!;
  const before = JSON.stringify(backend.main.store.getCase(c.id).answers);
  await page.goto(`${appUrl}#/cases/${c.id}`);
  await expect(page.getByTestId('read-only')).toContainText('This inspection is final');
  await expect(page.getByRole('button', { name: 'Mark complete' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Yes for 2.1.1', exact: true })).toBeDisabled();
  await expect(page.getByLabel('Evidence note for 2.1.1')).toHaveAttribute('readonly', '');
  await page.locator('[data-kq="2.1.1"]').focus();
  for (const k of ['y', 'n', 'Delete', 'Control+Enter']) await page.keyboard.press(k);
  await page.waitForTimeout(500);
  expect(JSON.stringify(backend.main.store.getCase(c.id).answers)).toBe(before);
});

test('11. re-importing a sample with "update existing" brings the known cases up to date and adds the new ones', async ({ page, appUrl, backend }) => {
  const { inspectionId } = await seedInspection(backend, 20);
  const cs01 = backend.main.store.listCases(inspectionId).find((c) => c.ref === 'CS-01')!;
  await backend.main.dispatch({ command: 'case.answer', input: { caseId: cs01.id, questionId: '2.1.1', value: 'yes' } });
  // The same 20 and 5 more; CS-01 has been reassigned to Inspector C in the case management system.
  const grown = sampleCsv(25).replace(/^(Case supervision,CS-01,.*),Inspector A$/m, '$1,Inspector C');
  await page.goto(`${appUrl}#/inspections/${inspectionId}`);
  await page.getByRole('button', { name: 'Import sample CSV' }).click();
  await chooseCsv(page, 'grown.csv', grown);
  await expect(page.getByLabel('Problems in the file')).toContainText('"CS-01" is already in this inspection');
  await page.getByLabel(/^Update existing/).check();
  await expect(page.getByTestId('update-rows')).toContainText('1 case will be updated (19 already match the file):');
  await expect(page.getByTestId('update-rows')).toContainText('CS-01 (line 2): assigned inspector');
  await expect(page.getByLabel('Problems in the file')).toHaveCount(0);
  await page.screenshot({ path: join(__dirname, '..', 'test-results', 'import-update-existing.png') });
  await page.getByRole('button', { name: 'Import 5 cases and update 1 case' }).click();
  await expect(page.getByTestId('progress')).toHaveText('0 of 25 cases complete');
  const after = backend.main.store.getCase(cs01.id);
  expect(after.assignedInspector).toBe('Inspector C');
  expect(after.answers.find((a) => a.questionId === '2.1.1')?.value).toBe('yes');
  expect(backend.main.store.listCases(inspectionId)).toHaveLength(25);
});

test('10. edit and reassign a case, delete one with confirmation; rename, mark final (read-only) and delete an inspection; all audited', async ({ page, appUrl, backend }) => {
  const { inspectionId } = await seedInspection(backend, 3);
  const [cs01, cs02] = ['CS-01', 'CS-02'].map((ref) => backend.main.store.listCases(inspectionId).find((c) => c.ref === ref)!);
  await backend.main.dispatch({ command: 'case.answer', input: { caseId: cs02!.id, questionId: '2.1.1', value: 'yes' } });

  // Edit a case: reassign it and change an attribute.
  await page.goto(`${appUrl}#/cases/${cs01!.id}`);
  await page.getByRole('button', { name: 'Edit case details' }).click();
  const edit = page.getByRole('dialog', { name: 'Edit case CS-01' });
  await expect(edit.getByLabel('Sample reference')).toBeDisabled();
  await edit.getByLabel('Assigned inspector').fill('Inspector C');
  await edit.getByRole('button', { name: 'Save changes' }).click();
  await expect(edit).toHaveCount(0);
  await expect.poll(() => backend.main.store.getCase(cs01!.id).assignedInspector).toBe('Inspector C');
  await page.getByRole('button', { name: 'Show history of changes' }).click();
  await expect(page.getByRole('table', { name: 'History of changes' }).getByRole('row', { name: /assigned inspector Inspector A Inspector C/ })).toBeVisible();

  // Delete a case that holds an answer: a confirmation says what goes with it.
  await page.goto(`${appUrl}#/cases/${cs02!.id}`);
  await page.getByRole('button', { name: 'Delete case', exact: true }).click();
  const confirm = page.getByRole('dialog', { name: 'Delete case CS-02?' });
  await expect(confirm).toContainText('Its 1 answer or note goes with it');
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  await expect(confirm).toHaveCount(0);
  expect(backend.main.store.listCases(inspectionId)).toHaveLength(3);
  await page.getByRole('button', { name: 'Delete case', exact: true }).click();
  await page.getByRole('dialog', { name: 'Delete case CS-02?' }).getByRole('button', { name: 'Delete case CS-02' }).click();
  await expect(page.getByTestId('progress')).toHaveText('0 of 2 cases complete');
  await page.getByRole('tab', { name: 'Audit trail' }).click();
  await expect(page.getByRole('table', { name: 'History of changes' }).getByRole('row').filter({ hasText: 'CS-02' }).first()).toContainText('deleted');

  // Rename the inspection (its provider) and re-date it, dd/mm/yyyy.
  await page.getByRole('button', { name: 'Edit details' }).click();
  const details = page.getByRole('dialog', { name: "Edit the inspection's details" });
  await details.getByLabel('Provider name').fill('Kent, Surrey and Sussex CRC');
  await details.getByLabel('Fieldwork end (dd/mm/yyyy)').fill('31/06/2019');
  await details.getByRole('button', { name: 'Save changes' }).click();
  await expect(details.getByLabel('Fieldwork end (dd/mm/yyyy)')).toHaveAccessibleDescription('Fieldwork ends: enter a date as dd/mm/yyyy, e.g. 03/06/2019');
  await details.getByLabel('Fieldwork end (dd/mm/yyyy)').fill('01/01/2000');
  await details.getByRole('button', { name: 'Save changes' }).click();
  await expect(details.getByLabel('Fieldwork end (dd/mm/yyyy)')).toHaveAccessibleDescription('fieldwork cannot end before it starts');
  // Nothing was sent: the store still has the name it had.
  expect(backend.main.store.getInspection(inspectionId).provider.name).not.toBe('Kent, Surrey and Sussex CRC');
  await details.getByLabel('Fieldwork end (dd/mm/yyyy)').fill('21/06/2019');
  await details.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByRole('heading', { name: 'Kent, Surrey and Sussex CRC', level: 1 })).toBeVisible();
  expect(backend.main.store.getInspection(inspectionId)).toMatchObject({ fieldworkEnd: '2019-06-21', provider: { name: 'Kent, Surrey and Sussex CRC' } });

  // Mark it final: read-only, and the case form says so.
  await page.getByRole('button', { name: 'Mark final' }).click();
  await page.getByRole('dialog', { name: 'Mark this inspection final?' }).getByRole('button', { name: 'Mark final' }).click();
  await expect(page.getByTestId('inspection-final')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Delete inspection' })).toHaveCount(0);
  await expect(page.getByTestId('inspection-read-only')).toContainText('This inspection is final');
  await page.screenshot({ path: join(__dirname, '..', 'test-results', 'inspection-final.png') });
  expect(backend.main.store.getInspection(inspectionId).status).toBe('final');
  // Every tab offers reading, not changing.
  await page.getByRole('tab', { name: 'Cases' }).click();
  await expect(page.getByTestId('progress')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Add case' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Import sample CSV' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Build sample' })).toHaveCount(0);
  await page.getByRole('tab', { name: 'Judgements' }).click();
  await expect(page.getByRole('combobox', { name: /^Rating for / }).first()).toHaveAttribute('aria-disabled', 'true');
  await page.getByRole('tab', { name: 'Report' }).click();
  await expect(page.getByRole('button', { name: 'Add recommendation' })).toHaveCount(0);
  await expect(page.getByLabel(/^Strengths: /).first()).toHaveAttribute('readonly', '');
  await page.goto(`${appUrl}#/cases/${cs01!.id}`);
  await expect(page.getByTestId('read-only')).toContainText('This inspection is final');
  await expect(page.getByRole('button', { name: 'Edit case details' })).toHaveCount(0);

  // Back to draft, then delete it: gone from the list, and its rows with it.
  await page.goto(`${appUrl}#/inspections/${inspectionId}`);
  await page.getByRole('button', { name: 'Return to draft' }).click();
  await page.getByRole('button', { name: 'Delete inspection' }).click();
  const del = page.getByRole('dialog', { name: 'Delete this inspection?' });
  await expect(del).toContainText('its 2 cases, their answers and notes');
  await del.getByRole('button', { name: 'Delete inspection' }).click();
  await expect(page.getByRole('heading', { name: 'Inspections', level: 1 })).toBeVisible();
  expect(backend.main.store.listInspections()).toHaveLength(0);
  expect(backend.errors).toEqual([]);
});
