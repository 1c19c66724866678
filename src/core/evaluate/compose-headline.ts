import type { AgentRef } from '../identity/types.js';
import type { Policy } from '../policy/schema.js';
import type { Requirement, VerdictState } from '../verdict.js';
import { agentNames, joinWords } from './describe.js';

export interface HeadlineFacts {
  readonly state: Exclude<VerdictState, 'error' | 'overridden'>;
  readonly policy: Policy;
  readonly agents: readonly AgentRef[];
  readonly automation: readonly AgentRef[];
  readonly changesPolicy: boolean;
  readonly requirements: readonly Requirement[];
}

/** One line, the check run's title: what is needed (or why it passes), and who is involved. */
export function composeHeadline(facts: HeadlineFacts): string {
  const involved = describeInvolvement(facts);
  const suffix = involved === '' ? '' : ` (${involved})`;
  switch (facts.state) {
    case 'not_applicable':
      return facts.policy.applies_to === 'agents_and_automation'
        ? 'No agent or automation involvement'
        : 'No agent involvement';
    case 'satisfied': {
      const approvers = [...new Set(facts.requirements.flatMap((requirement) => requirement.satisfiedBy))];
      return `Approved by ${joinWords(approvers.map((login) => `@${login}`))}, who took no part${suffix}`;
    }
    case 'blocked': {
      const violated = facts.requirements.find((requirement) => requirement.status === 'violated');
      return `Blocked: ${violated?.missing ?? 'a requirement is violated'}${suffix}`;
    }
    case 'waiting': {
      const missing = facts.requirements.find((requirement) => requirement.status === 'missing');
      return `Waiting for ${missing?.missing.replace(/ needed /, ' ') ?? 'approval'}${suffix}`;
    }
  }
}

function describeInvolvement(facts: HeadlineFacts): string {
  if (facts.agents.length > 0) return `${agentNames(facts.agents)} involved`;
  if (facts.automation.length > 0) return `${agentNames(facts.automation)} involved`;
  if (facts.changesPolicy) return 'changes the Custody policy';
  return '';
}
