import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FrameworkRegistry, comparableFromFile, compareInspections, parseInspectionText } from '../core';
import { expect, test } from './fixtures';
import { choose } from './helpers';

const example = readFileSync(join(__dirname, '..', 'cli', 'fixtures', 'example-crc.fieldwork.json'), 'utf8');

function laterInspection(): string {
  const d = JSON.parse(example);
  d.id = '7f3c1f7e-5a7b-4d0c-9a56-2f2d3c1b0a42';
  // The inspection in progress: a final one would refuse the judgements of progress made below.
  d.inspection = { fieldworkStart: '2020-06-01', fieldworkEnd: '2020-06-12', status: 'draft' };
  d.recommendations = [{ text: 'Keep improving home visits.' }];
  d.cases.forEach((c: { answers: Record<string, string> }, i: number) => {
    for (const q of Object.keys(c.answers)) if (q.startsWith('2.1')) c.answers[q] = i % 10 < 9 ? 'yes' : 'no';
  });
  return JSON.stringify(d, null, 2);
}

test('import two inspections of one provider and compare them; a bad file leaves the store unchanged', async ({ page, appUrl, backend }) => {
  const dir = mkdtempSync(join(tmpdir(), 'fieldwork-prev-'));
  const older = join(dir, 'older.fieldwork.json');
  const newer = join(dir, 'newer.fieldwork.json');
  writeFileSync(older, example);
  writeFileSync(newer, laterInspection());

  await page.goto(appUrl);
  // The first through the open dialog (menu and button use it)…
  backend.openAnswers.push(older);
  await page.getByRole('button', { name: 'Import inspection file…' }).click();
  const dialog = page.getByRole('dialog', { name: /Import older.fieldwork.json/ });
  await expect(dialog).toContainText('Example CRC · crc-2018 · fieldwork from 03/06/2019 · 20 cases');
  await dialog.getByRole('radio', { name: 'A new provider: Example CRC' }).check();
  // The example has no checksum: importing it needs the inspector's confirmation.
  await expect(dialog).toContainText('This file has no checksum');
  await expect(dialog.getByRole('button', { name: 'Import' })).toBeDisabled();
  await dialog.getByRole('checkbox', { name: 'Import it although it cannot be checked' }).check();
  await dialog.getByRole('button', { name: 'Import' }).click();
  await expect(page.getByRole('heading', { name: 'Example CRC', level: 1 })).toBeVisible();

  // …the second by drag and drop onto the inspections screen: the provider is matched by name.
  await page.goto(appUrl);
  const data = await page.evaluateHandle((text) => {
    const dt = new DataTransfer();
    dt.items.add(new File([text], 'newer.fieldwork.json', { type: 'application/json' }));
    return dt;
  }, laterInspection());
  await page.locator('main').dispatchEvent('drop', { dataTransfer: data });
  const second = page.getByRole('dialog', { name: /Import newer.fieldwork.json/ });
  await expect(second).toContainText('Provider: Example CRC, already in Fieldwork.');
  await second.getByRole('checkbox', { name: 'Import it although it cannot be checked' }).check();
  await second.getByRole('button', { name: 'Import' }).click();
  await expect(page.getByRole('heading', { name: 'Example CRC', level: 1 })).toBeVisible();
  expect(backend.main.store.listProviders()).toHaveLength(1);
  const newId = '7f3c1f7e-5a7b-4d0c-9a56-2f2d3c1b0a42';

  // The comparison suggests the earlier inspection and its numbers are the engine's.
  await page.goto(`${appUrl}#/inspections/${newId}/compare`);
  const registry = new FrameworkRegistry();
  const [a, b] = [example, laterInspection()].map((t) => parseInspectionText(t, registry)).map((r) => {
    if (!r.ok) throw new Error('fixture');
    return comparableFromFile(r.file, r.framework);
  });
  const engine = compareInspections(a!, b!);
  for (const k of engine.keyQuestions) {
    const row = page.locator(`tr[data-kq="${k.newId}"]`);
    await expect(row).toContainText(`${Math.round(k.old)}% of ${k.oldBase}`);
    await expect(row).toContainText(`${Math.round(k.new)}% of ${k.newBase}`);
    await expect(row).toContainText(k.verdict);
  }
  await expect(page.getByTestId('overall-compare')).toContainText(`(${engine.overall.old.score} of 30) then`);
  // Each inspection by its fieldwork date in dd/mm/yyyy (it showed 2019-06-03).
  await page.getByRole('switch', { name: 'Include draft inspections in the history' }).check();
  await expect(page.getByRole('table', { name: 'Ratings per inspection' })).toContainText('03/06/2019 (crc-2018)');
  // The previous inspection's recommendations, judged here.
  await choose(page, page.getByLabel('Progress on recommendation 1'), 'Partly met');
  await expect.poll(() => backend.main.store.recommendationProgress(newId)[0]?.progress).toBe('partly met');

  // A bad file: a clear message, and the database file is byte-for-byte the same.
  const hash = () => {
    backend.main.db.pragma('wal_checkpoint(TRUNCATE)');
    return createHash('sha256').update(readFileSync(backend.main.databasePath)).digest('hex');
  };
  const before = hash();
  const bad = join(dir, 'bad.fieldwork.json');
  writeFileSync(bad, example.replace('"formatVersion": 1', '"formatVersion": 3'));
  await page.goto(appUrl);
  backend.openAnswers.push(bad);
  await page.getByRole('button', { name: 'Import inspection file…' }).click();
  await expect(page.getByRole('dialog').getByRole('alert')).toContainText('written by a newer version of Fieldwork');
  await page.getByRole('button', { name: 'Close' }).click();
  expect(hash()).toBe(before);

  // Both inspections are drafts: the League shows final inspections unless drafts are asked for.
  await page.goto(`${appUrl}#/league`);
  await expect(page.getByRole('alert')).toContainText('No final inspections yet');
  await page.getByRole('switch', { name: /Include draft inspections/ }).check();
  await expect(page.getByRole('table', { name: 'League table' })).toContainText('Example CRC');
  await expect(page.getByRole('table', { name: 'League table' })).toContainText('01/06/2020');
  expect(backend.errors).toEqual([]);
});
