import type { ChainEntry } from './chain.js';
import type { Fact } from './facts.js';

/** The kinds the report reads: nothing else needs to leave the database. */
export const REPORT_KINDS = ['agent-involvement', 'verdict', 'merge', 'bypass', 'override'] as const;

export interface RepositoryReport {
  readonly repo: string;
  /** Pull requests with any agent involvement recorded. */
  readonly agentPullRequests: number;
  /** Of those, merged. */
  readonly agentMerges: number;
  readonly byAgent: readonly {
    readonly agent: string;
    readonly pullRequests: number;
    readonly merges: number;
  }[];
  /** Agent pull requests that reached an independent human approval (a `satisfied` verdict). */
  readonly independentApprovals: number;
  readonly bypasses: number;
  /** Break-glass overrides recorded (each is one user overriding one head of one PR). */
  readonly overrides: number;
  /** Median from the last agent action to the independent approval that followed it; null when none. */
  readonly medianApprovalDelayMs: number | null;
}

interface PullState {
  readonly agents: Set<string>;
  lastAgentAt: number | null;
  /** An agent acted and no independent approval followed yet. */
  pending: boolean;
  approved: boolean;
  merged: boolean;
}

interface RepoState {
  readonly pulls: Map<number, PullState>;
  bypasses: number;
  overrides: number;
  readonly delays: number[];
}

/**
 * The audit report, one repository at a time from entries in chain order (the report query
 * streams only `REPORT_KINDS`). Memory grows with the number of pull requests, not of facts.
 */
export class LedgerSummarizer {
  private readonly repos = new Map<string, RepoState>();

  add(entry: ChainEntry<Fact>): void {
    const fact = entry.fact;
    const repo: RepoState = this.repos.get(entry.repo) ?? {
      pulls: new Map(),
      bypasses: 0,
      overrides: 0,
      delays: [],
    };
    this.repos.set(entry.repo, repo);
    if (fact.kind === 'bypass') repo.bypasses += 1;
    if (fact.kind === 'override') repo.overrides += 1;
    if (fact.pr === null) return;
    const pull: PullState = repo.pulls.get(fact.pr) ?? {
      agents: new Set<string>(),
      lastAgentAt: null,
      pending: false,
      approved: false,
      merged: false,
    };
    repo.pulls.set(fact.pr, pull);
    const at = Date.parse(fact.occurredAt);
    if (fact.kind === 'agent-involvement') {
      pull.agents.add(fact.agent);
      pull.lastAgentAt = Math.max(pull.lastAgentAt ?? at, at);
      pull.pending = true;
    } else if (fact.kind === 'verdict' && fact.state === 'satisfied' && pull.agents.size > 0) {
      pull.approved = true;
      if (pull.pending && pull.lastAgentAt !== null) repo.delays.push(Math.max(0, at - pull.lastAgentAt));
      pull.pending = false;
    } else if (fact.kind === 'merge') pull.merged = true;
  }

  reports(): RepositoryReport[] {
    return [...this.repos.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([repo, state]) => {
        const agentPulls = [...state.pulls.values()].filter((pull) => pull.agents.size > 0);
        const byAgent = new Map<string, { pullRequests: number; merges: number }>();
        for (const pull of agentPulls)
          for (const agent of pull.agents) {
            const counts = byAgent.get(agent) ?? { pullRequests: 0, merges: 0 };
            counts.pullRequests += 1;
            if (pull.merged) counts.merges += 1;
            byAgent.set(agent, counts);
          }
        return {
          repo,
          agentPullRequests: agentPulls.length,
          agentMerges: agentPulls.filter((pull) => pull.merged).length,
          byAgent: [...byAgent.entries()]
            .sort(([a], [b]) => a.localeCompare(b))
            .map(([agent, counts]) => ({ agent, ...counts })),
          independentApprovals: agentPulls.filter((pull) => pull.approved).length,
          bypasses: state.bypasses,
          overrides: state.overrides,
          medianApprovalDelayMs: median(state.delays),
        };
      });
  }
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = values.slice().sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
