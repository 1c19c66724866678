import {
  decideOverridePermission,
  describeBadReason,
  describeNeedlessOverride,
  findOverride,
} from '../../core/evaluate/decide-override.js';
import { evaluate } from '../../core/evaluate/evaluate.js';
import { buildCatalogue } from '../../core/identity/index.js';
import type { Policy } from '../../core/policy/schema.js';
import {
  listMissing,
  OVERRIDE_LABEL,
  overrideMarker,
  renderOverrideComment,
} from '../../core/render/render-override-note.js';
import type { Account, Snapshot } from '../../core/snapshot.js';
import { fetchOverriderAccess } from '../../github/fetch-overrider-access.js';
import type { Octokit } from '../../github/octokit-types.js';
import { publishLabels } from '../../github/publish-labels.js';
import { publishNoteOnce } from '../../github/publish-note.js';
import { readOpenPullRequest } from '../../github/read-pull-request.js';
import type { Ledger } from '../../ledger/index.js';
import type { Log } from '../log.js';
import { readLedgerHistory } from './ledger-history.js';

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

type Refused = Extract<OverrideOutcome, { kind: 'refused' }>;
const refuse = (reason: string): Refused => ({ kind: 'refused', reason });

/** The open PR with its history and the base branch's policy, or why an override cannot be weighed. */
async function readForOverride(
  deps: OverrideDeps,
  ref: { readonly owner: string; readonly repo: string; readonly number: number },
): Promise<{ snapshot: Snapshot; policy: Policy } | Refused> {
  const read = await readOpenPullRequest(deps.octokit, {
    ref,
    checkName: deps.checkName,
    appId: deps.appId,
    readers: [readLedgerHistory(deps.ledger)],
  });
  if (read.policy === null) return refuse('The pull request is not open.');
  if (!read.policy.ok)
    return refuse('The policy on the base branch is invalid, so who may override is unknown: fix it first.');
  return { snapshot: read.snapshot, policy: read.policy.policy };
}

async function decidePermission(
  deps: OverrideDeps,
  read: { snapshot: Snapshot; policy: Policy },
  account: Account,
) {
  const repo = { owner: read.snapshot.repo.owner, name: read.snapshot.repo.name };
  const access = await fetchOverriderAccess(deps.octokit, repo, account, read.policy);
  return decideOverridePermission(read.policy, account, access);
}

/**
 * Whether `login` may override Custody on this PR, from the policy on the PR's BASE branch
 * (`overrides.allowed`, `overrides.permission`, `overrides.teams`) and the user's access as the
 * installation sees it. `why` is shown to people (why not, or on what grounds).
 */
export async function checkOverridePermission(
  deps: OverrideDeps,
  req: OverridePermissionRequest,
): Promise<{ allowed: boolean; why: string }> {
  const read = await readForOverride(deps, req);
  if ('kind' in read) return { allowed: false, why: read.reason };
  return decidePermission(deps, read, { login: req.login, id: null, type: 'User' });
}

/**
 * Applies an override: refuses an empty reason, a PR that is not open, a stale head or a user
 * the base branch's policy does not allow (re-checked with the installation's token); records
 * the `override` fact, queues an evaluation (which turns the check `success` with the title
 * "Overridden by @x: reason"), labels `custody:override`, posts one comment, counts it.
 * Submitting again after a failed label or comment finishes them without recording twice.
 */
export function applyOverride(deps: OverrideDeps, request: OverrideRequest): Promise<OverrideOutcome> {
  // One at a time per PR in this process: a double submission finds the first one recorded.
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

async function applyOne(deps: OverrideDeps, request: OverrideRequest): Promise<OverrideOutcome> {
  const reason = request.reason.trim();
  const badReason = describeBadReason(reason);
  if (badReason !== null) return refuse(badReason);
  const ref = { owner: request.owner, repo: request.repo, number: request.number };
  const read = await readForOverride(deps, ref);
  if ('kind' in read) return read;
  const { snapshot, policy } = read;
  const headSha = snapshot.pullRequest.headSha;
  if (headSha !== request.headSha) return { kind: 'stale', headSha };
  const by: Account = { login: request.actor.login, id: request.actor.id, type: 'User' };
  const permission = await decidePermission(deps, read, by);
  if (!permission.allowed) return refuse(permission.why);

  const earlier = findOverride(snapshot.history, headSha, buildCatalogue(policy));
  if (earlier !== null && earlier.by.id !== by.id)
    return refuse(`@${earlier.by.login} already overrode this commit.`);
  const verdict = evaluate(snapshot, policy);
  if (earlier === null) {
    const needless = describeNeedlessOverride(verdict);
    if (needless !== null) return refuse(needless);
    await deps.ledger.append([
      {
        kind: 'override',
        repo: { owner: request.owner, name: request.repo, id: null },
        pr: request.number,
        occurredAt: new Date(deps.now()).toISOString(),
        by,
        reason,
        headSha,
      },
    ]);
    deps.countOverride();
    deps.log.info(
      { repo: `${request.owner}/${request.repo}`, pullNumber: request.number, headSha, by: by.login },
      'custody override recorded',
    );
  }
  deps.evaluate({ installationId: deps.installationId, ...ref, headSha });
  await publishLabels(deps.octokit, ref, { add: [OVERRIDE_LABEL], remove: [] }, deps.knownLabels);
  await publishNoteOnce(deps.octokit, ref, {
    marker: overrideMarker(headSha),
    body: renderOverrideComment({
      by,
      reason: earlier?.reason ?? reason,
      headSha,
      missing: listMissing(verdict),
    }),
  });
  return { kind: 'applied' };
}
