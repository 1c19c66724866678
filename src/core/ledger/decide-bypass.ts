import type { Account } from '../snapshot.js';
import { isPassing, type VerdictState } from '../verdict.js';
import type { Fact, FactInput, RepoRef } from './facts.js';

/** What GitHub said about a merge, and where. */
export interface MergeSeen {
  readonly repo: RepoRef;
  readonly pr: number;
  readonly headSha: string;
  readonly mergeCommitSha: string | null;
  readonly mergedBy: Account | null;
  readonly occurredAt: string;
}

export type BypassDecision =
  | { readonly bypass: false }
  | { readonly bypass: true; readonly agents: readonly string[]; readonly missing: string };

/** A merge through the merge queue was gated by the group's check, not the PR's. */
const MERGE_QUEUE = /^github-merge-queue(\[bot\])?$/i;

/**
 * Was custody bypassed? Only when agents were involved and the last verdict published on the
 * merged head was not a pass (an admin merge, or the check was not required). The one place
 * this is decided: the ledger records it, the app labels and comments, metrics may count it.
 */
export function decideBypass(facts: readonly Fact[], merge: MergeSeen): BypassDecision {
  if (merge.mergedBy !== null && MERGE_QUEUE.test(merge.mergedBy.login)) return { bypass: false };
  const agents = [...new Set(facts.flatMap((f) => (f.kind === 'agent-involvement' ? [f.agent] : [])))];
  if (agents.length === 0) return { bypass: false };
  const last = lastVerdictOn(facts, merge.headSha);
  if (last !== null && isPassing(last)) return { bypass: false };
  const missing =
    last === null
      ? `no custody check had been published on ${merge.headSha.slice(0, 7)}`
      : `the custody check on ${merge.headSha.slice(0, 7)} was ${last === 'waiting' ? 'still waiting for an independent human approval' : last}`;
  return { bypass: true, agents, missing };
}

function lastVerdictOn(facts: readonly Fact[], headSha: string): VerdictState | null {
  let state: VerdictState | null = null;
  for (const fact of facts) if (fact.kind === 'verdict' && fact.headSha === headSha) state = fact.state;
  return state;
}

/** The merge fact, and a bypass fact when custody was bypassed; none when the merge is recorded already. */
export function recordMerge(
  facts: readonly Fact[],
  merge: MergeSeen,
): { facts: FactInput[]; decision: BypassDecision } {
  if (facts.some((fact) => fact.kind === 'merge')) return { facts: [], decision: { bypass: false } };
  const last = lastVerdictOn(facts, merge.headSha);
  const common = { repo: merge.repo, pr: merge.pr, occurredAt: merge.occurredAt };
  const decision = decideBypass(facts, merge);
  const recorded: FactInput[] = [
    {
      ...common,
      kind: 'merge',
      mergedBy: merge.mergedBy,
      mergeCommitSha: merge.mergeCommitSha,
      headSha: merge.headSha,
      lastVerdict: last === null ? null : { headSha: merge.headSha, state: last },
    },
  ];
  if (decision.bypass)
    recorded.push({
      ...common,
      kind: 'bypass',
      mergedBy: merge.mergedBy,
      headSha: merge.headSha,
      missing: decision.missing,
    });
  return { facts: recorded, decision };
}

/**
 * The bypass already recorded for a PR, as `recordMerge` decided it (the agents from the
 * involvement recorded), so a retried run can finish its label and comment; null when none.
 */
export function findRecordedBypass(
  facts: readonly Fact[],
): { merge: MergeSeen; decision: Extract<BypassDecision, { bypass: true }> } | null {
  const bypass = facts.find((fact) => fact.kind === 'bypass');
  if (bypass === undefined || bypass.pr === null) return null;
  const merge = facts.find((fact) => fact.kind === 'merge');
  const agents = [...new Set(facts.flatMap((f) => (f.kind === 'agent-involvement' ? [f.agent] : [])))];
  return {
    merge: {
      repo: bypass.repo,
      pr: bypass.pr,
      headSha: bypass.headSha,
      mergeCommitSha: merge?.mergeCommitSha ?? null,
      mergedBy: bypass.mergedBy,
      occurredAt: bypass.occurredAt,
    },
    decision: { bypass: true, agents, missing: bypass.missing },
  };
}

/** The hidden first line of a bypass comment: how a retry finds the comment already posted. */
export const BYPASS_MARKER = '<!-- custody:bypass:v1 -->';

/** The one comment a bypass gets: who merged, and what custody still required. */
export function renderBypassComment(
  merge: MergeSeen,
  decision: Extract<BypassDecision, { bypass: true }>,
): string {
  const who = merge.mergedBy === null ? 'A deleted account' : `@${merge.mergedBy.login}`;
  return [
    BYPASS_MARKER,
    `**Custody was bypassed.** ${who} merged this pull request, which ${decision.agents.join(', ')} took part in, while ${decision.missing}.`,
    '',
    'The merge and what was missing are recorded in the custody ledger.',
  ].join('\n');
}

export const BYPASS_LABEL = {
  name: 'custody:bypassed',
  color: 'b60205',
  description: 'Merged without the independent human approval custody requires',
} as const;
