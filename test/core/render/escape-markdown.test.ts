import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clip, escapeMarkdown, formatSha, sanitizeLine } from '../../../src/core/render/escape-markdown.js';

/** Characters that still act as markdown/HTML after escaping: an unescaped `| [ ] \` *`, or `<`. */
function unescapedSpecials(text: string): string[] {
  return [...text.matchAll(/(?<!\\)(?:\\\\)*([|[\]`*<>])/g)].map((m) => m[1] ?? '');
}

describe('escapeMarkdown', () => {
  it('stops mentions of users and teams', () => {
    const out = escapeMarkdown('ping @acme/security-team and @alice');
    expect(out).not.toMatch(/@[\w-]/);
    expect(out.replaceAll('\u200d', '')).toContain('@acme/security-team');
  });

  it('turns HTML into text, including a forged hidden marker', () => {
    const out = escapeMarkdown('<script>alert(1)</script><!-- custody:comment:v1 -->');
    expect(out).not.toContain('<');
    expect(out).toContain('&lt;script&gt;');
  });

  it('cannot break out of a table cell, a code span or a line', () => {
    const out = escapeMarkdown('a | b `code` c\n| --- |\r\nd');
    expect(unescapedSpecials(out)).toEqual([]);
    expect(out).not.toMatch(/[\r\n]/);
  });

  it('defuses links, images and autolinks', () => {
    const out = escapeMarkdown('[docs](https://evil.example) ![x](http://e.x/a.png) www.evil.example a@b.co');
    expect(out).not.toMatch(/(?<!\\)\]\(/);
    expect(out).not.toContain('://');
    expect(out).not.toMatch(/www\./);
  });

  it('shows terminal escapes and bidi overrides as replacement characters', () => {
    expect(sanitizeLine('evil\u001b[31mred\u202egnp.exe')).toBe('evil\ufffd[31mred\ufffdgnp.exe');
  });

  it('bounds a field and says so with an ellipsis', () => {
    expect(escapeMarkdown('x'.repeat(1_000), 50)).toHaveLength(50);
    expect(clip('ab😀', 3)).toBe('ab…');
  });

  it('keeps SHAs as code and escapes anything that is not one', () => {
    expect(formatSha('9f4c2a1b7e3d')).toBe('`9f4c2a1`');
    expect(formatSha('`x|y`')).not.toMatch(/(?<!\\)[`|]/);
  });

  it('never lets markdown, HTML, mentions or line breaks through, whatever the input', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (input) => {
        const out = escapeMarkdown(input, 1_000);
        expect(unescapedSpecials(out)).toEqual([]);
        expect(out).not.toMatch(/@[^\u200d]|@$/);
        expect(out).not.toMatch(/[\r\n\u2028\u2029]/);
        expect(out).not.toContain('://');
      }),
    );
  });
});

describe('escapeMarkdown at the start of a line', () => {
  it.each([
    ['- item', '\\- item'],
    ['+ item', '\\+ item'],
    ['=====', '\\====='],
    ['12. item', '12\\. item'],
    ['    indented code', 'indented code'],
    ['\\- already', '\\\\- already'],
  ])('keeps %j from starting a block', (input, expected) => {
    expect(escapeMarkdown(input)).toBe(expected);
  });
});
