import { test as base } from '@playwright/test';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { TestBackend, connect, serveRenderer } from './bridge';

export { TestBackend, connect } from './bridge';

export const test = base.extend<{ backend: TestBackend; appUrl: string }, { server: Server }>({
  server: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const server = await serveRenderer();
      await use(server);
      server.close();
    },
    { scope: 'worker' },
  ],
  appUrl: async ({ server }, use) => {
    await use(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
  },
  backend: async ({ page }, use) => {
    const backend = new TestBackend();
    await connect(page, backend);
    await use(backend);
    backend.close();
  },
});

export { expect } from '@playwright/test';
