import {
  decideOverridePermission,
  describeBadReason,
  describeUnturnedOverride,
  type OverridePermission,
} from '../../core/evaluate/decide-override.js';
import { addOverride, recordOverride } from '../../core/ledger/index.js';
import {
  listMissing,
  OVERRIDE_LABEL,
  overrideMarker,
  renderOverrideComment,
} from '../../core/render/render-override-note.js';
import type { Account } from '../../core/snapshot.js';
import type { Verdict } from '../../core/verdict.js';
import { fetchOverriderAccess } from '../../github/fetch-overrider-access.js';
import type { Octokit } from '../../github/octokit-types.js';
import { publishLabels } from '../../github/publish-labels.js';
import { publishNoteOnce } from '../../github/publish-note.js';
import type { Ledger } from '../../ledger/index.js';
import type { Log } from '../log.js';
import { type JudgedRead, judgeAgain, readAndJudge } from './read-and-judge.js';

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
  /** The user may not override here (overrides off, not a human, too little permission, no team): the form answers 404. */
  | { readonly kind: 'forbidden'; readonly reason: string }
  /** An empty reason, the PR is not open, or the override would not turn the check. */
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
  /** Judge as the evaluation does: a required organisation policy that cannot be read is an `error`. */
  readonly requireOrgPolicy: boolean;
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

type Refused = Extract<OverrideOutcome, { kind: 'refused' }>;
const refuse = (reason: string): Refused => ({ kind: 'refused', reason });

/** The open PR read and judged as its check is, or why an override cannot be weighed. */
async function readForOverride(
  deps: OverrideDeps,
  ref: { readonly owner: string; readonly repo: string; readonly number: number },
): Promise<JudgedRead | Refused> {
  const judged = await readAndJudge(deps.octokit, deps.ledger, {
    ref,
    checkName: deps.checkName,
    appId: deps.appId,
    requireOrgPolicy: deps.requireOrgPolicy,
    openOnly: true,
  });
  if (judged === null) return refuse('The pull request is not open.');
  return judged;
}

/**
 * Whether `account` may override on this read, from the policy on the PR's BASE branch
 * (`overrides.allowed`, `overrides.permission`, `overrides.teams`) and their access as the
 * installation's token sees it (matched by numeric id when known); on what grounds, or why not.
 * The custody page calls this with its own read, so a page view reads the PR once.
 */
export async function decideOverrider(
  octokit: Octokit,
  judged: Pick<JudgedRead, 'read'>,
  account: Account,
): Promise<OverridePermission> {
  const { snapshot, policy } = judged.read;
  if (!policy.ok)
    return {
      allowed: false,
      why: 'The policy on the base branch is invalid, so who may override is unknown: fix it first.',
    };
  const repo = { owner: snapshot.repo.owner, name: snapshot.repo.name };
  const access = await fetchOverriderAccess(octokit, repo, account, policy.policy);
  return decideOverridePermission(policy.policy, account, access);
}

/**
 * Whether `login` may override Custody on this PR (reads it: the custody page uses
 * `decideOverrider` on its own read instead). `why` is shown to people.
 */
export async function checkOverridePermission(
  deps: OverrideDeps,
  req: OverridePermissionRequest,
): Promise<{ allowed: boolean; why: string }> {
  const judged = await readForOverride(deps, req);
  if ('kind' in judged) return { allowed: false, why: judged.reason };
  const { allowed, why } = await decideOverrider(deps.octokit, judged, {
    login: req.login,
    id: null,
    type: 'User',
  });
  return { allowed, why };
}

/**
 * Applies an override: refuses an empty reason, a PR that is not open, a stale head, a user
 * the base branch's policy does not allow (re-checked with the installation's token), and an
 * override that would not turn the check (judged as the check is: an `error`, a pass, a shared
 * head held back). Records the `override` fact with the overrider's grounds under a key derived
 * from it, so a second identical submission (another replica) adds nothing; queues an
 * evaluation (which turns the check `success` with the title "Overridden by @x: reason");
 * labels `custody:override`, posts one comment, counts it. Submitting again after a failed
 * label or comment finishes them without recording twice.
 */
export function applyOverride(deps: OverrideDeps, request: OverrideRequest): Promise<OverrideOutcome> {
  // One at a time per PR in this process (the ledger's key makes it idempotent across processes).
  const key = `${request.owner}/${request.repo}#${request.number}`.toLowerCase();
  const run = (running.get(key) ?? Promise.resolve()).then(
    () => applyOne(deps, request),
    () => applyOne(deps, request),
  );
  const settled = run.catch(() => undefined);
  running.set(key, settled);
  void settled.then(() => {
    if (running.get(key) === settled) running.delete(key);
  });
  return run;
}

const running = new Map<string, Promise<unknown>>();

const isSameAccount = (a: Account, b: Account) =>
  a.id !== null && b.id !== null ? a.id === b.id : a.login.toLowerCase() === b.login.toLowerCase();

async function applyOne(deps: OverrideDeps, request: OverrideRequest): Promise<OverrideOutcome> {
  const reason = request.reason.trim();
  const badReason = describeBadReason(reason);
  if (badReason !== null) return refuse(badReason);
  const ref = { owner: request.owner, repo: request.repo, number: request.number };
  const judged = await readForOverride(deps, ref);
  if ('kind' in judged) return judged;
  const { snapshot } = judged.read;
  const by: Account = { login: request.actor.login, id: request.actor.id, type: 'User' };
  const permission = await decideOverrider(deps.octokit, judged, by);
  if (!permission.allowed) return { kind: 'forbidden', reason: permission.why };
  const headSha = snapshot.pullRequest.headSha;
  if (headSha !== request.headSha) return { kind: 'stale', headSha };

  const standing = judged.verdict.override;
  if (judged.verdict.state === 'overridden' && standing !== undefined) {
    if (!isSameAccount(standing.by, by)) return refuse(`@${standing.by.login} already overrode this commit.`);
    // Theirs already holds: finish a label or comment that failed the first time.
    deps.evaluate({ installationId: deps.installationId, ...ref, headSha });
    await publishOverrideNotes(deps, ref, { by, reason: standing.reason, headSha, verdict: judged.verdict });
    return { kind: 'applied' };
  }
  const { fact, deliveryId } = recordOverride({
    repo: { owner: request.owner, name: request.repo },
    pr: request.number,
    headSha,
    by,
    reason,
    grounds: permission.grounds,
    occurredAt: new Date(deps.now()).toISOString(),
  });
  const turned = judgeAgain(judged, { ...snapshot, history: addOverride(snapshot.history, fact) });
  const unturned = describeUnturnedOverride(judged.verdict, turned);
  if (unturned !== null) return refuse(unturned);
  const recorded = (await deps.ledger.append([fact], { deliveryId })).length > 0;
  const logged = {
    repo: `${request.owner}/${request.repo}`,
    pullNumber: request.number,
    headSha,
    by: by.login,
  };
  deps.evaluate({ installationId: deps.installationId, ...ref, headSha });
  if (!recorded) {
    // The same override was recorded a moment ago by another submission, which labels and comments.
    deps.log.info(logged, 'custody override already recorded');
    return { kind: 'applied' };
  }
  deps.countOverride();
  deps.log.info(logged, 'custody override recorded');
  await publishOverrideNotes(deps, ref, { by, reason, headSha, verdict: judged.verdict });
  return { kind: 'applied' };
}

/** The `custody:override` label and one comment (none when ours for this head exists). */
async function publishOverrideNotes(
  deps: OverrideDeps,
  ref: { readonly owner: string; readonly repo: string; readonly number: number },
  override: { by: Account; reason: string; headSha: string; verdict: Verdict },
): Promise<void> {
  await publishLabels(deps.octokit, ref, { add: [OVERRIDE_LABEL], remove: [] }, deps.knownLabels);
  await publishNoteOnce(deps.octokit, ref, {
    marker: overrideMarker(override.headSha),
    body: renderOverrideComment({
      by: override.by,
      reason: override.reason,
      headSha: override.headSha,
      missing: listMissing(override.verdict),
    }),
  });
}
