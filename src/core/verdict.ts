import type { AgentRef, Classification, Evidence, Kind } from './identity/types.js';
import type { Account } from './snapshot.js';

/**
 * The verdict: the pure result of (snapshot, policy). Every output (check run, labels,
 * comment, CLI text and JSON) is rendered from it, so no rule is decided twice.
 *
 * States, in order of severity (worst wins when combining requirements):
 * - `not_applicable`: no involvement the policy gates (passes the check);
 * - `satisfied`: gated and every requirement met (passes);
 * - `waiting`: gated, waiting for human approval (check `action_required`);
 * - `blocked`: a violation approval cannot fix (check `failure`);
 * - `error`: the evaluation could not be completed, or the policy is invalid (check `failure`);
 * - `overridden`: not satisfied, but an allowed user overrode the check for this head commit
 *   with a reason (passes; the requirements still say what was missing). Never "approved":
 *   reports count it apart from independent approvals.
 */
export type VerdictState = 'not_applicable' | 'satisfied' | 'waiting' | 'blocked' | 'error' | 'overridden';
export const VERDICT_STATES: readonly VerdictState[] = [
  'not_applicable',
  'satisfied',
  'waiting',
  'blocked',
  'error',
  'overridden',
];

/** The state passes a required check only in these three cases. */
export function isPassing(state: VerdictState): boolean {
  return state === 'not_applicable' || state === 'satisfied' || state === 'overridden';
}

export type ChainRole =
  | 'opener'
  | 'author'
  | 'committer'
  | 'co-author'
  | 'trailer'
  | 'marker'
  | 'pusher'
  | 'assignee'
  | 'requester'
  | 'reviewer';

/** One row of the custody chain: one actor in one role, on one commit or on the PR as a whole. */
export interface ChainRow {
  /** Null for PR-level roles (opener, assignee, requester, pusher of an unknown head). */
  readonly commitSha: string | null;
  readonly role: ChainRole;
  /** How the actor is shown: `@login`, or `Name <email>` for an unlinked git identity. */
  readonly actor: string;
  readonly account: Account | null;
  readonly kind: Kind;
  readonly agent: AgentRef | null;
  readonly evidence: readonly Evidence[];
}

export type RequirementStatus = 'met' | 'missing' | 'violated';

export interface Requirement {
  /** Stable id, e.g. `approvals`, `path:infra`, `signatures`, `handoff`, `unattributed`. */
  readonly id: string;
  /** One line for humans, e.g. `1 approval from a human who took no part (write access)`. */
  readonly title: string;
  readonly status: RequirementStatus;
  /** Logins that satisfy it (counted approvers). */
  readonly satisfiedBy: readonly string[];
  /** What is missing or wrong, in one sentence; empty when met. */
  readonly missing: string;
}

export type IgnoreReason =
  | 'agent'
  | 'automation'
  | 'bot'
  | 'unknown-account'
  | 'participant'
  | 'stale'
  | 'superseded'
  | 'permission'
  | 'not-allowed';

export interface ApprovalOutcome {
  readonly reviewer: Account | null;
  readonly commitSha: string | null;
  readonly submittedAt: string | null;
  readonly counted: boolean;
  /** Null when counted. */
  readonly reason: IgnoreReason | null;
  /** Why, in words, e.g. `@alice co-authored 3f2a1b9 with Claude (delegator)`. */
  readonly detail: string;
}

/** The override a verdict is `overridden` by: who, when, why, and the state it overrode. */
export interface VerdictOverride {
  readonly by: Account;
  readonly reason: string;
  readonly at: string;
  readonly overrode: Exclude<VerdictState, 'overridden'>;
}

export interface Verdict {
  readonly state: VerdictState;
  /** Set exactly when `state` is `overridden`. */
  readonly override?: VerdictOverride;
  /** One line: the check run's title. */
  readonly headline: string;
  readonly repo: { readonly owner: string; readonly name: string };
  readonly pullNumber: number;
  readonly headSha: string;
  readonly agents: readonly AgentRef[];
  readonly automation: readonly AgentRef[];
  readonly handoff: boolean;
  readonly chain: readonly ChainRow[];
  readonly requirements: readonly Requirement[];
  readonly approvals: readonly ApprovalOutcome[];
  /** Managed labels this PR should carry (provenance + handoff); empty when labels are off. */
  readonly labels: readonly string[];
  /** Whether the reviewer comment should be shown (involvement and the comment enabled). */
  readonly comment: boolean;
  /** Other facts for reviewers: the PR changes the policy, unattributed commits, unknown pusher… */
  readonly notes: readonly string[];
}

export type { Classification };
