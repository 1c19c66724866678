import type { ProbotOctokit } from 'probot';
import type { AgentRef } from '../core/identity/types.js';
import type { Policy } from '../core/policy/schema.js';
import { planLabels } from '../core/render/plan-labels.js';

type Octokit = InstanceType<typeof ProbotOctokit>;

export interface LabelTarget {
  readonly owner: string;
  readonly repo: string;
  readonly number: number;
}

export interface LabelWrites {
  readonly added: readonly string[];
  readonly removed: readonly string[];
  readonly created: readonly string[];
}

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

function status(error: unknown): number | null {
  return typeof error === 'object' && error !== null && 'status' in error ? Number(error.status) : null;
}

/**
 * Provenance labels, writing only the difference: labels to add are created first with a colour
 * and description (422 "already exists" is fine), then added in one request; only labels the
 * app manages are ever removed (`planLabels`). `knownLabels` remembers labels seen to exist so a
 * busy repository does not pay a create per PR. Secondary output: callers log and continue.
 */
export async function publishLabels(
  octokit: Octokit,
  target: LabelTarget,
  labelSet: { readonly current: readonly string[]; readonly wanted: readonly string[] },
  context: {
    readonly labels: Policy['labels'];
    readonly agents: readonly AgentRef[];
    readonly knownLabels?: Set<string>;
  },
): Promise<LabelWrites> {
  const plan = planLabels(labelSet.current, labelSet.wanted, context.labels);
  const created: string[] = [];
  const { owner, repo, number } = target;
  for (const name of plan.add) {
    const key = `${owner}/${repo}:${name}`.toLowerCase();
    if (context.knownLabels?.has(key)) continue;
    try {
      await octokit.rest.issues.createLabel({
        owner,
        repo,
        name,
        ...describeLabel(name, context.labels, context.agents),
      });
      created.push(name);
    } catch (error) {
      if (status(error) !== 422) throw error;
    }
    context.knownLabels?.add(key);
  }
  if (plan.add.length > 0) {
    await octokit.rest.issues.addLabels({ owner, repo, issue_number: number, labels: plan.add });
  }
  for (const name of plan.remove) {
    try {
      await octokit.rest.issues.removeLabel({ owner, repo, issue_number: number, name });
    } catch (error) {
      // Already gone (removed by a person meanwhile): the wanted state holds.
      if (status(error) !== 404) throw error;
    }
  }
  return { added: plan.add, removed: plan.remove, created };
}
