import { buildCatalogue, type Catalogue, classifyAccount } from '../identity/index.js';
import type { Policy } from '../policy/schema.js';
import { sanitizeLine } from '../render/escape-markdown.js';
import {
  type Account,
  type History,
  type OverrideGrounds,
  PERMISSION_RANK,
  type Snapshot,
} from '../snapshot.js';
import type { Verdict } from '../verdict.js';
import { shortSha } from './describe.js';

/**
 * Break-glass overrides, decided here: who may override (from the base branch's policy and the
 * user's access as GitHub reports it), and what an override recorded in the ledger does to a
 * verdict. An override holds for one head commit of one PR, passes only a `waiting` or
 * `blocked` verdict (never an `error`: Custody fails closed), and keeps what was missing.
 */

/** What GitHub says about the would-be overrider: their permission and which of the policy's `overrides.teams` they belong to. */
export type OverriderAccess = OverrideGrounds;

export type OverridePermission =
  /** `grounds`: what the override fact records, so it holds only while they satisfy the policy. */
  | { readonly allowed: true; readonly why: string; readonly grounds: OverrideGrounds }
  /** `why`: for people, why not. */
  | { readonly allowed: false; readonly why: string };

/** Longest reason accepted: a sentence or a paragraph, shown to people. */
export const MAX_OVERRIDE_REASON_CHARS = 1_000;

/**
 * Why a written reason is not one (empty, only spaces, invisible characters or punctuation, or
 * too long), or null when it will do. The reason is the override's audit record.
 */
export function describeBadReason(reason: string): string | null {
  if (!/[\p{L}\p{N}]/u.test(reason)) return 'Write the reason for the override.';
  if (reason.length > MAX_OVERRIDE_REASON_CHARS)
    return `Keep the reason within ${MAX_OVERRIDE_REASON_CHARS} characters.`;
  return null;
}

/** Longest reason shown in a check run's title; the whole reason is in the ledger and the comment. */
const TITLE_REASON_CHARS = 120;

/**
 * Who may override: overrides allowed by the base branch's policy, a human (never an agent or
 * automation, by the catalogue), with at least the policy's permission (`admin` by default), and in one of
 * `overrides.teams` when it names any. `access` is null when GitHub shows no collaborator.
 */
export function decideOverridePermission(
  policy: Policy,
  account: Account,
  access: OverriderAccess | null,
  catalogue: Catalogue = buildCatalogue(policy),
): OverridePermission {
  const who = `@${account.login}`;
  if (!policy.overrides.allowed)
    return {
      allowed: false,
      why: 'The policy on the base branch turns overrides off (`overrides.allowed: false`).',
    };
  const kind = classifyAccount(account, catalogue).kind;
  if (kind !== 'human')
    return { allowed: false, why: `Only a human may override; ${who} is ${describeKind(kind)}.` };
  if (access === null)
    return {
      allowed: false,
      why: `Overriding needs ${policy.overrides.permission} permission on the repository; ${who} has none.`,
    };
  const grounds: OverrideGrounds = {
    permission: access.permission,
    teams: policy.overrides.teams.filter((team) => includesTeam(access.teams, team)),
  };
  const unmet = describeUnmetGrounds(policy, grounds);
  if (unmet !== null) return { allowed: false, why: `Overriding needs ${unmet.needs}; ${who} ${unmet.has}.` };
  const inTeam = grounds.teams.length > 0 ? ` and belongs to ${grounds.teams.join(', ')}` : '';
  return {
    allowed: true,
    why: `${who} has ${access.permission} permission on the repository${inTeam}.`,
    grounds,
  };
}

const includesTeam = (teams: readonly string[], team: string) =>
  teams.some((t) => t.toLowerCase() === team.toLowerCase());

/**
 * What the policy asks of an overrider that these grounds do not show, or null when they satisfy
 * it: at least `overrides.permission`, and one of `overrides.teams` when it names any. The same
 * rule admits an overrider and keeps their override standing, so a policy tightened after an
 * override ends it.
 */
export function describeUnmetGrounds(
  policy: Policy,
  grounds: OverrideGrounds,
): { readonly needs: string; readonly has: string } | null {
  const needed = policy.overrides.permission;
  if (PERMISSION_RANK[grounds.permission] < PERMISSION_RANK[needed])
    return { needs: `${needed} permission on the repository`, has: `has ${grounds.permission}` };
  const teams = policy.overrides.teams;
  if (teams.length > 0 && !grounds.teams.some((team) => includesTeam(teams, team)))
    return { needs: `membership of ${teams.join(', ')}`, has: 'belongs to none of them' };
  return null;
}

/**
 * Why a recorded override no longer holds under the policy in force, or null when it does.
 * An override recorded without its grounds (before Custody kept them) shows nothing, so it
 * holds under no policy (fail closed): the overrider can override again.
 */
export function describeLapsedOverride(
  policy: Policy,
  override: History['overrides'][number],
): string | null {
  if (override.grounds === null)
    return 'it was recorded without the overrider’s permission and teams, so it cannot be shown to meet the policy in force (override again)';
  const unmet = describeUnmetGrounds(policy, override.grounds);
  if (unmet === null) return null;
  return `the policy in force asks for ${unmet.needs}, and @${override.by.login} ${unmet.has} on the record`;
}

function describeKind(kind: string): string {
  if (kind === 'agent') return 'an agent';
  if (kind === 'automation') return 'automation';
  return 'an account GitHub could not identify as a person';
}

/**
 * The override by a human recorded for this head that counts: the latest whose grounds meet
 * the policy in force, else the latest (which then does not hold); null when there is none.
 */
export function findOverride(
  history: History,
  headSha: string,
  policy: Policy,
  catalogue: Catalogue = buildCatalogue(policy),
): History['overrides'][number] | null {
  const forHead = history.overrides.filter(
    (override) => override.headSha === headSha && classifyAccount(override.by, catalogue).kind === 'human',
  );
  return (
    forHead.findLast((override) => describeLapsedOverride(policy, override) === null) ??
    forHead.at(-1) ??
    null
  );
}

/** The only verdicts an override passes: never an `error` (Custody fails closed), nor a pass. */
function isOverridable(state: Verdict['state']): state is 'waiting' | 'blocked' {
  return state === 'waiting' || state === 'blocked';
}

/** Why an override of this verdict would do nothing (so none is recorded), or null when it would pass it. */
export function describeNeedlessOverride(verdict: Verdict): string | null {
  if (isOverridable(verdict.state)) return null;
  if (verdict.state === 'error')
    return 'Custody could not evaluate this pull request: an override cannot pass it.';
  return 'Custody’s check already passes on this commit: there is nothing to override.';
}

/**
 * Why recording this override would not turn the check, or null when it would: `before` is the
 * check's verdict now and `after` the same judgement with the override in the history (so an
 * `error`, a pass, or a shared head held back by another PR all refuse it, and nothing is recorded).
 */
export function describeUnturnedOverride(before: Verdict, after: Verdict): string | null {
  if (after.state === 'overridden') return null;
  return (
    describeNeedlessOverride(before) ??
    `Custody’s check would still not pass with an override: ${sanitizeLine(after.headline, 200)}.`
  );
}

/** The check run's title of an overridden verdict: one short, plain line. */
export function composeOverrideHeadline(login: string, reason: string): string {
  return `Overridden by @${sanitizeLine(login, 100)}: ${sanitizeLine(reason, TITLE_REASON_CHARS).trim()}`;
}

/**
 * The verdict once the ledger's overrides are applied: `overridden` (a pass) when an allowed
 * override names the current head, its recorded grounds satisfy the policy in force (from the
 * base branch) and the verdict is `waiting` or `blocked`; otherwise the
 * verdict as it was, with a note when an override for this head is not honoured or not needed.
 */
export function overrideVerdict(
  verdict: Verdict,
  snapshot: Snapshot,
  policy: Policy,
  catalogue: Catalogue = buildCatalogue(policy),
): Verdict {
  if (snapshot.history.overrides.length === 0) return verdict;
  const head = snapshot.pullRequest.headSha;
  const override = findOverride(snapshot.history, head, policy, catalogue);
  if (override === null) return verdict;
  const by = `@${override.by.login}`;
  const note = (text: string): Verdict => ({ ...verdict, notes: [...verdict.notes, text] });
  if (!policy.overrides.allowed)
    return note(`${by}'s override of ${shortSha(head)} is not honoured: the policy turns overrides off`);
  const lapsed = describeLapsedOverride(policy, override);
  if (lapsed !== null) return note(`${by}'s override of ${shortSha(head)} is not honoured: ${lapsed}`);
  if (verdict.state === 'error')
    return note(`${by}'s override of ${shortSha(head)} cannot pass a check Custody could not evaluate`);
  const overrode = verdict.state;
  if (!isOverridable(overrode)) return note(`${by} overrode ${shortSha(head)}, which passes without it`);
  return {
    ...verdict,
    state: 'overridden',
    headline: composeOverrideHeadline(override.by.login, override.reason),
    override: { by: override.by, reason: override.reason, at: override.at, overrode },
    notes: [
      ...verdict.notes,
      `${by} overrode Custody on ${shortSha(head)} at ${override.at}, with the requirements not met`,
    ],
  };
}
