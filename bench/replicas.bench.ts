import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { type Cluster, startCluster } from '../test/cluster/cluster.js';
import { createClusterDatabase } from '../test/cluster/cluster-database.js';
import { numberFlag, percentile, printTable, selected, sleep, synchronizeDelivery } from './app/shared.js';
import type { Benchmark } from './benchmark.js';

/**
 * The replicated mode's cost, end to end, on this machine: 3 replicas on PostgreSQL, 1 replica on
 * PostgreSQL and 1 on SQLite, side by side in one run, each the real app process (bundled entry)
 * behind the same load balancer, with the simulator in this process. Signed
 * `pull_request.synchronize` deliveries spread over many PRs are POSTed 32 at a time. On a
 * CPU-bound 2-core machine three replicas do not add capacity: the point is what the durable
 * queue costs, and the ratio says it.
 *
 * Queue latency: for each delivery, the start of the first evaluation of its PR after it was
 * accepted (a decision's log time minus its duration), minus the settle delay.
 *
 * `npm run bench -- replicas`; `--deliveries=N` (default 1,500), `--pull-requests=N` (100).
 * Needs CUSTODY_TEST_DATABASE_URL (PostgreSQL); without it, only SQLite is measured.
 */

const SUITE = 'replicas';
const SETTLE_MS = 500;

interface Decision {
  readonly pullNumber: number;
  readonly startedAt: number;
  readonly endedAt: number;
}

function decisionsOf(cluster: Cluster): Decision[] {
  const out: Decision[] = [];
  for (const replica of cluster.replicas)
    for (const line of replica.logs) {
      if (!line.includes('"custody decision"')) continue;
      const parsed = JSON.parse(line) as {
        time: number;
        decision?: { pullNumber?: number; durationMs?: number };
      };
      const endedAt = parsed.time;
      out.push({
        pullNumber: parsed.decision?.pullNumber ?? -1,
        startedAt: endedAt - (parsed.decision?.durationMs ?? 0),
        endedAt,
      });
    }
  return out;
}

async function quiet(cluster: Cluster, quietMs = SETTLE_MS + 700, timeoutMs = 180_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let seen = -1;
  let since = Date.now();
  while (Date.now() < deadline) {
    const count = cluster.decisions();
    if (count !== seen) {
      seen = count;
      since = Date.now();
    } else if (Date.now() - since >= quietMs) return;
    await sleep(100);
  }
  throw new Error('the cluster did not go quiet');
}

interface Result {
  readonly label: string;
  readonly acceptedPerSecond: number;
  readonly endToEndPerSecond: number;
  readonly evaluations: number;
  readonly p50: number;
  readonly p99: number;
}

async function measureOne(label: string, databaseUrl: string, count: number): Promise<Result> {
  const deliveriesWanted = numberFlag('deliveries', 1_500);
  const pullRequests = numberFlag('pull-requests', 100);
  const cluster = await startCluster({
    databaseUrl,
    count,
    env: { CUSTODY_SETTLE_MS: String(SETTLE_MS), CUSTODY_CONCURRENCY: '4', LOG_LEVEL: 'info' },
  });
  try {
    const numbers: number[] = [];
    for (let i = 0; i < pullRequests; i += 1) {
      const pr = await cluster.sim.drivers.openPullRequest({
        as: 'Copilot',
        head: `copilot/bench-${i}`,
        title: `Bench ${i}`,
        assignees: ['alice'],
        commits: [
          { message: `Bench ${i}`, author: 'Copilot', coAuthors: ['alice'], files: { [`b${i}.js`]: 'x\n' } },
        ],
      });
      numbers.push(pr.number);
    }
    await quiet(cluster);
    const before = decisionsOf(cluster).length;
    const deliveries = Array.from({ length: deliveriesWanted }, (_, i) => ({
      number: numbers[i % numbers.length]!,
      ...synchronizeDelivery(cluster.sim, numbers[i % numbers.length]!),
    }));
    const url = cluster.sim.app.webhookUrl!;
    // Each delivery's own answer time, 32 in flight.
    const acceptedAt = new Array<number>(deliveries.length);
    const statuses = new Map<number, number>();
    let next = 0;
    const started = performance.now();
    const startedAt = Date.now();
    const sender = async () => {
      while (next < deliveries.length) {
        const i = next++;
        const response = await fetch(url, {
          method: 'POST',
          headers: deliveries[i]!.headers,
          body: deliveries[i]!.body,
        });
        await response.arrayBuffer();
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        acceptedAt[i] = Date.now();
      }
    };
    await Promise.all(Array.from({ length: 32 }, sender));
    const acceptedMs = performance.now() - started;
    await quiet(cluster);
    const decisions = decisionsOf(cluster).slice(before);
    const last = Math.max(...decisions.map((d) => d.endedAt), startedAt);
    const ok = statuses.get(200) ?? 0;
    const latencies: number[] = [];
    const byPr = new Map<number, Decision[]>();
    for (const d of decisions) byPr.set(d.pullNumber, [...(byPr.get(d.pullNumber) ?? []), d]);
    for (const list of byPr.values()) list.sort((a, b) => a.startedAt - b.startedAt);
    for (const [i, d] of deliveries.entries()) {
      const at = acceptedAt[i]!;
      const next = byPr.get(d.number)?.find((e) => e.startedAt >= at);
      if (next) latencies.push(Math.max(0, next.startedAt - at - SETTLE_MS));
    }
    return {
      label,
      acceptedPerSecond: (ok / acceptedMs) * 1000,
      endToEndPerSecond: (ok / (last - startedAt)) * 1000,
      evaluations: decisions.length,
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
    };
  } finally {
    await cluster.stop();
  }
}

async function measureReplicas(): Promise<void> {
  const results: Result[] = [];
  const folder = mkdtempSync(join(tmpdir(), 'custody-bench-sqlite-'));
  try {
    results.push(await measureOne('1 replica, SQLite', join(folder, 'custody.db'), 1));
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
  const server = process.env.CUSTODY_TEST_DATABASE_URL?.trim();
  if (server) {
    for (const count of [1, 3]) {
      const database = await createClusterDatabase(server);
      try {
        results.push(
          await measureOne(`${count} replica${count > 1 ? 's' : ''}, PostgreSQL`, database.url, count),
        );
      } finally {
        await database.drop();
      }
    }
  } else console.log('replicas: CUSTODY_TEST_DATABASE_URL is not set; PostgreSQL not measured');
  const base = results[0]!;
  printTable(
    `${SUITE}: deliveries accepted and evaluated end to end, and queue latency beyond the ${SETTLE_MS} ms settle`,
    [
      ...results.map(
        (r) =>
          [
            r.label,
            `${r.acceptedPerSecond.toFixed(0)}/s accepted, ${r.endToEndPerSecond.toFixed(0)}/s end to end ` +
              `(${(r.endToEndPerSecond / base.endToEndPerSecond).toFixed(2)}× SQLite), ${r.evaluations} evaluations, ` +
              `latency p50 ${r.p50.toFixed(0)} ms, p99 ${r.p99.toFixed(0)} ms`,
          ] as const,
      ),
    ],
  );
}

if (selected(SUITE)) await measureReplicas();

export const benchmarks: Benchmark[] = [];
