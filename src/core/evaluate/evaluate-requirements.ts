import type { Policy } from '../policy/schema.js';
import type { ApprovalOutcome, Requirement } from '../verdict.js';
import type { Involvement } from './collect-involvement.js';
import { agentNames, listSome, plural, shortSha } from './describe.js';
import type { ApprovalCandidate } from './evaluate-approvals.js';
import type { PathRuleMatch } from './match-path-rules.js';

export interface RequirementFacts {
  readonly policy: Policy;
  readonly involvement: Involvement;
  readonly candidates: readonly ApprovalCandidate[];
  readonly pathMatches: readonly PathRuleMatch[];
  /** Agent commits without a valid signature (only looked for when the policy requires them). */
  readonly unsignedAgentCommits: readonly string[];
  readonly unattributedCommits: readonly string[];
}

export interface RequirementResult {
  readonly requirements: readonly Requirement[];
  /** Every standing approval, counted or ignored with its reason. */
  readonly approvals: readonly ApprovalOutcome[];
}

/** A requirement met by counting eligible approvals. */
interface ApprovalRule {
  readonly id: string;
  readonly subject: string;
  readonly count: number;
  readonly teams: readonly string[];
  readonly users: readonly string[];
  /** Only approvals given after this review position count (-1: any). */
  readonly after: number;
}

export function evaluateRequirements(facts: RequirementFacts): RequirementResult {
  const { policy, involvement } = facts;
  const base: ApprovalRule = {
    id: 'approvals',
    subject: '',
    count: policy.approvals.count,
    teams: policy.approvals.teams,
    users: policy.approvals.users,
    after: -1,
  };
  // Every applicable path rule must be met, so the strictest decides; each one is shown.
  const pathRules: ApprovalRule[] = facts.pathMatches.map(({ rule, paths }) => ({
    id: `path:${rule.name}`,
    subject: `Path rule "${rule.name}" (${listSome(paths, 3)}): `,
    count: rule.approvals,
    teams: rule.teams,
    users: rule.users,
    after: -1,
  }));
  const eligible = facts.candidates.filter((candidate) => candidate.reason === null);
  const requirements: Requirement[] = [base, ...pathRules].map((rule) =>
    countApprovals(rule, eligible, policy),
  );

  if (involvement.handoff) requirements.push(evaluateHandoff(facts, base, eligible));
  if (policy.signatures.agent_commits === 'required') {
    requirements.push(
      requireNoCommits(
        'signatures',
        'Every agent commit carries a valid signature',
        facts.unsignedAgentCommits,
        ['agent commit is', 'agent commits are', 'not validly signed'],
      ),
    );
  }
  if (policy.unattributed_commits === 'block') {
    requirements.push(
      requireNoCommits(
        'unattributed',
        "Every commit's author and co-authors are linked to GitHub accounts",
        facts.unattributedCommits,
        ['commit has', 'commits have', 'an author or co-author GitHub links to no account'],
      ),
    );
  }

  const approvalRules = [base, ...pathRules];
  const approvals = facts.candidates.map((candidate): ApprovalOutcome => {
    const outcome = {
      reviewer: candidate.reviewer,
      commitSha: candidate.commitSha,
      submittedAt: candidate.submittedAt,
    };
    if (candidate.reason !== null)
      return { ...outcome, counted: false, reason: candidate.reason, detail: candidate.detail };
    if (approvalRules.some((rule) => isAllowed(candidate, rule))) {
      return { ...outcome, counted: true, reason: null, detail: candidate.detail };
    }
    const named = approvalRules.flatMap((rule) => [...rule.teams, ...rule.users.map((user) => `@${user}`)]);
    const detail = `@${candidate.reviewer?.login ?? 'ghost'} is not one of the approvers the policy names (${listSome([...new Set(named)])})`;
    return { ...outcome, counted: false, reason: 'not-allowed', detail };
  });
  return { requirements, approvals };
}

function evaluateHandoff(
  facts: RequirementFacts,
  base: ApprovalRule,
  eligible: readonly ApprovalCandidate[],
) {
  const { policy, involvement } = facts;
  const between = agentNames(involvement.agents);
  if (policy.handoff.block) {
    return {
      id: 'handoff',
      title: `No handoff between agents (${between})`,
      status: 'violated',
      satisfiedBy: [],
      missing: 'the policy forbids handoffs between agents',
    } satisfies Requirement;
  }
  const rule: ApprovalRule = {
    ...base,
    id: 'handoff',
    subject: `Handoff between ${between}: `,
    // Never fewer than the base count: configuration only makes the guarantee stricter.
    count: Math.max(policy.handoff.approvals ?? 0, policy.approvals.count),
    after: involvement.lastAgentReviewIndex,
  };
  return countApprovals(rule, eligible, policy, ' after the last agent action');
}

function countApprovals(
  rule: ApprovalRule,
  eligible: readonly ApprovalCandidate[],
  policy: Policy,
  when = '',
): Requirement {
  const approvers = eligible
    .filter((candidate) => candidate.reviewIndex > rule.after && isAllowed(candidate, rule))
    .map((candidate) => candidate.reviewer?.login ?? '');
  const from = `from ${rule.count === 1 ? 'a human' : 'humans'} who took no part${describeScope(rule)}`;
  const title = `${rule.subject}${plural(rule.count, 'approval')}${when} ${from} (${policy.approvals.permission} access)`;
  const short = rule.count - approvers.length;
  return {
    id: rule.id,
    title,
    status: short <= 0 ? 'met' : 'missing',
    satisfiedBy: approvers,
    missing:
      short <= 0
        ? ''
        : `${plural(short, approvers.length === 0 ? 'approval' : 'more approval')}${when} needed ${from}`,
  };
}

/** A violation no approval fixes: any listed commit breaks it. */
function requireNoCommits(
  id: string,
  title: string,
  shas: readonly string[],
  [one, many, what]: readonly [string, string, string],
): Requirement {
  if (shas.length === 0) return { id, title, status: 'met', satisfiedBy: [], missing: '' };
  const listed = listSome(shas.slice(0, 6).map(shortSha), 5, shas.length);
  return {
    id,
    title,
    status: 'violated',
    satisfiedBy: [],
    missing: `${plural(shas.length, one, many)} ${what}: ${listed}`,
  };
}

function describeScope(rule: ApprovalRule): string {
  const named = [...rule.teams, ...rule.users.map((user) => `@${user}`)];
  return named.length === 0 ? '' : `, one of ${listSome(named, 10).replace(/ and (?=[^,]*$)/, ' or ')}`;
}

/** Teams and users narrow who may approve; with neither named, every eligible human may. */
function isAllowed(candidate: ApprovalCandidate, rule: ApprovalRule): boolean {
  if (rule.teams.length === 0 && rule.users.length === 0) return true;
  const login = candidate.reviewer?.login.toLowerCase();
  if (login !== undefined && rule.users.some((user) => user.toLowerCase() === login)) return true;
  const teams = new Set((candidate.access?.teams ?? []).map((team) => team.toLowerCase()));
  return rule.teams.some((team) => teams.has(team.toLowerCase()));
}
