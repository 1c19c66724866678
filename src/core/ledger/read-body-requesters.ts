import { buildCatalogue, type Catalogue, classifyPullRequestHints } from '../identity/index.js';
import type { Policy } from '../policy/schema.js';
import type { Snapshot } from '../snapshot.js';
import type { ReadRequesters } from './derive-history.js';

/**
 * Reads requesters from an earlier body revision as the evaluation reads the current body: with
 * the policy's catalogue, for agents that body or the PR's opener shows. Without a policy there
 * is nothing to read them with (the evaluation then fails on the policy anyway).
 */
export function readBodyRequesters(
  pullRequest: Snapshot['pullRequest'],
  policy: Policy | null,
  catalogue: Catalogue | null = policy && buildCatalogue(policy),
): ReadRequesters {
  if (catalogue === null) return () => [];
  return (body) => {
    const hints = classifyPullRequestHints({ ...pullRequest, body }, catalogue);
    const agent = hints.bodyMarkers.map((marker) => marker.agent.name).join(', ') || 'an agent';
    return hints.requesters.map((login) => ({ login, agent }));
  };
}
