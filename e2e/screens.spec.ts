import type { Page } from '@playwright/test';
import { join } from 'node:path';
import { seriousViolations } from './axe';
import { expect, test } from './fixtures';
import { seedInspection } from './helpers';
import type { TestBackend } from './bridge';

const SHOTS = join(__dirname, '..', 'docs', 'screenshots');

/** Answers part of the sample so that every screen has something real to show. */
async function scoreSome(backend: TestBackend, inspectionId: string): Promise<string> {
  const cases = backend.main.store.listCases(inspectionId);
  const kqs = ['2.1.1', '2.1.2', '2.1.3', '2.2.1', '2.2.2', '2.2.3', '2.3.1', '2.3.2', '2.3.3', '2.4.1', '2.4.2', '2.4.3'];
  for (const [i, c] of cases.slice(0, 14).entries())
    for (const [j, q] of kqs.entries()) {
      const value = (i * 7 + j * 3) % 10 < 7 ? 'yes' : 'no';
      await backend.main.dispatch({ command: 'case.answer', input: { caseId: c.id, questionId: q, value } });
      if (value === 'no') await backend.main.dispatch({ command: 'case.note', input: { caseId: c.id, questionId: q, note: 'Evidence recorded in interview.' } });
    }
  for (const c of cases.slice(0, 10)) await backend.main.dispatch({ command: 'case.complete', input: { caseId: c.id, complete: true } });
  for (const [sid, rating] of [['1.1', 'Good'], ['1.2', 'Requires improvement'], ['1.3', 'Good']] as const)
    await backend.main.dispatch({ command: 'judgement.set', input: { inspectionId, standardId: sid, rating, rationale: 'Evidence from meetings and documents.' } });
  return cases[14]!.id;
}

const SCREENS = (inspectionId: string, caseId: string) => [
  { name: 'inspections', url: '#/', ready: 'Inspections' },
  { name: 'case-list', url: `#/inspections/${inspectionId}`, ready: 'Seeded CRC' },
  { name: 'case-form', url: `#/cases/${caseId}`, ready: 'Case CS-15' },
  { name: 'dashboard', url: `#/inspections/${inspectionId}/ratings`, ready: 'Seeded CRC' },
  { name: 'subgroups', url: `#/inspections/${inspectionId}/subgroups`, ready: 'Seeded CRC' },
  { name: 'judgements', url: `#/inspections/${inspectionId}/judgements`, ready: 'Seeded CRC' },
  { name: 'report', url: `#/inspections/${inspectionId}/report`, ready: 'Seeded CRC' },
];

async function open(page: Page, appUrl: string, url: string, heading: string) {
  // A real load each time (not a hash change), so settings changed between screens apply.
  await page.goto('about:blank');
  await page.goto(`${appUrl}${url}`);
  await expect(page.getByRole('heading', { name: heading, level: 1 })).toBeVisible();
  await expect(page.getByRole('progressbar', { name: 'Loading' })).toHaveCount(0);
}

test('no serious or critical accessibility violations on the main screens', async ({ page, appUrl, backend }) => {
  // Twelve axe runs, the Report tab's long form among them: on a loaded two-core machine they take minutes.
  test.setTimeout(420_000);
  const { inspectionId } = await seedInspection(backend);
  const caseId = await scoreSome(backend, inspectionId);
  for (const theme of ['light', 'dark'] as const) {
    await backend.main.dispatch({ command: 'settings.update', input: { theme } });
    for (const s of SCREENS(inspectionId, caseId).filter((x) => x.name !== 'subgroups')) {
      await open(page, appUrl, s.url, s.ready);
      expect((await seriousViolations(page)).map((v) => `${s.name} (${theme}): ${v}`)).toEqual([]);
    }
  }
});

test('screenshots of every screen at 1280×800 and 1920×1080, light and dark', async ({ page, appUrl, backend }) => {
  test.setTimeout(240_000);
  const { inspectionId } = await seedInspection(backend);
  const caseId = await scoreSome(backend, inspectionId);
  for (const theme of ['light', 'dark'] as const) {
    await backend.main.dispatch({ command: 'settings.update', input: { theme } });
    for (const size of [{ width: 1280, height: 800 }, { width: 1920, height: 1080 }]) {
      await page.setViewportSize(size);
      for (const s of SCREENS(inspectionId, caseId)) {
        await open(page, appUrl, s.url, s.ready);
        if (s.name === 'case-form' && theme === 'light' && size.width === 1280) {
          await page.keyboard.press('y');
          await page.keyboard.press('j');
          await page.keyboard.press('n');
          await expect(page.getByTestId('save-state')).toContainText('Saved at');
        }
        await page.screenshot({ path: join(SHOTS, `${s.name}-${theme}-${size.width}x${size.height}.png`) });
      }
    }
  }
});

// A key question that does not apply (2.4 on a case with no review due) is drawn muted, but its
// explanation must still be readable: axe's contrast rule over the whole form, light and dark.
test('a case form whose reviewing questions do not apply has no serious accessibility violations', async ({ page, appUrl, backend }) => {
  test.setTimeout(180_000);
  const insp = (await backend.main.dispatch({ command: 'inspection.create', input: { newProvider: { name: 'Kent CRC', type: 'CRC' }, frameworkId: 'crc-2018', fieldworkStart: '2019-05-01', fieldworkEnd: '2019-05-10' } })) as { ok: true; value: { id: string } };
  const c = (await backend.main.dispatch({ command: 'case.add', input: { inspectionId: insp.value.id, ref: 'CS-01', attributes: { reviewDue: false } } })) as { ok: true; value: { id: string } };
  for (const theme of ['light', 'dark'] as const) {
    await backend.main.dispatch({ command: 'settings.update', input: { theme } });
    await open(page, appUrl, `#/cases/${c.value.id}`, 'Case CS-01');
    await page.getByText('Not applicable to this case under the framework').first().scrollIntoViewIfNeeded();
    await expect(page.getByText('Not applicable to this case under the framework').first()).toBeVisible();
    await page.screenshot({ path: `test-results/case-form-not-applicable-${theme}.png` });
    expect((await seriousViolations(page)).map((v) => `${theme}: ${v}`)).toEqual([]);
  }
});
