import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { publishComment } from '../../src/github/publish-comment.js';
import { API, testOctokit, useStrictNock } from '../fixtures/graphql/strict-nock.js';

useStrictNock();

const target = { owner: 'acme', repo: 'rocket', number: 42 };
const body = '<!-- custody:comment:v1 -->\n### Custody: waiting';

describe('publishComment', () => {
  it('creates the comment only when the verdict wants one', async () => {
    expect(await publishComment(testOctokit(), target, { wanted: false, body }, null)).toBe('none');
    const bodies: unknown[] = [];
    nock(API)
      .post('/repos/acme/rocket/issues/42/comments', (b) => bodies.push(b) > 0)
      .reply(201, { id: 9 });
    expect(await publishComment(testOctokit(), target, { wanted: true, body }, null)).toBe('created');
    expect(bodies).toEqual([{ body }]);
  });

  it('edits nothing when the text is the same (line endings aside)', async () => {
    const existing = { id: 9, body: body.replace('\n', '\r\n') };
    expect(await publishComment(testOctokit(), target, { wanted: true, body }, existing)).toBe('unchanged');
  });

  it('edits the same comment when the text changed, and updates rather than deletes when involvement is gone', async () => {
    const bodies: unknown[] = [];
    nock(API)
      .patch('/repos/acme/rocket/issues/comments/9', (b) => bodies.push(b) > 0)
      .times(2)
      .reply(200, { id: 9 });
    const existing = { id: 9, body: `${body} (old)` };
    expect(await publishComment(testOctokit(), target, { wanted: true, body }, existing)).toBe('updated');
    const gone = '<!-- custody:comment:v1 -->\n### Custody: no agent involvement on the current head';
    expect(await publishComment(testOctokit(), target, { wanted: false, body: gone }, existing)).toBe(
      'updated',
    );
    expect(bodies).toEqual([{ body }, { body: gone }]);
  });
});
