import type { ChainEntry, Fact } from '../../core/ledger/index.js';
import { requireSharedHead } from '../../core/ledger/index.js';
import { describePolicyOrigin } from '../../core/policy/describe-policy-origin.js';
import type { Verdict } from '../../core/verdict.js';
import type { Octokit } from '../../github/octokit-types.js';
import { readPullRequest } from '../../github/read-pull-request.js';
import type { Ledger } from '../../ledger/index.js';
import { judgeRead } from '../pipeline/judge-read.js';
import { readLedgerHistory, readSharedHead } from '../pipeline/ledger-history.js';

export interface CustodyPageData {
  readonly title: string;
  readonly prState: string;
  readonly verdict: Verdict;
  readonly policySources: readonly string[];
  readonly timeline: readonly ChainEntry<Fact>[];
}

/**
 * What the custody page shows, read and judged exactly as an evaluation does (the same read,
 * the ledger's history, the same judgement and shared-head rule), so the page and the check
 * never disagree; then the PR's facts from the ledger for its timeline.
 */
export async function readCustodyPage(
  octokit: Octokit,
  ledger: Ledger,
  request: {
    readonly owner: string;
    readonly repo: string;
    readonly number: number;
    readonly checkName: string;
    readonly appId: number | null;
    readonly requireOrgPolicy: boolean;
  },
): Promise<CustodyPageData> {
  const ref = { owner: request.owner, repo: request.repo, number: request.number };
  const read = await readPullRequest(octokit, {
    ref,
    checkName: request.checkName,
    appId: request.appId,
    readers: [readLedgerHistory(ledger)],
  });
  const { snapshot, policy } = read;
  const own = judgeRead(ref, snapshot, policy, read.proposedPolicyErrors, {
    requireOrgPolicy: request.requireOrgPolicy,
  });
  const open = snapshot.pullRequest.state === 'OPEN';
  const verdict = open ? requireSharedHead(own, await readSharedHead(ledger, snapshot)) : own;
  const repo = `${request.owner}/${request.repo}`;
  const timeline = await ledger.readHistoryFacts(repo, request.number, snapshot.pullRequest.headRef);
  return {
    title: snapshot.pullRequest.title,
    prState: snapshot.pullRequest.state,
    verdict,
    policySources: policy.ok
      ? describePolicyOrigin(policy.origin)
      : ['The policy in force could not be read.'],
    timeline,
  };
}
