import { expect, test } from './fixtures';
import { seedInspection } from './helpers';

// The case list mounts only the rows in view (TanStack Virtual): a 3,000-case inspection must not put
// 3,000 rows in the page, and every case must still be reachable by scrolling, sorting and searching.
test('a 3,000-case list mounts only the rows in view and still reaches every case', async ({ page, appUrl, backend }) => {
  test.setTimeout(120_000);
  const { inspectionId } = await seedInspection(backend, 3000, 'Large CRC');
  await page.goto(`${appUrl}#/inspections/${inspectionId}`);
  const table = page.getByRole('table', { name: 'Cases' });
  await expect(table.getByRole('link', { name: 'CS-01', exact: true })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByText('Showing 3000 of 3000')).toBeVisible({ timeout: 60_000 });
  await expect(table).toHaveAttribute('aria-rowcount', '3001');
  const mounted = await table.locator('tbody tr[data-index]').count();
  expect(mounted).toBeGreaterThan(10);
  expect(mounted).toBeLessThan(80);

  // Scrolling to the end brings the last case into the page; the first has gone.
  await page.getByTestId('case-list-scroller').evaluate((el) => (el.scrollTop = el.scrollHeight));
  await expect(table.getByRole('link', { name: 'CS-3000', exact: true })).toBeVisible();
  await expect(table.getByRole('link', { name: 'CS-01', exact: true })).toHaveCount(0);
  expect(await table.locator('tbody tr[data-index]').count()).toBeLessThan(80);

  // Sorting and searching work over every case, not only the mounted ones.
  await page.getByTestId('case-list-scroller').evaluate((el) => (el.scrollTop = 0));
  await page.getByRole('button', { name: 'Sample ref' }).click();
  await expect(table.locator('tbody tr[data-index="0"] a')).toHaveText('CS-3000');
  await page.getByLabel('Search cases').fill('CS-2999');
  await expect(page.getByText('Showing 1 of 3000')).toBeVisible({ timeout: 15_000 });
  await expect(table.getByRole('link', { name: 'CS-2999', exact: true })).toBeVisible();
});

// At the smallest window the app supports (1280 × 800) every column, the last (open QA comments) included,
// fits without sideways scrolling.
test('at 1280 px wide every column of the case list is in view, the comment count included', async ({ page, appUrl, backend }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  const { inspectionId } = await seedInspection(backend, 12, 'Narrow CRC');
  await page.goto(`${appUrl}#/inspections/${inspectionId}`);
  const table = page.getByRole('table', { name: 'Cases' });
  await expect(table.getByRole('link', { name: 'CS-01', exact: true })).toBeVisible();
  const scroller = page.getByTestId('case-list-scroller');
  const { scrollWidth, clientWidth } = await scroller.evaluate((el) => ({ scrollWidth: el.scrollWidth, clientWidth: el.clientWidth }));
  expect(scrollWidth, 'the case list needs sideways scrolling at 1280 px').toBeLessThanOrEqual(clientWidth);
  const comments = table.getByRole('columnheader', { name: /Comments/ });
  await expect(comments).toBeInViewport({ ratio: 1 });
});
