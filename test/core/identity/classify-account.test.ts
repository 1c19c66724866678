import { describe, expect, it } from 'vitest';
import { buildCatalogue, classifyAccount } from '../../../src/core/identity/index.js';
import { Policy } from '../../../src/core/policy/schema.js';
import { catalogue } from './fixtures.js';

describe('classifyAccount', () => {
  it('knows the Copilot coding agent in its REST and GraphQL forms, by id', () => {
    // REST: `Copilot` (type Bot, id 198982749); GraphQL: `copilot-swe-agent` (research §1, §4 pitfall 2).
    for (const login of ['Copilot', 'copilot-swe-agent', 'copilot-swe-agent[bot]']) {
      const result = classifyAccount({ login, id: 198982749, type: 'Bot' }, catalogue);
      expect(result).toMatchObject({ kind: 'agent', agent: { id: 'copilot' } });
      expect(result.evidence).toEqual([
        expect.objectContaining({ strength: 'account', source: 'account-id' }),
      ]);
    }
  });

  it('knows Copilot code review and the AI reviewers as agents', () => {
    expect(
      classifyAccount({ login: 'copilot-pull-request-reviewer', id: 175728472, type: 'Bot' }, catalogue).agent
        ?.id,
    ).toBe('copilot');
    expect(classifyAccount({ login: 'coderabbitai', id: 136622811, type: 'Bot' }, catalogue)).toMatchObject({
      kind: 'agent',
      agent: { id: 'coderabbit' },
    });
  });

  it('knows dependabot and renovate as automation, not agents', () => {
    expect(classifyAccount({ login: 'dependabot', id: 49699333, type: 'Bot' }, catalogue)).toMatchObject({
      kind: 'automation',
      agent: { id: 'dependabot' },
    });
    expect(classifyAccount({ login: 'renovate[bot]', id: 29139614, type: 'Bot' }, catalogue).kind).toBe(
      'automation',
    );
  });

  it('follows the id across a rename (codiumai-pr-agent-pro → qodo-merge-pro)', () => {
    expect(classifyAccount({ login: 'some-new-name', id: 151058649, type: 'Bot' }, catalogue).agent?.id).toBe(
      'qodo',
    );
  });

  it('treats web-flow as neither agent nor automation', () => {
    const result = classifyAccount({ login: 'web-flow', id: 19864447, type: 'User' }, catalogue);
    expect(result.kind).toBe('unknown');
    expect(result.agent).toBeNull();
    expect(result.evidence[0]?.detail).toMatch(/on the author's behalf/);
  });

  it('counts a Bot missing from the catalogue as an agent (fail closed)', () => {
    const result = classifyAccount({ login: 'shiny-new-helper', id: 999001, type: 'Bot' }, catalogue);
    expect(result).toMatchObject({
      kind: 'agent',
      agent: { id: 'unknown-bot', name: 'unknown bot @shiny-new-helper', login: 'shiny-new-helper' },
    });
    expect(result.evidence[0]).toMatchObject({ strength: 'account', source: 'account-type' });
  });

  it('counts an unknown Bot as automation when the policy says so', () => {
    const lenient = buildCatalogue(Policy.parse({ unknown_bots: 'automation' }));
    expect(classifyAccount({ login: 'shiny-new-helper', id: 999001, type: 'Bot' }, lenient).kind).toBe(
      'automation',
    );
    // An app whose login says it is an agent stays one: `*-agent[bot]`, `*-ai[bot]`.
    for (const login of ['shiny-new-agent', 'acme-ai', 'ai-coder']) {
      expect(classifyAccount({ login, id: 999002, type: 'Bot' }, lenient), login).toMatchObject({
        kind: 'agent',
        agent: { id: `ai:${login}` },
      });
    }
    // Only apps: a person's login proves nothing.
    expect(classifyAccount({ login: 'secret-agent', id: 999003, type: 'User' }, lenient).kind).toBe('human');
    // Built-in agents stay agents whatever unknown_bots says.
    expect(classifyAccount({ login: 'Copilot', id: 198982749, type: 'Bot' }, lenient).kind).toBe('agent');
  });

  it('takes a User account missing from the catalogue as a human', () => {
    expect(classifyAccount({ login: 'octocat', id: 583231, type: 'User' }, catalogue)).toMatchObject({
      kind: 'human',
      agent: null,
    });
  });

  it('compares logins case-insensitively but never by lookalike', () => {
    expect(classifyAccount({ login: 'COPILOT', id: null, type: 'Bot' }, catalogue).agent?.id).toBe('copilot');
    // Digit zero and Cyrillic С are other accounts: an unknown Bot (still an agent) or a human.
    expect(classifyAccount({ login: 'c0pilot', id: 5, type: 'Bot' }, catalogue).agent?.id).toBe(
      'unknown-bot',
    );
    expect(classifyAccount({ login: 'c0pilot', id: 5, type: 'User' }, catalogue).kind).toBe('human');
    expect(classifyAccount({ login: 'Сopilot', id: 6, type: 'User' }, catalogue).kind).toBe('human');
    expect(classifyAccount({ login: 'Ｃｏｐｉｌｏｔ', id: 7, type: 'User' }, catalogue).kind).toBe('human');
  });

  it('does not take a User named like a bot for the bot', () => {
    // Same login, type User, another id: another account.
    expect(classifyAccount({ login: 'dependabot', id: 1234, type: 'User' }, catalogue).kind).toBe('human');
    expect(classifyAccount({ login: 'Copilot', id: 1235, type: 'User' }, catalogue).kind).toBe('human');
    expect(classifyAccount({ login: 'coderabbitai', id: null, type: 'User' }, catalogue).kind).toBe('human');
    // The disputed `claude` user (81847) is not the `Claude` machine user (242468646) nor claude[bot].
    expect(classifyAccount({ login: 'claude', id: 81847, type: 'User' }, catalogue).kind).toBe('human');
  });

  it('does not take a Bot with a known login but another id for that agent', () => {
    const result = classifyAccount({ login: 'copilot-swe-agent', id: 31337, type: 'Bot' }, catalogue);
    // Still an agent (its login says so), but not Copilot.
    expect(result.agent?.id).toBe('ai:copilot-swe-agent');
  });

  it('knows machine users that agents run as (type User)', () => {
    expect(classifyAccount({ login: 'openhands-agent', id: 77, type: 'User' }, catalogue).agent?.id).toBe(
      'openhands',
    );
    expect(classifyAccount({ login: 'codex', id: 267193182, type: 'User' }, catalogue).agent?.id).toBe(
      'codex',
    );
    expect(classifyAccount({ login: 'snyk-bot', id: 19733683, type: 'User' }, catalogue).kind).toBe(
      'automation',
    );
  });

  it('does not call an organisation or an untyped account human', () => {
    expect(classifyAccount({ login: 'github', id: 9919, type: 'Organization' }, catalogue).kind).toBe(
      'unknown',
    );
    expect(classifyAccount({ login: 'ghost', id: null, type: 'Unknown' }, catalogue).kind).toBe('unknown');
    // An untyped account with a catalogue login fails closed to the agent.
    expect(classifyAccount({ login: 'Copilot', id: null, type: 'Unknown' }, catalogue).agent?.id).toBe(
      'copilot',
    );
  });
});
