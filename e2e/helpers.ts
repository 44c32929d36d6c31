import { expect, type Locator, type Page } from '@playwright/test';
import type { TestBackend } from './bridge';

export const CSV_HEAD = 'sample,sample ref,CRN,name,gender,ethnicity,age band,sentence type,risk of serious harm level,office or cluster,domestic abuse concern,child safeguarding concern,released from custody,review due,assigned inspector';

/** A realistic sample: 20 case-supervision cases with varied attributes. */
export function sampleCsv(n = 20): string {
  const rows = Array.from({ length: n }, (_, i) =>
    [
      'Case supervision',
      `CS-${String(i + 1).padStart(2, '0')}`,
      `X${400000 + i}`,
      `Person ${String.fromCharCode(65 + (i % 26))}${i}`,
      i % 3 === 0 ? 'female' : 'male',
      i % 4 === 0 ? 'Black British' : 'White British',
      '25-34',
      i % 2 === 0 ? 'community order' : 'licence',
      ['low', 'medium', 'high', 'very high'][i % 4],
      i % 2 === 0 ? 'North' : 'South',
      i % 3 === 0 ? 'yes' : 'no',
      i % 5 === 0 ? 'yes' : 'no',
      i % 2 === 0 ? 'no' : 'yes',
      i % 4 === 3 ? 'no' : 'yes',
      i < 10 ? 'Inspector A' : 'Inspector B',
    ].join(','),
  );
  return `${CSV_HEAD}\n${rows.join('\n')}\n`;
}

/** Creates an inspection through the handlers (not the UI) for specs that test something else. */
export async function seedInspection(backend: TestBackend, cases = 20, provider = 'Seeded CRC'): Promise<{ inspectionId: string }> {
  const r = await backend.main.dispatch({
    command: 'inspection.create',
    input: { newProvider: { name: provider, type: 'CRC' }, frameworkId: 'crc-2018', fieldworkStart: '2019-06-03', fieldworkEnd: '2019-06-14', caseloadSize: 4171 },
  });
  if (!r.ok) throw new Error(JSON.stringify(r));
  const inspectionId = (r.value as { id: string }).id;
  if (cases > 0) {
    const imp = await backend.main.dispatch({ command: 'case.import', input: { inspectionId, csv: sampleCsv(cases) } });
    if (!imp.ok) throw new Error(JSON.stringify(imp));
  }
  return { inspectionId };
}

export async function chooseCsv(page: Page, name: string, text: string): Promise<void> {
  await page.getByLabel('Sample CSV file').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(text) });
}

/**
 * Chooses an option of a MUI select and waits for its menu to close. On a loaded machine a click can
 * land while the menu is still growing in and be lost: the menu stays open and hides everything behind
 * it from the accessibility tree, so the next step waits until the test times out. The step is retried
 * until the menu has closed (seen three times in full runs at load 5–10).
 */
export async function choose(page: Page, select: Locator, option: string | RegExp, o: { exact?: boolean } = {}): Promise<void> {
  const menu = page.getByRole('listbox');
  await expect(async () => {
    if (!(await menu.isVisible())) await select.click({ timeout: 5_000 });
    await page.getByRole('option', { name: option, ...o }).click({ timeout: 5_000 });
    await expect(menu).toBeHidden({ timeout: 3_000 });
  }).toPass({ timeout: 60_000 });
}

/**
 * Waits for the page's transitions and finite animations to end (axe reads colours mid-fade as too
 * faint); a spinner's endless animation is not waited for.
 */
export async function settled(page: Page): Promise<void> {
  await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running' || a.effect?.getTiming().iterations === Infinity));
}
