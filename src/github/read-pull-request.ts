import { type EventPusher, mergeEventPusher } from '../core/evaluate/merge-event-pusher.js';
import type { PolicyError } from '../core/policy/parse-policy.js';
import type { Policy } from '../core/policy/schema.js';
import type { Snapshot } from '../core/snapshot.js';
import { fetchPullRequest, type PullRequestRef } from './fetch-pull-request.js';
import { fetchReviewerAccess } from './fetch-reviewer-access.js';
import { type LoadPolicyResult, loadPolicy, validateProposedPolicy } from './load-policy.js';
import type { PublishedState } from './map-published-state.js';
import type { GraphqlOctokit } from './octokit-types.js';

/**
 * A further source of facts, given the snapshot once GitHub's facts are complete and returning
 * it with its own added (the custody ledger's history plugs in here). Throwing fails the read.
 */
export type SnapshotReader = (
  snapshot: Snapshot,
  context: { readonly ref: PullRequestRef; readonly policy: Policy | null },
) => Promise<Snapshot>;

export interface ReadRequest {
  readonly ref: PullRequestRef;
  readonly checkName: string;
  /** Our app's id: only its check runs are read. Null or absent (the CLI): any app's run of that name. */
  readonly appId?: number | null;
  /** A policy used instead of the repository's (`custody explain --policy`); reviewer access follows it. */
  readonly policy?: Policy;
  /** The sender of `opened`/`synchronize`; kept only when it pushed the head that was read. */
  readonly pusher?: EventPusher | null;
  /** Run in order after GitHub's facts are complete. */
  readonly readers?: readonly SnapshotReader[];
}

export interface PullRequestRead<P = LoadPolicyResult> {
  readonly snapshot: Snapshot;
  /** The policy in force, or why it cannot be read. */
  readonly policy: P;
  /** What Custody has already written on the PR. */
  readonly published: PublishedState;
  /** Errors of the policy file the PR proposes ([] when valid), null when it proposes none. */
  readonly proposedPolicyErrors: readonly PolicyError[] | null;
}

/**
 * Everything one evaluation needs, read in one place for the app, the CLI and the fault oracle:
 * the pull request, the policy in force, the access of its approvers as that policy asks, the
 * event's pusher, then any further readers. Throws rather than return anything partial.
 */
export function readPullRequest(octokit: GraphqlOctokit, request: ReadRequest): Promise<PullRequestRead> {
  return read(octokit, request, false) as Promise<PullRequestRead>;
}

/**
 * `readPullRequest` for the app, which decides nothing on a PR that is not open: then it stops
 * after the fetch, reads no policy and returns a null one.
 */
export function readOpenPullRequest(
  octokit: GraphqlOctokit,
  request: ReadRequest,
): Promise<PullRequestRead<LoadPolicyResult | null>> {
  return read(octokit, request, true);
}

async function read(
  octokit: GraphqlOctokit,
  request: ReadRequest,
  skipClosed: boolean,
): Promise<PullRequestRead<LoadPolicyResult | null>> {
  const { ref } = request;
  const fetched = await fetchPullRequest(octokit, ref, {
    checkName: request.checkName,
    ...(request.appId != null ? { appId: request.appId } : {}),
  });
  if (skipClosed && fetched.snapshot.pullRequest.state !== 'OPEN') {
    return {
      snapshot: fetched.snapshot,
      policy: null,
      published: fetched.published,
      proposedPolicyErrors: null,
    };
  }
  const policy: LoadPolicyResult = request.policy
    ? {
        ok: true,
        policy: request.policy,
        source: 'override',
        origin: { files: ['the policy given'], orgRepository: `${ref.owner}/.github`, orgUnreadable: false },
      }
    : await loadPolicy(octokit, { owner: ref.owner, repo: ref.repo }, fetched.policyTexts);
  let snapshot = policy.ok
    ? await fetchReviewerAccess(octokit, fetched.snapshot, policy.policy)
    : fetched.snapshot;
  snapshot = mergeEventPusher(snapshot, request.pusher ?? null);
  for (const reader of request.readers ?? []) {
    snapshot = await reader(snapshot, { ref, policy: policy.ok ? policy.policy : null });
  }
  // Never in force before it merges, but its author should see its errors now.
  const proposedPolicyErrors = await validateProposedPolicy(
    octokit,
    { owner: ref.owner, repo: ref.repo },
    { headSha: snapshot.pullRequest.headSha, files: snapshot.files },
  );
  return { snapshot, policy, published: fetched.published, proposedPolicyErrors };
}
