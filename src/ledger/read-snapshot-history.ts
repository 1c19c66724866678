import type { Catalogue } from '../core/identity/index.js';
import {
  type ChainEntry,
  deriveHistory,
  type Fact,
  findSharedHead,
  readBodyRequesters,
  type SharedHeadPullRequest,
} from '../core/ledger/index.js';
import type { Policy } from '../core/policy/schema.js';
import type { Snapshot } from '../core/snapshot.js';
import type { Ledger } from './ledger.js';

/**
 * What evaluation reads from the ledger, shared by the app and `custody explain --database`
 * so both decide from the same facts. Errors propagate: the app fails the evaluation closed on
 * them, the CLI reports them.
 */

/**
 * The snapshot with the PR's history: everyone who pushed to its head branch, delegators,
 * agents, reviews, verdicts, overrides. `keepFacts` receives the ledger entries the history is
 * derived from (the custody page shows them as its timeline, from this one read).
 */
export async function readSnapshotHistory(
  ledger: Ledger,
  snapshot: Snapshot,
  policy: Policy | null,
  options: {
    readonly keepFacts?: (entries: readonly ChainEntry<Fact>[]) => void;
    /** The policy's catalogue, when the caller keeps one built. */
    readonly catalogue?: Catalogue;
  } = {},
): Promise<Snapshot> {
  const { keepFacts } = options;
  const pr = snapshot.pullRequest;
  const repo = `${snapshot.repo.owner}/${snapshot.repo.name}`;
  const target = {
    number: pr.number,
    headRef: pr.headRef,
    commitShas: snapshot.commits.map((commit) => commit.sha),
    openedAt: pr.createdAt,
  };
  const requesters = readBodyRequesters(pr, policy, options.catalogue);
  const entries = await ledger.readHistoryFacts(repo, pr.number, pr.headRef);
  keepFacts?.(entries);
  return {
    ...snapshot,
    history: deriveHistory(
      entries.map((entry) => entry.fact),
      target,
      requesters,
    ),
  };
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
