import type { Catalogue } from './build-catalogue.js';
import { isAgentAppLogin } from './find-generic-markers.js';
import { clip, normaliseLogin } from './normalise.js';
import type { Classification, Evidence } from './types.js';

/**
 * A bot missing from the catalogue. It fails closed as an agent unless the policy says
 * `unknown_bots: automation`; an app whose login says it is an agent (`acme-agent[bot]`,
 * `acme-ai[bot]`) is one whatever the policy, named `ai:<login>`.
 */
export function classifyUnknownBot(
  login: string,
  catalogue: Catalogue,
  evidence: Pick<Evidence, 'strength' | 'source'> & { readonly who: string },
): Classification {
  const key = normaliseLogin(login);
  const shown = clip(key, 60);
  if (isAgentAppLogin(key)) {
    return {
      kind: 'agent',
      agent: { id: `ai:${shown}`, name: `${shown} (not in the catalogue)`, login: shown },
      evidence: [
        {
          strength: evidence.strength,
          source: evidence.source,
          detail: `${evidence.who} is a bot missing from the catalogue whose login names an AI agent`,
        },
      ],
    };
  }
  return {
    kind: catalogue.unknownBots,
    agent: { id: 'unknown-bot', name: `unknown bot @${shown}`, login: shown },
    evidence: [
      {
        strength: evidence.strength,
        source: evidence.source,
        detail: `${evidence.who} is a bot missing from the catalogue; counted as ${catalogue.unknownBots} (unknown_bots policy)`,
      },
    ],
  };
}
