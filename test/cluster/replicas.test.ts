import { writeFileSync } from 'node:fs';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seeded } from '../../simulator/random.js';
import { type Cluster, type Replica, startCluster } from './cluster.js';
import { type ClusterDatabase, clusterServerUrl, createClusterDatabase } from './cluster-database.js';

/**
 * Three real replicas on one PostgreSQL database behind a load balancer that picks a replica at
 * random for each delivery (test/cluster/cluster.ts).
 */

const serverUrl = clusterServerUrl();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(predicate: () => boolean, what: string, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

describe.runIf(serverUrl !== null)('three replicas on PostgreSQL', () => {
  let database: ClusterDatabase;
  let cluster: Cluster;

  beforeAll(async () => {
    database = await createClusterDatabase(serverUrl!);
    cluster = await startCluster({ databaseUrl: database.url, count: 3 });
  }, 90_000);
  afterAll(async () => {
    await cluster?.stop();
    await database?.drop();
  });

  it('turns a burst of 50 events on one PR, spread over the replicas, into at most 3 evaluations and one check run', async () => {
    const { sim } = cluster;
    const pr = await sim.drivers.openPullRequest({
      as: 'Copilot',
      head: 'copilot/burst',
      title: 'Burst',
      assignees: ['alice'],
      commits: [
        { message: 'Burst', author: 'Copilot', coAuthors: ['alice'], files: { 'src/burst.js': 'x\n' } },
      ],
    });
    await until(
      () => cluster.checkRuns(pr.number).some((run) => run.status === 'completed'),
      'the first check',
    );
    await sim.settle({ quietMs: 800 });
    const before = cluster.decisions();
    const burstStarted = performance.now();
    const deliveries = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        sim.drivers.editBody({ as: 'alice', number: pr.number, body: `edit ${i}` }),
      ),
    );
    const spreadMs = Math.round(performance.now() - burstStarted);
    const statuses = deliveries.flatMap((d) => d.deliveries.map((x) => x.statusCode));
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    await sim.settle({ quietMs: 1_500, timeoutMs: 30_000 });
    const evaluations = cluster.decisions() - before;
    console.log(
      `burst: 50 events delivered over ${spreadMs} ms → ${evaluations} evaluations across ${cluster.replicas.length} replicas`,
    );
    expect(evaluations).toBeGreaterThanOrEqual(1);
    expect(evaluations).toBeLessThanOrEqual(3);
    expect(cluster.checkRuns(pr.number)).toHaveLength(1);
    // The deliveries were spread: every replica answered some.
    for (const replica of cluster.replicas) expect(cluster.served(replica), replica.name).toBeGreaterThan(0);
  }, 60_000);

  /** Redelivers what GitHub recorded as failed (the redelivery reconciler's job) until none is left. */
  async function redeliverFailed(): Promise<number> {
    const { sim } = cluster;
    let redelivered = 0;
    for (let round = 0; round < 5; round += 1) {
      const ok = new Set(
        sim.store.deliveries.filter((d) => d.statusCode >= 200 && d.statusCode < 300).map((d) => d.guid),
      );
      const failed = sim.store.deliveries.filter((d) => d.status !== 'pending' && !ok.has(d.guid));
      const once = [...new Map(failed.map((d) => [d.guid, d])).values()];
      if (once.length === 0) return redelivered;
      for (const delivery of once) await sim.webhooks.redeliver(delivery.id);
      redelivered += once.length;
      await cluster.settle();
    }
    return redelivered;
  }

  /** What the replicas logged, kept in `.custody-cluster/` when `run` fails (to replay a seed). */
  async function keepLogsOnFailure<T>(run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      for (const replica of cluster.replicas)
        writeFileSync(`.custody-cluster/${replica.name}.log`, `${replica.logs.join('\n')}\n`);
      throw error;
    }
  }

  /** Replicas a lane has picked to kill: the other lane must not pick (and restart) them too. */
  const doomed = new Set<Replica>();
  const live = () => cluster.replicas.filter((r) => r.process !== null && !doomed.has(r));

  it('loses nothing, passes nothing falsely and duplicates no check run while replicas are killed (seeded)', async () => {
    const { sim } = cluster;
    const first = Number(process.env.CUSTODY_CLUSTER_SEED ?? Math.floor(Math.random() * 1_000_000));
    const count = Number(process.env.CUSTODY_CLUSTER_SEEDS ?? 100);
    console.log(`cluster seeds ${first}..${first + count - 1} (replay with CUSTODY_CLUSTER_SEED=${first})`);
    interface Case {
      seed: number;
      number: number;
      heads: string[];
      /** Heads a pass may be written on (an independent approval of that head). */
      passable: Set<string>;
    }
    const cases: Case[] = [];
    const restarts: Promise<void>[] = [];
    let kills = 0;
    const seedsStarted = performance.now();
    // Two lanes of seeds at once, each killing its own replica per seed: the suite's time
    // budget is spent on restarts, which overlap this way.
    const LANES = 2;
    const lane = async (offset: number) => {
      let killer: Promise<void> = Promise.resolve();
      for (let seed = first + offset; seed < first + count; seed += LANES) {
        const rng = seeded(seed);
        // GitHub's faults, from the fault harness's classes: a failed read, a failed or lost
        // write, a secondary rate limit, a GraphQL answer with errors.
        if (rng.chance(0.4))
          sim.faults.add({
            kind: 'graphql',
            answer: { status: 502, body: { message: 'Bad gateway' } },
            times: 1,
          });
        if (rng.chance(0.2))
          sim.faults.add({ kind: 'graphql', answer: { graphqlErrors: 'Something went wrong' }, times: 1 });
        if (rng.chance(0.3))
          sim.faults.add({
            method: 'PATCH',
            path: /check-runs/,
            answer: { status: 500, body: { message: 'Server Error' } },
            times: 1,
          });
        if (rng.chance(0.3))
          sim.faults.add({
            method: 'POST',
            path: /check-runs/,
            answer: { status: 502, body: { message: 'Bad gateway' } },
            times: 1,
          });
        if (rng.chance(0.2))
          sim.faults.add({
            kind: 'rest',
            answer: {
              status: 403,
              body: { message: 'You have exceeded a secondary rate limit.' },
              headers: { 'retry-after': '1' },
            },
            times: 1,
          });
        // One replica killed at a random moment of this seed (the previous seed's kill done
        // first); it starts again in the background. Up to all three may be down at once:
        // deliveries then fail, and are redelivered.
        await killer;
        while (live().length < 1) await Promise.race(restarts);
        const victim: Replica = rng.pick(live());
        doomed.add(victim);
        killer = sleep(rng.int(400)).then(() => {
          cluster.kill(victim);
          doomed.delete(victim);
          kills += 1;
          const restarted = cluster.start(victim);
          restarts.push(restarted);
          void restarted.finally(() => restarts.splice(restarts.indexOf(restarted), 1));
        });
        const opened = await sim.drivers.openPullRequest({
          as: 'Copilot',
          head: `copilot/seed-${seed}`,
          title: `Seed ${seed}`,
          assignees: ['alice'],
          commits: [
            {
              message: `Seed ${seed}`,
              author: 'Copilot',
              coAuthors: ['alice'],
              files: { [`src/s${seed}.js`]: 'x\n' },
            },
          ],
        });
        const c: Case = { seed, number: opened.number, heads: [opened.head], passable: new Set() };
        const reviewer = rng.pick(['bob', 'alice', null]);
        if (reviewer !== null) {
          await sleep(rng.int(150));
          await sim.drivers.submitReview({ as: reviewer, number: c.number, state: 'APPROVED' });
          // bob took no part: his approval counts; alice co-wrote the commit: hers never does.
          if (reviewer === 'bob') c.passable.add(opened.head);
        }
        if (rng.chance(0.3)) {
          const pushed = await sim.drivers.push({
            as: 'Copilot',
            branch: `copilot/seed-${seed}`,
            commits: [{ message: 'More', author: 'Copilot', files: { [`src/s${seed}.js`]: 'y\n' } }],
          });
          c.heads.push(pushed.head);
        }
        cases.push(c);
      }
      await killer;
    };
    await Promise.all(Array.from({ length: LANES }, (_, offset) => lane(offset)));
    await Promise.all(restarts);
    const seedsMs = performance.now() - seedsStarted;
    const starts = cluster.startTimes();
    console.log(
      `cluster seeds: ${count} seeds in ${Math.round(seedsMs)} ms; ${starts.length} starts, median ${Math.round([...starts].sort((a, b) => a - b)[starts.length >> 1] ?? 0)} ms`,
    );
    sim.faults.clear();
    const redelivered = await keepLogsOnFailure(async () => {
      await cluster.settle();
      const count = await redeliverFailed();
      await cluster.settle();
      return count;
    });

    const falsePasses: string[] = [];
    const duplicates: string[] = [];
    const lost: string[] = [];
    for (const c of cases) {
      const pr = sim.drivers.pull(c.number);
      for (const head of c.heads) {
        const runs = sim.store.checkRunsFor(pr.repoId, head).filter((r) => r.appId === sim.app.id);
        if (runs.length > 1)
          duplicates.push(`seed ${c.seed}: ${runs.length} check runs on ${head.slice(0, 7)}`);
        const passed = runs.some((r) => r.history.some((h) => h.conclusion === 'success'));
        if (passed && !c.passable.has(head))
          falsePasses.push(`seed ${c.seed}: a pass on ${head.slice(0, 7)}`);
      }
      const head = c.heads.at(-1)!;
      const want = c.passable.has(head) ? 'success' : 'action_required';
      const got = cluster.checkRuns(c.number).at(-1)?.conclusion ?? 'none';
      if (got !== want) lost.push(`seed ${c.seed}: ${got}, want ${want}`);
    }
    console.log(
      `cluster seeds: ${cases.length} runs, ${kills} replicas killed, ${redelivered} deliveries redelivered, ` +
        `${falsePasses.length} false passes, ${lost.length} lost, ${duplicates.length} duplicate check runs`,
    );
    console.log([...falsePasses, ...lost, ...duplicates].join('\n'));
    if (lost.length + falsePasses.length + duplicates.length > 0) {
      const client = new pg.Client({ connectionString: database.url });
      await client.connect();
      const rows = await client.query('select key, version, attempt, work from work_queue');
      const jobs = await client.query(
        'select id, key, queue_name, attempts, max_attempts, locked_by, locked_at, run_at, last_error from graphile_worker.jobs',
      );
      writeFileSync(
        '.custody-cluster/state.json',
        JSON.stringify({ rows: rows.rows, jobs: jobs.rows }, null, 1),
      );
      await client.end();
    }
    if (lost.length + falsePasses.length + duplicates.length > 0)
      for (const replica of cluster.replicas)
        writeFileSync(`.custody-cluster/${replica.name}.log`, `${replica.logs.join('\n')}\n`);
    expect(falsePasses).toEqual([]);
    expect(lost).toEqual([]);
    expect(duplicates).toEqual([]);
  }, 300_000);

  it('drops nothing while the replicas are restarted one after another during a stream of events', async () => {
    const { sim } = cluster;
    const mark = sim.store.deliveries.length;
    const opened: { number: number; approved: boolean }[] = [];
    let streaming = true;
    const stream = (async () => {
      for (let i = 0; streaming || i < 12; i += 1) {
        const pr = await sim.drivers.openPullRequest({
          as: 'Copilot',
          head: `copilot/rolling-${i}`,
          title: `Rolling ${i}`,
          assignees: ['alice'],
          commits: [
            {
              message: `Rolling ${i}`,
              author: 'Copilot',
              coAuthors: ['alice'],
              files: { [`src/r${i}.js`]: 'x\n' },
            },
          ],
        });
        const approved = i % 2 === 0;
        if (approved) await sim.drivers.submitReview({ as: 'bob', number: pr.number, state: 'APPROVED' });
        opened.push({ number: pr.number, approved });
        await sleep(100);
      }
    })();
    for (const replica of cluster.replicas) await cluster.restart(replica); // SIGTERM: drain, then start
    streaming = false;
    await stream;
    await cluster.settle();
    const refused = sim.store.deliveries.slice(mark).filter((d) => d.statusCode < 200 || d.statusCode >= 300);
    console.log(
      `rolling restart: ${opened.length} PRs, ${sim.store.deliveries.length - mark} deliveries, ${refused.length} not accepted`,
    );
    expect(refused.map((d) => `${d.event} ${d.status}`)).toEqual([]);
    for (const pr of opened) {
      const runs = cluster.checkRuns(pr.number);
      expect(runs, `#${pr.number}`).toHaveLength(1);
      expect(runs[0]?.conclusion, `#${pr.number}`).toBe(pr.approved ? 'success' : 'action_required');
    }
  }, 90_000);
});
