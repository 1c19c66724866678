import { type Kysely, sql, type Transaction } from 'kysely';
import type { FactInput } from '../core/ledger/index.js';
import { appendToChain, prepareFacts } from './append.js';
import type { LedgerDatabase } from './schema.js';

/**
 * graphile-worker counts an attempt each time a replica takes a job, also when the job is taken
 * back from a replica that stopped answering (killed, or starved on a loaded machine), and stops
 * at 25 by default: the PR's work then stayed queued with no job to run it. The work's own
 * attempts (`retry`, `maxAttempts`) decide when to give up; this only bounds a job that keeps
 * taking replicas down with it.
 */
const MAX_PICKUPS = 1_000;

/**
 * The durable per-PR queue's storage (PostgreSQL, several replicas): one row per key holds the
 * merged work, and a graphile-worker job with the same `job_key` and `queue_name` runs it. The
 * row, not the job's payload, carries the work: `job_key` replaces a payload, and coalescing
 * must merge (older pusher, expected review, forced write), so the merge happens here under the
 * row's lock. `version` tells a finished run whether newer work arrived while it ran.
 */

/** One unit of work to queue: its key (one job per key), the work as JSON text, 0 = live, 1 = background. */
export interface WorkItem {
  readonly key: string;
  readonly work: string;
  readonly priority: number;
}

/** The work a job holds while it runs. */
export interface TakenWork {
  readonly key: string;
  readonly work: string;
  readonly version: number;
  /** Failed runs of this version so far (0 on the first run). */
  readonly attempt: number;
}

export interface WorkStoreSettings {
  /** graphile-worker's schema (its `add_job` and `force_unlock_workers` live there). */
  readonly workerSchema: string;
  /** The task that runs a key's work. */
  readonly task: string;
  /** How long new work waits for more events before it may start. */
  readonly settleMs: number;
  /** Merges two works of one key, as JSON text (the queue's `mergeWork`). */
  readonly merge: (older: string, newer: string) => string;
}

export interface WorkStore {
  /**
   * ONE transaction: the delivery's GUID, its facts and its work. False when the GUID was
   * recorded before: nothing is added, as the first delivery's work was queued with it.
   */
  recordDelivery(
    deliveryId: string,
    facts: readonly FactInput[],
    items: readonly WorkItem[],
  ): Promise<boolean>;
  /** Queues work outside a delivery (fan-out, the sweep, a shared head). */
  queue(items: readonly WorkItem[]): Promise<void>;
  take(key: string): Promise<TakenWork | null>;
  /** The run is done: the row goes unless newer work arrived meanwhile (its own job runs it). */
  finish(taken: TakenWork): Promise<void>;
  /**
   * The run failed or asked to look again: queue the same work after `delayMs`, or give it up
   * after `maxAttempts`. `superseded`: newer work arrived and its job covers this.
   */
  retry(
    taken: TakenWork,
    delayMs: number,
    maxAttempts: number,
  ): Promise<'scheduled' | 'superseded' | 'given-up'>;
  /** Rows waiting and the oldest one's age in ms (for metrics). */
  waiting(): Promise<{ readonly count: number; readonly oldestMs: number | null }>;
  /**
   * A cluster-wide periodic job: `once` adds it only when no job with that key exists (start-up
   * of any replica), `next` replaces the pending one (the end of a run schedules the next).
   */
  schedule(
    task: string,
    key: string,
    payload: object,
    runAfterMs: number,
    mode: 'once' | 'next',
  ): Promise<void>;
  /** This replica's graphile-worker ids are alive. */
  heartbeat(replica: string, workerIds: readonly string[]): Promise<void>;
  /** Unlocks the jobs of workers not seen for `timeoutMs` (a replica that died); returns their ids. */
  reapDead(timeoutMs: number): Promise<string[]>;
  /** Forgets this replica's workers (a clean stop). */
  forget(replica: string): Promise<void>;
  /** Throws when the database does not answer. */
  ping(): Promise<void>;
}

export function createWorkStore(
  db: Kysely<LedgerDatabase>,
  settings: WorkStoreSettings,
  now: () => Date,
): WorkStore {
  const schema = sql.id(settings.workerSchema);
  const secs = (ms: number) => Math.max(0, ms) / 1000;
  /** The job that runs a key's work: one per key (`job_key`), run one at a time (`queue_name`). */
  const addWorkJob = (
    executor: Kysely<LedgerDatabase> | Transaction<LedgerDatabase>,
    key: string,
    priority: number,
    runAfterMs: number,
    mode: 'preserve_run_at' | 'replace',
  ) =>
    sql`select ${schema}.add_job(${settings.task}, json_build_object('key', ${key}::text),
      queue_name => ${key}::text, run_at => now() + make_interval(secs => ${secs(runAfterMs)}),
      job_key => ${key}::text, priority => ${priority}::int, max_attempts => ${MAX_PICKUPS}::int,
      job_key_mode => ${mode}::text)`.execute(executor);

  async function queueWithin(trx: Transaction<LedgerDatabase>, items: readonly WorkItem[]): Promise<void> {
    // Keys in one order, so two transactions queuing the same keys cannot deadlock.
    for (const item of [...items].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))) {
      // Inserts the row, or locks the one there (a no-op update) and returns what it holds.
      const held = await trx
        .insertInto('work_queue')
        .values({
          key: item.key,
          work: item.work,
          priority: item.priority,
          version: 1,
          attempt: 0,
          since: now().toISOString(),
        })
        .onConflict((c) => c.column('key').doUpdateSet((eb) => ({ version: eb.ref('work_queue.version') })))
        .returning(['work', 'priority', sql<boolean>`xmax = 0`.as('inserted')])
        .executeTakeFirstOrThrow();
      if (!held.inserted) {
        await trx
          .updateTable('work_queue')
          .set((eb) => ({
            work: settings.merge(held.work, item.work),
            priority: Math.min(held.priority, item.priority),
            version: eb(eb.ref('version'), '+', 1),
            attempt: 0,
          }))
          .where('key', '=', item.key)
          .execute();
      }
      // A waiting job keeps its run_at (the burst settles from its first event); a running one
      // loses its key to a new job, which its queue_name holds back until the running one ends.
      await addWorkJob(trx, item.key, item.priority, settings.settleMs, 'preserve_run_at');
    }
  }

  return {
    async recordDelivery(deliveryId, facts, items) {
      const groups = prepareFacts(facts, deliveryId);
      return db.transaction().execute(async (trx) => {
        // The GUID first (a repeat adds nothing; only another copy of this delivery contends
        // for it), the repositories' chain heads last, by name: every delivery to a repository
        // waits on its head, so it is held for as short as can be.
        const recordedAt = now().toISOString();
        const inserted = await trx
          .insertInto('deliveries')
          .values({ delivery_id: deliveryId, recorded_at: recordedAt })
          .onConflict((conflict) => conflict.column('delivery_id').doNothing())
          .executeTakeFirst();
        if (Number(inserted.numInsertedOrUpdatedRows ?? 0n) === 0) return false;
        await queueWithin(trx, items);
        for (const repo of [...groups.keys()].sort())
          await appendToChain(trx, repo, groups.get(repo)!, recordedAt);
        return true;
      });
    },
    queue: (items) => db.transaction().execute((trx) => queueWithin(trx, items)),
    async take(key) {
      const row = await db.selectFrom('work_queue').selectAll().where('key', '=', key).executeTakeFirst();
      return row ? { key, work: row.work, version: Number(row.version), attempt: Number(row.attempt) } : null;
    },
    async finish(taken) {
      const deleted = await db
        .deleteFrom('work_queue')
        .where('key', '=', taken.key)
        .where('version', '=', taken.version)
        .executeTakeFirst();
      if (Number(deleted.numDeletedRows) > 0) return;
      // Newer work arrived while this ran: its job settles from now, as a follow-up does, so
      // events still arriving merge into it rather than into one more run after it.
      const row = await db
        .selectFrom('work_queue')
        .select('priority')
        .where('key', '=', taken.key)
        .executeTakeFirst();
      if (row) await addWorkJob(db, taken.key, Number(row.priority), settings.settleMs, 'replace');
    },
    retry: (taken, delayMs, maxAttempts) =>
      db.transaction().execute(async (trx) => {
        const row = await trx
          .updateTable('work_queue')
          .set((eb) => ({ attempt: eb(eb.ref('attempt'), '+', 1) }))
          .where('key', '=', taken.key)
          .where('version', '=', taken.version)
          .returning(['attempt', 'priority'])
          .executeTakeFirst();
        if (!row) return 'superseded';
        if (Number(row.attempt) >= maxAttempts) {
          await trx.deleteFrom('work_queue').where('key', '=', taken.key).execute();
          return 'given-up';
        }
        await addWorkJob(trx, taken.key, Number(row.priority), delayMs, 'replace');
        return 'scheduled';
      }),
    async waiting() {
      const row = await db
        .selectFrom('work_queue')
        .select((eb) => [eb.fn.countAll<string>().as('count'), eb.fn.min('since').as('oldest')])
        .executeTakeFirstOrThrow();
      const oldest = row.oldest ? Date.parse(String(row.oldest)) : null;
      return { count: Number(row.count), oldestMs: oldest === null ? null : now().getTime() - oldest };
    },
    async schedule(task, key, payload, runAfterMs, mode) {
      await sql`select ${schema}.add_job(${task}, ${JSON.stringify(payload)}::json, queue_name => ${key}::text,
        run_at => now() + make_interval(secs => ${secs(runAfterMs)}), job_key => ${key}::text,
        job_key_mode => ${mode === 'once' ? 'unsafe_dedupe' : 'replace'}::text)`.execute(db);
    },
    // The database's clock, not the replicas': their clocks may disagree.
    async heartbeat(replica, workerIds) {
      if (workerIds.length === 0) return;
      await db
        .insertInto('replica_workers')
        .values(workerIds.map((worker_id) => ({ worker_id, replica, seen_at: sql<Date>`now()` })))
        .onConflict((c) => c.column('worker_id').doUpdateSet({ seen_at: sql<Date>`now()` }))
        .execute();
    },
    // Any lock older than the timeout whose worker has not said it is alive since: its replica
    // died (a worker may die before its first heartbeat, so an unknown worker counts as dead).
    reapDead: (timeoutMs) =>
      db.transaction().execute(async (trx) => {
        const cutoff = sql`now() - make_interval(secs => ${secs(timeoutMs)})`;
        const stale = await sql<{ worker_id: string }>`select distinct j.locked_by as worker_id
          from ${schema}.jobs j
          where j.locked_by is not null and j.locked_at < ${cutoff}
          and not exists (select 1 from replica_workers w where w.worker_id = j.locked_by and w.seen_at >= ${cutoff})`.execute(
          trx,
        );
        const ids = stale.rows.map((row) => row.worker_id);
        if (ids.length > 0) await sql`select ${schema}.force_unlock_workers(${ids}::text[])`.execute(trx);
        await trx
          .deleteFrom('replica_workers')
          .where('seen_at', '<', sql<Date>`now() - interval '1 day'`)
          .execute();
        return ids;
      }),
    async forget(replica) {
      await db.deleteFrom('replica_workers').where('replica', '=', replica).execute();
    },
    async ping() {
      await sql`select 1`.execute(db);
    },
  };
}
