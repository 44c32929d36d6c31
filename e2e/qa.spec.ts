import { join } from 'node:path';
import { type Answer, caseStandards, shippedFrameworks } from '../core';
import { seriousViolations } from './axe';
import { expect, test } from './fixtures';
import { choose } from './helpers';

const f = shippedFrameworks().get('crc-2018')!;
// The cases have no review due, so the reviewing key questions (2.4) do not apply.
const KQS = caseStandards(f, 'case-supervision')
  .filter((s) => s.id !== '2.4')
  .flatMap((s) => s.keyQuestions.map((k) => k.id));

test('mark a case, send it to QA, comment, answer, resolve, complete; double-mark three cases blind and see the agreement table', async ({ page, appUrl, backend }) => {
  test.setTimeout(240_000);
  const call = async <T = { id: string }>(command: string, input: unknown): Promise<T> => {
    const r = (await backend.main.dispatch({ command, input })) as { ok: boolean; value: T; error?: unknown };
    expect(r.ok, JSON.stringify(r.error)).toBe(true);
    return r.value;
  };
  const insp = await call('inspection.create', { newProvider: { name: 'Kent CRC', type: 'CRC' }, frameworkId: 'crc-2018', fieldworkStart: '2019-05-01', fieldworkEnd: '2019-05-10' });
  const ids: string[] = [];
  for (const ref of ['CS-01', 'CS-02', 'CS-03']) ids.push((await call('case.add', { inspectionId: insp.id, ref, assignedInspector: 'Ana Inspector', attributes: { reviewDue: false, roshLevel: 'high' } })).id);
  // CS-02 and CS-03 were marked by Ana already (through the same handlers the app uses).
  const firsts: Record<string, Record<string, Answer>> = {
    'CS-02': Object.fromEntries(KQS.map((q, i) => [q, i % 3 === 0 ? 'no' : 'yes'])),
    'CS-03': Object.fromEntries(KQS.map((q, i) => [q, i % 4 === 1 ? 'no' : 'yes'])),
  };
  for (const [i, ref] of ['CS-02', 'CS-03'].entries())
    for (const [q, value] of Object.entries(firsts[ref]!)) {
      await call('case.answer', { caseId: ids[i + 1], questionId: q, value });
      if (value === 'no') await call('case.note', { caseId: ids[i + 1], questionId: q, note: 'No plan to manage the risk to the partner was recorded.' });
    }

  // 1. Mark CS-01 on the case form; a consistency check warns live (and never blocks).
  await page.goto(`${appUrl}#/cases/${ids[0]}`);
  await expect(page.getByRole('heading', { name: 'Case CS-01', level: 1 })).toBeVisible();
  await expect(page.getByTestId('qa-status')).toHaveText('Draft');
  for (const q of KQS) {
    const value = q === '2.2.1' ? 'No' : 'Yes';
    await page.getByRole('group', { name: `Answer to key question ${q}` }).getByRole('button', { name: `${value} for ${q}` }).click();
  }
  const note = page.getByLabel('Evidence note for 2.2.1');
  await note.fill('Not done.');
  await expect(page.getByTestId('consistency-warnings')).toContainText('The evidence note for the No on 2.2.1 is shorter than 5 words');
  await page.screenshot({ path: 'test-results/qa-consistency-warning.png' });
  await note.fill('The sentence plan did not address the risk to the partner.');
  await expect(page.getByTestId('consistency-warnings')).toHaveCount(0);
  await expect(page.getByTestId('save-state')).toContainText('Saved');
  await page.getByRole('button', { name: 'Mark complete' }).click();
  await expect(page.getByRole('heading', { name: 'Case CS-02', level: 1 })).toBeVisible();

  // 2. Send it to QA; the quality lead comments on a key question and returns it.
  await page.goto(`${appUrl}#/cases/${ids[0]}`);
  await page.getByRole('button', { name: 'Send to QA' }).click();
  await expect(page.getByTestId('qa-status')).toHaveText('Ready for QA');
  await choose(page, page.getByLabel('Comment on'), 'Key question 2.1.1', { exact: true });
  await page.getByLabel('QA comment').fill('Evidence note does not support Yes');
  await page.getByRole('button', { name: 'Add comment' }).click();
  await expect(page.getByTestId('qa-open-comments')).toHaveText('1 open comment');
  await page.getByRole('button', { name: 'Return with comments' }).click();
  await expect(page.getByTestId('qa-status')).toHaveText('Returned with comments');

  // 3. The inspector answers; it goes back to QA; it cannot be completed while the comment is open.
  await page.getByLabel('Answer to the comment on key question 2.1.1').fill('Checked again: the assessment covers it on page 3.');
  await page.getByRole('button', { name: 'Answer', exact: true }).click();
  await expect(page.getByTestId('qa-comment')).toHaveAttribute('data-state', 'answered');
  await page.getByRole('button', { name: 'Send to QA' }).click();
  await expect(page.getByTestId('qa-status')).toHaveText('Ready for QA');
  await expect(page.getByRole('button', { name: 'Mark QA complete' })).toHaveCount(0);
  await page.screenshot({ path: 'test-results/qa-case-comment.png', fullPage: false });
  // The QA panel itself (the rest of the form is the case form's, swept with the main screens).
  expect(await seriousViolations(page, 'section[aria-labelledby="qa-heading"]')).toEqual([]);

  // 4. Resolve, then complete.
  await page.getByRole('button', { name: 'Resolve' }).click();
  await expect(page.getByTestId('qa-comment')).toHaveAttribute('data-state', 'resolved');
  await page.getByRole('button', { name: 'Mark QA complete' }).click();
  await expect(page.getByTestId('qa-status')).toHaveText('QA complete');
  const statuses = backend.main.store.changes().filter((c) => c.entity === 'case' && c.id === ids[0] && c.field === 'qaStatus').map((c) => c.value);
  expect(statuses).toEqual(['ready-for-qa', 'returned', 'ready-for-qa', 'qa-complete']);

  // The case list counts by QA status and filters by it.
  await page.goto(`${appUrl}#/inspections/${insp.id}`);
  await expect(page.getByTestId('qa-counts')).toContainText('QA complete 1');
  await choose(page, page.getByLabel('QA status'), 'QA complete (1)');
  await expect(page.getByRole('table', { name: 'Cases' }).locator('tbody tr')).toHaveCount(1);
  await page.screenshot({ path: 'test-results/qa-case-list.png' });

  // 5. Double-mark three cases blind: the second marker sees the attributes and the questions, not the first marking.
  const seconds: Record<string, Record<string, Answer>> = {
    'CS-01': Object.fromEntries(KQS.map((q) => [q, q === '2.2.1' ? 'no' : 'yes'])),
    'CS-02': Object.fromEntries(KQS.map((q, i) => [q, i % 3 === 0 ? 'no' : i === 4 ? 'no' : 'yes'])),
    'CS-03': Object.fromEntries(KQS.map((q, i) => [q, i % 4 === 1 ? 'yes' : 'yes'])),
  };
  for (const [i, ref] of ['CS-01', 'CS-02', 'CS-03'].entries()) {
    await page.goto(`${appUrl}#/cases/${ids[i]}/second`);
    await expect(page.getByRole('heading', { name: `Second marking of ${ref}`, level: 1 })).toBeVisible();
    await expect(page.getByRole('table', { name: 'Case attributes' })).toContainText('high');
    // Nothing of the first marking is on the page: every answer group starts empty, and no evidence notes.
    await expect(page.locator('[aria-pressed="true"]')).toHaveCount(0);
    await expect(page.getByText('No plan to manage the risk')).toHaveCount(0);
    for (const [q, v] of Object.entries(seconds[ref]!)) {
      await page.getByRole('group', { name: `Second marking of key question ${q}` }).getByRole('button', { name: `${v === 'yes' ? 'Yes' : 'No'} for ${q}` }).click();
      await expect(page.getByRole('group', { name: `Second marking of key question ${q}` }).getByRole('button', { name: `${v === 'yes' ? 'Yes' : 'No'} for ${q}` })).toHaveAttribute('aria-pressed', 'true');
    }
    await expect(page.getByTestId('second-progress')).toHaveText(`${KQS.length} of ${KQS.length} key questions answered by Test Inspector`);
    if (i === 1) {
      await page.screenshot({ path: 'test-results/qa-second-marking.png' });
      expect(await seriousViolations(page)).toEqual([]);
    }
  }
  // Second markings never change the case's own answers.
  expect(backend.main.store.inspectionInput(insp.id).cases.find((c) => c.ref === 'CS-02')!.answers).toEqual(firsts['CS-02']);

  // 6. The agreement table, with the caution for fewer than ten cases, and the disagreements for moderation.
  await page.goto(`${appUrl}#/inspections/${insp.id}/qa`);
  const table = page.getByRole('table', { name: 'Agreement between markers' });
  await expect(table).toBeVisible();
  await expect(table.locator('tbody tr')).toHaveCount(KQS.length + 1);
  const overall = table.getByRole('row', { name: /All key questions/ });
  await expect(overall.getByRole('cell').nth(0)).toHaveText('3');
  await expect(page.getByTestId('agreement-caution')).toContainText('Only 3 cases are double-marked');
  const app = await call<{ overall: { agreement: number; kappa: number | null }; disagreements: unknown[] }>('qa.agreement', { inspectionId: insp.id });
  await expect(overall.getByRole('cell').nth(1)).toHaveText(`${(app.overall.agreement * 100).toFixed(0)}%`);
  await expect(overall.getByRole('cell').nth(2)).toHaveText(app.overall.kappa === null ? 'undefined' : app.overall.kappa.toFixed(2));
  const moderation = page.getByRole('table', { name: 'Disagreements for moderation' });
  await expect(moderation.locator('tbody tr')).toHaveCount(app.disagreements.length);
  await page.screenshot({ path: join(__dirname, '..', 'docs', 'screenshots', 'qa-agreement.png'), fullPage: true });
  expect(await seriousViolations(page)).toEqual([]);
  // The agreed answer goes in as a normal answer change.
  const firstRow = moderation.locator('tbody tr').first();
  const [ref, kq] = [await firstRow.getByRole('cell').nth(0).innerText(), await firstRow.getByRole('cell').nth(1).innerText()];
  await firstRow.getByRole('button', { name: /^Record / }).click();
  await expect(page.getByText(`as the agreed answer`)).toBeVisible();
  await expect(moderation.locator('tbody tr')).toHaveCount(app.disagreements.length - 1);
  const trail = await call<{ caseRef: string; what: string; item: string }[]>('audit.list', { inspectionId: insp.id, caseRef: ref });
  expect(trail.at(-1)).toMatchObject({ caseRef: ref, what: 'answer', item: kq });

  // 7. The quality lead draws a dip sample: a bad size is named, a seeded draw is recorded with its rule and seed, and the same seed draws the same cases.
  await page.getByLabel('Per cent').fill('lots');
  await page.getByRole('button', { name: 'Draw dip sample' }).click();
  const dip = page.getByRole('region', { name: 'Dip sample' });
  await expect(dip.getByText('Enter a share from 1 to 100 per cent')).toBeVisible();
  await expect(dip.getByText(/zod|expected number|NaN/)).toHaveCount(0);
  await expect(dip.getByText('No dip sample drawn yet.', { exact: false })).toBeVisible();
  await page.getByLabel('Per cent').fill('50');
  await page.getByLabel('Seed (optional)').fill('week-1');
  await page.getByRole('button', { name: 'Draw dip sample' }).click();
  await expect(page.getByTestId('dip-result')).toContainText('Ana Inspector');
  const draws = page.getByRole('table', { name: 'Dip samples drawn' });
  await expect(draws.locator('tbody tr')).toHaveCount(1);
  const firstDraw = draws.locator('tbody tr').first();
  await expect(firstDraw).toContainText("50% of each marker's completed cases, at least one each, weighted towards many No answers and high risk of serious harm");
  await expect(firstDraw).toContainText('week-1');
  await page.getByRole('button', { name: 'Draw dip sample' }).click();
  await expect(draws.locator('tbody tr')).toHaveCount(2);
  const picks = await draws.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.lastElementChild?.textContent));
  expect(picks[0]).toBe(picks[1]);
  expect(picks[0]).toMatch(/CS-0\d \(Ana Inspector\)/);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(__dirname, '..', 'docs', 'screenshots', 'qa-dip-sample.png'), fullPage: true });

  // 8. The dashboard rates from all cases or QA-complete cases only.
  await page.goto(`${appUrl}#/inspections/${insp.id}/ratings`);
  // Each choice says how many cases it rates from: CS-01 alone has passed QA.
  const passed = (await call<{ qaStatus: string }[]>('case.list', { inspectionId: insp.id })).filter((c) => c.qaStatus === 'qa-complete' || c.qaStatus === 'final').length;
  expect(passed).toBe(1);
  await expect(page.getByRole('button', { name: 'All cases (3)' })).toBeVisible();
  await page.getByRole('button', { name: `QA-complete cases only (${passed})` }).click();
  await expect(page.getByRole('button', { name: /QA-complete cases only/ })).toHaveAttribute('aria-pressed', 'true');
  await page.screenshot({ path: 'test-results/qa-ratings-toggle.png' });
});
