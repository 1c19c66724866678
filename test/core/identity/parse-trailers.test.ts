import { describe, expect, it } from 'vitest';
import { parseTrailers } from '../../../src/core/identity/index.js';

describe('parseTrailers', () => {
  it('reads a model name inside the trailer name', () => {
    expect(
      parseTrailers('Fix\n\nCo-Authored-By: Claude Opus 4.6 (1M context) <noreply@anthropic.com>'),
    ).toEqual([
      {
        key: 'co-authored-by',
        rawKey: 'Co-Authored-By',
        value: 'Claude Opus 4.6 (1M context) <noreply@anthropic.com>',
        name: 'Claude Opus 4.6 (1M context)',
        email: 'noreply@anthropic.com',
      },
    ]);
  });

  it('matches keys in any case and spelling GitHub users write', () => {
    const keys = parseTrailers(
      [
        'Co-authored-by: A <a@x.test>',
        'Co-Authored-By: B <b@x.test>',
        'co-authored-by: C <c@x.test>',
        'CO-AUTHORED-BY: D <d@x.test>',
        'Assisted-By: Claude:claude-3-opus coccinelle sparse',
        'generated-by: Copilot',
      ].join('\n'),
    ).map((t) => t.key);
    expect(keys).toEqual([
      'co-authored-by',
      'co-authored-by',
      'co-authored-by',
      'co-authored-by',
      'assisted-by',
      'generated-by',
    ]);
  });

  it('finds trailers after the `---------` line of a squash merge, and anywhere else', () => {
    const message = [
      'Add the widget (#123)',
      '',
      '* Initial plan',
      '',
      '* Implement the widget',
      '',
      'Co-authored-by: octocat <583231+octocat@users.noreply.github.com>',
      '',
      '---------',
      '',
      'Co-authored-by: copilot-swe-agent[bot] <198982749+Copilot@users.noreply.github.com>',
    ].join('\n');
    expect(parseTrailers(message).map((t) => t.email)).toEqual([
      '583231+octocat@users.noreply.github.com',
      '198982749+Copilot@users.noreply.github.com',
    ]);
  });

  it('tolerates markdown, list bullets, quotes, CRLF and zero-width characters', () => {
    const trailers = parseTrailers(
      '**Co-Authored-By:** Claude <noreply@anthropic.com>\r\n- Made-with: Cursor\r\n> Co-authored\u200b-by: X <x@y.test>',
    );
    expect(trailers.map((t) => [t.key, t.email ?? t.value])).toEqual([
      ['co-authored-by', 'noreply@anthropic.com'],
      ['made-with', 'Cursor'],
      ['co-authored-by', 'x@y.test'],
    ]);
  });

  it('ignores prose, URLs and values without a key', () => {
    expect(
      parseTrailers(
        'See https://claude.ai/code/session_01\nThis is: a sentence with spaces in key: no\n: nothing\nKey:',
      ),
    ).toEqual([]);
  });

  it('leaves name and email null when the value is not `Name <email>`', () => {
    expect(parseTrailers('Co-authored-by: Claude')).toEqual([
      { key: 'co-authored-by', rawKey: 'Co-authored-by', value: 'Claude', name: null, email: null },
    ]);
  });

  it('stays linear on huge and hostile messages', () => {
    const hostile = [
      'x'.repeat(2_000_000),
      `Co-authored-by: ${'<'.repeat(500_000)}`,
      'a:'.repeat(500_000),
      '\n'.repeat(500_000),
      `${' '.repeat(300_000)}x`,
    ].join('\n');
    // What is read is still read right. A quadratic scan of these 3.6 million characters would
    // run for minutes: the test's timeout is the guard, never a measured time.
    expect(
      parseTrailers(hostile).map(({ key, value, name, email }) => ({
        key,
        length: value.length,
        name,
        email,
      })),
    ).toEqual([
      { key: 'co-authored-by', length: 500_000, name: null, email: null },
      { key: 'a', length: 999_998, name: null, email: null },
    ]);
  }, 30_000);
});
