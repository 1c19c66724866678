import {
  findSharedHead,
  type PublishedEvaluation,
  readBodyRequesters,
  recordEvaluation,
  type SharedHeadPullRequest,
} from '../../core/ledger/index.js';
import type { Snapshot } from '../../core/snapshot.js';
import { IncompleteDataError, RETRY_HINT } from '../../github/incomplete-data-error.js';
import type { SnapshotReader } from '../../github/read-pull-request.js';
import type { Ledger } from '../../ledger/index.js';

/** The ledger could not be read: the evaluation fails closed, naming it as the reason. */
export class LedgerReadError extends IncompleteDataError {
  constructor(cause: unknown) {
    super(`Custody could not read the pull request's history from its ledger. ${RETRY_HINT}`, [
      String((cause as Error)?.message ?? cause),
    ]);
  }
}

/**
 * The snapshot reader that adds the PR's history from the ledger: everyone who ever pushed to
 * its head branch, every delegator, every agent seen, every review and verdict. Throws when the
 * ledger cannot be read, so no verdict is decided without it.
 */
export function readLedgerHistory(ledger: Ledger): SnapshotReader {
  return async (snapshot, { policy }) => {
    const pr = snapshot.pullRequest;
    try {
      const history = await ledger.readHistory(
        `${snapshot.repo.owner}/${snapshot.repo.name}`,
        { number: pr.number, headRef: pr.headRef, commitShas: snapshot.commits.map((commit) => commit.sha) },
        readBodyRequesters(pr, policy),
      );
      return { ...snapshot, history };
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
  const repo = `${snapshot.repo.owner}/${snapshot.repo.name}`;
  const pr = snapshot.pullRequest;
  try {
    const others = (await ledger.findOpenPullRequestsOnHead(repo, pr.headRef)).filter((n) => n !== pr.number);
    if (others.length === 0) return [];
    const facts = new Map(
      await Promise.all(
        others.map(
          async (n) => [n, (await ledger.readByPullRequest(repo, n)).map((entry) => entry.fact)] as const,
        ),
      ),
    );
    return findSharedHead(pr.headSha, others, (n) => facts.get(n) ?? []);
  } catch (error) {
    throw new LedgerReadError(error);
  }
}
