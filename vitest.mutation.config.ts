import { defineConfig } from 'vitest/config';

/**
 * The mutation run's test set: the pure core's unit project only, so each mutant is judged by
 * fast tests with no database, network or simulator. `MUTATION_TESTS` narrows it to a folder's
 * own tests (a stricter score, and faster where every core test reaches the code).
 */
export default defineConfig({
  test: {
    include: [process.env.MUTATION_TESTS ?? 'test/core/**/*.test.ts'],
    setupFiles: ['test/builders/seed-fast-check.ts', 'test/core/identity/rebuild-catalogue.setup.ts'],
    pool: 'threads',
    isolate: false,
    testTimeout: 20_000,
  },
});
