import type { ChainEntry, Fact } from '../../core/ledger/index.js';
import { describePolicyOrigin } from '../../core/policy/describe-policy-origin.js';
import type { Verdict } from '../../core/verdict.js';
import type { Octokit } from '../../github/octokit-types.js';
import type { Ledger } from '../../ledger/index.js';
import { type JudgedRead, readAndJudge } from '../pipeline/read-and-judge.js';

export interface CustodyPageData {
  readonly title: string;
  readonly prState: string;
  readonly verdict: Verdict;
  readonly policySources: readonly string[];
  readonly timeline: readonly ChainEntry<Fact>[];
  /** The read itself, for the override permission (so a page view reads the PR once). */
  readonly judged: JudgedRead;
}

/**
 * What the custody page shows, read and judged exactly as an evaluation does (`readAndJudge`:
 * the same read, the ledger's history, the same judgement and shared-head rule), so the page
 * and the check never disagree. The timeline is the ledger facts that history came from.
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
  const judged = await readAndJudge(octokit, ledger, {
    ref: { owner: request.owner, repo: request.repo, number: request.number },
    checkName: request.checkName,
    appId: request.appId,
    requireOrgPolicy: request.requireOrgPolicy,
    openOnly: false,
  });
  if (judged === null) throw new Error('a read of a pull request in any state always has a policy');
  const { snapshot, policy } = judged.read;
  return {
    title: snapshot.pullRequest.title,
    prState: snapshot.pullRequest.state,
    verdict: judged.verdict,
    policySources: policy.ok
      ? describePolicyOrigin(policy.origin)
      : ['The policy in force could not be read.'],
    timeline: judged.facts,
    judged,
  };
}
