import { describe, expect, it } from 'vitest';
import { parseTrailers } from '../../../src/core/identity/index.js';

/**
 * What a trailer line yields for the spellings people and agents really write, and for the
 * near-misses that must not be read as an identity: the email is what identifies a co-author,
 * so an address the parser accepts wrongly is a person or agent named by prose.
 */

const emailOf = (value: string): string | null => parseTrailers(`Co-authored-by: ${value}`)[0]?.email ?? null;
const identityOf = (value: string) => {
  const [trailer] = parseTrailers(`Co-authored-by: ${value}`);
  return trailer === undefined ? null : { name: trailer.name, email: trailer.email };
};
const keysOf = (message: string): string[] => parseTrailers(message).map((t) => t.key);

describe('the email of a co-author', () => {
  it('is taken from `<…>` only when it looks like an address', () => {
    expect(emailOf('Claude <noreply@anthropic.com>')).toBe('noreply@anthropic.com');
    expect(emailOf('Bob <b@x.io>')).toBe('b@x.io');
    for (const notAnAddress of [
      'Bob <@x.test>', // nothing before the `@`
      'Bob <bob>', // no `@`
      'Bob <bob@x@y.test>', // two `@`
      'Bob <bob@localhost>', // no dot after the `@`
      'Bob <bob@.test>', // the dot right after the `@`
      'Bob <bob@x.>', // the dot last
      'Bob <bob smith@x.test>', // a space inside
      'Bob <bob,smith@x.test>',
      'Bob <bob;smith@x.test>',
      'Bob <bob:smith@x.test>',
      'Bob <bob(smith)@x.test>',
      'Bob <bob\tsmith@x.test>',
      'Bob bob@x.test>', // a closing bracket with no opening one
    ]) {
      expect(identityOf(notAnAddress), notAnAddress).toEqual({ name: null, email: null });
    }
  });

  it('has a dot somewhere after the `@`, not necessarily the first dot of the address', () => {
    expect(emailOf('Bob <bob.smith@x.test>')).toBe('bob.smith@x.test');
    expect(emailOf('Bob <b.o.b@mail.x.test>')).toBe('b.o.b@mail.x.test');
  });

  it('is at most 254 characters, the longest address SMTP carries', () => {
    const at254 = `${'a'.repeat(254 - '@x.test'.length)}@x.test`;
    expect(at254).toHaveLength(254);
    expect(emailOf(`Bob <${at254}>`)).toBe(at254);
    expect(emailOf(`Bob <a${at254}>`)).toBeNull();
  });

  /** A value, and the name and email read from it. */
  const expectIdentities = (cases: ReadonlyArray<readonly [string, string | null, string | null]>) => {
    for (const [value, name, email] of cases) expect(identityOf(value), value).toEqual({ name, email });
  };

  it('may stand alone, after a name, or in quotes', () => {
    expectIdentities([
      ['CursorAgent@cursor.com', null, 'CursorAgent@cursor.com'],
      ['OpenHands-GPT-5 openhands@all-hands.dev', 'OpenHands-GPT-5', 'openhands@all-hands.dev'],
      ['Claude "noreply@anthropic.com"', 'Claude', 'noreply@anthropic.com'],
      // The last space or tab ends the name, whichever comes later.
      ['Open Hands\topenhands@all-hands.dev', 'Open Hands', 'openhands@all-hands.dev'],
      ['Open\tHands openhands@all-hands.dev', 'Open\tHands', 'openhands@all-hands.dev'],
      // A bare value that is not an address names nobody.
      ['Claude Opus', null, null],
    ]);
  });

  it('loses its quotes and spaces, in every quote style, and so does the name', () => {
    expectIdentities([
      ['"Claude" <"noreply@anthropic.com">', 'Claude', 'noreply@anthropic.com'],
      ['\u201cClaude\u201d < noreply@anthropic.com >', 'Claude', 'noreply@anthropic.com'],
      ["'Bob' <'bob@x.test'>", 'Bob', 'bob@x.test'],
      ['\u2018Bob\u2019   <bob@x.test>', 'Bob', 'bob@x.test'],
      // An address with no name before it, or only quotes and spaces, has no name.
      ['<bob@x.test>', null, 'bob@x.test'],
      ['"" <bob@x.test>', null, 'bob@x.test'],
      // Inner quotes stay: only the ends are trimmed.
      ['Bob "the builder" Smith <bob@x.test>', 'Bob "the builder" Smith', 'bob@x.test'],
    ]);
  });

  it('is not read from a value that only ends like `<…>`', () => {
    expect(identityOf('bob@x.test>')).toEqual({ name: null, email: null });
  });

  it('is read from the last `<` of the value', () => {
    expect(identityOf('Bob <old> <bob@x.test>')).toEqual({ name: 'Bob <old>', email: 'bob@x.test' });
  });
});

describe('the key of a trailer', () => {
  it('may follow markdown, list and quote marks, and any white space GitHub bodies carry', () => {
    for (const lead of ['\t', '_', '`', '\u00a0', '\u200b', '\ufeff', '\r', '*', ' ', '> ', '- ', '>- *']) {
      expect(keysOf(`${lead}Co-authored-by: Bob <bob@x.test>`), JSON.stringify(lead)).toEqual([
        'co-authored-by',
      ]);
    }
  });

  it('may be wrapped in emphasis before its colon', () => {
    for (const wrap of ['\t', '_', '`', '\u00a0', '\u200b', '\ufeff', '\r', '*', ' ', '**']) {
      expect(keysOf(`${wrap}Co-authored-by${wrap}: Bob <bob@x.test>`), JSON.stringify(wrap)).toEqual([
        'co-authored-by',
      ]);
    }
  });

  it('is not read after any other mark', () => {
    for (const lead of ['#', '~', '+', '=', '|', '1', '.', '(', '"']) {
      expect(keysOf(`${lead}Co-authored-by: Bob <bob@x.test>`), lead).toEqual([]);
    }
  });

  it('is never empty, whatever marks stand where it would be', () => {
    expect(parseTrailers('** : value\n - : x\n_ `: y\n\t: z')).toEqual([]);
  });

  it('starts with a letter and holds letters, digits and dashes only', () => {
    expect(keysOf('X-Agent-Run2: yes')).toEqual(['x-agent-run2']);
    // The ends of each range: a to z, 0 to 9.
    expect(keysOf('fuzz: yes\nazure: yes\nx0: yes\nx9: yes')).toEqual(['fuzz', 'azure', 'x0', 'x9']);
    expect(keysOf('x1: yes')).toEqual(['x1']);
    expect(keysOf('a-: yes')).toEqual(['a-']);
    for (const notAKey of ['1x: yes', '2-x: yes', 'x_y: yes', 'x.y: yes', 'x y: yes', 'x/y: yes']) {
      expect(keysOf(notAKey), notAKey).toEqual([]);
    }
  });

  it('is normalised when written in other scripts, and refused when it is not a key then', () => {
    // Full-width letters are the same key after NFKC.
    expect(keysOf('\uff23o-authored-by: Bob <bob@x.test>')).toEqual(['co-authored-by']);
    expect(parseTrailers('\uff23o-authored-by: Bob <bob@x.test>')[0]?.rawKey).toBe('\uff23o-authored-by');
    expect(keysOf('\u00e9-by: Bob <bob@x.test>')).toEqual([]);
    expect(keysOf('Co-authored-\u00e9: Bob <bob@x.test>')).toEqual([]);
  });

  it('is at most 64 characters once normalised, however many invisible characters it holds', () => {
    const key64 = `x${'-'.repeat(63)}`;
    expect(keysOf(`${key64}: yes`)).toEqual([key64]);
    expect(keysOf(`${key64}y: yes`)).toEqual([]);
    // Zero-width spaces inside count for nothing: 74 characters as written, 64 once normalised.
    const hidden = `${'x'.repeat(10).split('').join('\u200b')}\u200b${'x'.repeat(54)}`;
    expect(keysOf(`${hidden}: yes`)).toEqual(['x'.repeat(64)]);
    expect(keysOf(`${hidden}x: yes`)).toEqual([]);
  });

  it('ends within 96 characters of its line’s start', () => {
    const line = (indent: number) => `${' '.repeat(indent)}Co-authored-by: Bob <bob@x.test>`;
    const keyLength = 'Co-authored-by'.length;
    expect(keysOf(line(96 - keyLength))).toEqual(['co-authored-by']);
    expect(keysOf(line(97 - keyLength))).toEqual([]);
  });
});

describe('the value of a trailer', () => {
  it('is trimmed of emphasis on both sides, and kept as written inside', () => {
    const [trailer] = parseTrailers('**Co-Authored-By:** _\u00a0Bob <bob@x.test>\u200b*_\t');
    expect(trailer?.value).toBe('Bob <bob@x.test>');
    // A byte-order mark is emphasis too, before the key and around the value.
    const [marked] = parseTrailers('Co-authored-by\ufeff: \ufeffBob <bob@x.test>\ufeff');
    expect(marked).toMatchObject({ rawKey: 'Co-authored-by', value: 'Bob <bob@x.test>', name: 'Bob' });
    expect(trailer?.email).toBe('bob@x.test');
    expect(parseTrailers('Made-with: Cursor')[0]?.value).toBe('Cursor');
  });

  it('is never empty, nor the rest of a URL', () => {
    expect(parseTrailers('Co-authored-by: ** \t')).toEqual([]);
    expect(parseTrailers('see: //example.test/x')).toEqual([]);
    expect(parseTrailers('see: /tmp/x')[0]?.value).toBe('/tmp/x');
  });

  it('ends at the line break, whichever line it is on', () => {
    expect(parseTrailers('Fix\n\nA: one\nB: two\nC: three').map((t) => [t.key, t.value])).toEqual([
      ['a', 'one'],
      ['b', 'two'],
      ['c', 'three'],
    ]);
    // A second colon in the value belongs to the value.
    expect(parseTrailers('Assisted-By: Claude:claude-3-opus')[0]?.value).toBe('Claude:claude-3-opus');
  });

  it('reads the two characters `\\n` an agent left in a one-line message as a line break', () => {
    expect(parseTrailers('Fix it\\n\\nCo-authored-by: Bob <bob@x.test>').map((t) => t.email)).toEqual([
      'bob@x.test',
    ]);
  });
});

describe('a memo of parsed lines shared by the messages of one pull request', () => {
  it('gives each message what parsing it afresh gives, also past its size bounds', () => {
    const lines = new Map();
    const messages = [
      'Fix\n\nCo-authored-by: Claude <noreply@anthropic.com>',
      'Tidy\n\nCo-authored-by: Bob <bob@x.test>\nSigned-off-by: Bob <bob@x.test>',
      // A line longer than the memo keeps.
      `Long\n\nCo-authored-by: ${'B'.repeat(300)} <bob@x.test>`,
      // More distinct lines than the memo holds, so it is cleared on the way.
      Array.from({ length: 5_000 }, (_, i) => `K${i}: v${i}`).join('\n'),
      'Fix\n\nCo-authored-by: Claude <noreply@anthropic.com>',
      'Tidy\n\nCo-authored-by: Bob <bob@x.test>\nSigned-off-by: Bob <bob@x.test>',
      'Not: a trailer line repeated\nNot: a trailer line repeated',
    ];
    for (const message of messages) {
      expect(parseTrailers(message, lines)).toEqual(parseTrailers(message));
    }
    expect(lines.size).toBeLessThanOrEqual(4096);
  });
});
