import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { docxText } from '../electron/report/write';
import { expect, test } from './fixtures';
import { seedInspection, choose } from './helpers';

test('the lead inspector writes report text, previews and exports Word and PDF through the save dialog', async ({ page, appUrl, backend, browser }) => {
  test.setTimeout(240_000);
  const { inspectionId } = await seedInspection(backend, 20);
  const cases = backend.main.store.listCases(inspectionId);
  for (const [i, c] of cases.entries()) {
    await backend.main.dispatch({ command: 'case.answer', input: { caseId: c.id, questionId: '2.1.3', value: i < 9 ? 'yes' : 'no' } });
    await backend.main.dispatch({ command: 'case.note', input: { caseId: c.id, questionId: '2.1.3', note: `Spoke to ${backend.main.store.getCase(c.id).name} about X${400000 + i}` } });
  }
  // PDFs in tests come from Chromium's page.pdf, as the app's hidden window prints them.
  backend.printToPdf = async (html, chrome) => {
    const p = await browser.newPage({ javaScriptEnabled: false });
    await p.setContent(html);
    const pdf = await p.pdf({ format: 'A4', printBackground: true, displayHeaderFooter: true, margin: { top: '22mm', bottom: '22mm' }, ...chrome });
    await p.close();
    return pdf;
  };
  const dir = mkdtempSync(join(tmpdir(), 'fieldwork-report-'));

  await page.goto(`${appUrl}#/inspections/${inspectionId}/report`);
  await page.getByRole('textbox', { name: 'Recommendation 1' }).fill('Improve the analysis of domestic abuse information in assessments.');
  await page.getByRole('button', { name: 'Add recommendation' }).click();
  await page.getByRole('textbox', { name: 'Recommendation 2' }).fill('Make sure every case has a current risk management plan.');
  await choose(page, page.getByRole('combobox', { name: 'Addressee of recommendation 2' }), 'HM Prison and Probation Service');
  await page.getByRole('textbox', { name: 'Foreword' }).fill('This inspection found a provider under strain.');
  await page.getByRole('textbox', { name: 'Staff interviewed who said their workload was unmanageable' }).fill('69');
  await page.getByRole('textbox', { name: 'Average caseload per practitioner' }).fill('many');
  await expect(page.getByText('Enter a number, such as 48 or 69.5')).toBeVisible();
  await page.getByRole('textbox', { name: 'Narrative: 2.1' }).fill('Assessments were thorough but missed police information.');
  // Each standard's numbers sit beside its text.
  await expect(page.getByRole('complementary', { name: '2.1 numbers' })).toContainText('2.1.3: 45% (9 of 20)');
  await page.getByLabel('Strengths: 2.1').fill('Assessments drew on the views of the person on probation.');
  await page.getByLabel('Areas for improvement: 2.1').fill('Police domestic abuse call-outs were rarely checked.');
  await expect.poll(() => backend.main.store.recommendations(inspectionId)).toHaveLength(2);
  await expect.poll(() => backend.main.store.standardTexts(inspectionId)['2.1']?.improvements).toBe('Police domestic abuse call-outs were rarely checked.');
  await expect.poll(() => backend.main.store.recommendationItems(inspectionId).map((r) => r.addressee)).toEqual(['', 'HM Prison and Probation Service']);
  await expect
    .poll(async () => {
      const r = await backend.main.dispatch({ command: 'report.narrative.get', input: { inspectionId } });
      return r.ok ? r.value : null;
    })
    .toEqual({ sections: { foreword: 'This inspection found a provider under strain.' }, facts: { 'workload-unmanageable': 69 } });

  await page.getByRole('button', { name: 'Preview report' }).click();
  const preview = page.getByRole('article', { name: 'Report preview' });
  await expect(preview.getByRole('heading', { name: 'Ratings', exact: true })).toBeVisible();
  await expect(preview).toContainText('In 45% of cases, assessment focused sufficiently on keeping other people safe.');
  await expect(preview).toContainText('Police domestic abuse call-outs were rarely checked.');
  await expect(preview).toContainText('This inspection found a provider under strain.');
  await expect(preview).toContainText('HM Prison and Probation Service should:');
  await expect(preview).toContainText('Assessments were thorough but missed police information.');
  await expect(preview).toContainText('[To be written: the background to the provider and this inspection]');
  await expect(preview.getByRole('img', { name: /^Bar chart of the key questions for 2\.1 Assessment/ })).toBeVisible();
  await page.getByRole('dialog', { name: 'Preview of the draft report' }).getByRole('button', { name: 'Close' }).click();

  // Cancelling the dialog writes nothing.
  backend.saveAnswers.push(null);
  await page.getByRole('button', { name: 'Export Word (.docx)' }).click();
  await expect.poll(() => backend.dialogsShown.length).toBe(1);
  expect(backend.dialogsShown[0]).toMatchObject({ defaultName: 'Seeded CRC draft report 2019-06-30.docx', filters: [{ extensions: ['docx'] }] });

  const docx = join(dir, 'draft.docx');
  backend.saveAnswers.push(docx);
  await page.getByRole('button', { name: 'Export Word (.docx)' }).click();
  // Writing the report is seconds of work; on a loaded machine, more.
  await expect(page.getByRole('status').filter({ hasText: `Saved ${docx}` })).toBeVisible({ timeout: 60_000 });
  const text = await docxText(readFileSync(docx));
  expect(text).toContain('Make sure every case has a current risk management plan.');
  expect(text).not.toMatch(/X4000\d\d|Person [A-Z]\d/); // notes named people and CRNs; the report does not

  const pdf = join(dir, 'draft.pdf');
  backend.saveAnswers.push(pdf);
  await page.getByRole('button', { name: 'Export PDF' }).click();
  await expect(page.getByRole('status').filter({ hasText: `Saved ${pdf}` })).toBeVisible({ timeout: 60_000 });
  const pdfText = execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' });
  expect(pdfText).toContain('Ratings');
  expect(pdfText).toContain('OFFICIAL-SENSITIVE');
  expect(pdfText).toContain('Annex 2: Inspection results');

  // Personal data typed into report text: refused, and no file written.
  await page.getByLabel('Strengths: 2.2').fill(`Good work with ${backend.main.store.getCase(cases[0]!.id).name}.`);
  await expect.poll(() => backend.main.store.standardTexts(inspectionId)['2.2']?.strengths ?? '').toContain('Good work');
  const refused = join(dir, 'refused.docx');
  backend.saveAnswers.push(refused);
  await page.getByRole('button', { name: 'Export Word (.docx)' }).click();
  await expect(page.getByRole('alert')).toContainText('would contain personal data', { timeout: 60_000 });
  expect(existsSync(refused)).toBe(false);

  // Every report text edit is in the audit trail: who, what, which part (the addressee arrives with its recommendation or as its own change, as the saves fall).
  await page.getByRole('textbox', { name: 'Narrative: 2.1' }).fill('Assessments were thorough; police information was missed.');
  await expect.poll(() => backend.main.store.standardTexts(inspectionId)['2.1']?.narrative).toBe('Assessments were thorough; police information was missed.');
  await page.goto(`${appUrl}#/inspections/${inspectionId}/audit`);
  const history = page.getByRole('table', { name: 'History of changes' });
  await expect(history.getByRole('row', { name: /Test Inspector — Report text 2\.1, narrative Assessments were thorough but missed police information\. Assessments were thorough; police information was missed\./ })).toBeVisible();
  await expect(history.getByRole('row', { name: /Test Inspector — Recommendation.* HM Prison and Probation Service/ })).toBeVisible();
  await expect(history.getByRole('row', { name: /Test Inspector — Report text foreword — .*This inspection found a provider under strain\./ })).toBeVisible();
  expect(backend.errors).toEqual([]);
});
