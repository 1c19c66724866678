import { buildCatalogue } from '../identity/index.js';
import { DEFAULT_POLICY } from '../policy/schema.js';
import type { Snapshot } from '../snapshot.js';
import { attributeSnapshot } from './attribute-snapshot.js';
import { buildChain } from './build-chain.js';
import { collectInvolvement } from './collect-involvement.js';
import type { KnownInvolvement } from './error-verdict.js';

/**
 * The agents, automation and chain a snapshot shows under the built-in catalogue alone, for
 * an error verdict (an invalid policy, which cannot be used to extend it). Decides nothing.
 */
export function collectKnownInvolvement(snapshot: Snapshot): KnownInvolvement {
  const attribution = attributeSnapshot(snapshot, buildCatalogue(DEFAULT_POLICY));
  const involvement = collectInvolvement(attribution, snapshot.pullRequest.headSha);
  return {
    agents: involvement.agents,
    automation: involvement.automation,
    chain: buildChain(snapshot, attribution),
  };
}
