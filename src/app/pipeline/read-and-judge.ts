import {
  type ChainEntry,
  type Fact,
  requireSharedHead,
  type SharedHeadPullRequest,
} from '../../core/ledger/index.js';
import type { Snapshot } from '../../core/snapshot.js';
import type { Verdict } from '../../core/verdict.js';
import type { LoadPolicyResult } from '../../github/load-policy.js';
import type { Octokit } from '../../github/octokit-types.js';
import {
  type PullRequestRead,
  readOpenPullRequest,
  readPullRequest,
} from '../../github/read-pull-request.js';
import type { Ledger } from '../../ledger/index.js';
import { judgeRead } from './judge-read.js';
import { readLedgerHistory, readSharedHead } from './ledger-history.js';

type Ref = { readonly owner: string; readonly repo: string; readonly number: number };

/** A pull request read as an evaluation reads it, and judged as its check is. */
export interface JudgedRead {
  readonly ref: Ref;
  readonly read: PullRequestRead<LoadPolicyResult>;
  /** The other open PRs on the same head with their last verdicts there ([] when not open). */
  readonly sharedWith: readonly SharedHeadPullRequest[];
  readonly requireOrgPolicy: boolean;
  /** What the check says: the judgement of the read and the shared-head rule. */
  readonly verdict: Verdict;
  /** The ledger entries the PR's history was derived from, in chain order (the page's timeline). */
  readonly facts: readonly ChainEntry<Fact>[];
}

export interface ReadAndJudgeRequest {
  readonly ref: Ref;
  readonly checkName: string;
  readonly appId: number | null;
  readonly requireOrgPolicy: boolean;
  /** Stop at a PR that is not open (null): an override weighs open PRs only. */
  readonly openOnly: boolean;
}

/**
 * One read of a pull request with its ledger history (`readPullRequest`), judged by
 * `judgeRead` and the shared-head rule exactly as an evaluation judges it, so the custody page
 * and an override never disagree with the check. Everything the page and the override need
 * comes from this read: the policy in force, the verdict, the ledger's facts.
 */
export async function readAndJudge(
  octokit: Octokit,
  ledger: Ledger,
  request: ReadAndJudgeRequest,
): Promise<JudgedRead | null> {
  let facts: readonly ChainEntry<Fact>[] = [];
  const readRequest = {
    ref: request.ref,
    checkName: request.checkName,
    appId: request.appId,
    readers: [readLedgerHistory(ledger, (entries) => (facts = entries))],
  };
  const read = request.openOnly
    ? await readOpenPullRequest(octokit, readRequest)
    : await readPullRequest(octokit, readRequest);
  const { policy } = read;
  if (policy === null) return null;
  const open = read.snapshot.pullRequest.state === 'OPEN';
  const sharedWith = open ? await readSharedHead(ledger, read.snapshot) : [];
  const judged = {
    ref: request.ref,
    read: { ...read, policy },
    sharedWith,
    requireOrgPolicy: request.requireOrgPolicy,
  };
  return { ...judged, verdict: judgeAgain(judged, read.snapshot), facts };
}

/** The check's verdict on `snapshot` (the read's, or one with something added) under the read's policy and shared head. */
export function judgeAgain(
  judged: Pick<JudgedRead, 'ref' | 'read' | 'sharedWith' | 'requireOrgPolicy'>,
  snapshot: Snapshot,
): Verdict {
  const own = judgeRead(judged.ref, snapshot, judged.read.policy, judged.read.proposedPolicyErrors, {
    requireOrgPolicy: judged.requireOrgPolicy,
  });
  return requireSharedHead(own, judged.sharedWith);
}
