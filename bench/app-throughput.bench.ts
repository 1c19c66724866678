import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { startEnvironment } from '../simulator/environment.js';
import { DEFAULT_SETTLE_MS } from '../src/app/server/config.js';
import {
  decisionsSince,
  numberFlag,
  openCopilotPullRequests,
  postDeliveries,
  printTable,
  processCpuMs,
  selected,
  sleep,
  stringFlag,
  synchronizeDelivery,
  waitForApp,
} from './app/shared.js';
import type { Benchmark } from './benchmark.js';

/**
 * Throughput and coalescing, end to end: the real app in its own process (`simulator/app`,
 * Probot's own `run`, Octokit's client-side throttle off as in the e2e tests), the simulator in
 * this one, signed `pull_request.synchronize` deliveries POSTed over HTTP to the app's webhook
 * endpoint with `X-Hub-Signature-256`. "Evaluated" means the app has read GitHub again after the
 * delivery and logged its decision; the clock stops at the app's last API request. The
 * simulator's contract check is off here (`SIMULATOR_CONTRACT=on` keeps it). The measured run
 * follows a warm-up of the same kind of deliveries to other PRs, as a running deployment is warm: the first deliveries
 * after a start also pay for compiling the app's code (V8's JIT, and here `tsx` transpiling each
 * module the first time it is imported); that cold run is printed too.
 *
 * `npm run bench -- "app throughput"`; `--deliveries=N` (default 3,000), `--pull-requests=N` (200),
 * `--warm-up=N` deliveries before it (default 3,000; 0 measures a cold app), `--cpu-prof=DIR` writes
 * the app process's V8 CPU profile there (open it in Chrome's DevTools).
 */

const SUITE = 'app throughput';

// The simulator stands in for GitHub on the same two cores: checking every exchange against
// GitHub's specs (which the tests do) would take CPU from the app being measured.
process.env.SIMULATOR_CONTRACT ??= 'off';

async function measureThroughput(): Promise<void> {
  const deliveriesWanted = numberFlag('deliveries', 3_000);
  const pullRequests = numberFlag('pull-requests', 200);
  // The production settle time, so the bursts below measure what a deployment does; quiet
  // must outlast it, or a PR still settling would look done.
  const profileDir = stringFlag('cpu-prof');
  const env = await startEnvironment({
    quietMs: DEFAULT_SETTLE_MS + 300,
    appEnv: { CUSTODY_SETTLE_MS: String(DEFAULT_SETTLE_MS) },
    ...(profileDir ? { nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] } : {}),
  });
  try {
    const warmUp = numberFlag('warm-up', 3_000);
    // The warm-up goes to PRs of its own, so the measured deliveries do what the cold ones did.
    const warmNumbers = warmUp > 0 ? await openCopilotPullRequests(env, pullRequests, 'warm') : [];
    const numbers = await openCopilotPullRequests(env, pullRequests, 'tp');

    // 1. Sustained: deliveries spread over many PRs, 64 in flight, after the warm-up.
    const sustained = async (count: number, targets: readonly number[]) => {
      const deliveries = Array.from({ length: count }, (_, i) =>
        synchronizeDelivery(env.sim, targets[i % targets.length]!),
      );
      const requestsBefore = env.sim.store.requests.length;
      const cpuBefore = processCpuMs(env.app.child.pid);
      const logsBefore = env.app.logs.length;
      const started = performance.now();
      const startedAt = Date.now();
      const { statuses, acceptedAt } = await postDeliveries(env.app.webhookUrl, deliveries, 64);
      const accepted = (acceptedAt.at(-1) ?? started) - started;
      await waitForApp(env, logsBefore);
      const requests = env.sim.store.requests.slice(requestsBefore);
      const lastRequest = requests.at(-1)?.at ?? startedAt;
      const cpuUsed = (processCpuMs(env.app.child.pid) ?? Number.NaN) - (cpuBefore ?? Number.NaN);
      const endToEnd = Math.max(lastRequest - startedAt, accepted);
      const ok = statuses.get(200) ?? 0;
      return { deliveries, requests, accepted, endToEnd, cpuUsed, ok, startedAt, logsBefore };
    };
    const cold = warmUp > 0 ? await sustained(warmUp, warmNumbers) : null;
    const { deliveries, requests, accepted, endToEnd, cpuUsed, ok, startedAt, logsBefore } = await sustained(
      deliveriesWanted,
      numbers,
    );
    const decisions = decisionsSince(env, logsBefore);
    const lastDecisionByPr = new Map(decisions.map((d) => [d.pullNumber, d.at]));
    const evaluatedAfterLastDelivery = numbers.filter(
      (n) => (lastDecisionByPr.get(n) ?? 0) >= startedAt,
    ).length;
    const writes = requests.filter(
      (r) => r.method !== 'GET' && r.kind !== 'graphql' && !r.path.endsWith('/access_tokens'),
    );

    // 2. Bursts: 50 events on one PR within a second (spread evenly, or all at once), with the
    // simulator answering at once and with GitHub-like latency (GraphQL 400 ms, REST 150 ms).
    const burst = async (spreadMs: number, target: number) => {
      const from = env.app.logs.length;
      const sends: Promise<unknown>[] = [];
      for (let i = 0; i < 50; i += 1) {
        sends.push(postDeliveries(env.app.webhookUrl, [synchronizeDelivery(env.sim, target)], 1));
        if (spreadMs > 0) await sleep(spreadMs / 50);
      }
      await Promise.all(sends);
      await waitForApp(env, from);
      return decisionsSince(env, from).filter((d) => d.pullNumber === target).length;
    };
    const spreadFast = await burst(1_000, numbers[0]!);
    const onceFast = await burst(0, numbers[1]!);
    env.sim.latency.graphqlMs = 400;
    env.sim.latency.restMs = 150;
    const spreadSlow = await burst(1_000, numbers[2]!);
    const onceSlow = await burst(0, numbers[3]!);
    env.sim.latency.graphqlMs = 0;
    env.sim.latency.restMs = 0;

    printTable(`${SUITE}: signed deliveries over HTTP to the app process, against the simulator`, [
      ['deliveries sent (pull_request.synchronize)', `${deliveries.length} over ${numbers.length} PRs`],
      ['answered 200', `${ok}`],
      ['accepted per second (all answered)', `${((ok / accepted) * 1000).toFixed(0)}/s`],
      [
        'accepted and evaluated per second (end to end)',
        `${((ok / endToEnd) * 1000).toFixed(0)}/s`,
        '≥ 1,000/s',
      ],
      [
        'evaluations run (coalesced per PR)',
        `${decisions.length} (${(decisions.length / ok).toFixed(2)} per delivery)`,
      ],
      ['PRs re-read after their last delivery', `${evaluatedAfterLastDelivery} of ${numbers.length}`],
      ['API requests / writes during the run', `${requests.length} / ${writes.length}`],
      ['evaluations per second', `${((decisions.length / endToEnd) * 1000).toFixed(0)}/s`],
      [
        'app process CPU per delivery, accepted and evaluated (load-independent)',
        `${(cpuUsed / ok).toFixed(3)} ms (${((ok / cpuUsed) * 1000).toFixed(0)} per app CPU-second)`,
      ],
      ...(cold
        ? ([
            [
              `the warm-up: the first ${cold.ok} deliveries after the app started (cold), end to end`,
              `${((cold.ok / cold.endToEnd) * 1000).toFixed(0)}/s; ${(cold.cpuUsed / cold.ok).toFixed(3)} ms CPU per delivery`,
            ],
          ] as const)
        : []),
      ['load average at the end', loadavg()[0]!.toFixed(1)],
      ['burst of 50 on one PR over 1 s, simulator instant: evaluations', `${spreadFast}`, '≤ 3'],
      ['burst of 50 on one PR at once, simulator instant: evaluations', `${onceFast}`, '≤ 3'],
      ['burst of 50 on one PR over 1 s, GitHub-like latency: evaluations', `${spreadSlow}`, '≤ 3'],
      ['burst of 50 on one PR at once, GitHub-like latency: evaluations', `${onceSlow}`, '≤ 3'],
    ]);
  } finally {
    await env.stop();
  }
}

if (selected(SUITE)) await measureThroughput();

export const benchmarks: Benchmark[] = [];
