import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { realisticFile } from '../core/testing/realistic-file';
import { serialiseInspection } from '../electron/files/inspection-files';
import type { Locator, Page } from '@playwright/test';
import type { TestBackend } from './bridge';
import { expect, test } from './fixtures';
import { seedInspection } from './helpers';

// Issue #16: long work never freezes the window. A large import shows how far it has got (in cases,
// once it has taken over a second), the window answers meanwhile, and Cancel leaves the store as it was.

const SHOTS = join(__dirname, '..', 'docs', 'screenshots');
const BIG_ID = '00000000-0000-4000-8000-00000000b16e';

/** A realistic 600-case file: seconds to import on any machine, so the progress shows. */
function bigFile(): string {
  const path = join(mkdtempSync(join(tmpdir(), 'fieldwork-long-e2e-')), 'big.fieldwork.json');
  writeFileSync(path, serialiseInspection(realisticFile(BIG_ID, 'Big CRC', 600, 3)));
  return path;
}

/** Imports the 600-case file from the Import dialog; gives the dialog (its progress and messages show there). */
async function startBigImport(page: Page, backend: TestBackend): Promise<Locator> {
  backend.openAnswers.push(bigFile());
  await page.getByRole('button', { name: 'Import inspection file…' }).click();
  const dialog = page.getByRole('dialog', { name: /Import big.fieldwork.json/ });
  await expect(dialog).toContainText('600 cases', { timeout: 120_000 });
  await dialog.getByRole('button', { name: 'Import' }).click();
  return dialog;
}

test.describe.configure({ timeout: 240_000 });

test('a large import shows its progress in cases while other commands are answered, then opens the inspection', async ({ page, appUrl, backend }) => {
  const { inspectionId } = await seedInspection(backend, 5);
  const caseId = backend.main.store.listCases(inspectionId)[0]!.id;
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(appUrl);
  await startBigImport(page, backend);
  const panel = page.getByRole('region', { name: 'Work in progress' });
  const status = panel.getByTestId('long-work-status');
  await expect(status).toHaveText(/^Importing [1-9][\d,]* of 600 cases…$/, { timeout: 120_000 });
  await expect(panel.getByRole('progressbar')).toHaveAttribute('aria-valuenow', /\d+/);
  // The window stays responsive: another command is answered while the import writes.
  const answered = await page.evaluate((id) => (window as unknown as { api: { invoke(c: string, i: unknown): Promise<unknown> } }).api.invoke('case.get', { caseId: id }), caseId);
  expect(answered).toMatchObject({ ok: true, value: { id: caseId } });
  await expect(status).toHaveText(/^Importing [1-9][\d,]* of 600 cases…$/);
  await page.screenshot({ path: join(SHOTS, 'long-work-import-light-1280x800.png') });
  await expect(page.getByRole('heading', { name: 'Big CRC', level: 1 })).toBeVisible({ timeout: 180_000 });
  await expect(panel).toBeHidden();
  expect(backend.main.store.listCases(BIG_ID)).toHaveLength(600);
});

test('Cancel stops a large import and leaves the store as it was (dark theme)', async ({ page, appUrl, backend }) => {
  await backend.main.dispatch({ command: 'settings.update', input: { theme: 'dark' } });
  await seedInspection(backend, 5);
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(appUrl);
  const dialog = await startBigImport(page, backend);
  const panel = page.getByRole('region', { name: 'Work in progress' });
  await expect(panel.getByTestId('long-work-status')).toHaveText(/^Importing [1-9][\d,]* of 600 cases…$/, { timeout: 120_000 });
  await page.screenshot({ path: join(SHOTS, 'long-work-import-dark-1280x800.png') });
  await panel.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog.getByRole('alert')).toContainText('Cancelled: nothing was changed.', { timeout: 120_000 });
  await expect(panel).toBeHidden();
  expect(backend.main.store.listInspections()).toHaveLength(1);
  // What the import wrote before the cancel (in its short transactions) was taken out again: no row of it is left.
  expect(backend.main.db.prepare('SELECT count(*) AS n FROM case_file WHERE inspection_id = ?').get(BIG_ID)).toEqual({ n: 0 });
  // The log tells it (history is never deleted): the rows the import wrote, if any, then their removal.
  const log = backend.main.store.changes(BIG_ID);
  if (log.length > 0) expect(log.at(-1)).toMatchObject({ entity: 'inspection', id: BIG_ID, field: '$delete' });
});

// Found in review (chunked import, finding 4): an import the app stopped in was taken out at the next
// start without a word, so the inspector did not know to import the file again. Guards: the next start
// says which import was taken out and what to do, until the inspector closes the message.
test('an import the app stopped in is taken out at the next start, and the inspector is told which and what to do', async ({ page, appUrl, backend }) => {
  await seedInspection(backend, 5);
  await page.goto(appUrl);
  await startBigImport(page, backend);
  await expect(page.getByTestId('long-work-status')).toHaveText(/^Importing [1-9][\d,]* of 600 cases…$/, { timeout: 120_000 });
  // The app stops part-way (as in a crash or a forced quit) and starts again; a fresh window opens.
  await backend.restartAfterStop();
  await page.goto(`${appUrl}?restarted`);
  const notice = page.getByRole('alert').filter({ hasText: 'did not finish' });
  await expect(notice).toHaveText(
    "The import of Big CRC's inspection (fieldwork from 01/04/2019) did not finish when Fieldwork last stopped, so it was taken out: nothing of it was kept and nothing else changed. Import the file again.",
  );
  await expect(page.getByRole('link', { name: 'Big CRC' })).toHaveCount(0);
  await page.screenshot({ path: join(SHOTS, 'import-taken-out-notice.png') });
  expect(backend.main.db.prepare('SELECT count(*) AS n FROM case_file WHERE inspection_id = ?').get(BIG_ID)).toEqual({ n: 0 });
  await notice.getByRole('button', { name: 'Close' }).click();
  await expect(notice).toBeHidden();
});
