import { describe, expect, it } from 'vitest';
import { coAuthorsOf, finalTrailerBlock } from '../../simulator/git/trailers.js';

const BOB = 'Co-authored-by: Bob Okafor <bob@acme.example>';

describe('co-authors as GitHub reads them: the final trailer block only', () => {
  it.each([
    ['a trailer block after the body', `Fix it\n\nBecause.\n\n${BOB}`, ['bob@acme.example']],
    [
      'trailers mixed with other trailers',
      `Fix it\n\nSigned-off-by: A <a@x.y>\n${BOB}`,
      ['bob@acme.example'],
    ],
    ['a key in any case', 'Fix it\n\nco-AUTHORED-by: Bob <bob@acme.example>', ['bob@acme.example']],
    [
      'a squash message after its separator',
      `Squash (#4)\n\n* One\n\n---------\n\n${BOB}`,
      ['bob@acme.example'],
    ],
    ['a trailer in the middle of the message', `Fix it\n\n${BOB}\n\nMore words after it.`, []],
    ['a trailer block with a prose line in it', `Fix it\n\n${BOB}\nthanks Bob!`, []],
    ['the subject line itself', BOB, []],
    ['a trailer without an email', 'Fix it\n\nCo-authored-by: Bob', []],
  ])('%s', (_what, message, emails) => {
    expect(coAuthorsOf(message).map((c) => c.email)).toEqual(emails);
  });

  it('keeps continuation lines in the block', () => {
    expect(finalTrailerBlock(`Fix\n\nNote: long\n  and folded\n${BOB}`)).toHaveLength(3);
  });
});
