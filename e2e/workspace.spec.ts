import { rateInspection, shippedFrameworks } from '../core';
import { connect, expect, test } from './fixtures';
import { CSV_HEAD, choose, chooseCsv, sampleCsv } from './helpers';

test('an inspector imports a sample, scores by keyboard, and the dashboard agrees with the engine', async ({ page, appUrl, backend }) => {
  test.setTimeout(120_000);
  await page.goto(`${appUrl}#/inspections/new`);
  await page.getByLabel('Provider name').fill('Kent, Surrey and Sussex CRC');
  await page.getByLabel('Fieldwork starts').fill('2019-06-03');
  await page.getByLabel('Fieldwork ends').fill('2019-06-14');
  await page.getByRole('button', { name: 'Create inspection' }).click();
  await expect(page.getByRole('heading', { name: 'Kent, Surrey and Sussex CRC' })).toBeVisible();
  const inspectionId = backend.main.store.listInspections()[0]!.id;

  // A CSV with bad rows is refused with row-level messages and writes nothing.
  await page.getByRole('button', { name: 'Import sample CSV' }).click();
  const bad = `${CSV_HEAD}\nCase supervision,CS-01,X1,A,male,,,,high,,yes,no,no,yes,\nVictim work,CS-02,X2,B,robot,,,,,,maybe,no,no,yes,\n`;
  await chooseCsv(page, 'bad.csv', bad);
  const problems = page.getByLabel('Problems in the file');
  await expect(problems).toContainText('Line 3, sample: "Victim work" is not a sample of crc-2018');
  await expect(problems).toContainText('Line 3, gender: "robot" should be one of');
  await expect(problems).toContainText('Line 3, domestic abuse concern: "maybe" should be yes or no');
  await expect(page.getByRole('button', { name: /^Import/ })).toBeDisabled();
  expect(backend.main.store.listCases(inspectionId)).toEqual([]);

  await chooseCsv(page, 'sample.csv', sampleCsv(20));
  await expect(page.getByRole('table', { name: 'Preview of the cases to import' }).getByRole('row')).toHaveCount(21);
  await page.getByRole('button', { name: 'Import 20 cases' }).click();
  await expect(page.getByTestId('progress')).toHaveText('0 of 20 cases complete');
  expect(backend.main.store.listCases(inspectionId)).toHaveLength(20);

  // Filter and search the case list.
  await page.getByLabel('Search cases').fill('Inspector B');
  await expect(page.getByText('Showing 10 of 20')).toBeVisible();
  await page.getByLabel('Search cases').fill('');

  // Score the first two cases by keyboard only.
  await page.getByRole('link', { name: 'CS-01', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Case CS-01' })).toBeVisible();
  // CS-01 has a review due: 12 key questions. Answer them Y, Y, N, then all Y.
  const keys = ['y', 'y', 'n', 'y', 'y', 'y', 'y', 'y', 'y', 'y', 'y', 'a'];
  for (const k of keys) {
    await page.keyboard.press(k);
    await page.keyboard.press('j');
  }
  await expect(page.getByTestId('case-progress')).toHaveText('12 of 12 key questions answered');
  await expect(page.getByTestId('save-state')).toContainText('Saved at');
  // Undo the last answer (N/A on 2.4.3), redo it.
  await page.keyboard.press('Control+z');
  await expect(page.getByTestId('case-progress')).toHaveText('11 of 12 key questions answered');
  await page.keyboard.press('Control+Shift+z');
  await expect(page.getByTestId('case-progress')).toHaveText('12 of 12 key questions answered');

  // Completion is refused until the "No" on 2.1.3 has a note; the form jumps to it.
  await page.keyboard.press('Control+Enter');
  await expect(page.getByRole('alert')).toContainText('2.1.3: a "No" needs an evidence note');
  await page.getByRole('alert').getByRole('button', { name: /2\.1\.3/ }).click();
  await expect(page.getByLabel('Evidence note for 2.1.3')).toBeFocused();
  await page.keyboard.type('Police call-outs were not checked.');
  await page.keyboard.press('Control+Enter');
  // Ctrl+Enter completes and opens the next case.
  await expect(page.getByRole('heading', { name: 'Case CS-02' })).toBeVisible();
  const cs01 = backend.main.store.getCase(backend.main.store.listCases(inspectionId).find((c) => c.ref === 'CS-01')!.id);
  expect(cs01.status).toBe('complete');
  expect(cs01.answers.find((a) => a.questionId === '2.1.3')).toMatchObject({ value: 'no', note: 'Police call-outs were not checked.' });

  // CS-02: the reviewing questions apply (review due); answer the first three No, Yes, Yes then move on by E/Esc.
  await page.keyboard.press('n');
  await page.keyboard.press('e');
  await expect(page.getByLabel('Evidence note for 2.1.1')).toBeFocused();
  await page.keyboard.type('No analysis of motivation.');
  await page.keyboard.press('Escape');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('y');
  await expect(page.getByTestId('save-state')).toContainText('Saved at');

  // The dashboard shows the engine's ratings for the stored answers.
  await page.goto(`${appUrl}#/inspections/${inspectionId}/ratings`);
  const engine = rateInspection(shippedFrameworks().get('crc-2018')!, backend.main.store.inspectionInput(inspectionId));
  await expect(page.getByTestId('overall-score')).toHaveText(`Score ${engine.overall.score} of ${engine.overall.max}`);
  for (const s of engine.standards) {
    const card = page.locator(`[data-standard="${s.id}"]`);
    await expect(card.getByText(s.rating ?? 'Not yet rated', { exact: true })).toBeVisible();
    for (const k of s.keyQuestions)
      if (k.percent !== null) await expect(card.getByRole('button', { name: new RegExp(`^${k.id.replace(/\./g, '\\.')} .*${k.yes} of ${k.applicable} \\(${Math.round(k.percent)}%\\)`) })).toBeVisible();
  }
  // Drill into a key question: the cases behind it.
  await page.locator('[data-standard="2.1"]').getByRole('button', { name: /^2\.1\.1 / }).click();
  const dialog = page.getByRole('dialog', { name: 'Cases behind 2.1.1' });
  await expect(dialog.getByRole('row', { name: /CS-02 No No analysis of motivation/ })).toBeVisible();
  await dialog.getByRole('link', { name: 'CS-02' }).click();
  await expect(page.getByRole('heading', { name: 'Case CS-02' })).toBeVisible();

  // Reopen: a fresh page after an app restart finds everything in place.
  backend.restart();
  const fresh = await page.context().newPage();
  await connect(fresh, backend);
  await fresh.goto(`${appUrl}#/inspections/${inspectionId}`);
  await expect(fresh.getByTestId('progress')).toHaveText('1 of 20 cases complete');
  await fresh.getByRole('link', { name: 'CS-02', exact: true }).click();
  await expect(fresh.getByRole('button', { name: 'No for 2.1.1', exact: true })).toHaveAttribute('aria-pressed', 'true');
  await expect(fresh.getByLabel('Evidence note for 2.1.1')).toHaveValue('No analysis of motivation.');
  // The audit trail, per case and per inspection.
  await fresh.getByRole('button', { name: 'Show history of changes' }).click();
  await expect(fresh.getByRole('table', { name: 'History of changes' }).getByRole('row', { name: /Evidence note 2\.1\.1 — No analysis of motivation\./ })).toBeVisible();
  await fresh.goto(`${appUrl}#/inspections/${inspectionId}/audit`);
  await expect(fresh.getByRole('table', { name: 'History of changes' }).getByRole('row', { name: /CS-01 Case status CS-01 Not complete Complete/ })).toBeVisible();
  expect(backend.errors).toEqual([]);
});

test('questions that do not apply are shown as such and skipped by navigation', async ({ page, appUrl, backend }) => {
  const insp = await backend.main.dispatch({ command: 'inspection.create', input: { newProvider: { name: 'Skip CRC', type: 'CRC' }, frameworkId: 'crc-2018', fieldworkStart: '2019-06-03', fieldworkEnd: '2019-06-14' } });
  if (!insp.ok) throw new Error('seed');
  const inspectionId = (insp.value as { id: string }).id;
  await backend.main.dispatch({ command: 'case.import', input: { inspectionId, csv: `sample ref,review due\nNR-1,no\n` } });
  const c = backend.main.store.listCases(inspectionId)[0]!;
  await page.goto(`${appUrl}#/cases/${c.id}`);
  await expect(page.locator('[data-kq="2.4.1"]')).toContainText('Not applicable to this case');
  // 9 applicable questions: nine presses of Y with J between them answer them all, and never 2.4.x.
  for (let i = 0; i < 9; i++) {
    await page.keyboard.press('y');
    await page.keyboard.press('j');
  }
  await page.keyboard.press('y'); // stays on the last applicable question
  await expect(page.getByTestId('case-progress')).toHaveText('9 of 9 key questions answered');
  await expect.poll(() => backend.main.store.getCase(c.id).answers.filter((a) => a.value === 'yes').length).toBe(9);
  expect(backend.main.store.getCase(c.id).answers.some((a) => a.questionId.startsWith('2.4'))).toBe(false);
});

test('judgements, the leadership warning and an override with its reason', async ({ page, appUrl, backend }) => {
  const insp = await backend.main.dispatch({ command: 'inspection.create', input: { newProvider: { name: 'Judged CRC', type: 'CRC' }, frameworkId: 'crc-2018', fieldworkStart: '2019-06-03', fieldworkEnd: '2019-06-14' } });
  if (!insp.ok) throw new Error('seed');
  const inspectionId = (insp.value as { id: string }).id;
  await backend.main.dispatch({ command: 'case.import', input: { inspectionId, csv: `sample ref\nA\nB\n` } });
  for (const c of backend.main.store.listCases(inspectionId)) await backend.main.dispatch({ command: 'case.answer', input: { caseId: c.id, questionId: '2.1.1', value: 'no' } });

  await page.goto(`${appUrl}#/inspections/${inspectionId}/judgements`);
  await choose(page, page.getByLabel('Rating for 1.1'), 'Good');
  await expect(page.getByRole('alert').filter({ hasText: 'Leadership is rated Good while 2.1 Assessment is Inadequate' })).toBeVisible();
  await page.getByLabel('1.1.1 Is there an effective vision').fill('Strategy refreshed in 2019.');
  await expect.poll(() => backend.main.store.judgements(inspectionId)[0]?.notes['1.1.1']).toBe('Strategy refreshed in 2019.');

  await page.goto(`${appUrl}#/inspections/${inspectionId}/ratings`);
  const card = page.locator('[data-standard="2.1"]');
  await card.getByRole('button', { name: 'Override rating…' }).click();
  const dialog = page.getByRole('dialog');
  await choose(page, dialog.getByLabel('Rating agreed by the panel'), 'Requires improvement');
  await dialog.getByRole('button', { name: 'Save override' }).click();
  await expect(dialog.getByText('an override needs a reason')).toBeVisible();
  await dialog.getByLabel('Reason').fill('Two-case sample in a pilot; panel moderated.');
  await dialog.getByRole('button', { name: 'Save override' }).click();
  await expect(card).toContainText('Computed Inadequate; overridden to Requires improvement: Two-case sample in a pilot; panel moderated.');
});

test('settings: the inspector name and theme persist and the theme applies at once', async ({ page, appUrl, backend }) => {
  await page.goto(`${appUrl}#/settings`);
  // A backup made now is named by its day and time in dd/mm/yyyy (it showed the raw ISO instant).
  await page.getByRole('button', { name: 'Back up now' }).click();
  await expect(page.getByRole('alert')).toHaveText(/^Backed up at \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}\.$/);
  await page.getByLabel('Your name').fill('Inspector Patel');
  await page.getByRole('button', { name: 'Dark' }).click();
  await expect.poll(async () => page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(18, 20, 23)');
  await expect.poll(() => (backend.main.store.getSetting('settings') as { inspectorName?: string } | undefined)?.inspectorName).toBe('Inspector Patel');
  await page.reload();
  await expect(page.getByLabel('Your name')).toHaveValue('Inspector Patel');
});
