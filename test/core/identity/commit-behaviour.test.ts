import { describe, expect, it } from 'vitest';
import { type CommitAttribution, classifyCommit } from '../../../src/core/identity/index.js';
import type { GitActor } from '../../../src/core/snapshot.js';
import { alice, bob } from '../../builders/identities.js';
import { aCommit, catalogue } from './fixtures.js';

/**
 * What a reviewer sees of one commit (its co-authors, the agents it names and the evidence
 * quoted for each) for the shapes the other commit tests leave out: disclosure values that only
 * resemble a tool's name, many co-authors, several agents naming each other in one message.
 */

const markersOf = (a: CommitAttribution): string[] =>
  a.markers.map((m) => `${m.agent.id}:${m.evidence.source}`);
const classify = (message: string, overrides: Parameters<typeof aCommit>[0] = {}): CommitAttribution =>
  classifyCommit(aCommit({ author: alice.git, committer: alice.git, message, ...overrides }), catalogue);
const disclosed = (value: string): string[] => markersOf(classify(`Change\n\nAssisted-by: ${value}`));

describe('the tool an AI-disclosure trailer names', () => {
  it('is the tool after `via`, not the model written before it', () => {
    // Without an email to go by, the words after `via` are read first.
    expect(disclosed('Claude via Crush')).toEqual(['crush:trailer']);
    expect(disclosed('via Crush')).toEqual(['crush:trailer']);
  });

  it('is a catalogue tool only when a word is its name, not when a word merely begins with it', () => {
    // `Sweeper` and `Sweeps` are not Sweep: the first word names an unknown tool instead.
    expect(disclosed('Sweeper')).toEqual(['ai:sweeper:trailer']);
    expect(disclosed('Sweeps')).toEqual(['ai:sweeps:trailer']);
    // A tool name with a version or model after a dash, or "AI" stuck on, is the tool.
    expect(disclosed('Sweep-2')).toEqual(['sweep:trailer']);
    expect(disclosed('SweepAI')).toEqual(['sweep:trailer']);
  });

  it('keeps the dashes inside a tool name when "AI" is stuck on after one', () => {
    expect(disclosed('Pi-Coding-Agent-AI')).toEqual(['pi:trailer']);
    expect(disclosed('Oh-My-OpenCode-AI')).toEqual(['oh-my-opencode:trailer']);
  });

  it('is found past a run of separators, which count as one', () => {
    const separators = ' / '.repeat(20);
    expect(disclosed(`editor${separators}Claude`)).toEqual(['claude:trailer']);
  });

  it('is looked for in the first 200 characters only; past them the first word names the tool', () => {
    const long = `editor ${'x'.repeat(200)} Claude`;
    expect(disclosed(long)).toEqual(['ai:editor:trailer']);
  });
});

describe('an agent trailer with a required value', () => {
  it('`Made-with:` marks Cursor only when its value starts with Cursor', () => {
    expect(markersOf(classify('Change\n\nMade-with: Cursor 0.42'))).toEqual(['cursor:trailer']);
    expect(markersOf(classify('Change\n\nMade-with: Vim'))).toEqual([]);
    expect(markersOf(classify('Change\n\nMade-with: love, not Cursor'))).toEqual([]);
  });
});

describe('co-authors', () => {
  it('a co-author trailer with an email and no name keeps an empty name', () => {
    const attribution = classify('Change\n\nCo-authored-by: <noreply@anthropic.com>');
    expect(attribution.coAuthors).toHaveLength(1);
    expect(attribution.coAuthors[0]?.actor).toEqual({
      name: '',
      email: 'noreply@anthropic.com',
      account: null,
    });
    expect(attribution.coAuthors[0]?.classification.agent?.id).toBe('claude');
  });

  it('a tool’s role address that GitHub links to a person’s account is that person, with no hint', () => {
    const person: GitActor = { name: 'Bob', email: 'bot@acmetool.dev', account: bob.account };
    const linked = classify(`Change\n\nCo-authored-by: Bob <bot@acmetool.dev>`, { coAuthors: [person] });
    expect(linked.coAuthors.map((c) => c.classification.kind)).toEqual(['human']);
    expect(linked.markers).toEqual([]);
    // The same address unlinked is a hint of an unknown tool.
    expect(markersOf(classify('Change\n\nCo-authored-by: Bob <bot@acmetool.dev>'))).toEqual([
      'ai:acmetool:trailer',
    ]);
  });

  it('a mob session’s many co-authors are each listed once, in order, repeats dropped', () => {
    const people = Array.from({ length: 12 }, (_, i) => `Co-authored-by: Dev ${i} <dev${i}@mob.example.org>`);
    const message = ['Mob session', '', ...people, people[0], people[10], people[3]].join('\n');
    const attribution = classify(message);
    expect(attribution.coAuthors.map((c) => c.actor.email)).toEqual(
      Array.from({ length: 12 }, (_, i) => `dev${i}@mob.example.org`),
    );
    expect(attribution.coAuthors.every((c) => c.classification.kind === 'human')).toBe(true);
  });

  it('GitHub’s resolved co-authors past the ninth are kept, and not repeated', () => {
    const people: GitActor[] = Array.from({ length: 11 }, (_, i) => ({
      name: `Dev ${i}`,
      email: `dev${i}@mob.example.org`,
      account: { login: `dev${i}`, id: 7000 + i, type: 'User' },
    }));
    const attribution = classify('Rewritten', { coAuthors: [...people, people[9]!, people[2]!] });
    expect(attribution.coAuthors.map((c) => c.actor.account?.login)).toEqual(
      people.map((p) => p.account?.login),
    );
  });
});

describe('markers of one commit', () => {
  it('name each agent once per source, however the mentions of several agents interleave', () => {
    const message = [
      'Change',
      '',
      'Claude-Session: https://claude.ai/code/session_011CUQ2xyz',
      'Made-with: Cursor',
      'Assisted-by: Claude:claude-opus-4',
      'Made-with: Cursor',
    ].join('\n');
    // The session link is also a Claude footer mention, of the other source.
    expect(markersOf(classify(message))).toEqual(['claude:trailer', 'cursor:trailer', 'claude:footer']);
  });

  it('quote the footer a message contains as their evidence', () => {
    const attribution = classify('Fix\n\nGenerated with [Claude Code](https://claude.com/claude-code)');
    expect(attribution.markers.map((m) => [m.agent.id, m.evidence.detail])).toContainEqual([
      'claude',
      expect.stringMatching(/^message contains ".*claude code.*"$/i),
    ]);
  });

  it('read Aider’s `aider:` subject prefix in a plain message and in one normalisation changes', () => {
    for (const message of ['aider: fix the widget', 'aider: fix the café menu', 'Aider: ｆｉｘ the widget']) {
      const aider = classify(message).markers.filter((m) => m.agent.id === 'aider');
      expect(
        aider.map((m) => m.evidence),
        message,
      ).toEqual([{ strength: 'claim', source: 'footer', detail: 'message starts with "aider: "' }]);
    }
    // Only at the start: a subject that ends with the prefix is not Aider's.
    expect(classify('fix what aider: ').markers).toEqual([]);
  });
});
