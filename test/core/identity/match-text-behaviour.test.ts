import { describe, expect, it } from 'vitest';
import {
  buildCatalogue,
  classifyCommit,
  classifyPullRequestHints,
} from '../../../src/core/identity/index.js';
import { buildTextMatcher, matchText } from '../../../src/core/identity/match-text.js';
import { Policy } from '../../../src/core/policy/schema.js';
import { CLAUDE_FOOTER } from '../../builders/identities.js';
import { aCommit, aPullRequest, catalogue } from './fixtures.js';

/**
 * Which literal markers a text names. Footers sharing a start (`Generated with …`) are searched
 * together; each must still be found only where it is written, once, whatever else repeats.
 */

const bodyAgents = (body: string) =>
  classifyPullRequestHints(aPullRequest({ body }), catalogue).bodyMarkers.map((m) => m.agent.id);

const footerAgents = (message: string, from = catalogue) =>
  classifyCommit(aCommit({ message }), from)
    .markers.filter((m) => m.evidence.source === 'footer' && m.evidence.strength === 'claim')
    .map((m) => m.agent.id);

describe('markers sharing a start', () => {
  it('"Generated with" followed by no tool names no agent', () => {
    expect(bodyAgents('Release notes generated with care by the docs team.')).toEqual([]);
    // Not plain text (é): the message is matched on its normalised copy.
    expect(footerAgents('Café menu\n\nGenerated with care by the docs team.')).toEqual([]);
  });

  it('a footer repeated many times does not hide another footer of the same start', () => {
    // A squash merge keeps every commit's footer: twenty Claude ones, then Devin's.
    const squash = [
      'Squash of the widget work (José)',
      ...Array.from({ length: 20 }, (_, i) => `* Step ${i}\n\n${CLAUDE_FOOTER}`),
      '* Last step\n\nGenerated with [Devin]',
    ].join('\n\n');
    expect(bodyAgents(squash)).toEqual(['claude', 'devin']);
    expect(footerAgents(squash)).toEqual(['claude', 'devin']);
  });
});

describe('the literals a matcher is built from', () => {
  it('a policy marker repeating a built-in footer leaves that footer to the built-in agent', () => {
    const policy = Policy.parse({
      agents: [{ id: 'acme-coder', name: 'Acme Coder', markers: ['GENERATED WITH [CLAUDE CODE]'] }],
    });
    expect(footerAgents(`Fix the widget\n\n${CLAUDE_FOOTER}`, buildCatalogue(policy))).toEqual(['claude']);
  });

  it('a literal that normalises to nothing matches nothing', () => {
    // A zero-width space alone is empty once invisibles are removed; it must not match everywhere.
    const matcher = buildTextMatcher([
      ['\u200b', 'empty'],
      ['made by acme', 'acme'],
    ]);
    expect(matchText('fix the widget', matcher)).toEqual([]);
    expect(matchText('fix the widget, made by acme', matcher).map((m) => m.target)).toEqual(['acme']);
  });
});
