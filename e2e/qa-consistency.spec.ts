import { expect, test } from './fixtures';

test('consistency checks warn live on the case form and are listed for the inspection; they never block', async ({ page, appUrl, backend }) => {
  const call = async (command: string, input: unknown) => {
    const r = (await backend.main.dispatch({ command, input })) as { ok: boolean; value: { id: string } };
    expect(r.ok).toBe(true);
    return r.value;
  };
  const insp = await call('inspection.create', { newProvider: { name: 'Kent CRC', type: 'CRC' }, frameworkId: 'crc-2018', fieldworkStart: '2019-05-01', fieldworkEnd: '2019-05-10' });
  const c = await call('case.add', { inspectionId: insp.id, ref: 'CS-01', attributes: { reviewDue: true } });

  await page.goto(`${appUrl}#/cases/${c.id}`);
  await expect(page.getByRole('heading', { name: 'Case CS-01', level: 1 })).toBeVisible();
  await expect(page.getByTestId('consistency-warnings')).toHaveCount(0);
  // A key question answered Yes while every prompt under it is No.
  await page.getByRole('group', { name: 'Answer to key question 2.1.1' }).getByRole('button', { name: 'Yes for 2.1.1' }).click();
  for (const p of ['2.1.1.a', '2.1.1.b', '2.1.1.c', '2.1.1.d']) await page.getByRole('group', { name: `Answer to prompt ${p}` }).getByRole('button', { name: `No for ${p}` }).click();
  await expect(page.getByTestId('consistency-warnings')).toContainText('Key question 2.1.1 is answered Yes, but every applicable prompt under it is answered No.');
  // A No with a note of two words; the warning goes when the note says enough.
  await page.getByRole('group', { name: 'Answer to key question 2.2.1' }).getByRole('button', { name: 'No for 2.2.1' }).click();
  const note = page.getByLabel('Evidence note for 2.2.1');
  await note.fill('Not done.');
  await expect(page.getByTestId('consistency-warnings')).toContainText('The evidence note for the No on 2.2.1 is shorter than 5 words');
  await page.screenshot({ path: 'test-results/qa-consistency-live.png' });
  await note.fill('The plan did not address the risk to the partner.');
  await expect(page.getByTestId('consistency-warnings')).not.toContainText('2.2.1');
  await expect(page.getByTestId('save-state')).toContainText('Saved');
  // Stored as answered: a warning never blocks a save.
  expect(backend.main.store.getCase(c.id).answers.find((a) => a.questionId === '2.1.1')?.value).toBe('yes');

  await page.goto(`${appUrl}#/inspections/${insp.id}/qa`);
  const table = page.getByRole('table', { name: 'Consistency warnings' });
  await expect(table.locator('tbody tr')).toHaveCount(1);
  await expect(table).toContainText('Key question 2.1.1 is answered Yes');
  await page.screenshot({ path: 'test-results/qa-consistency-list.png' });
});
