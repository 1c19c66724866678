import { describe, expect, it } from 'vitest';
import {
  buildCatalogue,
  classifyCommit,
  classifyGitActor,
  normaliseLogin,
} from '../../../src/core/identity/index.js';
import { Policy } from '../../../src/core/policy/schema.js';
import type { GitActor } from '../../../src/core/snapshot.js';
import { aCommit, catalogue } from './fixtures.js';

/**
 * How text is normalised before identities and markers are compared, seen from what a
 * classification reports: a disguised footer is still found, an address is read the way
 * GitHub reads it, and the names quoted in evidence stay on one bounded line.
 */

const unlinked = (name: string, email: string): GitActor => ({ name, email, account: null });

/** The footer claims a commit message makes, as `agent: detail`. */
const footerClaims = (message: string, from = catalogue) =>
  classifyCommit(aCommit({ message }), from)
    .markers.filter((m) => m.evidence.source === 'footer' && m.evidence.strength === 'claim')
    .map((m) => `${m.agent.id}: ${m.evidence.detail}`);

describe('footers disguised with Unicode', () => {
  it('a full-width letter right after a symbol such as ✨ does not hide a footer', () => {
    // ✨ alone would let the message take the plain fast path; the Ｇ after it must not.
    expect(
      footerClaims('Fix the widget\n\n✨Ｇenerated with [Claude Code](https://claude.com/claude-code)'),
    ).toEqual(['claude: message contains "Generated with [Claude Code]"']);
  });

  it('a policy marker with a Z is found in an upper-case plain message', () => {
    const policy = Policy.parse({ agents: [{ id: 'buzz', name: 'Buzz', markers: ['Reviewed by Buzz'] }] });
    expect(footerClaims('Tidy the docs\n\nREVIEWED BY BUZZ', buildCatalogue(policy))).toEqual([
      'buzz: message contains "Reviewed by Buzz"',
    ]);
  });
});

describe('logins and emails as lookup keys', () => {
  it('a login padded with whitespace is the same key', () => {
    expect(normaliseLogin(' Devin-AI-Integration[bot]\n')).toBe('devin-ai-integration');
  });

  it('an address in angle brackets, spaces inside them included, is the address', () => {
    const claude = classifyGitActor(unlinked('Claude', '< noreply@anthropic.com >'), catalogue);
    expect(claude.kind).toBe('agent');
    expect(claude.agent?.id).toBe('claude');
  });

  it("only a pair of brackets is dropped: one bracket and a stray character is someone else's address", () => {
    for (const email of ['xnoreply@anthropic.com>', '<noreply@anthropic.comx']) {
      expect(classifyGitActor(unlinked('Claude', email), catalogue).kind, email).toBe('human');
    }
  });
});

describe('GitHub noreply addresses', () => {
  it('the old `login@` form is resolved by its login', () => {
    const devin = classifyGitActor(
      unlinked('Devin', 'devin-ai-integration[bot]@users.noreply.github.com'),
      catalogue,
    );
    expect(devin.agent?.id).toBe('devin');
  });

  it('an all-digit login in the old form is a login, not an id', () => {
    // 198982749 is Copilot's id; the person whose login is 1989827490 is not Copilot.
    const person = classifyGitActor(unlinked('Someone', '1989827490@users.noreply.github.com'), catalogue);
    expect(person.kind).toBe('human');
  });

  it('an id of up to 15 digits is read as an id; a longer run of digits is not one', () => {
    const policy = Policy.parse({
      agents: [{ id: 'helper', name: 'Helper', ids: [123456789012345, 1234567890123456] }],
    });
    const withPolicy = buildCatalogue(policy);
    const classify = (email: string) => classifyGitActor(unlinked('Helper', email), withPolicy);
    // The account was renamed: the login text is stale, the id still resolves.
    expect(classify('123456789012345+old-helper-name@users.noreply.github.com').agent?.id).toBe('helper');
    expect(classify('1234567890123456+old-helper-name@users.noreply.github.com').kind).toBe('human');
  });

  it('text before `+` that is not all digits is part of the login, shown as written', () => {
    for (const local of ['x1+claude[bot]', '1x+claude[bot]']) {
      const bot = classifyGitActor(unlinked('claude[bot]', `${local}@users.noreply.github.com`), catalogue);
      expect(bot.agent?.name, local).toBe(`unknown bot @${local.replace('[bot]', '')}`);
    }
  });
});

describe('names quoted in evidence', () => {
  const shownName = (name: string) => {
    const { evidence } = classifyGitActor(unlinked(name, 'dev@example.com'), catalogue);
    return evidence[0]?.detail.replace(/ <dev@example\.com> is linked to no account; taken as a person$/, '');
  };

  it('are trimmed', () => {
    expect(shownName(' Alice Liddell ')).toBe('Alice Liddell');
    expect(shownName('\tAlice Liddell\n')).toBe('Alice Liddell');
  });

  it('are one line: each run of line breaks becomes one space, with no ellipsis when nothing was cut', () => {
    expect(shownName('Alice\r\nLiddell')).toBe('Alice Liddell');
    expect(shownName('Alice\nLiddell')).toBe('Alice Liddell');
  });

  it('end in an ellipsis when cut, even where the cut part was mostly blank', () => {
    // Longer than twice the limit, the head of it is mostly white space: the tail is cut, and says so.
    expect(shownName(`Alice${' '.repeat(200)}Mallory`)).toBe('Alice…');
  });

  it('that are exactly as long as the limit once on one line are shown whole', () => {
    const name = `${'A'.repeat(30)}\n${'B'.repeat(29)}`; // 60 characters, the limit for a name
    expect(shownName(name)).toBe(`${'A'.repeat(30)} ${'B'.repeat(29)}`);
  });
});
