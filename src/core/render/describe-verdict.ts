import type { AgentRef } from '../identity/types.js';
import type {
  ApprovalOutcome,
  ChainRole,
  ChainRow,
  IgnoreReason,
  Verdict,
  VerdictState,
} from '../verdict.js';

/**
 * The words every renderer shares (check run, comment, terminal), so the three say the same
 * thing. Values here are plain, unescaped text: each renderer escapes for its medium.
 */

export const STATE_HEADINGS: Readonly<Record<VerdictState, string>> = {
  not_applicable: 'No agent involvement to gate',
  satisfied: 'Independent human approval in place',
  waiting: 'Waiting for an independent human approval',
  blocked: 'Blocked: approval cannot fix this',
  error: 'Custody could not evaluate this pull request',
  overridden: 'Overridden: requirements not met',
};

export const STATE_ICONS: Readonly<Record<VerdictState, string>> = {
  not_applicable: '✅',
  satisfied: '✅',
  waiting: '⏳',
  blocked: '⛔',
  error: '⚠️',
  overridden: '🔓',
};

export const IGNORE_REASONS: Readonly<Record<IgnoreReason, string>> = {
  agent: 'an agent',
  automation: 'automation',
  bot: 'a bot account',
  'unknown-account': 'an account GitHub could not identify',
  participant: 'took part in this pull request',
  stale: 'given before the latest commit',
  superseded: 'superseded by a later review',
  permission: 'lacks the required repository permission',
  'not-allowed': 'not one of the required teams or users',
};

/** How a role reads after an actor's name, e.g. "@alice — co-author, assignee". */
export const ROLE_WORDS: Readonly<Record<ChainRole, string>> = {
  opener: 'opened the pull request',
  author: 'commit author',
  committer: 'committer',
  'co-author': 'co-author',
  trailer: 'named in a commit trailer',
  marker: 'marked in a commit message',
  pusher: 'pushed the head commit',
  assignee: 'assignee',
  requester: 'requested the agent',
  reviewer: 'reviewer',
};

/** Roles counted per commit, so an agent's part reads "authored 3 commits". */
const COMMIT_ROLE_VERBS: Partial<Record<ChainRole, string>> = {
  author: 'authored',
  committer: 'committed',
  'co-author': 'co-authored',
  trailer: 'named in trailers of',
  marker: 'marked in',
};

export interface AgentInvolvement {
  readonly agent: AgentRef;
  /** Plain phrases in chain order, e.g. `opened the pull request`, `authored 3 commits`. */
  readonly parts: readonly string[];
}

/** What each agent did, grouped from the chain (the verdict decided; this only counts). */
export function describeAgentInvolvement(verdict: Verdict): AgentInvolvement[] {
  const byAgent = new Map<string, { agent: AgentRef; roles: Map<ChainRole, Set<string | null>> }>();
  for (const agent of verdict.agents) byAgent.set(agent.id, { agent, roles: new Map() });
  for (const row of verdict.chain) {
    if (row.kind !== 'agent' || row.agent === null) continue;
    const entry = byAgent.get(row.agent.id) ?? { agent: row.agent, roles: new Map() };
    byAgent.set(row.agent.id, entry);
    const commits = entry.roles.get(row.role) ?? new Set();
    commits.add(row.commitSha);
    entry.roles.set(row.role, commits);
  }
  return [...byAgent.values()].map(({ agent, roles }) => ({
    agent,
    parts: ROLE_ORDER.flatMap((role) => {
      const commits = roles.get(role);
      if (commits === undefined) return [];
      const verb = COMMIT_ROLE_VERBS[role];
      if (verb === undefined) return [role === 'reviewer' ? 'submitted a review' : ROLE_WORDS[role]];
      const count = [...commits].filter((sha) => sha !== null).length;
      // PR-level markers (body text, branch prefix) carry no commit.
      const onPullRequest = commits.has(null) ? [`${verb.replace(/ of$| in$/, '')} in the pull request`] : [];
      return [...(count > 0 ? [`${verb} ${plural(count, 'commit', 'commits')}`] : []), ...onPullRequest];
    }),
  }));
}

/** Roles in the order a story reads: who opened, who wrote, who pushed, who stands behind it. */
const ROLE_ORDER: readonly ChainRole[] = [
  'opener',
  'author',
  'committer',
  'co-author',
  'trailer',
  'marker',
  'pusher',
  'assignee',
  'requester',
  'reviewer',
];

export interface NonApprover {
  readonly login: string;
  readonly roles: readonly ChainRole[];
}

/**
 * Humans with an account who appear in the chain other than as reviewers: the guarantee
 * says they took part, so they may not approve. Agents and automation never count anyway.
 */
export function listNonApprovers(verdict: Verdict): NonApprover[] {
  const byLogin = new Map<string, Set<ChainRole>>();
  for (const row of verdict.chain) {
    if (row.kind !== 'human' || row.role === 'reviewer') continue;
    // A requester named in a PR body has a login but no account lookup behind it.
    const login = row.account?.login ?? (row.actor.startsWith('@') ? row.actor.slice(1) : null);
    if (login === null) continue;
    const roles = byLogin.get(login) ?? new Set();
    roles.add(row.role);
    byLogin.set(login, roles);
  }
  return [...byLogin].map(([login, roles]) => ({
    login,
    roles: ROLE_ORDER.filter((role) => roles.has(role)),
  }));
}

export function reviewerName(outcome: ApprovalOutcome): string {
  return outcome.reviewer === null ? 'a deleted account' : '@' + outcome.reviewer.login;
}

/** Evidence strongest first, as `strength: detail`. */
export function describeEvidence(row: ChainRow): string[] {
  const order = ['account', 'signature', 'claim', 'hint'];
  return [...row.evidence]
    .sort((a, b) => order.indexOf(a.strength) - order.indexOf(b.strength))
    .map((e) => `${e.strength}: ${e.detail}`);
}

/** `1 row` / `9,812 rows`, with grouping that does not depend on the machine's locale. */
export function plural(count: number, one: string, many: string): string {
  return `${count.toLocaleString('en-US')} ${count === 1 ? one : many}`;
}
