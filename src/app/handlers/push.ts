import type { Planned } from '../queue/work.js';
import { type EventBase, type HandlerSettings, targetOf, triggerOf } from './event.js';

interface PushedCommit {
  readonly added?: readonly string[];
  readonly modified?: readonly string[];
  readonly removed?: readonly string[];
}

export interface PushPayload extends EventBase {
  readonly repository?: (NonNullable<EventBase['repository']> & { readonly default_branch?: string }) | null;
  readonly ref: string;
  readonly created: boolean;
  readonly deleted: boolean;
  readonly forced: boolean;
  /** The branch's head after the push. */
  readonly after: string;
  readonly commits: readonly PushedCommit[];
}

/** GitHub lists at most this many commits in a push payload; a full list may hide more. */
const PUSH_COMMITS_CAP = 2048;

/**
 * Whether the push may have changed the policy file. A force-push can move the branch back to
 * an older policy without listing a commit that touches it, and a capped list may hide one,
 * so both count as "maybe", which costs one listing of open PRs, not a missed tightening.
 */
function touchesPolicy(payload: PushPayload, isPolicy: (path: string) => boolean): boolean {
  if (payload.forced || payload.commits.length >= PUSH_COMMITS_CAP) return true;
  return payload.commits.some((commit) =>
    [commit.added, commit.modified, commit.removed].some((paths) => paths?.some(isPolicy)),
  );
}

/**
 * Files on a default branch that other repositories' policies may rest on: the policy file of
 * any repository (the organisation's `.github` fallback, `_extends: .github` or `_extends:
 * repo`), and `_extends: repo:path` targets named `custody*.yml` (others wait for the sweep).
 */
const isSharedPolicy = (policyPath: string) => (path: string) =>
  path === policyPath || /(^|\/)custody[^/]*\.ya?ml$/i.test(path);

/**
 * A push to a branch that changes the policy → re-evaluate the open PRs targeting it; a push to
 * a default branch that changes a policy others may rest on → re-evaluate the open PRs of every
 * repository of the installation. Both bounded and in the background. Tags, deleted and newly
 * created branches have no PRs gated by the pushed policy.
 */
export function planPush(payload: PushPayload, deliveryId: string, settings: HandlerSettings): Planned[] {
  const target = targetOf(payload);
  if (!target || !payload.ref.startsWith('refs/heads/') || payload.deleted || payload.created) return [];
  const base = payload.ref.slice('refs/heads/'.length);
  const trigger = triggerOf('push', deliveryId);
  const planned: Planned[] = [];
  if (touchesPolicy(payload, (path) => path === settings.policyPath)) {
    planned.push({
      priority: 'background',
      work: { kind: 'find_open', target, base, baseSha: payload.after, trigger },
    });
  }
  if (
    base === payload.repository?.default_branch &&
    touchesPolicy(payload, isSharedPolicy(settings.policyPath))
  ) {
    const except = planned.length > 0 ? `${target.owner}/${target.repo}` : null;
    planned.push({ priority: 'background', work: { kind: 'find_governed', target, except, trigger } });
  }
  return planned;
}
