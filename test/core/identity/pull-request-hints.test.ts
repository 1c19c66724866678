import { describe, expect, it } from 'vitest';
import { buildCatalogue, classifyPullRequestHints } from '../../../src/core/identity/index.js';
import { DEFAULT_POLICY, Policy } from '../../../src/core/policy/schema.js';
import type { Account } from '../../../src/core/snapshot.js';
import { aPullRequest, catalogue } from './fixtures.js';

/**
 * The hints a pull request itself gives: which agents its body and head branch name, and whom
 * an agent's own body names as the person who asked for the work (a delegator, who may then
 * not approve). Anyone can write a body, so these are hints; the requesters must be read
 * exactly, neither missing one nor inventing one.
 */

const devin: Account = { login: 'devin-ai-integration', id: 158243242, type: 'Bot' };
const jules: Account = { login: 'google-labs-jules', id: 161369871, type: 'Bot' };
const DEVIN_LINK = 'Link to Devin run: https://app.devin.ai/sessions/0123456789abcdef';

const hints = (overrides: Parameters<typeof aPullRequest>[0]) =>
  classifyPullRequestHints(aPullRequest(overrides), catalogue);
const requesters = (body: string, opener: Account | null = devin) => hints({ body, opener }).requesters;

describe('requesters named by an agent’s body', () => {
  it('keep the case of a login in a plain body', () => {
    expect(requesters('Requested by: @Mona-Lisa')).toEqual(['Mona-Lisa']);
  });

  it('are read from the normalised body when normalisation moved the text', () => {
    // A zero-width space shortens the normalised body: offsets no longer match the raw text.
    expect(requesters('Requested\u200b by: @Mona-Lisa')).toEqual(['mona-lisa']);
    expect(requesters('Fix \u00e9t\u00e9 (\uff21)\nRequested by: @Mona-Lisa')).toEqual(['mona-lisa']);
  });

  it('may follow the phrase after a few spaces, colons and emphasis marks, no further', () => {
    expect(requesters('Requested by @alice')).toEqual(['alice']);
    expect(requesters('Requested by:\t@alice')).toEqual(['alice']);
    expect(requesters('**Requested by:** @alice')).toEqual(['alice']);
    expect(requesters('_Requested by_: @alice')).toEqual(['alice']);
    expect(requesters(`Requested by${' '.repeat(8)}@alice`)).toEqual(['alice']);
    expect(requesters(`Requested by${' '.repeat(9)}@alice`)).toEqual([]);
    expect(requesters('Requested by: the team, @alice')).toEqual([]);
    expect(requesters('Requested by: alice')).toEqual([]);
  });

  it('end where a login’s characters end, at 39, without trailing dashes', () => {
    expect(requesters('Requested by: @alice.')).toEqual(['alice']);
    expect(requesters('Requested by: @alice_smith')).toEqual(['alice']);
    expect(requesters('Requested by: @alice--')).toEqual(['alice']);
    expect(requesters('Requested by: @al-ice')).toEqual(['al-ice']);
    expect(requesters(`Requested by: @${'a'.repeat(39)}`)).toEqual(['a'.repeat(39)]);
    expect(requesters(`Requested by: @${'a'.repeat(45)}`)).toEqual(['a'.repeat(39)]);
  });

  it('are never a bare `@`, nor a login starting with a dash', () => {
    expect(requesters('Requested by: @')).toEqual([]);
    expect(requesters('Requested by: @ alice')).toEqual([]);
    expect(requesters('Requested by: @-alice')).toEqual([]);
    expect(requesters('Requested by: @---')).toEqual([]);
  });

  it('are all read, each once whatever its case, in the order written', () => {
    const body = [
      DEVIN_LINK,
      'Requested by: @alice',
      'Requested by: @Bob',
      'Requested by: @ALICE',
      'Requested by: @bob',
    ].join('\n');
    expect(requesters(body, null)).toEqual(['alice', 'Bob']);
  });

  it('are read with every phrase of every agent the PR shows', () => {
    const body = [
      DEVIN_LINK,
      'Requested by: @alice',
      '*PR created automatically by Jules for task [1](https://jules.google.com/task/1) started by @bob*',
    ].join('\n');
    expect(requesters(body, null)).toEqual(['alice', 'bob']);
    // The opener counts as shown too, beside the body's own markers.
    expect(requesters('Requested by: @alice\nstarted by @bob', jules)).toEqual(['bob']);
  });

  it('are read only for an agent the PR shows', () => {
    // A human opener, a human account holding an agent's login, no opener at all.
    expect(requesters('Requested by: @alice', null)).toEqual([]);
    expect(requesters('Requested by: @alice', { login: 'octocat', id: 583231, type: 'User' })).toEqual([]);
    expect(requesters('started by @alice', { login: 'dependabot', id: 49699333, type: 'Bot' })).toEqual([]);
  });

  it('are at most 20, however many a body names', () => {
    const body = [DEVIN_LINK, ...Array.from({ length: 30 }, (_, i) => `Requested by: @user${i}`)].join('\n');
    const found = requesters(body, null);
    expect(found).toHaveLength(20);
    expect(found.slice(0, 2)).toEqual(['user0', 'user1']);
    // Repeats of one login do not use the allowance up.
    const repeated = [
      DEVIN_LINK,
      ...Array.from({ length: 25 }, () => 'Requested by: @alice'),
      'Requested by: @bob',
    ].join('\n');
    expect(requesters(repeated, null)).toEqual(['alice', 'bob']);
  });
});

describe('agents a body names', () => {
  it('are listed once each, by their marker text when the body has one', () => {
    const result = hints({
      body: '🤖 Generated with [Claude Code](https://claude.com/claude-code)\n\nCo-Authored-By: Claude <noreply@anthropic.com>',
    });
    expect(result.bodyMarkers).toHaveLength(1);
    expect(result.bodyMarkers[0]?.evidence).toEqual({
      strength: 'hint',
      source: 'body-marker',
      detail: expect.stringMatching(/^PR body contains "/),
    });
  });

  it('by a trailer alone are reported as the body’s, with the trailer in the detail', () => {
    const [marker] = hints({ body: 'Co-authored-by: Claude <noreply@anthropic.com>' }).bodyMarkers;
    expect(marker?.agent.id).toBe('claude');
    expect(marker?.evidence.strength).toBe('hint');
    expect(marker?.evidence.source).toBe('body-marker');
    expect(marker?.evidence.detail).toMatch(/^PR body /);
    expect(marker?.evidence.detail).toContain('noreply@anthropic.com');
  });

  it('are each listed when a body names several', () => {
    const body = [DEVIN_LINK, '<!-- START COPILOT CODING AGENT SUFFIX -->'].join('\n');
    expect(
      hints({ body })
        .bodyMarkers.map((m) => m.agent.id)
        .sort(),
    ).toEqual(['copilot', 'devin']);
  });
});

describe('the head branch', () => {
  const withPrefixes = (prefixes: string[]) =>
    buildCatalogue(
      Policy.parse({
        ...DEFAULT_POLICY,
        agents: [{ id: 'in-house', branch_prefixes: prefixes }],
      }),
    );

  it('names the agent of the longest prefix it starts with, whatever the order', () => {
    const longer = withPrefixes(['copilot/experiment-']);
    const branch = (headRef: string) =>
      classifyPullRequestHints(aPullRequest({ headRef }), longer).branchPrefix?.agent.id ?? null;
    expect(branch('copilot/experiment-1')).toBe('in-house');
    expect(branch('copilot/fix-1')).toBe('copilot');
    const shorter = withPrefixes(['c']);
    expect(
      classifyPullRequestHints(aPullRequest({ headRef: 'copilot/x' }), shorter).branchPrefix?.agent.id,
    ).toBe('copilot');
    expect(classifyPullRequestHints(aPullRequest({ headRef: 'cx' }), shorter).branchPrefix?.agent.id).toBe(
      'in-house',
    );
  });

  it('names the built-in agent when a policy agent lists the same prefix', () => {
    const same = withPrefixes(['copilot/']);
    expect(
      classifyPullRequestHints(aPullRequest({ headRef: 'copilot/x' }), same).branchPrefix?.agent.id,
    ).toBe('copilot');
  });

  it('is matched in any case and named in full in the evidence', () => {
    const result = hints({ headRef: 'refs/heads/Copilot/Fix-The-Widget' });
    expect(result.branchPrefix?.agent.id).toBe('copilot');
    expect(result.branchPrefix?.evidence.detail).toBe('head branch refs/heads/Copilot/Fix-The-Widget');
    const long = `copilot/${'x'.repeat(200)}`;
    expect(hints({ headRef: long }).branchPrefix?.evidence.detail).toHaveLength('head branch '.length + 100);
  });

  it('strips only a leading refs/heads/', () => {
    expect(hints({ headRef: 'refs/heads/codex/x' }).branchPrefix?.agent.id).toBe('codex');
    expect(hints({ headRef: 'x/refs/heads/codex/x' }).branchPrefix).toBeNull();
    expect(hints({ headRef: 'refs/heads/feature' }).branchPrefix).toBeNull();
  });
});
