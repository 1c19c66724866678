import { defineConfig } from 'vitest/config';

/**
 * Two projects: `unit` (core, github, cli and app units: the inner loop, `npm run test:unit`) and
 * `system` (the end-to-end suite against the simulator, fault injection, lint rules). `npm test`
 * runs both.
 */
export default defineConfig({
  test: {
    testTimeout: 20_000,
    hookTimeout: 30_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/{core,github,cli,app}/**/*.test.ts'],
          pool: 'threads',
          isolate: false,
        },
      },
      {
        extends: true,
        test: { name: 'system', include: ['test/{e2e,faults,lint}/**/*.test.ts'] },
      },
    ],
  },
});
