import { join } from 'node:path';
import { connect, expect, test } from './fixtures';

const SCREENSHOTS = join(__dirname, '..', 'docs', 'screenshots');

test('create a provider and inspection, add a case, answer it, and find it after a reload and a restart', async ({ page, appUrl, backend }) => {
  await page.goto(appUrl);
  await expect(page.getByRole('heading', { name: 'Inspections', level: 1 })).toBeVisible();
  await expect(page.getByText('No inspections yet')).toBeVisible();

  await page.getByRole('link', { name: 'New inspection' }).click();
  await page.getByLabel('Provider name').fill('London CRC');
  await page.getByLabel('Owner organisation').fill('MTCnovo');
  await page.getByLabel('Region').fill('London');
  await page.getByLabel('Fieldwork starts').fill('2019-04-01');
  await page.getByLabel('Fieldwork ends').fill('2019-04-12');
  await page.getByLabel('Caseload size').fill('28000');
  await page.getByRole('button', { name: 'Create inspection' }).click();

  await expect(page.getByRole('heading', { name: 'London CRC', level: 1 })).toBeVisible();
  await page.getByRole('button', { name: 'Add case' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add a case' });
  await dialog.getByLabel('Sample reference').fill('CS-01');
  await dialog.getByLabel('CRN').fill('X123456');
  await dialog.getByLabel('Name').fill('Sam Person');
  await dialog.getByRole('button', { name: 'Add case' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText('0 of 1 cases complete')).toBeVisible();

  await page.getByRole('link', { name: 'CS-01' }).click();
  await expect(page.getByRole('heading', { name: 'Case CS-01' })).toBeVisible();
  const kq = page.getByRole('group', { name: 'Answer to key question 2.1.3' });
  await kq.getByRole('button', { name: 'No for 2.1.3' }).click();
  await expect(page.getByTestId('save-state')).toContainText('Saved at');
  await expect(kq.getByRole('button', { name: 'No for 2.1.3' })).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByText('A "No" needs an evidence note.')).toBeVisible();
  await page.getByLabel('Evidence note for 2.1.3').fill('Domestic abuse call-outs were not checked.');
  await expect(page.getByTestId('save-state')).toContainText('Saved at');

  // The store holds what the screen shows.
  const stored = backend.main.store.listInspections()[0]!;
  const caseId = backend.main.store.listCases(stored.id)[0]!.id;
  await expect.poll(() => backend.main.store.getCase(caseId).answers.find((a) => a.questionId === '2.1.3')?.note).toBe('Domestic abuse call-outs were not checked.');
  await page.screenshot({ path: join(SCREENSHOTS, 'case-form.png'), fullPage: false });

  await page.reload();
  await expect(page.getByRole('group', { name: 'Answer to key question 2.1.3' }).getByRole('button', { name: 'No for 2.1.3' })).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByLabel('Evidence note for 2.1.3')).toHaveValue('Domestic abuse call-outs were not checked.');

  // An app restart: the main process reopens the same SQLite file; a fresh window loads the case.
  backend.restart();
  const fresh = await page.context().newPage();
  await connect(fresh, backend);
  await fresh.goto(`${appUrl}#/cases/${caseId}`);
  await expect(fresh.getByRole('group', { name: 'Answer to key question 2.1.3' }).getByRole('button', { name: 'No for 2.1.3' })).toHaveAttribute('aria-pressed', 'true');
  expect(backend.errors).toEqual([]);
});

test('invalid input shows a field-level message and creates nothing', async ({ page, appUrl, backend }) => {
  await page.goto(`${appUrl}#/inspections/new`);
  await page.getByLabel('Fieldwork starts').fill('2019-04-12');
  await page.getByLabel('Fieldwork ends').fill('2019-04-01');
  await page.getByRole('button', { name: 'Create inspection' }).click();
  await expect(page.getByText('Some fields need attention.')).toBeVisible();
  await expect(page.getByText('required', { exact: true })).toBeVisible();
  await expect(page.getByText('fieldwork cannot end before it starts')).toBeVisible();
  expect(backend.main.store.listInspections()).toEqual([]);
});

test('the page runs under the strict Content-Security-Policy', async ({ page, appUrl, backend }) => {
  void backend;
  const violations: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
  });
  const response = await page.goto(appUrl);
  expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
  await expect(page.locator('meta[http-equiv="Content-Security-Policy"]')).toHaveAttribute('content', /default-src 'none'/);
  await expect(page.getByRole('heading', { name: 'Inspections' })).toBeVisible();
  expect(violations).toEqual([]); // the app itself needs nothing the policy forbids
  // Inline script and remote loads are blocked (both the header and the meta policy report each).
  const result = await page.evaluate(async () => {
    const w = window as unknown as { inlineRan?: boolean };
    const violated: string[] = [];
    document.addEventListener('securitypolicyviolation', (e) => violated.push(e.effectiveDirective));
    const s = document.createElement('script');
    s.textContent = 'window.inlineRan = true';
    document.head.appendChild(s);
    let fetched = 'blocked';
    try {
      await fetch('http://127.0.0.1:9/anything');
      fetched = 'allowed';
    } catch {
      fetched = 'blocked';
    }
    const img = document.createElement('img');
    const imgLoaded = await new Promise<boolean>((done) => {
      img.onload = () => done(true);
      img.onerror = () => done(false);
      img.src = 'http://127.0.0.1:9/remote.png';
      document.body.appendChild(img);
    });
    return { inline: w.inlineRan === true, fetched, imgLoaded, violations: [...new Set(violated)].sort() };
  });
  expect(result).toEqual({ inline: false, fetched: 'blocked', imgLoaded: false, violations: ['connect-src', 'img-src', 'script-src-elem'] });
});
