import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import {
  Logger,
  makeWorkerUtils,
  type Runner,
  runMigrations,
  run as runWorkers,
  type WorkerEvents,
} from 'graphile-worker';
import pg from 'pg';
import type { TakenWork, WorkItem, WorkStore } from '../../ledger/index.js';
import type { UnrecordedDeliveries } from '../handlers/guard-unrecorded-deliveries.js';
import { factsOf, LedgerWriteError } from '../handlers/record-facts.js';
import type { Log } from '../log.js';
import type { Schedule, ScheduleOptions } from '../reconcile/scheduler.js';
import type { EnqueueResult, Priority, QueueStats, RunResult } from './pull-request-queue.js';
import { createClusterSchedules, RECONCILE_TASK } from './schedule-cluster-wide.js';
import { keyOf, type Planned, type Work } from './work.js';
import type { WorkQueue } from './work-queue.js';

/**
 * The replicated mode's queue (DATABASE_URL=postgres://…), on graphile-worker: one job per PR
 * key whose `queue_name` is the key too, so a PR is evaluated by one replica at a time across
 * the cluster; the merged work lives in the ledger's `work_queue` row (`src/ledger/work-store.ts`).
 * A delivery's facts and its job are written in one transaction before it is answered.
 *
 * A replica that dies holds its jobs' locks: each replica writes a heartbeat for its workers,
 * and any replica unlocks the jobs of workers silent for `lockTimeoutMs`, so another retries
 * them (the check run is then found and updated, never created twice: publish-check-run.ts).
 */

export const WORK_TASK = 'custody_work';

export interface PostgresQueueOptions {
  readonly store: WorkStore;
  readonly connectionString: string;
  /** graphile-worker's schema; migrated at start. */
  readonly workerSchema: string;
  readonly run: (work: Work, attempt: number) => Promise<RunResult>;
  readonly concurrency: number;
  readonly maxAttempts: number;
  /** The delay before retry `attempt` (1, 2, …), before jitter. */
  readonly retryDelayMs: (attempt: number) => number;
  readonly lockTimeoutMs: number;
  readonly pollIntervalMs?: number;
  readonly log: Pick<Log, 'debug' | 'info' | 'warn' | 'error'>;
  readonly now?: () => number;
  readonly random?: () => number;
  /** Told of each delivery whose write failed, so this replica's reads of its PRs write it again first. */
  readonly unrecorded?: UnrecordedDeliveries;
}

export interface PostgresQueue extends WorkQueue {
  /** A reconciler scheduled once per interval across the cluster (a job that schedules its next run). */
  scheduleClusterWide(options: ScheduleOptions): Schedule;
  /** This replica's name in the heartbeat table. */
  readonly replica: string;
  /** Throws when the database does not answer (readiness). */
  ping(): Promise<void>;
}

const PRIORITY: Record<Priority, number> = { live: 0, background: 1 };

/** Spreads retries of many PRs apart: the delay × a factor in [0.5, 1.5). */
export function withJitter(delayMs: number, random: () => number): number {
  return Math.round(delayMs * (0.5 + random()));
}

export function createPostgresQueue(options: PostgresQueueOptions): PostgresQueue {
  const { store, log } = options;
  const random = options.random ?? Math.random;
  const now = options.now ?? Date.now;
  const replica = `replica-${randomBytes(6).toString('hex')}`;
  const counters = { enqueued: 0, coalesced: 0, runs: 0, failures: 0, retries: 0, shed: 0 };
  let running = 0;
  let waiting = { count: 0, oldestMs: null as number | null, at: 0 };
  const writes = new Set<Promise<void>>();
  let failedWrites = 0;
  const poolIds = new Set<string>();
  const shutdown = new AbortController();
  let runner: Runner | null = null;
  let heartbeat: NodeJS.Timeout | null = null;
  let closed = false;

  const itemOf = (planned: Planned): WorkItem => ({
    key: keyOf(planned.work),
    work: JSON.stringify(planned.work),
    priority: PRIORITY[planned.priority],
  });

  /** Writes outside a delivery; a job's run waits for the ones it started before it completes. */
  function track(write: Promise<void>): void {
    const tracked = write.then(
      () => {
        writes.delete(tracked);
      },
      (error: unknown) => {
        writes.delete(tracked);
        failedWrites += 1;
        counters.shed += 1;
        log.error({ err: error }, 'custody could not queue work in the database');
      },
    );
    writes.add(tracked);
  }

  /** Resolves once the writes started so far are done; throws when any of them failed. */
  async function flushWrites(): Promise<void> {
    const before = failedWrites;
    await Promise.all(writes);
    if (failedWrites > before) throw new Error('work could not be queued in the database');
  }

  const schedules = createClusterSchedules({
    store,
    log,
    signal: shutdown.signal,
    flushWrites,
    replica,
    now,
    random,
  });

  async function runJob(payload: unknown): Promise<void> {
    const key = (payload as { key?: unknown }).key;
    if (typeof key !== 'string') return;
    const taken = await store.take(key);
    if (taken === null) return; // already done by an earlier job of this key
    const work = JSON.parse(taken.work) as Work;
    running += 1;
    counters.runs += 1;
    let result: RunResult = 'retry';
    let error: unknown = null;
    try {
      result = await options.run(work, taken.attempt);
      await flushWrites();
    } catch (caught) {
      error = caught;
      counters.failures += 1;
    } finally {
      running -= 1;
    }
    if (result === 'done' && error === null) return store.finish(taken);
    await retry(taken, error);
  }

  async function retry(taken: TakenWork, error: unknown): Promise<void> {
    const attempt = taken.attempt + 1;
    const delay = withJitter(options.retryDelayMs(attempt), random);
    const outcome = await store.retry(taken, delay, options.maxAttempts);
    if (outcome === 'scheduled') {
      counters.retries += 1;
      log.debug(
        { key: taken.key, attempt, delay, err: error ?? undefined },
        'custody evaluation will be retried',
      );
    } else if (outcome === 'given-up') {
      const write = error ? log.error.bind(log) : log.warn.bind(log);
      write(
        { key: taken.key, attempts: attempt, err: error ?? undefined },
        'custody evaluation given up; the sweep or a re-run recovers it',
      );
    }
  }

  async function beat(): Promise<void> {
    try {
      await store.heartbeat(replica, [...poolIds]);
      const reaped = await store.reapDead(options.lockTimeoutMs);
      if (reaped.length > 0)
        log.warn({ workers: reaped }, 'custody unlocked the jobs of a replica that stopped answering');
      const counted = await store.waiting();
      waiting = { ...counted, at: now() };
    } catch (error) {
      log.warn({ err: error }, 'custody heartbeat failed');
    }
  }

  /**
   * graphile-worker installs its schema on a replica's first start; replicas starting together
   * on a new database can clash there (its own retry gives up on a second "does not exist").
   * One replica at a time, under a session advisory lock that ends with the connection.
   */
  async function migrateWorkerSchema(): Promise<void> {
    const client = new pg.Client({ connectionString: options.connectionString });
    await client.connect();
    try {
      await client.query('select pg_advisory_lock(hashtext($1))', [
        `custody:migrate:${options.workerSchema}`,
      ]);
      await runMigrations({
        connectionString: options.connectionString,
        schema: options.workerSchema,
        logger: graphileLogger(),
      });
    } finally {
      await client.end();
    }
  }

  function graphileLogger(): Logger {
    return new Logger(() => (level, message, meta) => {
      if (level === 'error') log.error({ ...meta }, `graphile-worker: ${message}`);
      else if (level === 'warning') log.warn({ ...meta }, `graphile-worker: ${message}`);
    });
  }

  const queue: PostgresQueue = {
    replica,
    ping: () => store.ping(),
    enqueue(work, priority = 'live'): EnqueueResult {
      if (closed) {
        counters.shed += 1;
        return 'shed';
      }
      counters.enqueued += 1;
      track(store.queue([itemOf({ work, priority })]));
      return 'queued';
    },
    async submit(delivery, planned) {
      // Closing: nothing of the delivery is written, not even its facts, so it is refused (at
      // least one shed) and GitHub keeps it for redelivery, even when it planned no work.
      if (closed) return { duplicate: false, shed: Math.max(1, planned.length) };
      const facts = factsOf(delivery.event, delivery.payload, new Date(now()).toISOString());
      const write = () => store.recordDelivery(delivery.deliveryId, facts, planned.map(itemOf));
      let recorded: boolean;
      try {
        recorded = await write();
      } catch (error) {
        options.unrecorded?.failed(delivery.deliveryId, facts, write);
        throw new LedgerWriteError(error);
      }
      options.unrecorded?.recorded(delivery.deliveryId);
      if (recorded) counters.enqueued += planned.length;
      return { duplicate: !recorded, shed: 0 };
    },
    async start() {
      const events: WorkerEvents = new EventEmitter() as WorkerEvents;
      // graphile-worker 0.17 locks jobs (and named queues) with its pool's id, not a worker's.
      events.on('pool:create', ({ workerPool }) => {
        poolIds.add(workerPool.id);
      });
      await migrateWorkerSchema();
      runner = await runWorkers({
        connectionString: options.connectionString,
        schema: options.workerSchema,
        concurrency: options.concurrency,
        maxPoolSize: options.concurrency + 2,
        pollInterval: options.pollIntervalMs ?? 1_000,
        noHandleSignals: true,
        logger: graphileLogger(),
        events,
        taskList: {
          [WORK_TASK]: (payload) => runJob(payload),
          [RECONCILE_TASK]: (payload) => schedules.run(payload),
        },
      });
      void beat();
      // One named queue per PR: graphile-worker keeps a row for each until it is collected.
      queue.scheduleClusterWide({
        name: 'queue-cleanup',
        intervalMs: 60 * 60 * 1000,
        runAtStart: false,
        log,
        task: async () => {
          const utils = await makeWorkerUtils({
            connectionString: options.connectionString,
            schema: options.workerSchema,
            logger: graphileLogger(),
          });
          try {
            await utils.cleanup({ tasks: ['GC_JOB_QUEUES', 'GC_TASK_IDENTIFIERS'] });
          } finally {
            await utils.release();
          }
        },
      });
      heartbeat = setInterval(() => void beat(), Math.max(100, Math.floor(options.lockTimeoutMs / 3)));
      heartbeat.unref();
      log.info({ replica, pools: [...poolIds] }, 'custody replicated queue started');
    },
    async drain() {
      await Promise.all(writes);
      while (running > 0) await new Promise((resolve) => setTimeout(resolve, 20));
    },
    async close() {
      closed = true;
      shutdown.abort();
      await Promise.all(writes);
      // Running jobs finish; waiting ones stay in the database for the other replicas.
      await runner?.stop();
      if (heartbeat) clearInterval(heartbeat);
      await store.forget(replica).catch(() => undefined);
    },
    stats(): QueueStats {
      return { waiting: waiting.count, running, retrying: 0, ...counters };
    },
    oldestWaitingSince() {
      return waiting.oldestMs === null ? null : waiting.at - waiting.oldestMs;
    },
    scheduleClusterWide: (scheduleOptions) => schedules.schedule(scheduleOptions),
  };
  return queue;
}
