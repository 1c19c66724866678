import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  guardUnrecordedDeliveries,
  type UnrecordedDeliveries,
  UnrecordedFactsError,
} from '../../src/app/handlers/guard-unrecorded-deliveries.js';
import { createPostgresQueue, type PostgresQueue, WORK_TASK } from '../../src/app/queue/postgres-queue.js';
import type { RunResult } from '../../src/app/queue/pull-request-queue.js';
import {
  keyOf,
  mergeWork,
  type PullRequestWork,
  pullRequestWork,
  type Work,
} from '../../src/app/queue/work.js';
import type { Account } from '../../src/core/snapshot.js';
import { type Ledger, openLedger, type WorkStore } from '../../src/ledger/index.js';
import { readHistory } from '../builders/read-history.js';
import { loadWebhook } from '../fixtures/webhooks/load-webhook.js';
import { type ClusterDatabase, clusterServerUrl, createClusterDatabase } from './cluster-database.js';

/**
 * The replicated queue's guarantees, with three queues (as three replicas would hold) in one
 * process over one real PostgreSQL database: merged work is never lost, one run per PR at a
 * time cluster-wide, and a reconciler once per interval across all of them.
 */

const serverUrl = clusterServerUrl();
const quiet = {
  debug() {},
  info() {},
  warn: (o: object, m: string) => console.error(m, o),
  error: (o: object, m: string) => console.error(m, o),
};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const target = { installationId: 1, owner: 'acme', repo: 'widgets' };

describe.runIf(serverUrl !== null)('the replicated queue on PostgreSQL', () => {
  let database: ClusterDatabase;
  const ledgers: Ledger[] = [];
  const queues: PostgresQueue[] = [];

  async function startReplicas(
    count: number,
    run: (work: Work, attempt: number) => Promise<RunResult>,
    settleMs = 50,
    extra: { unrecorded?: UnrecordedDeliveries; wrapStore?: (store: WorkStore) => WorkStore } = {},
  ): Promise<PostgresQueue[]> {
    const started: PostgresQueue[] = [];
    for (let i = 0; i < count; i += 1) {
      const ledger = await openLedger(database.url, { poolSize: 3 });
      ledgers.push(ledger);
      const opened = ledger.openWorkStore!({
        workerSchema: 'graphile_worker',
        task: WORK_TASK,
        settleMs,
        merge: (older, newer) => JSON.stringify(mergeWork(JSON.parse(older), JSON.parse(newer))),
      });
      const store = extra.wrapStore ? extra.wrapStore(opened) : opened;
      const queue = createPostgresQueue({
        store,
        connectionString: database.url,
        workerSchema: 'graphile_worker',
        run,
        concurrency: 2,
        maxAttempts: 3,
        retryDelayMs: () => 20,
        lockTimeoutMs: 2_000,
        pollIntervalMs: 100,
        log: quiet,
        ...(extra.unrecorded ? { unrecorded: extra.unrecorded } : {}),
      });
      await queue.start();
      started.push(queue);
      queues.push(queue);
    }
    return started;
  }

  async function stopAll(): Promise<void> {
    await Promise.all(queues.splice(0).map((q) => q.close()));
    await Promise.all(ledgers.splice(0).map((l) => l.close()));
  }

  async function until(
    predicate: () => boolean | Promise<boolean>,
    what: string,
    ms = 20_000,
  ): Promise<void> {
    const deadline = Date.now() + ms;
    while (!(await predicate())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await sleep(25);
    }
  }

  beforeAll(async () => {
    database = await createClusterDatabase(serverUrl!);
  });
  afterEach(() => stopAll());
  afterAll(async () => {
    await database?.drop();
  });

  it('runs each PR once at a time across replicas and loses no merged work', async () => {
    const running = new Map<string, number>();
    const overlaps: string[] = [];
    const runs: { key: string; startedAt: number; work: PullRequestWork }[] = [];
    const replicas = await startReplicas(
      3,
      async (work) => {
        const key = keyOf(work);
        const now = (running.get(key) ?? 0) + 1;
        running.set(key, now);
        if (now > 1) overlaps.push(key);
        runs.push({ key, startedAt: performance.now(), work: work as PullRequestWork });
        // Runs longer than the settle delay: events arrive while their PR is being evaluated.
        await sleep(30 + Math.random() * 90);
        running.set(key, (running.get(key) ?? 1) - 1);
        return 'done';
      },
      10,
    );
    // 5 PRs, 40 events each, spread over the replicas and over time while runs are under way.
    const events: { key: string; i: number; submittedAt: number; work: PullRequestWork }[] = [];
    for (let i = 0; i < 200; i += 1) {
      const number = 1 + (i % 5);
      const work = pullRequestWork(
        target,
        number,
        `sha-${i}`,
        { event: 'pull_request.synchronize', deliveryId: `d-${i}`, force: i === 7 },
        {
          pusher: i % 9 === 0 ? { headSha: `sha-${i}`, account: { login: `pusher-${i}` } as Account } : null,
          expected: {
            review: i % 11 === 0 ? { id: String(i), state: 'approved', reviewer: 'ana' } : null,
            baseSha: null,
          },
        },
      );
      const replica = replicas[Math.floor(Math.random() * replicas.length)]!;
      // One after another: the order they commit in is the order they merge in.
      const submittedAt = performance.now();
      await replica.submit({ deliveryId: `d-${i}`, event: 'check_run', payload: {} }, [
        { work, priority: 'live' },
      ]);
      events.push({ key: keyOf(work), i, submittedAt, work });
      if (i % 20 === 0) await sleep(30);
    }
    const store = ledgers[0]!.openWorkStore!({
      workerSchema: 'graphile_worker',
      task: WORK_TASK,
      settleMs: 0,
      merge: (a) => a,
    });
    await until(async () => (await store.waiting()).count === 0, 'the queue to empty');
    await until(() => [...running.values()].every((n) => n === 0), 'the runs to end');
    expect(overlaps).toEqual([]);
    const index = (deliveryId: string) => Number(deliveryId.slice(2));
    for (const event of events) {
      // Every event is covered by a run that started after it was submitted and carries it or a
      // newer event of the same PR; what it alone said (pusher, expected review, force) is kept.
      const later = runs.filter((r) => r.key === event.key && r.startedAt >= event.submittedAt);
      const covering = later.filter((r) => index(r.work.trigger.deliveryId) >= event.i);
      expect(covering.length, `d-${event.i}`).toBeGreaterThan(0);
      if (event.work.pusher)
        expect(
          covering.some((r) => Number(r.work.pusher?.account.login.slice(7)) >= event.i),
          `pusher of d-${event.i}`,
        ).toBe(true);
      if (event.work.expected.review)
        expect(
          covering.some((r) => Number(r.work.expected.review?.id) >= event.i),
          `review of d-${event.i}`,
        ).toBe(true);
      if (event.work.trigger.force)
        expect(
          covering.some((r) => r.work.trigger.force),
          'force',
        ).toBe(true);
    }
    // Never more runs than events (the burst suite measures how much they coalesce).
    expect(runs.length).toBeLessThanOrEqual(events.length);
    // A repeated delivery GUID queues nothing.
    const again = await replicas[0]!.submit({ deliveryId: 'd-0', event: 'check_run', payload: {} }, [
      {
        work: pullRequestWork(target, 1, 'sha-x', { event: 'x', deliveryId: 'd-0', force: false }),
        priority: 'live',
      },
    ]);
    expect(again.duplicate).toBe(true);
    await stopAll();
  }, 60_000);

  it('leaves a live replica its long run: a lock older than the timeout is taken only from a silent replica', async () => {
    let runs = 0;
    let active = 0;
    let overlapped = false;
    const replicas = await startReplicas(
      2,
      async () => {
        runs += 1;
        active += 1;
        if (active > 1) overlapped = true;
        await sleep(3_500); // longer than the 2 s lock timeout; the heartbeat keeps it
        active -= 1;
        return 'done';
      },
      0,
    );
    replicas[0]!.enqueue(
      pullRequestWork(target, 77, 'sha', { event: 'e', deliveryId: 'long', force: false }),
    );
    await until(() => runs === 1, 'the run to start');
    await sleep(5_000);
    expect(overlapped).toBe(false);
    expect(runs).toBe(1);
  }, 30_000);

  it('retries a failed run with backoff and gives up after the most attempts', async () => {
    const attempts: number[] = [];
    const [replica] = await startReplicas(
      1,
      async (_work, attempt) => {
        attempts.push(attempt);
        throw new Error('GitHub is down');
      },
      0,
    );
    replica!.enqueue(pullRequestWork(target, 42, 'sha', { event: 'e', deliveryId: 'r', force: false }));
    await until(() => attempts.length >= 3, `three attempts (saw ${attempts})`);
    await sleep(300);
    expect(attempts).toEqual([0, 1, 2]);
    expect(replica!.stats().retries).toBe(2);
    await stopAll();
  }, 30_000);

  it('a delivery whose facts and work failed to write is written again, work and all, before its PR is read', async () => {
    const runs: Work[] = [];
    let failing = true;
    const guarded = guardUnrecordedDeliveries(await openLedger(database.url, { poolSize: 2 }));
    ledgers.push(guarded);
    const [replica] = await startReplicas(
      1,
      async (work) => {
        runs.push(work);
        return 'done';
      },
      0,
      {
        unrecorded: guarded.unrecorded,
        wrapStore: (store) => ({
          ...store,
          recordDelivery: async (...args) => {
            if (failing) throw new Error('could not serialize access');
            return store.recordDelivery(...args);
          },
        }),
      },
    );
    const payload = loadWebhook('pull_request', 'synchronize', {
      repository: { name: 'widgets', owner: { login: 'acme' } },
    });
    const planned = [
      {
        work: pullRequestWork(target, payload.number, payload.pull_request.head.sha, {
          event: 'pull_request.synchronize',
          deliveryId: 'lost-once',
          force: false,
        }),
        priority: 'live' as const,
      },
    ];
    const delivery = { deliveryId: 'lost-once', event: 'pull_request', payload };
    await expect(replica!.submit(delivery, planned)).rejects.toThrow(/could not record this delivery/);
    const pr = { number: payload.number, headRef: payload.pull_request.head.ref, commitShas: [] };
    // While the write still fails, this replica reads nothing of the PR.
    await expect(readHistory(guarded, 'acme/widgets', pr)).rejects.toBeInstanceOf(UnrecordedFactsError);
    failing = false;
    // The read writes the delivery again, its work with it: the synchronize's sender is a pusher, and the PR runs.
    const history = await readHistory(guarded, 'acme/widgets', pr);
    expect(history.pushers.map((p) => p.account.login)).toEqual([payload.sender.login]);
    await until(() => runs.length === 1, 'the rewritten work to run');
    // GitHub's redelivery then adds nothing.
    expect(await replica!.submit(delivery, planned)).toEqual({ duplicate: true, shed: 0 });
  }, 30_000);

  it('runs a reconciler once per interval across three replicas, never two at once', async () => {
    const replicas = await startReplicas(3, async () => 'done');
    const runs: number[] = [];
    let active = 0;
    let overlapped = false;
    const started = Date.now();
    for (const replica of replicas)
      replica.scheduleClusterWide({
        name: 'sweep',
        intervalMs: 400,
        jitter: 0,
        log: quiet,
        task: async () => {
          active += 1;
          if (active > 1) overlapped = true;
          runs.push(Date.now() - started);
          await sleep(20);
          active -= 1;
        },
      });
    await sleep(3_000);
    await stopAll();
    expect(overlapped).toBe(false);
    // At start-up, then every 400 ms: about 8 runs in 3 s (3 replicas would make it about 24).
    expect(runs.length).toBeGreaterThanOrEqual(4);
    expect(runs.length).toBeLessThanOrEqual(9);
    for (let i = 1; i < runs.length; i += 1) expect(runs[i]! - runs[i - 1]!).toBeGreaterThanOrEqual(300);
  }, 30_000);
});
