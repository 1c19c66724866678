import { type FactInput, Fact as FactSchema, headRefOf } from '../../core/ledger/index.js';
import type { Ledger } from '../../ledger/index.js';

/**
 * A delivery whose facts could not be written is answered 5xx and GitHub redelivers it later,
 * but until then the ledger lacks those facts: an evaluation reading the history in that window
 * could miss a pusher or a delegator and pass. This guard remembers, per process, the facts of
 * each delivery whose append failed, keyed by the pull requests and head branches they concern.
 * Reading the history or the openings of such a PR first writes them again (the delivery GUID
 * makes a repeat add nothing); while that still fails, the read throws, so no pass is decided
 * without them. A later append of the same delivery (GitHub's redelivery) clears it too.
 *
 * Memory only: a restart forgets the pending deliveries, and GitHub's redelivery (at most
 * 3 days) is then the only way their facts arrive (docs/reliability.md).
 */
export const MAX_UNRECORDED_DELIVERIES = 10_000;

interface Unrecorded {
  readonly facts: readonly FactInput[];
  readonly keys: readonly string[];
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

export function guardUnrecordedDeliveries(ledger: Ledger, max = MAX_UNRECORDED_DELIVERIES): Ledger {
  const pending = new Map<string, Unrecorded>();

  const append: Ledger['append'] = async (facts, options = {}) => {
    const deliveryId = options.deliveryId ?? null;
    try {
      const entries = await ledger.append(facts, options);
      if (deliveryId !== null) pending.delete(deliveryId);
      return entries;
    } catch (error) {
      // Past the bound the oldest is forgotten: GitHub's redelivery still brings it back.
      if (deliveryId !== null && facts.length > 0) {
        pending.delete(deliveryId);
        pending.set(deliveryId, { facts, keys: keysOf(facts) });
        if (pending.size > max) pending.delete(pending.keys().next().value!);
      }
      throw error;
    }
  };

  /** Writes again every pending delivery touching `keys`; throws when any still fails. */
  const recordPending = async (repo: string, keys: readonly string[]): Promise<void> => {
    const wanted = [...keys, anyKey(repo), anyKey(null)];
    const due = [...pending].filter(([, u]) => u.keys.some((key) => wanted.includes(key)));
    for (const [deliveryId, { facts }] of due) {
      try {
        await append(facts, { deliveryId });
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
    append,
    readHistory: async (repo, target, readRequesters) => {
      await recordPending(repo, [prKey(repo, target.number), refKey(repo, target.headRef)]);
      return ledger.readHistory(repo, target, readRequesters);
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
