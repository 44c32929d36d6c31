import { join } from 'node:path';
import { readCaseloadCsv, sampleSize } from '../core';
import { caseloadCsv } from '../core/testing/caseload';
import { seriousViolations } from './axe';
import { expect, test } from './fixtures';
import { choose } from './helpers';

const SHOTS = join(__dirname, '..', 'docs', 'screenshots');

test('from the caseload CSV to an inspection with its stratified sample, an elimination and its replacement', async ({ page, appUrl, backend }) => {
  test.setTimeout(180_000);
  const created = await backend.main.dispatch({
    command: 'inspection.create',
    input: { newProvider: { name: 'Sampled PDU', type: 'PDU' }, frameworkId: 'pdu-2023', fieldworkStart: '2019-06-03', fieldworkEnd: '2019-06-14' },
  });
  if (!created.ok) throw new Error(JSON.stringify(created));
  const inspectionId = (created.value as { id: string }).id;
  const caseload = caseloadCsv(6000, 5, '2018-06-01');

  await page.goto(`${appUrl}#/inspections/${inspectionId}`);
  await page.getByRole('link', { name: 'Build sample' }).click();
  await expect(page.getByRole('heading', { name: 'Build sample', level: 1 })).toBeVisible();

  // A caseload with bad rows lists each problem by line and draws nothing.
  const bad = `${caseload.split('\n').slice(0, 4).join('\n')}\nX9,Zed,robot,,,licence,31/02/2019,low,North,no,no,no\n`;
  await page.getByLabel('Caseload CSV file').setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
  const problems = page.getByLabel('Problems in the caseload');
  await expect(problems).toContainText('Line 5, start date: "31/02/2019" is not a date');
  await expect(problems).toContainText('Line 5, gender: "robot" should be one of');
  await expect(page.getByRole('button', { name: /Use as the inspection/ })).toHaveCount(0);

  await page.getByLabel('Caseload CSV file').setInputFiles({ name: 'caseload.csv', mimeType: 'text/csv', buffer: Buffer.from(caseload) });
  await expect(page.getByText('caseload.csv: 6,000 cases read')).toBeVisible();

  // The window defaults to 7 to 6 months before fieldwork, in British dates.
  await expect(page.getByLabel('Window starts')).toHaveValue('03/11/2018');
  await expect(page.getByLabel('Window ends')).toHaveValue('03/12/2018');
  const rows = readCaseloadCsv(caseload).rows.filter((r) => r.startDate >= '2018-11-03' && r.startDate <= '2018-12-03');
  await expect(page.getByTestId('eligible')).toHaveText(rows.length.toLocaleString('en-GB'));

  // An exclusion by rule, counted.
  await choose(page, page.getByLabel('Exclude where'), 'Sentence type');
  await choose(page, page.getByLabel('is', { exact: true }), /^post-sentence supervision/);
  await page.getByRole('button', { name: 'Add exclusion' }).click();
  const pss = rows.filter((r) => r.attributes.sentenceType === 'post-sentence supervision').length;
  const eligible = rows.length - pss;
  await expect(page.getByRole('table', { name: 'Exclusions and their counts' })).toContainText(`Excluded: sentence type is post-sentence supervision−${pss}`);
  await expect(page.getByTestId('eligible')).toHaveText(eligible.toLocaleString('en-GB'));

  // Size from the framework's 80% ±5%, with the formula shown.
  const n = sampleSize(eligible, 0.8, 0.05).n;
  await expect(page.getByTestId('sample-size')).toHaveText(`Sample size: ${n} of ${eligible} eligible cases`);
  await expect(page.getByLabel('Sample size formula')).toContainText('n₀ = z² × p(1 − p) ÷ e² = 1.2816² × 0.5 × 0.5 ÷ 0.05² = 164.24');

  await page.getByLabel('Seed').fill('2019');
  const table = page.getByRole('table', { name: 'Drawn cases' });
  await expect(table.getByRole('row')).toHaveCount(n + 1);
  expect(await seriousViolations(page)).toEqual([]);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(SHOTS, 'build-sample-light-1280x800.png') });
  await page.getByLabel('Inspectors').fill('Ann Ames\nBo Berry\nCy Cole');
  await expect(table.getByRole('row')).toHaveCount(n + 1);
  await expect(page.getByRole('table', { name: 'Balance: population against sample' }).locator('tr[data-largest]')).toHaveCount(1);
  await expect(page.getByText(/Cases per inspector: Ann Ames \d+, Bo Berry \d+, Cy Cole \d+/)).toBeVisible();
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.getByRole('region', { name: '5. Balance' }).scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(SHOTS, 'build-sample-balance-light-1280x800.png') });
  await page.getByRole('region', { name: '3. Sample size' }).scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(SHOTS, 'build-sample-size-light-1280x800.png') });

  // Eliminate a case from a stratum with cases to spare; its replacement comes from the same stratum.
  const draw = await backend.main.dispatch({ command: 'sampling.list', input: { inspectionId } });
  expect(draw).toEqual({ ok: true, value: [] });
  // The commonest stratum in the sample (95 of 220 eligible) certainly has cases left to replace from.
  const strata = (await table.locator('tbody tr td:nth-child(5)').allInnerTexts()).map((t) => t.trim());
  const stratum = [...new Set(strata)].sort((x, y) => strata.filter((t) => t === y).length - strata.filter((t) => t === x).length)[0]!;
  const firstRow = table.getByRole('row').filter({ has: page.getByRole('cell', { name: stratum, exact: true }) }).first();
  const ref = (await firstRow.getByRole('cell').first().innerText()).trim();
  await firstRow.getByRole('button', { name: `Eliminate ${ref}` }).click();
  const dialog = page.getByRole('dialog', { name: `Eliminate ${ref}` });
  await choose(page, dialog.getByLabel('Reason'), 'Transferred out');
  await dialog.getByRole('button', { name: 'Eliminate and replace' }).click();
  const eliminations = page.getByLabel('Eliminations');
  await expect(eliminations).toContainText(`${ref} eliminated (transferred out)`);
  const replacementRef = `${ref.split('-')[0]}-${String(n + 1).padStart(3, '0')}`;
  const replacementRow = table.getByRole('row').filter({ hasText: `replaces ${ref}` });
  await expect(eliminations).toContainText(`replaced by ${replacementRef} from the same stratum`);
  await expect(replacementRow.getByRole('cell').nth(4)).toHaveText(stratum);
  await page.getByRole('region', { name: /^6\. The sample/ }).scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(SHOTS, 'build-sample-cases-light-1280x800.png') });

  await page.getByRole('button', { name: "Use as the inspection's case supervision sample" }).click();
  await expect(page.getByTestId('progress')).toHaveText(`0 of ${n} cases complete`);

  // The store holds the sample, spread evenly, and the draw with its seed and elimination.
  const cases = backend.main.store.listCases(inspectionId);
  expect(cases).toHaveLength(n);
  expect(cases.some((c) => c.ref === ref)).toBe(false);
  const per = ['Ann Ames', 'Bo Berry', 'Cy Cole'].map((x) => cases.filter((c) => c.assignedInspector === x).length);
  expect(Math.max(...per) - Math.min(...per)).toBeLessThanOrEqual(1);
  const recorded = await backend.main.dispatch({ command: 'sampling.list', input: { inspectionId } });
  expect(recorded).toMatchObject({ ok: true, value: [{ sample: 'case-supervision', seed: 2019, size: n, eliminations: [{ ref, reason: 'transferred out', replacementRef }] }] });

  // Annex 1 of the report states the elimination.
  await page.goto(`${appUrl}#/inspections/${inspectionId}/report`);
  await page.getByRole('button', { name: 'Preview report' }).click();
  await expect(page.getByLabel('Report preview')).toContainText('1 sampled case was eliminated and replaced: transferred out.');

  // Found ineligible during fieldwork: eliminated from the saved sample, with the caseload chosen again.
  await page.goto(`${appUrl}#/inspections/${inspectionId}`);
  await page.getByRole('link', { name: 'Build sample' }).click();
  await choose(page, page.getByLabel('Sample', { exact: true }), 'Case supervision (drawn)');
  const saved = page.getByRole('region', { name: 'The saved case supervision sample' });
  await expect(saved).toContainText(`${n} cases drawn on`);
  await expect(saved.getByLabel('Saved eliminations')).toContainText(`${ref} eliminated (transferred out), replaced by ${replacementRef}`);
  await expect(saved.getByText('First choose the caseload file the sample was drawn from (section 1).')).toBeVisible();
  await page.getByLabel('Caseload CSV file').setInputFiles({ name: 'caseload.csv', mimeType: 'text/csv', buffer: Buffer.from(caseload) });
  await choose(page, saved.getByLabel('Case to eliminate'), replacementRef, { exact: true });
  await saved.getByRole('button', { name: 'Eliminate and replace…' }).click();
  const again = page.getByRole('dialog', { name: `Eliminate ${replacementRef}` });
  await choose(page, again.getByLabel('Reason'), 'Deceased');
  await again.getByRole('button', { name: 'Eliminate and replace' }).click();
  const nextRef = `${ref.split('-')[0]}-${String(n + 2).padStart(3, '0')}`;
  await expect(saved.getByRole('status')).toHaveText(`${replacementRef} eliminated and replaced by ${nextRef} from the same stratum.`);
  await expect(saved.getByLabel('Saved eliminations')).toContainText(`${replacementRef} eliminated (deceased), replaced by ${nextRef}`);
  await saved.scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(SHOTS, 'build-sample-saved-light-1280x800.png') });
  const refsNow = backend.main.store.listCases(inspectionId).map((c) => c.ref);
  expect(refsNow).toContain(nextRef);
  expect(refsNow).not.toContain(replacementRef);
  expect(refsNow).toHaveLength(n);
  expect(backend.errors).toEqual([]);
});
