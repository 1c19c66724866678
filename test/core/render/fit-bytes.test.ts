import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeMarkdown } from '../../../src/core/render/escape-markdown.js';
import { clipBytes, fitBytes, prefixWithinBytes, utf8Length } from '../../../src/core/render/fit-bytes.js';

const bytes = (text: string) => Buffer.byteLength(text, 'utf8');
/** No lone surrogate: encoding to UTF-8 and back gives the same string. */
const wellFormed = (text: string) => Buffer.from(text, 'utf8').toString('utf8') === text;
const NOTE = '\n\n… cut (see `custody explain`).';

/** Whether `text` ends inside one of escapeMarkdown's escapes. */
function endsInsideEscape(text: string): boolean {
  const trailingSlashes = text.match(/\\*$/)?.[0].length ?? 0;
  return (
    trailingSlashes % 2 === 1 ||
    /&[a-z]{0,3}$/.test(text) ||
    text.endsWith('@') ||
    /[\ud800-\udbff]$/.test(text) ||
    ((text.split('\n').at(-1) ?? '').match(/(?<!\\)`/g) ?? []).length % 2 === 1
  );
}

/** Text with every width of character: ASCII, 2-byte, 3-byte, astral, markdown syntax. */
const wideText = fc
  .array(
    fc.constantFrom('a', 'é', 'Ñ', '✅', '│', '😀', '🦋', '&', '<', '@', '`', '\\', '*', '|', ' ', '\n'),
    {
      maxLength: 400,
    },
  )
  .map((parts) => parts.join(''));

describe('utf8Length', () => {
  it('counts what Node encodes, astral characters and lone surrogates included', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        expect(utf8Length(text)).toBe(bytes(text));
      }),
      { seed: 1405, numRuns: 500 },
    );
    expect(utf8Length('é✅😀')).toBe(2 + 3 + 4);
    expect(utf8Length('\ud83d')).toBe(3);
  });
});

describe('fitBytes', () => {
  it('leaves text within the limit as it is', () => {
    expect(fitBytes('é'.repeat(100), 200, NOTE)).toBe('é'.repeat(100));
  });

  it('cuts 100 two-byte characters over the limit at a line and ends with the note', () => {
    const text = `${'é'.repeat(50)}\n${'é'.repeat(50)}`;
    expect(text.length).toBe(101);
    const fitted = fitBytes(text, 150, NOTE);
    expect(fitted).toBe('é'.repeat(50) + NOTE);
  });

  it('never exceeds the limit in bytes, keeps a prefix and ends with the note', () => {
    fc.assert(
      fc.property(wideText, fc.integer({ min: 40, max: 1_000 }), (text, max) => {
        const fitted = fitBytes(text, max, NOTE);
        expect(bytes(fitted)).toBeLessThanOrEqual(Math.max(max, bytes(NOTE)));
        if (bytes(text) <= max) {
          expect(fitted).toBe(text);
          return;
        }
        expect(fitted.endsWith(NOTE)).toBe(true);
        const kept = fitted.slice(0, -NOTE.length);
        expect(text.startsWith(kept)).toBe(true);
        expect(wellFormed(kept)).toBe(true);
      }),
      { seed: 1405, numRuns: 500 },
    );
  });

  it('never cuts inside a character or an escape of escaped user text on one long line', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit: 'grapheme', maxLength: 30 }), { minLength: 1, maxLength: 60 }),
        fc.integer({ min: 40, max: 600 }),
        (values, max) => {
          const line = values.map((v) => escapeMarkdown(v)).join(' `a1b2c3d` ');
          const fitted = fitBytes(line, max, NOTE);
          expect(bytes(fitted)).toBeLessThanOrEqual(max);
          const kept = fitted.endsWith(NOTE) ? fitted.slice(0, -NOTE.length) : fitted;
          expect(wellFormed(kept)).toBe(true);
          expect(endsInsideEscape(kept)).toBe(false);
        },
      ),
      { seed: 1405, numRuns: 500 },
    );
  });
});

describe('prefixWithinBytes', () => {
  it.each([
    ['a surrogate pair', 'ab😀', 5, 'ab'],
    ['a 3-byte character', 'ab✅', 4, 'ab'],
    ['an escaped asterisk', 'ab\\*', 3, 'ab'],
    ['an escaped backslash kept whole', 'ab\\\\', 4, 'ab\\\\'],
    ['an HTML entity', 'ab&amp;', 5, 'ab'],
    ['a mention joined to a zero-width joiner', 'ab@\u200dalice', 4, 'ab'],
    ['a code span', 'ab `9f4c2a1`', 8, 'ab '],
  ])('backs off %s', (_what, text, max, expected) => {
    expect(prefixWithinBytes(text, max)).toBe(expected);
  });
});

describe('clipBytes', () => {
  it('keeps a title within its bytes with an ellipsis, at a whole character', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 400 }),
        fc.integer({ min: 3, max: 300 }),
        (t, max) => {
          const clipped = clipBytes(t, max);
          expect(bytes(clipped)).toBeLessThanOrEqual(max);
          expect(wellFormed(clipped)).toBe(true);
          if (bytes(t) > max) expect(clipped.endsWith('…')).toBe(true);
        },
      ),
      { seed: 1405, numRuns: 300 },
    );
  });
});
