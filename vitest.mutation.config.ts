import { defineConfig } from 'vitest/config';

/**
 * The mutation run's test set: the pure core's unit project only, so each mutant is judged by
 * fast tests with no database, network or simulator.
 */
export default defineConfig({
  test: {
    include: ['test/core/**/*.test.ts'],
    setupFiles: ['test/builders/seed-fast-check.ts'],
    pool: 'threads',
    isolate: false,
    testTimeout: 20_000,
  },
});
