/**
 * Child-process entry that runs the real, unmodified Custody app as `npm start` does (the
 * start-up checks, then Custody's server: body-size guard, health endpoints, Probot's webhook
 * middleware): Probot reads APP_ID, PRIVATE_KEY, WEBHOOK_SECRET, GHE_HOST, GHE_PROTOCOL, PORT
 * and HOST from the environment. It exists because `npm start` runs the compiled JavaScript
 * (`node --import tsx simulator/app/start-app.ts`).
 *
 * One deliberate difference, for speed only: unless SIMULATOR_THROTTLE=github, Octokit's
 * client-side throttle is off. Its write limiter spaces every write and every GraphQL query
 * at least one second apart per process, which would make a scenario of a dozen evaluations
 * take a minute without testing anything about Custody. Retries stay on.
 */
import { ProbotOctokit } from 'probot';
import { checkStartup } from '../../src/app/server/check-startup.js';
import { startServer } from '../../src/app/server/start-server.js';

const keepGithubPacing = process.env.SIMULATOR_THROTTLE === 'github';

const Octokit = keepGithubPacing
  ? ProbotOctokit
  : ProbotOctokit.defaults((options: Record<string, unknown> = {}) => ({
      ...options,
      throttle: { ...(options.throttle as object | undefined), enabled: false },
    }));

const custody = await startServer({ env: process.env, startup: checkStartup(process.env), Octokit });
process.once('SIGTERM', () => {
  void custody.drain(5_000).then(() => process.exit(0));
});

// Started by the simulator with an IPC channel: never outlive the process that started us.
if (process.send) process.on('disconnect', () => process.exit(0));

// Benchmarks ask for the app's memory (after a full GC when node runs with --expose-gc).
process.on('message', (message) => {
  if (message !== 'simulator:memory') return;
  (globalThis as { gc?: () => void }).gc?.();
  process.send?.({ type: 'simulator:memory', ...process.memoryUsage() });
});
