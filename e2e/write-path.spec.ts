import { caseStandards, shippedFrameworks } from '../core';
import { expect, test } from './fixtures';

test('a complete case that gains a "No" without a note goes back to in progress, and the case says why', async ({ page, appUrl, backend }) => {
  const call = async (command: string, input: unknown) => {
    const r = (await backend.main.dispatch({ command, input })) as { ok: boolean; value: { id: string } };
    expect(r.ok).toBe(true);
    return r.value;
  };
  const insp = await call('inspection.create', { newProvider: { name: 'Kent CRC', type: 'CRC' }, frameworkId: 'crc-2018', fieldworkStart: '2019-05-01', fieldworkEnd: '2019-05-10' });
  const c = await call('case.add', { inspectionId: insp.id, ref: 'CS-01', attributes: { reviewDue: false } });
  const kqs = caseStandards(shippedFrameworks().get('crc-2018')!, 'case-supervision')
    .filter((s) => s.id !== '2.4')
    .flatMap((s) => s.keyQuestions.map((k) => k.id));
  for (const q of kqs) await call('case.answer', { caseId: c.id, questionId: q, value: 'yes' });
  await call('case.complete', { caseId: c.id, complete: true });

  await page.goto(`${appUrl}#/cases/${c.id}`);
  await expect(page.getByText('Complete', { exact: true })).toBeVisible();
  await page.getByRole('group', { name: 'Answer to key question 2.1.3' }).getByRole('button', { name: 'No for 2.1.3' }).click();
  await expect(page.getByTestId('reopen-reason')).toHaveText('Back in progress: "No" on 2.1.3 has no evidence note.');
  await expect(page.getByRole('button', { name: 'Mark complete' })).toBeVisible();
  await page.screenshot({ path: 'test-results/reopened-case.png' });
  expect(backend.main.store.getCaseSummary(c.id)).toMatchObject({ status: 'in-progress', reopenReason: 'Back in progress: "No" on 2.1.3 has no evidence note.' });
});
