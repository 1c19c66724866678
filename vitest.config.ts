import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import { LongestFirst } from './test/order-files.js';

/**
 * Projects: `unit` and `unit-shell` (the inner loop, `npm run test:unit`) and `system` (the
 * end-to-end suite against the simulator, fault injection, lint rules, the ledger on both
 * databases, the started server). `npm test` runs them all, every file in its own context (a
 * shared one let a test lean on what another file had set up). At least two files at a time:
 * most system tests wait (settle windows, replication lag, retry-after), and Vitest's default
 * on two cores is one.
 */
export default defineConfig({
  test: {
    globalSetup: ['test/ledger/announce-postgres.ts'],
    setupFiles: ['test/builders/seed-fast-check.ts'],
    testTimeout: 20_000,
    maxWorkers: Math.max(2, availableParallelism() - 1),
    hookTimeout: 30_000,
    sequence: { sequencer: LongestFirst },
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['test/core/**/*.test.ts'], pool: 'threads' },
      },
      {
        extends: true,
        test: { name: 'unit-shell', include: ['test/{github,cli,app,web}/**/*.test.ts'], pool: 'threads' },
      },
      {
        extends: true,
        test: {
          name: 'system',
          include: ['test/{browser,cluster,e2e,faults,lint,ledger,simulator,system}/**/*.test.ts'],
        },
      },
    ],
  },
});
