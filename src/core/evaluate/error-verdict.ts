import { formatPolicyError } from '../policy/format-policy-errors.js';
import type { PolicyError } from '../policy/parse-policy.js';
import type { Verdict } from '../verdict.js';

export interface VerdictTarget {
  readonly repo: { readonly owner: string; readonly name: string };
  readonly pullNumber: number;
  readonly headSha: string;
}

/** Who is already known to have taken part, when the snapshot was read but no decision made. */
export type KnownInvolvement = Pick<Verdict, 'agents' | 'automation' | 'chain'>;

const NOBODY_KNOWN: KnownInvolvement = { agents: [], automation: [], chain: [] };

/**
 * The verdict when no decision could be made: an invalid policy, a failed or partial fetch,
 * inconsistent data. It never passes, names what went wrong, and wants no labels and no
 * comment (the publisher leaves those as they are rather than act on a guess). What is
 * already known of the agents is still shown, so reviewers do not read "Agents: none".
 */
export function errorVerdict(
  target: VerdictTarget,
  reason: string,
  details: readonly string[] = [],
  known: KnownInvolvement = NOBODY_KNOWN,
): Verdict {
  return {
    state: 'error',
    headline: `Custody could not decide: ${reason}`,
    repo: { owner: target.repo.owner, name: target.repo.name },
    pullNumber: target.pullNumber,
    headSha: target.headSha,
    agents: known.agents,
    automation: known.automation,
    handoff: false,
    chain: known.chain,
    requirements: [
      {
        id: 'error',
        title: 'Custody can evaluate this pull request',
        status: 'violated',
        satisfiedBy: [],
        missing: reason,
      },
    ],
    approvals: [],
    labels: [],
    comment: false,
    notes: [...details],
  };
}

/** An invalid policy decides nothing: the check fails naming the first error, and lists them all. */
export function policyErrorVerdict(
  target: VerdictTarget,
  errors: readonly PolicyError[],
  known: KnownInvolvement = NOBODY_KNOWN,
): Verdict {
  const lines = errors.map(formatPolicyError);
  return errorVerdict(target, `invalid policy: ${lines[0] ?? 'unreadable'}`, lines, known);
}
