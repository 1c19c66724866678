import { defineConfig } from 'vitest/config';

/**
 * Projects: `unit` and `unit-shell` (the inner loop, `npm run test:unit`) and `system` (the
 * end-to-end suite against the simulator, fault injection, lint rules, the ledger on both
 * databases, the started server). `npm test` runs them all. The pure core shares one context
 * per thread (fast); the shell's tests mock the network and the process, so each file is isolated.
 */
export default defineConfig({
  test: {
    globalSetup: ['test/ledger/announce-postgres.ts'],
    setupFiles: ['test/builders/seed-fast-check.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['test/core/**/*.test.ts'], pool: 'threads', isolate: false },
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
