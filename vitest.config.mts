import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['{core,db,electron,cli,renderer,e2e}/**/*.test.{ts,tsx}'],
    environment: 'node',
    // Generous: tests spawn the real CLI and child processes, which take far longer on a busy machine; no test asserts time.
    testTimeout: 120_000,
  },
});
