import { join } from 'node:path';
import { expect, test } from './fixtures';

// Issue 12, item 6: a full disk is said plainly, the unsaved value stays in the form, and it is saved on retry.

test('disk full: the note stays in the form, the message says the disk is full, and "Try again" saves it', async ({ page, appUrl, backend }) => {
  const r = await backend.main.dispatch({ command: 'inspection.create', input: { newProvider: { name: 'Full CRC', type: 'CRC' }, frameworkId: 'crc-2018', fieldworkStart: '2019-04-01', fieldworkEnd: '2019-04-12' } });
  if (!r.ok) throw new Error('setup');
  const added = await backend.main.dispatch({ command: 'case.add', input: { inspectionId: (r.value as { id: string }).id, ref: 'CS-01' } });
  if (!added.ok) throw new Error('setup');
  const caseId = (added.value as { id: string }).id;
  await page.goto(`${appUrl}#/cases/${caseId}`);
  const kq = page.getByRole('group', { name: 'Answer to key question 2.1.3' });
  await kq.getByRole('button', { name: 'No for 2.1.3' }).click();
  await expect(page.getByTestId('save-state')).toContainText('Saved at');

  // The disk fills up: SQLite may not grow the file by another page (it answers SQLITE_FULL, as on a full disk).
  const db = backend.main.db;
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`);
  const note = `Domestic abuse call-outs were not checked. ${'The file shows no police checks at any point. '.repeat(120)}`;
  await page.getByLabel('Evidence note for 2.1.3').fill(note);
  await expect(page.getByTestId('save-state')).toContainText('The disk is full, so this change was not saved.');
  await expect(page.getByTestId('save-state')).not.toContainText('SQLITE');
  await expect(page.getByLabel('Evidence note for 2.1.3')).toHaveValue(note);
  await page.screenshot({ path: join(__dirname, '..', 'test-results', 'disk-full.png') });

  // Space is freed; one click saves what was typed.
  db.pragma('max_page_count = 1073741823');
  await page.getByTestId('save-state').getByRole('button', { name: 'Try again' }).click();
  await expect(page.getByTestId('save-state')).toContainText('Saved at');
  expect(backend.main.store.getCase(caseId).answers.find((a) => a.questionId === '2.1.3')?.note).toBe(note);
});
