import type { AgentRef } from '../identity/types.js';
import type { LabelChanges } from '../output.js';
import type { Policy } from '../policy/schema.js';
import { planLabels } from './plan-labels.js';

/** Provenance labels share one colour; a handoff stands out. */
const AGENT_COLOUR = '8250df';
const HANDOFF_COLOUR = 'd93f0b';
/** GitHub's limit on a label description. */
const DESCRIPTION_LIMIT = 100;

export function describeLabel(
  name: string,
  labels: Policy['labels'],
  agents: readonly AgentRef[],
): { color: string; description: string } {
  if (name.toLowerCase() === labels.handoff.toLowerCase()) {
    return { color: HANDOFF_COLOUR, description: 'Custody: two or more AI agents handed work to each other' };
  }
  const agent = agents.find((a) => `${labels.prefix}${a.id}`.toLowerCase() === name.toLowerCase());
  const who = agent?.name ?? name.slice(labels.prefix.length);
  return {
    color: AGENT_COLOUR,
    description: `Custody: ${who} took part in this pull request`.slice(0, DESCRIPTION_LIMIT),
  };
}

/** The label writes that take the PR from `current` to the wanted managed labels (`planLabels`). */
export function renderLabelChanges(
  current: readonly string[],
  wanted: readonly string[],
  labels: Policy['labels'],
  agents: readonly AgentRef[],
): LabelChanges {
  const plan = planLabels(current, wanted, labels);
  return {
    add: plan.add.map((name) => ({ name, ...describeLabel(name, labels, agents) })),
    remove: plan.remove,
  };
}
