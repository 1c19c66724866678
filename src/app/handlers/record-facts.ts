import { performance } from 'node:perf_hooks';
import type { FactInput } from '../../core/ledger/index.js';
import {
  type PullRequestEvent,
  type PushEvent,
  type ReviewEvent,
  recordPullRequestEvent,
  recordPush,
  recordReview,
} from '../../core/ledger/index.js';
import { mapRestUser } from '../../github/map-account.js';
import type { Ledger } from '../../ledger/index.js';
import { recordLedgerAppend } from '../metrics.js';

/** Writes a delivery's facts to the ledger; throws when the write fails (the delivery then fails). */
export type RecordFacts = (event: string, payload: unknown, deliveryId: string) => Promise<void>;

/** The facts of one delivery, by event name (`pull_request`, `push`, …); none for the others. */
export function factsOf(event: string, payload: unknown, occurredAt: string): FactInput[] {
  const seen = { occurredAt, toAccount: mapRestUser };
  switch (event) {
    case 'push':
      return recordPush(payload as PushEvent, seen);
    case 'pull_request':
      return recordPullRequestEvent(payload as PullRequestEvent, seen);
    case 'pull_request_review':
      return recordReview(payload as ReviewEvent, seen);
    default:
      return [];
  }
}

/**
 * Facts are written before the delivery is queued and answered: a failed write fails the
 * delivery (5xx), so GitHub records it for redelivery. The delivery GUID makes a repeat add nothing.
 */
export function createFactRecorder(ledger: Ledger, now: () => number = Date.now): RecordFacts {
  return async (event, payload, deliveryId) => {
    const facts = factsOf(event, payload, new Date(now()).toISOString());
    if (facts.length === 0) return;
    const start = performance.now();
    try {
      await ledger.append(facts, { deliveryId });
      recordLedgerAppend(performance.now() - start, 'ok');
    } catch (error) {
      recordLedgerAppend(performance.now() - start, 'failed');
      throw new LedgerWriteError(error);
    }
  };
}

/** A delivery whose facts (or work) could not be stored: 503, so GitHub records it for redelivery. */
export class LedgerWriteError extends Error {
  override readonly name = 'LedgerWriteError';
  readonly status = 503;
  constructor(cause: unknown) {
    super(
      `Custody could not record this delivery in its ledger: ${String((cause as Error)?.message ?? cause)}`,
      {
        cause,
      },
    );
  }
}
