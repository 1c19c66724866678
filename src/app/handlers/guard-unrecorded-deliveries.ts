import { type FactInput, Fact as FactSchema, headRefOf } from '../../core/ledger/index.js';
import type { Ledger } from '../../ledger/index.js';

/**
 * A delivery whose facts could not be written is answered 5xx and GitHub redelivers it later,
 * but until then the ledger lacks those facts: an evaluation reading the history in that window
 * could miss a pusher or a delegator and pass. This guard remembers, per process, each delivery
 * whose write failed, keyed by the pull requests and head branches its facts concern. Reading
 * the history or the openings of such a PR first writes it again (the delivery GUID makes a
 * repeat add nothing); while that still fails, the read throws, so no pass is decided without
 * it. A later write of the same delivery (GitHub's redelivery) clears it too.
 *
 * The in-process queue's writes go through the guarded ledger's `append`; the replicated queue
 * writes facts and work in one transaction and reports a failure with `unrecorded.failed`, so the
 * rewrite stores its work too (a replica guards its own reads only: docs/reliability.md).
 *
 * Past `max` pending deliveries the oldest keeps only its keys: its PRs stay blocked, with
 * nothing to write again, until GitHub's redelivery writes it. Past `max` × 100 such, every
 * read is blocked until a restart. Memory only: a restart forgets them all, and GitHub's
 * redelivery (at most 3 days) is then the only way their facts arrive.
 */
export const MAX_UNRECORDED_DELIVERIES = 10_000;
const LOST_FACTOR = 100;

/** Deliveries whose write failed, for the replicated queue to report. */
export interface UnrecordedDeliveries {
  /** The write failed: reads of its PRs write it again with `rewrite` first, and fail while that fails. */
  failed(deliveryId: string, facts: readonly FactInput[], rewrite: () => Promise<unknown>): void;
  /** The delivery is in the ledger now. */
  recorded(deliveryId: string): void;
}

export interface GuardedLedger extends Ledger {
  readonly unrecorded: UnrecordedDeliveries;
}

interface Unrecorded {
  readonly keys: readonly string[];
  /** Null once the facts were let go (past the bound): only a redelivery clears it. */
  readonly rewrite: (() => Promise<unknown>) | null;
}

/** The error a read throws while facts it would read are not yet in the ledger. */
export class UnrecordedFactsError extends Error {
  override readonly name = 'UnrecordedFactsError';
}

const prKey = (repo: string, pr: number) => `${repo.toLowerCase()}#${pr}`;
const refKey = (repo: string, ref: string) => `${repo.toLowerCase()}:${ref}`;

/** Facts that do not parse block their whole repository (or every repository). */
const anyKey = (repo: string | null) => (repo === null ? '*' : `${repo.toLowerCase()}:*`);

/** The pull requests and head branches a delivery's facts speak of. */
function keysOf(facts: readonly FactInput[]): string[] {
  const keys = new Set<string>();
  for (const input of facts) {
    const parsed = FactSchema.safeParse(input);
    if (!parsed.success) {
      const { owner, name } = (input as { repo?: { owner?: unknown; name?: unknown } }).repo ?? {};
      keys.add(anyKey(typeof owner === 'string' && typeof name === 'string' ? `${owner}/${name}` : null));
      continue;
    }
    const fact = parsed.data;
    const repo = `${fact.repo.owner}/${fact.repo.name}`;
    if (fact.pr !== null) keys.add(prKey(repo, fact.pr));
    const ref = headRefOf(fact);
    if (ref !== null) keys.add(refKey(repo, ref));
  }
  return [...keys];
}

export function guardUnrecordedDeliveries(ledger: Ledger, max = MAX_UNRECORDED_DELIVERIES): GuardedLedger {
  /** Insertion order is age: the oldest with facts first. */
  const pending = new Map<string, Unrecorded>();
  const lost = new Map<string, Unrecorded>();
  let overflowed = false;

  const unrecorded: UnrecordedDeliveries = {
    failed(deliveryId, facts, rewrite) {
      if (facts.length === 0) return;
      pending.delete(deliveryId);
      lost.delete(deliveryId);
      pending.set(deliveryId, { keys: keysOf(facts), rewrite });
      if (pending.size <= max) return;
      const [oldest, { keys }] = pending.entries().next().value!;
      pending.delete(oldest);
      lost.set(oldest, { keys, rewrite: null });
      if (lost.size > max * LOST_FACTOR) {
        lost.clear();
        overflowed = true;
      }
    },
    recorded(deliveryId) {
      pending.delete(deliveryId);
      lost.delete(deliveryId);
    },
  };

  const append: Ledger['append'] = async (facts, options = {}) => {
    const deliveryId = options.deliveryId ?? null;
    try {
      const entries = await ledger.append(facts, options);
      if (deliveryId !== null) unrecorded.recorded(deliveryId);
      return entries;
    } catch (error) {
      if (deliveryId !== null) unrecorded.failed(deliveryId, facts, () => append(facts, options));
      throw error;
    }
  };

  /** Writes again every pending delivery touching `keys`; throws when any still fails or was let go. */
  const recordPending = async (repo: string, keys: readonly string[]): Promise<void> => {
    const wanted = new Set([...keys, anyKey(repo), anyKey(null)]);
    const touches = ([, u]: [string, Unrecorded]) => u.keys.some((key) => wanted.has(key));
    if (overflowed)
      throw new UnrecordedFactsError(
        `more than ${max * LOST_FACTOR} deliveries could not be written to the ledger; no pass until Custody restarts and GitHub redelivers them`,
      );
    const gone = [...lost].filter(touches);
    if (gone.length > 0)
      throw new UnrecordedFactsError(
        `${gone.length} ${gone.length === 1 ? 'delivery' : 'deliveries'} for this pull request could not be written to the ledger and wait for GitHub's redelivery`,
      );
    const due = [...pending].filter(touches);
    for (const [deliveryId, { rewrite }] of due) {
      try {
        await rewrite!();
        unrecorded.recorded(deliveryId);
      } catch (error) {
        throw new UnrecordedFactsError(
          `${due.length} ${due.length === 1 ? 'delivery' : 'deliveries'} for this pull request could not be written to the ledger yet: ${String((error as Error)?.message ?? error)}`,
          { cause: error },
        );
      }
    }
  };

  return {
    ...ledger,
    unrecorded,
    append,
    readHistoryFacts: async (repo, pr, headRef) => {
      await recordPending(repo, [prKey(repo, pr), refKey(repo, headRef)]);
      return ledger.readHistoryFacts(repo, pr, headRef);
    },
    findOpenPullRequestsOnHead: async (repo, headRef) => {
      await recordPending(repo, [refKey(repo, headRef)]);
      return ledger.findOpenPullRequestsOnHead(repo, headRef);
    },
    readByPullRequest: async (repo, pr) => {
      await recordPending(repo, [prKey(repo, pr)]);
      return ledger.readByPullRequest(repo, pr);
    },
  };
}
