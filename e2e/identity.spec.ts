import { join } from 'node:path';
import { test as base } from '@playwright/test';
import { TestBackend, connect, serveRenderer } from './bridge';
import { expect } from './fixtures';
import type { AddressInfo } from 'node:net';

const SCREENSHOTS = join(__dirname, '..', 'docs', 'screenshots');

// A first start: no user yet, so the app asks for a name before anything else.
const test = base.extend<{ fresh: { backend: TestBackend; url: string } }>({
  fresh: async ({ page }, use) => {
    const server = await serveRenderer();
    const backend = new TestBackend(undefined, null);
    await connect(page, backend);
    await use({ backend, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` });
    backend.close();
    server.close();
  },
});

test('first start asks for the user name, shows it in the title bar, and records it on every change', async ({ page, fresh }) => {
  const { backend, url } = fresh;
  await page.goto(url);
  await expect(page.getByRole('heading', { name: 'Welcome to Fieldwork' })).toBeVisible();
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.screenshot({ path: join(SCREENSHOTS, 'first-start-light-1280x800.png') });
  // No empty "who".
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByText('Enter your name: it is recorded with every change you make.')).toBeVisible();
  expect(backend.main.store.user()).toBeNull();
  await page.getByLabel('Your name').fill('Inspector Okafor');
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByRole('heading', { name: 'Inspections', level: 1 })).toBeVisible();
  await expect(page.getByTestId('user-name')).toHaveText('Inspector Okafor');
  await expect(page).toHaveTitle('Fieldwork — Inspector Okafor');
  const user = backend.main.store.user()!;
  expect(user.name).toBe('Inspector Okafor');

  await page.getByRole('link', { name: 'New inspection' }).click();
  await page.getByLabel('Provider name').fill('London CRC');
  await page.getByLabel('Fieldwork starts').fill('2019-04-01');
  await page.getByLabel('Fieldwork ends').fill('2019-04-12');
  await page.getByRole('button', { name: 'Create inspection' }).click();
  await expect(page.getByRole('heading', { name: 'London CRC', level: 1 })).toBeVisible();
  expect(backend.main.store.changes().map((c) => c.actor)).toEqual([user, user]);

  // A restart does not ask again; a rename in Settings keeps the same id and updates the title bar.
  backend.restart();
  await page.goto(`${url}#/settings`);
  await expect(page.getByLabel('Your name')).toHaveValue('Inspector Okafor');
  await page.getByLabel('Your name').fill('Inspector A. Okafor');
  await expect(page.getByTestId('user-name')).toHaveText('Inspector A. Okafor');
  await expect.poll(() => backend.main.store.user()).toEqual({ id: user.id, name: 'Inspector A. Okafor' });
});
