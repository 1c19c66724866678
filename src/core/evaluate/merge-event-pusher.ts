import type { Account, Snapshot } from '../snapshot.js';

/**
 * The sender of `opened`/`synchronize` pushed that head, and only that head: the pusher is bound
 * to the SHA it pushed, so an evaluation of a newer head never inherits it.
 */
export interface EventPusher {
  readonly headSha: string;
  readonly account: Account;
}

/**
 * The snapshot with the event's pusher, when the event pushed the head that was read; a newer
 * head keeps what the read found (our check run's record, or nobody).
 */
export function mergeEventPusher(snapshot: Snapshot, pusher: EventPusher | null): Snapshot {
  if (!pusher || pusher.headSha !== snapshot.pullRequest.headSha) return snapshot;
  return { ...snapshot, pusher: { account: pusher.account, source: 'event' } };
}
