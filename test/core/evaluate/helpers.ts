import { evaluate } from '../../../src/core/evaluate/index.js';
import type { PolicyInput } from '../../../src/core/policy/schema.js';
import type { ApprovalOutcome, Requirement, Verdict } from '../../../src/core/verdict.js';
import { aPolicy } from '../../builders/policy.js';
import type { SnapshotBuilder } from '../../builders/snapshot.js';

export function verdictOf(builder: SnapshotBuilder, policy: PolicyInput = {}): Verdict {
  return evaluate(builder.build(), aPolicy(policy));
}

export function approvalBy(verdict: Verdict, login: string): ApprovalOutcome {
  const found = verdict.approvals.find((approval) => approval.reviewer?.login === login);
  if (found === undefined) throw new Error(`no approval by ${login} in ${JSON.stringify(verdict.approvals)}`);
  return found;
}

export function requirement(verdict: Verdict, id: string): Requirement {
  const found = verdict.requirements.find((entry) => entry.id === id);
  if (found === undefined)
    throw new Error(`no requirement ${id} in ${verdict.requirements.map((r) => r.id)}`);
  return found;
}

export function agentIds(verdict: Verdict): string[] {
  return verdict.agents.map((agent) => agent.id);
}
