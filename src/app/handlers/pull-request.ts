import { mapRestUser, type RestUser } from '../../github/map-account.js';
import { type Planned, pullRequestWork } from '../queue/work.js';
import { type EventBase, targetOf, triggerOf } from './event.js';

export interface PullRequestPayload extends EventBase {
  readonly action: string;
  readonly sender?: RestUser;
  readonly pull_request: {
    readonly number: number;
    readonly state: string;
    readonly head: { readonly sha: string };
    readonly merged?: boolean | null;
    readonly merged_at?: string | null;
    readonly merge_commit_sha?: string | null;
    readonly merged_by?: RestUser | null;
  };
  readonly changes?: { readonly base?: unknown; readonly body?: unknown };
}

/**
 * Actions whose sender pushed the head commit: the pusher is part of the chain. The `opened`
 * sender only opened the PR (anyone may open one from a branch others pushed): the ledger
 * records them as the opener, never as the head's pusher.
 */
const PUSHING_ACTIONS = new Set(['synchronize']);
const EVALUATED_ACTIONS = new Set([
  'opened',
  'reopened',
  'synchronize',
  'ready_for_review',
  'converted_to_draft',
  'edited',
  'assigned',
  'unassigned',
]);

/**
 * `pull_request.*` → the PR to evaluate. `edited` matters only when the base changed (a new
 * base means a new policy) or the body changed (agent markers live there); a title edit does
 * not. An assignment may add a delegator. `closed` and every other action are not evaluated:
 * closed PRs get no writes.
 */
export function planPullRequest(payload: PullRequestPayload, deliveryId: string): Planned[] {
  const target = targetOf(payload);
  const pr = payload.pull_request;
  if (target && payload.action === 'closed' && pr.merged === true) return [planMerged(payload, deliveryId)];
  if (!target || !EVALUATED_ACTIONS.has(payload.action) || pr.state !== 'open') return [];
  if (payload.action === 'edited' && !payload.changes?.base && !payload.changes?.body) return [];
  const pusher =
    PUSHING_ACTIONS.has(payload.action) && payload.sender
      ? { headSha: pr.head.sha, account: mapRestUser(payload.sender) }
      : null;
  return [
    {
      priority: 'live',
      work: pullRequestWork(
        target,
        pr.number,
        pr.head.sha,
        triggerOf(`pull_request.${payload.action}`, deliveryId),
        { pusher },
      ),
    },
  ];
}

/** A merge: recorded, and checked for a custody bypass, off the request path. */
function planMerged(payload: PullRequestPayload, deliveryId: string): Planned {
  const pr = payload.pull_request;
  return {
    priority: 'live',
    work: {
      kind: 'merged',
      target: targetOf(payload)!,
      number: pr.number,
      headSha: pr.head.sha,
      mergeCommitSha: pr.merge_commit_sha ?? null,
      mergedBy: pr.merged_by
        ? mapRestUser(pr.merged_by)
        : payload.sender
          ? mapRestUser(payload.sender)
          : null,
      mergedAt: pr.merged_at ?? null,
      trigger: triggerOf('pull_request.closed', deliveryId),
    },
  };
}
