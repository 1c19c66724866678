import {
  type ChainEntry,
  type Fact,
  type PublishedEvaluation,
  recordEvaluation,
  type SharedHeadPullRequest,
} from '../../core/ledger/index.js';
import type { Snapshot } from '../../core/snapshot.js';
import { IncompleteDataError, RETRY_HINT } from '../../github/incomplete-data-error.js';
import type { SnapshotReader } from '../../github/read-pull-request.js';
import {
  type Ledger,
  readSharedHead as readSharedHeadFacts,
  readSnapshotHistory,
} from '../../ledger/index.js';
import { catalogueOf } from './catalogue-of.js';

/**
 * The ledger could not be read, or holds back a read while a delivery for the PR is not written
 * yet (the guard's `UnrecordedFactsError`, whose reason is shown): the evaluation fails closed,
 * naming it as the reason.
 */
export class LedgerReadError extends IncompleteDataError {
  constructor(cause: unknown) {
    const reason = String((cause as Error)?.message ?? cause);
    super(
      (cause as Error)?.name === 'UnrecordedFactsError'
        ? `Custody does not decide without every event it received for this pull request: ${reason}. ${RETRY_HINT}`
        : `Custody could not read the pull request's history from its ledger. ${RETRY_HINT}`,
      [reason],
    );
  }
}

/**
 * The snapshot reader that adds the PR's history from the ledger (`readSnapshotHistory`, which
 * `custody explain --database` shares). Throws LedgerReadError when the ledger cannot be read,
 * so no verdict is decided without it. `keepFacts` receives the entries it was derived from.
 */
export function readLedgerHistory(
  ledger: Ledger,
  keepFacts?: (entries: readonly ChainEntry<Fact>[]) => void,
): SnapshotReader {
  return async (snapshot, { policy }) => {
    try {
      return await readSnapshotHistory(ledger, snapshot, policy, {
        ...(keepFacts ? { keepFacts } : {}),
        ...(policy ? { catalogue: catalogueOf(policy) } : {}),
      });
    } catch (error) {
      throw new LedgerReadError(error);
    }
  };
}

/** After a verdict is published: the verdict and what the evaluation derived, into the ledger. */
export async function recordPublishedVerdict(ledger: Ledger, evaluation: PublishedEvaluation): Promise<void> {
  await ledger.append(recordEvaluation(evaluation));
}

/** The other open PRs whose head is this snapshot's commit, with their own last verdicts there. */
export async function readSharedHead(ledger: Ledger, snapshot: Snapshot): Promise<SharedHeadPullRequest[]> {
  try {
    return await readSharedHeadFacts(ledger, snapshot);
  } catch (error) {
    throw new LedgerReadError(error);
  }
}
