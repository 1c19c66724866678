import { describe, expect, it } from 'vitest';
import { buildCatalogue, classifyAccount, classifyGitActor } from '../../../src/core/identity/index.js';
import { Policy } from '../../../src/core/policy/schema.js';
import { catalogue } from './fixtures.js';

/**
 * A bot missing from the catalogue: what the check run shows a reviewer about it (its name and
 * why it counts as an agent or as automation).
 */
describe('a bot the catalogue does not list', () => {
  it('whose login says it is an agent is named after its login, with the reason', () => {
    expect(classifyAccount({ login: 'acme-agent[bot]', id: 424242, type: 'Bot' }, catalogue)).toEqual({
      kind: 'agent',
      agent: { id: 'ai:acme-agent', name: 'acme-agent (not in the catalogue)', login: 'acme-agent' },
      evidence: [
        {
          strength: 'account',
          source: 'account-type',
          detail:
            '@acme-agent[bot] (Bot, id 424242) is a bot missing from the catalogue whose login names an AI agent',
        },
      ],
    });
  });

  it('otherwise says which unknown_bots policy counted it', () => {
    const account = { login: 'shiny-new-helper', id: 999001, type: 'Bot' } as const;
    expect(classifyAccount(account, catalogue).evidence).toEqual([
      {
        strength: 'account',
        source: 'account-type',
        detail:
          '@shiny-new-helper (Bot, id 999001) is a bot missing from the catalogue; counted as agent (unknown_bots policy)',
      },
    ]);
    const lenient = buildCatalogue(Policy.parse({ unknown_bots: 'automation' }));
    expect(classifyAccount(account, lenient).evidence[0]?.detail).toBe(
      '@shiny-new-helper (Bot, id 999001) is a bot missing from the catalogue; counted as automation (unknown_bots policy)',
    );
  });

  it('seen only as a commit email, names the git identity it came from', () => {
    const actor = {
      name: 'acme-ai[bot]',
      email: '31337+acme-ai[bot]@users.noreply.github.com',
      account: null,
    };
    expect(classifyGitActor(actor, catalogue)).toMatchObject({
      kind: 'agent',
      agent: { id: 'ai:acme-ai', name: 'acme-ai (not in the catalogue)' },
      evidence: [
        {
          strength: 'claim',
          source: 'noreply-email',
          detail:
            'acme-ai[bot] <31337+acme-ai[bot]@users.noreply.github.com> is a bot missing from the catalogue whose login names an AI agent',
        },
      ],
    });
  });
});
