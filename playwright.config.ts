import { defineConfig } from '@playwright/test';
import { chromiumPathOrExit } from './cli/find-chromium';

// CHROMIUM_PATH, else an installed Chromium/Chrome/Edge, else the Chromium npm install provides
// (@sparticuz/chromium), else a message saying what to install. Never a Playwright download:
// machines here cannot fetch one.
const executablePath = chromiumPathOrExit();

export default defineConfig({
  testDir: 'e2e',
  testMatch: '**/*.spec.ts',
  fullyParallel: false,
  workers: 2,
  retries: 0,
  timeout: 120_000,
  // Waits, not budgets: on a loaded two-core machine a page can take several seconds to settle.
  expect: { timeout: 15_000 },
  reporter: [['list']],
  use: {
    viewport: { width: 1280, height: 800 },
    launchOptions: {
      executablePath,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
    },
  },
});
