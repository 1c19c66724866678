import type { RecordFacts } from '../handlers/record-facts.js';
import { createPullRequestQueue, type PullRequestQueue, type QueueOptions } from './pull-request-queue.js';
import type { Planned, Work } from './work.js';

/**
 * The queue the app uses, whatever keeps it: in this process's memory (one process, SQLite or
 * no database) or in PostgreSQL for several replicas (`postgres-queue.ts`). Everything above it
 * (handlers, runner, reconcilers) is the same code in both modes.
 */
export interface WorkQueue extends PullRequestQueue<Work> {
  /**
   * A delivery's facts and its work, recorded before the delivery is answered (in ONE
   * transaction on PostgreSQL). `duplicate`: the GUID was recorded before with its work, so
   * nothing was queued again. `shed`: work refused (the delivery must fail, to be redelivered).
   */
  submit(delivery: DeliveryRecord, planned: readonly Planned[]): Promise<SubmitResult>;
  /** Starts taking work (the replicated queue's workers); resolves once they run. */
  start(): Promise<void>;
}

export interface DeliveryRecord {
  readonly deliveryId: string;
  /** The event's name (`pull_request`) and payload, for the ledger's facts. */
  readonly event: string;
  readonly payload: unknown;
}

export interface SubmitResult {
  readonly duplicate: boolean;
  readonly shed: number;
}

/**
 * The single-process queue: facts are appended to the ledger (when there is one), then the work
 * goes to the in-memory queue, also when the append failed. A process that dies loses what it had queued; GitHub's record of
 * failed deliveries and the sweep recover it (reliability.md).
 */
export function createMemoryWorkQueue(
  options: QueueOptions<Work> & { readonly record: RecordFacts | null },
): WorkQueue {
  const queue = createPullRequestQueue<Work>(options);
  return {
    ...queue,
    close: () => queue.close(),
    drain: () => queue.drain(),
    async submit(delivery, planned) {
      const failed = await options.record?.(delivery.event, delivery.payload, delivery.deliveryId).then(
        () => null,
        (error: unknown) => ({ error }),
      );
      // Queued even when the facts failed to write (the delivery still fails, for redelivery): the
      // evaluation reads through the guard, which writes them first or fails closed, so a pass
      // those facts revoke does not stand until GitHub redelivers.
      const shed = planned.filter((p) => queue.enqueue(p.work, p.priority) === 'shed').length;
      if (failed) throw failed.error;
      return { duplicate: false, shed };
    },
    start: async () => {},
  };
}
