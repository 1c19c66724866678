import type { Octokit } from '../../github/octokit-types.js';
import type { Ledger } from '../../ledger/index.js';
import type { Log } from '../log.js';

/** A signed-in user's request to override Custody's check on one head of one pull request. */
export interface OverrideRequest {
  readonly owner: string;
  readonly repo: string;
  readonly number: number;
  /** The head the user saw on the page: an override holds for that commit only. */
  readonly headSha: string;
  /** The signed-in user (the id is what is matched; a login can be renamed). */
  readonly actor: { readonly login: string; readonly id: number };
  readonly reason: string;
}

export type OverrideOutcome =
  | { readonly kind: 'applied' }
  /** Not allowed, overrides off in the policy, an empty reason, or the PR is not open. */
  | { readonly kind: 'refused'; readonly reason: string }
  /** The PR moved on: its head is now `headSha`, not the one the user saw. */
  | { readonly kind: 'stale'; readonly headSha: string };

/** A pull request to evaluate again (queued, forced: the check is rewritten even if unchanged). */
export interface OverrideEvaluation {
  readonly installationId: number;
  readonly owner: string;
  readonly repo: string;
  readonly number: number;
  readonly headSha: string;
}

/**
 * What applying an override needs, for one installation: build it with
 * `Custody.overrideDeps(installationId)` or `Custody.overrideDepsFor({ owner, repo })`
 * (`src/app/handlers/register-handlers.ts`).
 */
export interface OverrideDeps {
  readonly installationId: number;
  /** The installation's Octokit: permissions are re-checked with its token, never the user's. */
  readonly octokit: Octokit;
  readonly ledger: Ledger;
  /** Our app's id and check name (to read the check run Custody owns). */
  readonly appId: number | null;
  readonly checkName: string;
  /** Queues an evaluation of the PR (the verdict then reads the override from the ledger). */
  readonly evaluate: (pr: OverrideEvaluation) => void;
  /** Increments `custody_overrides_total`. */
  readonly countOverride: () => void;
  /** Labels seen to exist, shared with the evaluations (saves a create per PR). */
  readonly knownLabels: Set<string>;
  readonly log: Pick<Log, 'info' | 'warn'>;
  readonly now: () => number;
}

export interface OverridePermissionRequest {
  readonly owner: string;
  readonly repo: string;
  readonly number: number;
  readonly login: string;
}

/**
 * Whether `login` may override Custody on this PR, from the policy on the PR's BASE branch
 * (`overrides.allowed`, `overrides.permission`, `overrides.teams`) and the user's access as the
 * installation sees it. `why` is shown to people (why not, or on what grounds).
 */
export async function checkOverridePermission(
  _deps: OverrideDeps,
  _req: OverridePermissionRequest,
): Promise<{ allowed: boolean; why: string }> {
  return { allowed: false, why: 'Overrides are not available yet.' };
}

/**
 * Applies an override: re-checks permission, refuses an empty reason or a stale head, records
 * the `override` fact, queues an evaluation (which turns the check `success` with the title
 * "Overridden by @x: reason"), labels `custody:override`, posts one comment, counts it.
 */
export async function applyOverride(
  _deps: OverrideDeps,
  _request: OverrideRequest,
): Promise<OverrideOutcome> {
  return { kind: 'refused', reason: 'Overrides are not available yet.' };
}
