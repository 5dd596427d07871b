import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // Each test file opens its own :memory: database and servers on 127.0.0.1 port 0.
    pool: 'forks',
  },
});
