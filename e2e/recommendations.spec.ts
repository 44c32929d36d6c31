import { join } from 'node:path';
import { expect, test } from './fixtures';
import { seedInspection, choose } from './helpers';

const SCREENSHOTS = join(__dirname, '..', 'docs', 'screenshots');

// Issue #11 item 7: recommendations are edited one at a time with stable ids (before, every debounced
// save deleted them all and inserted them again with fresh ids), and each edit is in the audit trail.
test('recommendations keep their ids through edits and removals, and each edit is one entry in the audit trail', async ({ page, appUrl, backend }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1280, height: 800 });
  const { inspectionId } = await seedInspection(backend, 0);
  const stored = () => backend.main.store.recommendations(inspectionId);
  const items = () => backend.main.store.db.prepare('SELECT id, text FROM recommendation WHERE inspection_id = ? ORDER BY position').all(inspectionId) as { id: string; text: string }[];

  await page.goto(`${appUrl}#/inspections/${inspectionId}/report`);
  await page.getByRole('textbox', { name: 'Recommendation 1' }).fill('Improve the analysis of domestic abuse information in assessments.');
  await page.getByRole('button', { name: 'Add recommendation' }).click();
  await page.getByRole('textbox', { name: 'Recommendation 2' }).fill('Make sure every case has a current risk management plan.');
  await page.getByRole('button', { name: 'Add recommendation' }).click();
  await page.getByRole('textbox', { name: 'Recommendation 3' }).fill('Review caseloads every month.');
  await expect.poll(stored).toHaveLength(3);
  const [first, second, third] = items();

  // Editing one item changes that item only: same id, one logged change of its text.
  const before = backend.main.store.changes(inspectionId).length;
  await page.getByRole('textbox', { name: 'Recommendation 2' }).fill('Make sure every case has a current, reviewed risk management plan.');
  await expect.poll(() => items()[1]?.text).toBe('Make sure every case has a current, reviewed risk management plan.');
  expect(items().map((r) => r.id)).toEqual([first!.id, second!.id, third!.id]);
  expect(backend.main.store.changes(inspectionId).slice(before).map((c) => [c.entity, c.id, c.field])).toEqual([['recommendation', second!.id, 'text']]);

  // Removing the first leaves the others as they were.
  await page.getByRole('button', { name: 'Remove recommendation 1' }).click();
  await expect.poll(stored).toHaveLength(2);
  expect(items()).toEqual([
    { id: second!.id, text: 'Make sure every case has a current, reviewed risk management plan.' },
    { id: third!.id, text: 'Review caseloads every month.' },
  ]);

  // After a reload the screen shows what is stored, in order.
  await page.reload();
  await expect(page.getByRole('textbox', { name: 'Recommendation 1' })).toHaveValue('Make sure every case has a current, reviewed risk management plan.');
  await expect(page.getByRole('textbox', { name: 'Recommendation 2' })).toHaveValue('Review caseloads every month.');
  await page.getByRole('region', { name: 'Recommendations' }).screenshot({ path: join(SCREENSHOTS, 'report-recommendations-light-1280x800.png') });

  // The audit trail shows each one's history with who made it.
  await page.goto(`${appUrl}#/inspections/${inspectionId}/audit`);
  const trail = page.getByRole('table');
  await expect(trail).toContainText('Review caseloads every month.');
  await expect(trail).toContainText('Make sure every case has a current, reviewed risk management plan.');
  await expect(trail).toContainText('Test Inspector');
  // A removal reads as what was written, not as ids.
  await expect(trail.getByRole('row').nth(1)).toContainText('Improve the analysis of domestic abuse information in assessments.');
  await expect(trail).not.toContainText('inspectionId');
  await page.screenshot({ path: join(SCREENSHOTS, 'audit-trail-recommendations-light-1280x800.png') });
  expect(backend.errors).toEqual([]);
});

test('progress on the previous recommendations is judged one at a time, keyed by their ids: rewording one later keeps its judgement', async ({ page, appUrl, backend }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1280, height: 800 });
  const ok = async (command: string, input: unknown) => {
    const r = await backend.main.dispatch({ command, input } as Parameters<typeof backend.main.dispatch>[0]);
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    return r.value as { id: string };
  };
  const { inspectionId: oldId } = await seedInspection(backend, 0);
  const r1 = await ok('recommendation.add', { inspectionId: oldId, text: 'Improve the analysis of domestic abuse information in assessments.' });
  const r2 = await ok('recommendation.add', { inspectionId: oldId, text: 'Review caseloads every month.' });
  const providerId = backend.main.store.listProviders()[0]!.id;
  const now = await ok('inspection.create', { providerId, frameworkId: 'crc-2018', fieldworkStart: '2020-06-01', fieldworkEnd: '2020-06-12' });

  await page.goto(`${appUrl}#/inspections/${now.id}/compare`);
  // Judged out of order: the second first.
  await choose(page, page.getByLabel('Progress on recommendation 2'), 'Met', { exact: true });
  await page.getByLabel('Note on recommendation 2').fill('Caseloads are reviewed at every team meeting.');
  await choose(page, page.getByLabel('Progress on recommendation 1'), 'Partly met');
  const judged = () => backend.main.store.progressList(now.id).map((p) => [p.recommendationId, p.progress, p.note]);
  await expect.poll(judged).toEqual([
    [r1.id, 'partly met', ''],
    [r2.id, 'met', 'Caseloads are reviewed at every team meeting.'],
  ]);
  const ids = backend.main.store.progressList(now.id).map((p) => p.id);

  // The previous inspection's recommendation is reworded: its judgement stays with it (by id, not text or position).
  await ok('recommendation.edit', { id: r1.id, text: 'Improve the quality of risk assessment where there is domestic abuse.' });
  await page.reload();
  await expect(page.getByLabel('Note on recommendation 2')).toHaveValue('Caseloads are reviewed at every team meeting.');
  expect(judged()[0]).toEqual([r1.id, 'partly met', '']);
  expect(backend.main.store.progressList(now.id).map((p) => p.id)).toEqual(ids);
  await page.getByRole('region', { name: "Progress on the previous inspection's recommendations" }).screenshot({ path: join(SCREENSHOTS, 'compare-previous-recommendations-light-1280x800.png') });
  expect(backend.errors).toEqual([]);
});
