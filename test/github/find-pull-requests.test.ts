import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { findMergeGroupPullRequests, MERGE_QUEUE_QUERY } from '../../src/github/find-pull-requests.js';
import { executeAgainstSchema } from '../fixtures/graphql/execute-against-schema.js';
import { API, testOctokit, useStrictNock } from '../fixtures/graphql/strict-nock.js';

useStrictNock();

const repo = { owner: 'acme', repo: 'rocket' };
const sha = (c: string) => c.repeat(40);

function replyWithQueue(
  entries: Array<{ position: number; group: string; number: number } | null>,
  totalCount = entries.length,
) {
  const variables = { owner: 'acme', name: 'rocket', branch: 'main' };
  const root = {
    repository: {
      mergeQueue: {
        entries: {
          totalCount,
          nodes: entries.map((e) =>
            e
              ? {
                  position: e.position,
                  headCommit: { oid: e.group },
                  pullRequest: { number: e.number, headRefOid: sha('f') },
                }
              : null,
          ),
        },
      },
    },
  };
  nock(API)
    .post('/graphql', (body: { query: string; variables: object }) => body.query === MERGE_QUEUE_QUERY)
    .reply(200, { data: executeAgainstSchema(MERGE_QUEUE_QUERY, variables, root) });
}

describe('findMergeGroupPullRequests', () => {
  it("returns the group's own entry and every entry ahead of it, in queue order", async () => {
    replyWithQueue([
      { position: 2, group: sha('b'), number: 12 },
      { position: 1, group: sha('a'), number: 11 },
      { position: 3, group: sha('c'), number: 13 },
    ]);
    const found = await findMergeGroupPullRequests(testOctokit(), repo, {
      baseRef: 'main',
      headSha: sha('b'),
    });
    expect(found?.map((pr) => pr.number)).toEqual([11, 12]);
  });

  it('returns null (fail the group) when the entry is not in the queue', async () => {
    replyWithQueue([{ position: 1, group: sha('a'), number: 11 }]);
    expect(
      await findMergeGroupPullRequests(testOctokit(), repo, { baseRef: 'main', headSha: sha('z') }),
    ).toBeNull();
  });

  it('returns null when GitHub listed only part of the queue', async () => {
    replyWithQueue([{ position: 1, group: sha('a'), number: 11 }], 101);
    expect(
      await findMergeGroupPullRequests(testOctokit(), repo, { baseRef: 'main', headSha: sha('a') }),
    ).toBeNull();
  });
});
