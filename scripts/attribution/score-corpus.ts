import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { evaluate } from '../../src/core/evaluate/index.js';
import { Policy } from '../../src/core/policy/schema.js';
import { Snapshot } from '../../src/core/snapshot.js';

/**
 * Scores attribution on real commits (test/fixtures/real-commits): each commit becomes a
 * one-commit pull request opened by a neutral human and goes through evaluate() with the
 * default policy, exactly as a new user would meet it. Git metadata only: no account is
 * linked, so every signal is what the commit itself carries.
 */
const GitIdentity = z.object({ name: z.string(), email: z.string() });

export const CorpusRow = z.object({
  repo: z.string().regex(/^[^/\s]+\/[^/\s]+$/),
  sha: z.string().regex(/^[0-9a-f]{40}$/),
  author: GitIdentity,
  committer: GitIdentity,
  message: z.string(),
  label: z.enum(['agent', 'automation', 'human']),
  /** For agents: the catalogue id, or the tool's own name for agents the catalogue does not list. */
  agent: z.string().optional(),
  /** An agent the catalogue does not list: found (or not) by the generic detectors alone. */
  unseen: z.boolean().optional(),
  /** Why a human row is hard: a name like an agent's, vendor staff, AI talk, a human co-author, an automation committer. */
  tricky: z
    .enum(['name', 'vendor-staff', 'ai-topic', 'human-co-author', 'committed-by-automation'])
    .optional(),
  why: z.string(),
  /** The middle of a very long message was cut; its head and its trailers/footers are verbatim. */
  trimmed: z.boolean().optional(),
});
export type CorpusRow = z.infer<typeof CorpusRow>;

export function loadCorpus(path: string): CorpusRow[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim().length > 0)
    .map((line, index) => {
      const parsed = CorpusRow.safeParse(JSON.parse(line));
      if (!parsed.success) throw new Error(`${path}:${index + 1}: ${parsed.error.message}`);
      return parsed.data;
    });
}

export interface RowOutcome {
  readonly row: CorpusRow;
  /** Agent ids evaluate() reported. */
  readonly agents: readonly string[];
  readonly flagged: boolean;
}

const policy = Policy.parse({});
const NEUTRAL_OPENER = { login: 'neutral-reviewer', id: 1, type: 'User' as const };

export function scoreRow(row: CorpusRow): RowOutcome {
  const snapshot = Snapshot.parse({
    schemaVersion: 1,
    repo: { owner: row.repo.split('/')[0], name: row.repo.split('/')[1] },
    pullRequest: {
      number: 1,
      title: row.message.split('\n', 1)[0] ?? '',
      state: 'OPEN',
      isDraft: false,
      baseRef: 'main',
      headRef: 'change',
      headSha: row.sha,
      opener: NEUTRAL_OPENER,
    },
    commits: [
      {
        sha: row.sha,
        author: { ...row.author, account: null },
        committer: { ...row.committer, account: null },
        message: row.message,
      },
    ],
  });
  const agents = evaluate(snapshot, policy).agents.map((agent) => agent.id);
  return { row, agents, flagged: agents.length > 0 };
}

export interface AgentScore {
  readonly agent: string;
  readonly unseen: boolean;
  readonly total: number;
  readonly caught: number;
  /** Caught under the expected id (catalogue agents), or under any name but `unnamed-ai` (unseen ones). */
  readonly named: number;
}

export interface CorpusScore {
  readonly outcomes: readonly RowOutcome[];
  readonly perAgent: readonly AgentScore[];
  readonly recall: number;
  readonly unseenRecall: number;
  readonly missed: readonly RowOutcome[];
  /** Humans or automation reported as agents. */
  readonly falseAlarms: readonly RowOutcome[];
}

export function scoreCorpus(rows: readonly CorpusRow[]): CorpusScore {
  const outcomes = rows.map(scoreRow);
  const agentRows = outcomes.filter((o) => o.row.label === 'agent');
  const byAgent = new Map<string, RowOutcome[]>();
  for (const outcome of agentRows) {
    const key = outcome.row.agent ?? '?';
    byAgent.set(key, [...(byAgent.get(key) ?? []), outcome]);
  }
  const perAgent = [...byAgent].map(([agent, list]) => ({
    agent,
    unseen: list.some((o) => o.row.unseen === true),
    total: list.length,
    caught: list.filter((o) => o.flagged).length,
    named: list.filter((o) => o.agents.some((id) => namesAgent(id, o.row))).length,
  }));
  perAgent.sort((a, b) => Number(a.unseen) - Number(b.unseen) || b.total - a.total);
  const unseen = agentRows.filter((o) => o.row.unseen === true);
  return {
    outcomes,
    perAgent,
    recall: ratio(agentRows.filter((o) => o.flagged).length, agentRows.length),
    unseenRecall: ratio(unseen.filter((o) => o.flagged).length, unseen.length),
    missed: agentRows.filter((o) => !o.flagged),
    falseAlarms: outcomes.filter((o) => o.row.label !== 'agent' && o.flagged),
  };
}

function namesAgent(id: string, row: CorpusRow): boolean {
  return row.unseen === true ? id !== 'unnamed-ai' : id === row.agent;
}

function ratio(part: number, whole: number): number {
  return whole === 0 ? 1 : part / whole;
}
