import type { FactOf } from './facts.js';

/**
 * The part of each report fact the report reads: a whole fact of these kinds fits, and so does
 * the slim row the ledger's report query makes of it (only what is named here leaves the database).
 */
export type ReportFact =
  | Pick<FactOf<'agent-involvement'>, 'kind' | 'pr' | 'occurredAt' | 'agent'>
  | (Pick<FactOf<'verdict'>, 'kind' | 'pr' | 'occurredAt' | 'state'> & {
      readonly approvers?: readonly string[];
    })
  | Pick<FactOf<'merge'>, 'kind' | 'pr' | 'occurredAt'>
  | Pick<FactOf<'bypass'>, 'kind' | 'pr' | 'occurredAt' | 'mergedBy' | 'headSha' | 'missing'>
  | Pick<FactOf<'override'>, 'kind' | 'pr' | 'occurredAt' | 'by' | 'headSha' | 'reason'>;

/** A merge past custody or an override, each linked to its pull request. */
export interface ReportIncident {
  readonly pr: number | null;
  readonly by: string | null;
  readonly headSha: string;
  readonly occurredAt: string;
  /** What was missing (a bypass) or the reason given (an override). */
  readonly detail: string;
}

export interface RepositoryReport {
  readonly repo: string;
  /** Pull requests with any agent involvement recorded. */
  readonly agentPullRequests: number;
  /** Of those, merged. */
  readonly agentMerges: number;
  /** Every merge recorded in the period, with or without an agent. */
  readonly merges: number;
  /** agentMerges / merges; null when nothing merged. */
  readonly agentMergeShare: number | null;
  readonly byAgent: readonly {
    readonly agent: string;
    readonly pullRequests: number;
    readonly merges: number;
  }[];
  /** Agent pull requests that reached an independent human approval (a `satisfied` verdict). */
  readonly independentApprovals: number;
  /** Who gave them: per login, the agent pull requests their approval counted on. */
  readonly approvers: readonly { readonly login: string; readonly pullRequests: number }[];
  readonly bypasses: number;
  readonly bypassed: readonly ReportIncident[];
  readonly overrides: readonly ReportIncident[];
  /** Median from the last agent action to the independent approval that followed it; null when none. */
  readonly medianApprovalDelayMs: number | null;
  /** Agent-involved merges per week (weeks start on Monday, UTC), by agent. */
  readonly weekly: readonly { readonly week: string; readonly agent: string; readonly merges: number }[];
}

interface PullState {
  readonly agents: Set<string>;
  readonly approvers: Set<string>;
  lastAgentAt: number | null;
  /** An agent acted and no independent approval followed yet. */
  pending: boolean;
  approved: boolean;
  merged: boolean;
}

interface RepoState {
  readonly pulls: Map<number, PullState>;
  readonly bypassed: ReportIncident[];
  readonly overrides: ReportIncident[];
  readonly delays: number[];
  merges: number;
  /** `week agent` → merges. */
  readonly weekly: Map<string, number>;
}

const DAY_MS = 86_400_000;

/** Mondays already written out: a report asks for the same few weeks once per merge. */
const mondays = new Map<number, string>();

/** The Monday (UTC) of the week `at` falls in, as YYYY-MM-DD. */
export function weekOf(at: number): string {
  const day = Math.floor(at / DAY_MS);
  // 1970-01-01 was a Thursday: day 0 is 3 days after a Monday.
  const monday = day - ((day + 3) % 7);
  let week = mondays.get(monday);
  if (week === undefined) {
    week = new Date(monday * DAY_MS).toISOString().slice(0, 10);
    mondays.set(monday, week);
  }
  return week;
}

/**
 * The audit report (`custody audit report` and the organisation page), from each repository's
 * report facts in chain order (the report query reads only these kinds). Memory grows with the
 * number of pull requests, not of facts.
 */
export class LedgerSummarizer {
  private readonly repos = new Map<string, RepoState>();

  add(entry: { readonly repo: string; readonly fact: ReportFact }): void {
    const fact = entry.fact;
    let repo = this.repos.get(entry.repo);
    if (repo === undefined) {
      repo = { pulls: new Map(), bypassed: [], overrides: [], delays: [], merges: 0, weekly: new Map() };
      this.repos.set(entry.repo, repo);
    }
    if (fact.kind === 'bypass' || fact.kind === 'override') {
      const incident: ReportIncident = {
        pr: fact.pr,
        by: fact.kind === 'bypass' ? (fact.mergedBy?.login ?? null) : fact.by.login,
        headSha: fact.headSha,
        occurredAt: fact.occurredAt,
        detail: fact.kind === 'bypass' ? fact.missing : fact.reason,
      };
      (fact.kind === 'bypass' ? repo.bypassed : repo.overrides).push(incident);
    }
    if (fact.pr === null) return;
    let pull = repo.pulls.get(fact.pr);
    if (pull === undefined) {
      pull = {
        agents: new Set(),
        approvers: new Set(),
        lastAgentAt: null,
        pending: false,
        approved: false,
        merged: false,
      };
      repo.pulls.set(fact.pr, pull);
    }
    const at = Date.parse(fact.occurredAt);
    if (fact.kind === 'agent-involvement') {
      pull.agents.add(fact.agent);
      pull.lastAgentAt = Math.max(pull.lastAgentAt ?? at, at);
      pull.pending = true;
    } else if (fact.kind === 'verdict' && fact.state === 'satisfied' && pull.agents.size > 0) {
      pull.approved = true;
      for (const login of fact.approvers ?? []) pull.approvers.add(login);
      if (pull.pending && pull.lastAgentAt !== null) repo.delays.push(Math.max(0, at - pull.lastAgentAt));
      pull.pending = false;
    } else if (fact.kind === 'merge' && !pull.merged) {
      pull.merged = true;
      repo.merges += 1;
      const week = weekOf(at);
      for (const agent of pull.agents) {
        const key = `${week} ${agent}`;
        repo.weekly.set(key, (repo.weekly.get(key) ?? 0) + 1);
      }
    }
  }

  reports(): RepositoryReport[] {
    return [...this.repos.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([repo, state]) => summarizeRepository(repo, state));
  }
}

function summarizeRepository(repo: string, state: RepoState): RepositoryReport {
  const agentPulls = [...state.pulls.values()].filter((pull) => pull.agents.size > 0);
  const byAgent = new Map<string, { pullRequests: number; merges: number }>();
  const approvers = new Map<string, number>();
  for (const pull of agentPulls) {
    for (const agent of pull.agents) {
      const counts = byAgent.get(agent) ?? { pullRequests: 0, merges: 0 };
      counts.pullRequests += 1;
      if (pull.merged) counts.merges += 1;
      byAgent.set(agent, counts);
    }
    for (const login of pull.approvers) approvers.set(login, (approvers.get(login) ?? 0) + 1);
  }
  const agentMerges = agentPulls.filter((pull) => pull.merged).length;
  const byName = <T>([a]: [string, T], [b]: [string, T]) => (a < b ? -1 : a > b ? 1 : 0);
  return {
    repo,
    agentPullRequests: agentPulls.length,
    agentMerges,
    merges: state.merges,
    agentMergeShare: state.merges === 0 ? null : agentMerges / state.merges,
    byAgent: [...byAgent.entries()].sort(byName).map(([agent, counts]) => ({ agent, ...counts })),
    independentApprovals: agentPulls.filter((pull) => pull.approved).length,
    approvers: [...approvers.entries()]
      .sort(byName)
      .map(([login, pullRequests]) => ({ login, pullRequests })),
    bypasses: state.bypassed.length,
    bypassed: state.bypassed,
    overrides: state.overrides,
    medianApprovalDelayMs: median(state.delays),
    weekly: [...state.weekly.entries()].sort(byName).map(([key, merges]) => {
      const [week, ...agent] = key.split(' ');
      return { week: week!, agent: agent.join(' '), merges };
    }),
  };
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = values.slice().sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
