import { startEnvironment } from '../simulator/environment.js';
import {
  numberFlag,
  openCopilotPullRequests,
  postDeliveries,
  printTable,
  selected,
  sleep,
  synchronizeDelivery,
  waitForApp,
} from './app/shared.js';
import type { Benchmark } from './benchmark.js';

/**
 * The app's memory (its own process, heap read after a full GC) with 1,000 open PRs tracked —
 * each opened, evaluated, labelled and commented on — then over a soak of signed deliveries
 * across all of them (100 a second by default). The slope is a least-squares fit of the heap
 * samples: flat means no unbounded growth.
 *
 * `npm run bench -- "app memory"`; `--soak-seconds=600` for the full 10-minute soak (default 45),
 * `--pull-requests=N` (default 1,000), `--rate=N` deliveries per second (default 100).
 */

const SUITE = 'app memory';
const MB = 2 ** 20;

function slopePerMinute(samples: ReadonlyArray<{ at: number; heap: number }>): number {
  const n = samples.length;
  const mx = samples.reduce((a, s) => a + s.at, 0) / n;
  const my = samples.reduce((a, s) => a + s.heap, 0) / n;
  const sxy = samples.reduce((a, s) => a + (s.at - mx) * (s.heap - my), 0);
  const sxx = samples.reduce((a, s) => a + (s.at - mx) ** 2, 0);
  return sxx === 0 ? 0 : (sxy / sxx) * 60_000;
}

async function measureMemory(): Promise<void> {
  const pullRequests = numberFlag('pull-requests', 1_000);
  const soakSeconds = numberFlag('soak-seconds', 45);
  const rate = numberFlag('rate', 100);
  const env = await startEnvironment({ quietMs: 300, nodeArgs: ['--expose-gc'] });
  try {
    const idle = await env.app.memory();
    const openedAt = Date.now();
    const numbers = await openCopilotPullRequests(env, pullRequests, 'mem');
    const openMs = Date.now() - openedAt;
    const tracked = await env.app.memory();

    const samples: Array<{ at: number; heap: number }> = [];
    const started = Date.now();
    let sent = 0;
    let nextSample = started;
    const from = env.app.logs.length;
    while (Date.now() - started < soakSeconds * 1_000) {
      const tickStarted = Date.now();
      const batch = Array.from({ length: Math.max(1, Math.round(rate / 10)) }, () =>
        synchronizeDelivery(env.sim, numbers[Math.floor(Math.random() * numbers.length)]!),
      );
      await postDeliveries(env.app.webhookUrl, batch, 8);
      sent += batch.length;
      if (Date.now() >= nextSample) {
        samples.push({ at: Date.now() - started, heap: (await env.app.memory()).heapUsed });
        nextSample += 5_000;
      }
      await sleep(Math.max(0, 100 - (Date.now() - tickStarted)));
    }
    await waitForApp(env, from);
    const after = await env.app.memory();
    samples.push({ at: Date.now() - started, heap: after.heapUsed });
    const slope = slopePerMinute(samples);
    const heaps = samples.map((s) => s.heap / MB);

    printTable(`${SUITE}: the app process, heap after a full GC`, [
      ['heap at start (no PR)', `${(idle.heapUsed / MB).toFixed(1)} MB`],
      [`heap with ${numbers.length} open PRs tracked`, `${(tracked.heapUsed / MB).toFixed(1)} MB`],
      ['  opening and evaluating them took', `${(openMs / 1000).toFixed(1)} s`],
      [`soak: ${sent} deliveries over ${soakSeconds} s`, `${(sent / soakSeconds).toFixed(0)}/s`],
      ['soak: heap min / max', `${Math.min(...heaps).toFixed(1)} / ${Math.max(...heaps).toFixed(1)} MB`],
      ['soak: heap slope', `${(slope / MB).toFixed(2)} MB/min`, 'no unbounded growth'],
      ['heap after the soak', `${(after.heapUsed / MB).toFixed(1)} MB`],
      ['rss after the soak', `${(after.rss / MB).toFixed(1)} MB`],
    ]);
  } finally {
    await env.stop();
  }
}

if (selected(SUITE)) await measureMemory();

export const benchmarks: Benchmark[] = [];
