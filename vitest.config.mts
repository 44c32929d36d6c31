import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['{core,db,electron,cli,renderer}/**/*.test.{ts,tsx}'],
    environment: 'node',
    testTimeout: 30_000,
  },
});
