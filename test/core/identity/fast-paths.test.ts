import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  buildCatalogue,
  classifyCommit,
  classifyGitActor,
  parseTrailers,
} from '../../../src/core/identity/index.js';
import { matchPlainText, matchText } from '../../../src/core/identity/match-text.js';
import { isPlainText, normaliseText, plainStartsWith } from '../../../src/core/identity/normalise.js';
import { Policy } from '../../../src/core/policy/schema.js';
import { aCommit, catalogue } from './fixtures.js';

/**
 * The shortcuts that keep a 10,000-commit PR fast must give exactly what the plain algorithm
 * gives: each is checked here against the slow path it skips.
 */
const INVISIBLE = /[\u00AD\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/g;
function fullNormalisation(text: string): string {
  return text.replace(INVISIBLE, '').normalize('NFKC').replace(INVISIBLE, '').toLowerCase();
}

const fragment = fc.constantFrom(
  'Generated with [Claude Code]',
  'GENERATED WITH CLAUDE CODE',
  'generated with [Devin]',
  'made with [Cursor]',
  'Claude.ai/code/session_01',
  'aider: ',
  'Co-Authored-By: Claude <noreply@anthropic.com>',
  'Assisted-by: GPT-5',
  '🤖 ',
  '✨',
  '—',
  '\ufe0f',
  '\u200b',
  '\uff27enerated', // full-width G
  '\ufb01x', // fi ligature
  '\u03a3', // capital sigma
  '\u0130', // dotted capital I
  '\u212a', // Kelvin sign
  'e\u0301',
  '<\u0338',
  '\n',
  ': ',
);
const text = fc
  .array(fc.oneof(fragment, fc.string({ unit: 'grapheme' }), fc.string({ unit: 'binary' })), {
    maxLength: 10,
  })
  .map((parts) => parts.join(''));

describe('normaliseText shortcuts', () => {
  it('a plain text normalises to its lower case, and only A-Z change', () => {
    fc.assert(
      fc.property(text, (t) => {
        expect(normaliseText(t)).toBe(fullNormalisation(t));
        if (isPlainText(t)) expect(normaliseText(t)).toBe(t.replace(/[A-Z]/g, (c) => c.toLowerCase()));
      }),
    );
  });

  it('every character taken as plain is left alone by normalisation, whatever surrounds it', () => {
    let plain = 0;
    for (let code = 0x80; code <= 0x10ffff; code++) {
      if (code >= 0xd800 && code <= 0xdfff) continue;
      const char = String.fromCodePoint(code);
      const sample = `Ab${char}C${char}${char}d`;
      if (!isPlainText(sample)) continue;
      plain++;
      expect(fullNormalisation(sample), `U+${code.toString(16)}`).toBe(`ab${char}c${char}${char}d`);
    }
    // Emoji, arrows, dashes, quotes…: enough that agent footers take the shortcut.
    expect(plain).toBeGreaterThan(3000);
    expect(isPlainText('🤖 Generated with [Claude Code](https://claude.com/claude-code)')).toBe(true);
  });

  it('text that normalisation changes is not plain', () => {
    for (const t of [
      '\uff27',
      '\ufb01',
      'a\u200bb',
      'e\u0301',
      '\u03a3',
      '\u212a',
      '\u2122',
      '\u2026',
      '\u00a0',
    ]) {
      expect(isPlainText(t), t).toBe(false);
    }
  });
});

describe('matching literals in place', () => {
  it('finds in a plain text what matchText finds in its normalised copy', () => {
    const matchers = [catalogue.messageMarkers, catalogue.bodyMarkers];
    fc.assert(
      fc.property(text, (t) => {
        fc.pre(isPlainText(t));
        for (const matcher of matchers) {
          expect(matchPlainText(t, matcher)).toEqual(matchText(normaliseText(t), matcher));
        }
        for (const prefix of ['aider: ', 'generated']) {
          expect(plainStartsWith(t, prefix, 0)).toBe(normaliseText(t).startsWith(prefix));
        }
      }),
    );
  });

  it('finds overlapping and repeated markers, in catalogue order', () => {
    const t = '🤖 GENERATED WITH CLAUDE CODE and Generated with [Claude Code] — generated with crush';
    expect(matchPlainText(t, catalogue.messageMarkers).map((m) => m.key)).toEqual(
      matchText(normaliseText(t), catalogue.messageMarkers).map((m) => m.key),
    );
    expect(matchPlainText(t, catalogue.messageMarkers)).toHaveLength(3);
  });
});

describe('parsed trailer lines are memoised', () => {
  it('gives what parsing afresh gives, for each message in turn', () => {
    const lines = new Map();
    fc.assert(
      fc.property(text, (t) => {
        expect(parseTrailers(t, lines)).toEqual(parseTrailers(t));
        expect(parseTrailers(t, lines)).toEqual(parseTrailers(t));
      }),
    );
  });
});

describe('markers stay one per agent and source', () => {
  it('however many agents a message names', () => {
    const agents = Array.from({ length: 24 }, (_, i) => ({
      id: `tool-${i}`,
      markers: [`made by tool ${i}!`],
    }));
    const many = buildCatalogue(Policy.parse({ agents }));
    const footers = agents.map((a) => a.markers[0]).join('\n');
    const attribution = classifyCommit(aCommit({ message: `Change\n\n${footers}\n${footers}` }), many);
    expect(attribution.markers.map((m) => m.agent.id)).toEqual(agents.map((a) => a.id));
  });
});

describe('identities are analysed once, and never confused', () => {
  it('an actor that differs only in its account login or type is analysed afresh', () => {
    const actor = (login: string, type: 'User' | 'Bot') =>
      classifyGitActor(
        { name: 'Dev', email: 'dev@example.com', account: { login, id: 4242, type } },
        catalogue,
      );
    expect(actor('dev-one', 'User').evidence[0]?.detail).toContain('dev-one');
    expect(actor('dev-two', 'User').evidence[0]?.detail).toContain('dev-two');
    expect(actor('dev-one', 'User').kind).toBe('human');
    expect(actor('dev-one', 'Bot').kind).not.toBe('human');
  });
});
