import { createHash } from 'node:crypto';
import type { Snapshot } from '../snapshot.js';
import type { Verdict } from '../verdict.js';
import { canonicalJson } from './chain.js';
import type { FactInput } from './facts.js';

export interface PublishedEvaluation {
  readonly snapshot: Snapshot;
  /** The policy in force, or null when it could not be read. */
  readonly policy: unknown;
  readonly verdict: Verdict;
  /** The PR's own state, before other open PRs on the same head were taken into account. */
  readonly ownState: Verdict['state'];
  readonly checkRunId: number | null;
  readonly occurredAt: string;
}

/** SHA-256 over the canonical JSON of a value: what a verdict fact names its inputs by. */
export function digestOf(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}

/**
 * The facts one published verdict leaves: the verdict itself, and the delegations and agent
 * involvement the evaluation derived that the ledger does not hold yet, so that none of them is
 * forgotten when GitHub stops showing it (an unassignment, a body edit, a force-push).
 */
export function recordEvaluation(evaluation: PublishedEvaluation): FactInput[] {
  const { snapshot, verdict, occurredAt } = evaluation;
  const common = {
    repo: { owner: snapshot.repo.owner, name: snapshot.repo.name },
    pr: snapshot.pullRequest.number,
    occurredAt,
  };
  const facts: FactInput[] = [
    {
      ...common,
      kind: 'verdict',
      headSha: verdict.headSha,
      state: verdict.state,
      ownState: evaluation.ownState,
      snapshotDigest: digestOf(snapshot),
      policyDigest: digestOf(evaluation.policy ?? null),
      checkRunId: evaluation.checkRunId,
      approvers: verdict.approvals.flatMap((a) =>
        a.counted && a.reviewer !== null ? [a.reviewer.login] : [],
      ),
    },
  ];
  const history = snapshot.history;
  const knownAgents = new Set(history.agents.map((a) => `${a.agent} ${a.commitSha} ${a.evidence}`));
  const knownDelegators = new Set(
    history.delegators.map((d) => `${d.account.login.toLowerCase()} ${d.via} ${d.commitSha}`),
  );
  const agentCommits = new Set<string>();
  for (const row of verdict.chain) {
    if (row.agent === null) continue;
    if (row.commitSha !== null) agentCommits.add(row.commitSha);
    const evidence = `${row.role}: ${row.actor}`;
    const key = `${row.agent.name} ${row.commitSha} ${evidence}`;
    if (knownAgents.has(key)) continue;
    knownAgents.add(key);
    facts.push({
      ...common,
      kind: 'agent-involvement',
      agent: row.agent.name,
      commitSha: row.commitSha,
      evidence,
    });
  }
  if (verdict.agents.length === 0) return facts;
  const agent = verdict.agents.map((a) => a.name).join(', ');
  for (const row of verdict.chain) {
    if (row.account === null || row.agent !== null) continue;
    const via =
      row.role === 'assignee' || row.role === 'requester'
        ? row.role
        : row.role === 'co-author' && row.commitSha !== null && agentCommits.has(row.commitSha)
          ? 'co-author'
          : null;
    if (via === null) continue;
    const commitSha = via === 'co-author' ? row.commitSha : null;
    const key = `${row.account.login.toLowerCase()} ${via} ${commitSha}`;
    if (knownDelegators.has(key)) continue;
    knownDelegators.add(key);
    facts.push({ ...common, kind: 'delegation', delegator: row.account, via, agent, commitSha });
  }
  return facts;
}
