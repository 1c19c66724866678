import { findSharedHead, readBodyRequesters, type SharedHeadPullRequest } from '../core/ledger/index.js';
import type { Policy } from '../core/policy/schema.js';
import type { Snapshot } from '../core/snapshot.js';
import type { Ledger } from './ledger.js';

/**
 * What evaluation reads from the ledger, shared by the app and `custody explain --database`
 * so both decide from the same facts. Errors propagate: the app fails the evaluation closed on
 * them, the CLI reports them.
 */

/** The snapshot with the PR's history: everyone who pushed to its head branch, delegators, agents, reviews, verdicts, overrides. */
export async function readSnapshotHistory(
  ledger: Ledger,
  snapshot: Snapshot,
  policy: Policy | null,
): Promise<Snapshot> {
  const pr = snapshot.pullRequest;
  const history = await ledger.readHistory(
    `${snapshot.repo.owner}/${snapshot.repo.name}`,
    {
      number: pr.number,
      headRef: pr.headRef,
      commitShas: snapshot.commits.map((commit) => commit.sha),
      openedAt: pr.createdAt,
    },
    readBodyRequesters(pr, policy),
  );
  return { ...snapshot, history };
}

/** The other open PRs whose head is this snapshot's commit, with their own last verdicts there. */
export async function readSharedHead(ledger: Ledger, snapshot: Snapshot): Promise<SharedHeadPullRequest[]> {
  const repo = `${snapshot.repo.owner}/${snapshot.repo.name}`;
  const pr = snapshot.pullRequest;
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
}
