import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { mergeEventPusher } from '../../src/core/evaluate/merge-event-pusher.js';
import { COMMENT_MARKER } from '../../src/core/render/render-comment.js';
import { fetchPullRequest, MAX_PULL_REQUEST_FILES } from '../../src/github/fetch-pull-request.js';
import { COMMIT_PARENTS_PAGE, HEAD_CHECK_RUN_QUERY } from '../../src/github/graphql/pull-request.js';
import { IncompleteDataError, PullRequestNotFoundError } from '../../src/github/incomplete-data-error.js';
import { mapRestUser } from '../../src/github/map-account.js';
import { decodeExternalId, encodeExternalId } from '../../src/github/map-external-id.js';
import { foreignChecksOf } from '../../src/github/map-published-state.js';
import type { WireCheckRunCommit } from '../../src/github/map-pull-request.js';
import { executeAgainstSchema } from '../fixtures/graphql/execute-against-schema.js';
import {
  APP_ID,
  bot,
  CHECK_NAME,
  commit,
  commitWithManyCoAuthors,
  gitActor,
  NUMBER,
  OWNER,
  pullRequestExchanges,
  REPO,
  review,
  sha,
  user,
} from '../fixtures/graphql/pull-request-fixture.js';
import { API, interceptGraphql, testOctokit, useStrictNock } from '../fixtures/graphql/strict-nock.js';

const ref = { owner: OWNER, repo: REPO, number: NUMBER };
const options = { appId: APP_ID, checkName: CHECK_NAME };
const commits = (n: number) => Array.from({ length: n }, (_, i) => commit(i + 1));
const copilot = bot('copilot-swe-agent', 198982749);

useStrictNock();

describe('fetchPullRequest', () => {
  it('reads a 100-commit pull request, its policy, check run, comment and labels in one request', async () => {
    const pusher = { login: 'ada', id: 1, type: 'User' as const };
    const traffic = interceptGraphql(
      pullRequestExchanges({
        commits: commits(100),
        reviews: [
          review(1, user('grace', 2), 'APPROVED'),
          review(2, user('linus', 3), 'APPROVED', { authorCanPushToRepository: false }),
        ],
        files: [{ path: 'src/launch.ts', changeType: 'MODIFIED' }],
        labels: ['agent:copilot', 'bug'],
        assignees: [user('ada', 1)],
        comments: [
          { databaseId: 7, viewerDidAuthor: false, body: `quoting ${COMMENT_MARKER}` },
          { databaseId: 8, viewerDidAuthor: true, body: `${COMMENT_MARKER}\nCustody says hi` },
        ],
        repoPolicy: 'approvals:\n  count: 2\n',
        orgPolicy: 'approvals:\n  count: 1\n',
        checkRuns: [
          {
            databaseId: 99,
            externalId: encodeExternalId(pusher),
            status: 'COMPLETED',
            conclusion: 'ACTION_REQUIRED',
            title: 'Waiting for 1 approval',
            summary: 'summary',
          },
        ],
      }),
    );

    const fetched = await fetchPullRequest(testOctokit(), ref, options);

    expect(traffic.requests()).toBe(1);
    const { snapshot } = fetched;
    expect(snapshot.commits).toHaveLength(100);
    expect(snapshot.commits[0]).toMatchObject({ sha: sha(1), parents: [sha(0)], coAuthors: [] });
    expect(snapshot.pullRequest).toMatchObject({
      number: NUMBER,
      headSha: sha(100),
      baseRef: 'main',
      baseSha: 'b'.repeat(40),
      labels: ['agent:copilot', 'bug'],
      assignees: [{ login: 'ada', id: 1, type: 'User' }],
    });
    expect(snapshot.files).toEqual([{ path: 'src/launch.ts', previousPath: null }]);
    expect(snapshot.pusher).toEqual({ account: pusher, source: 'check-run' });
    expect(snapshot.reviewerAccess).toEqual([
      { login: 'grace', id: 2, permission: 'write', teams: [] },
      { login: 'linus', id: 3, permission: 'read', teams: [] },
    ]);
    expect(fetched.policyTexts).toEqual({
      repo: 'approvals:\n  count: 2\n',
      org: 'approvals:\n  count: 1\n',
      baseRef: snapshot.pullRequest.baseRef,
      orgReadable: true,
    });
    expect(fetched.published).toEqual({
      checkRun: {
        id: 99,
        externalId: encodeExternalId(pusher),
        status: 'completed',
        conclusion: 'action_required',
        title: 'Waiting for 1 approval',
        summary: 'summary',
      },
      comment: { id: 8, body: `${COMMENT_MARKER}\nCustody says hi` },
      labels: ['agent:copilot', 'bug'],
    });
  });

  it('pages a 260-commit pull request to the end, past REST’s 250-commit ceiling', async () => {
    const traffic = interceptGraphql(pullRequestExchanges({ commits: commits(260) }));

    const { snapshot } = await fetchPullRequest(testOctokit(), ref, options);

    expect(traffic.requests()).toBe(3);
    expect(snapshot.commits.map((c) => c.sha)).toEqual(commits(260).map((c) => c.oid));
    expect(snapshot.pullRequest.headSha).toBe(sha(260));
  });

  it('pages 150 reviews without the pagination plugin on the Octokit class', async () => {
    const reviews = Array.from({ length: 150 }, (_, i) =>
      review(i + 1, user(`reviewer${i}`, 1000 + i), 'COMMENTED'),
    );
    reviews.push(review(151, user('grace', 2), 'APPROVED'));
    const traffic = interceptGraphql(pullRequestExchanges({ commits: commits(3), reviews }));

    const { snapshot } = await fetchPullRequest(testOctokit({ paginatePlugin: false }), ref, options);

    expect(traffic.requests()).toBe(2);
    expect(snapshot.reviews).toHaveLength(151);
    expect(snapshot.reviews.at(-1)).toMatchObject({ author: { login: 'grace' }, state: 'APPROVED' });
  });

  it('fails closed past GitHub’s 3,000-file cap, after one request', async () => {
    const traffic = interceptGraphql(
      pullRequestExchanges({ commits: commits(1), changedFiles: MAX_PULL_REQUEST_FILES + 1 }),
    );

    const error = await fetchPullRequest(testOctokit(), ref, options).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(IncompleteDataError);
    expect((error as Error).message).toMatch(/changes 3001 files, more than the 3000 GitHub lists/);
    expect(traffic.requests()).toBe(1);
  });

  it('fails closed when the file list stops short of the changed-file count', async () => {
    const files = Array.from({ length: 120 }, (_, i) => ({ path: `f${i}.ts`, changeType: 'MODIFIED' }));
    interceptGraphql(pullRequestExchanges({ commits: commits(1), files, changedFiles: 130 }));

    await expect(fetchPullRequest(testOctokit(), ref, options)).rejects.toThrow(
      /listed 120 of the 130 changed files/,
    );
  });

  it('fails closed on a 200 that carries errors next to partial data', async () => {
    const [main] = pullRequestExchanges({ commits: commits(2) });
    const data = structuredClone(main!.response.data) as {
      repository: { pullRequest: Record<string, unknown> };
    };
    data.repository.pullRequest.files = null;
    nock(API)
      .post('/graphql')
      .reply(200, {
        data,
        errors: [
          {
            message: 'Something went wrong while executing your query.',
            path: ['repository', 'pullRequest', 'files'],
          },
        ],
      });

    const error = await fetchPullRequest(testOctokit(), ref, options).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(IncompleteDataError);
    expect((error as Error).message).toContain('Something went wrong while executing your query.');
  });

  it('fails closed when a later page comes back without nodes', async () => {
    const exchanges = pullRequestExchanges({ commits: commits(150) });
    const page = exchanges[1]!;
    const data = structuredClone(page.response.data) as {
      repository: { pullRequest: { commits: { nodes: unknown } } };
    };
    data.repository.pullRequest.commits.nodes = null;
    interceptGraphql([exchanges[0]!, { ...page, response: { data } }]);

    await expect(fetchPullRequest(testOctokit(), ref, options)).rejects.toThrow(IncompleteDataError);
  });

  it('keeps bots’ GraphQL logins and strips the REST `[bot]` suffix at the border', async () => {
    interceptGraphql(
      pullRequestExchanges({
        author: copilot,
        commits: [
          commit(1, { author: gitActor('Copilot', '198982749+Copilot@users.noreply.github.com', null) }),
        ],
        reviews: [review(1, bot('coderabbitai', 136622811), 'APPROVED')],
      }),
    );
    const sender = mapRestUser({ login: 'copilot-swe-agent[bot]', id: 198982749, type: 'Bot' });

    const fetched = await fetchPullRequest(testOctokit(), ref, options);
    const pushed = { headSha: fetched.snapshot.pullRequest.headSha, account: sender };
    const snapshot = mergeEventPusher(fetched.snapshot, pushed);

    expect(snapshot.pullRequest.opener).toEqual({ login: 'copilot-swe-agent', id: 198982749, type: 'Bot' });
    expect(snapshot.pusher).toEqual({ account: snapshot.pullRequest.opener, source: 'event' });
    expect(snapshot.reviews[0]?.author).toEqual({ login: 'coderabbitai', id: 136622811, type: 'Bot' });
    // A bot's approval is never looked up as a reviewer's access.
    expect(snapshot.reviewerAccess).toEqual([]);
  });

  it('reads the organisation fallback as unreadable when GitHub answers NOT_FOUND for .github', async () => {
    interceptGraphql(pullRequestExchanges({ commits: commits(1), orgPolicy: 'missing' }));

    const fetched = await fetchPullRequest(testOctokit(), ref, options);

    expect(fetched.policyTexts).toMatchObject({ repo: null, org: null, orgReadable: false });
  });

  it('names a pull request GitHub does not show, and tolerates NOT_FOUND nowhere inside one', async () => {
    const [main] = pullRequestExchanges({ commits: commits(1) });
    const missing = {
      ...main!,
      response: {
        data: { repository: { pullRequest: null }, orgPolicy: null },
        errors: [
          {
            type: 'NOT_FOUND',
            path: ['repository', 'pullRequest'],
            message: 'Could not resolve to a PullRequest.',
          },
        ],
      },
    };
    interceptGraphql([missing]);
    await expect(fetchPullRequest(testOctokit(), ref, options)).rejects.toBeInstanceOf(
      PullRequestNotFoundError,
    );

    const [complete] = pullRequestExchanges({ commits: commits(1) });
    const partial = {
      ...complete!,
      response: {
        ...complete!.response,
        errors: [
          {
            type: 'NOT_FOUND',
            path: ['repository', 'pullRequest', 'commits', 'nodes', 0, 'commit', 'author', 'user'],
            message: 'Could not resolve to a User.',
          },
        ],
      },
    };
    interceptGraphql([partial]);
    const error = await fetchPullRequest(testOctokit(), ref, options).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IncompleteDataError);
    expect(error).not.toBeInstanceOf(PullRequestNotFoundError);
  });

  it('completes co-authors beyond the first ten with one more request', async () => {
    const coAuthors = Array.from({ length: 12 }, (_, i) => gitActor(`Pair ${i}`, `pair${i}@example.com`));
    const traffic = interceptGraphql(
      pullRequestExchanges({ commits: [commitWithManyCoAuthors(1, coAuthors)] }),
    );

    const { snapshot } = await fetchPullRequest(testOctokit(), ref, options);

    expect(traffic.requests()).toBe(2);
    expect(snapshot.commits[0]?.coAuthors.map((a) => a.email)).toEqual(coAuthors.map((a) => a.email));
  });

  it('completes an octopus merge’s parents', async () => {
    const merge = commit(1);
    const parents = Array.from({ length: 7 }, (_, i) => ({ oid: sha(500 + i) }));
    const wide = { ...merge, parents: { totalCount: 7, nodes: parents.slice(0, 5) } };
    const [main] = pullRequestExchanges({ commits: [wide] });
    const variables = { owner: OWNER, name: REPO, oid: wide.oid, cursor: null };
    const root = {
      repository: {
        object: {
          __typename: 'Commit',
          parents: { totalCount: 7, pageInfo: { hasNextPage: false, endCursor: 'p7' }, nodes: parents },
        },
      },
    };
    interceptGraphql([
      main!,
      {
        document: COMMIT_PARENTS_PAGE,
        variables,
        response: { data: executeAgainstSchema(COMMIT_PARENTS_PAGE, variables, root) },
      },
    ]);

    const { snapshot } = await fetchPullRequest(testOctokit(), ref, options);

    expect(snapshot.commits[0]?.parents).toEqual(parents.map((p) => p.oid));
  });

  it('learns where renamed files came from, so a path rule still sees the old path', async () => {
    interceptGraphql(
      pullRequestExchanges({
        commits: commits(1),
        files: [{ path: 'docs/deploy.yml', changeType: 'RENAMED' }],
      }),
    );
    nock(API)
      .get(`/repos/${OWNER}/${REPO}/pulls/${NUMBER}/files`)
      .query({ per_page: 100, page: 1 })
      .reply(200, [
        { filename: 'docs/deploy.yml', previous_filename: '.github/workflows/deploy.yml', status: 'renamed' },
      ]);

    const { snapshot } = await fetchPullRequest(testOctokit(), ref, options);

    expect(snapshot.files).toEqual([
      { path: 'docs/deploy.yml', previousPath: '.github/workflows/deploy.yml' },
    ]);
  });

  it('reads the check run from the head commit when the last listed commit is not the head', async () => {
    const [main] = pullRequestExchanges({ commits: commits(2) });
    const data = structuredClone(main!.response.data) as {
      repository: { pullRequest: { headRefOid: string } };
    };
    data.repository.pullRequest.headRefOid = sha(1);
    const variables = { owner: OWNER, name: REPO, oid: sha(1), appId: APP_ID, checkName: CHECK_NAME };
    const root = {
      repository: { object: { __typename: 'Commit', oid: sha(1), checkSuites: { nodes: [] } } },
    };
    const traffic = interceptGraphql([
      { ...main!, response: { data } },
      {
        document: HEAD_CHECK_RUN_QUERY,
        variables,
        response: { data: executeAgainstSchema(HEAD_CHECK_RUN_QUERY, variables, root) },
      },
    ]);

    const fetched = await fetchPullRequest(testOctokit(), ref, options);

    expect(traffic.requests()).toBe(2);
    expect(fetched.snapshot.pullRequest.headSha).toBe(sha(1));
    expect(fetched.published.checkRun).toBeNull();
  });

  it('fails closed on a truncated policy file', async () => {
    const [main] = pullRequestExchanges({ commits: commits(1), repoPolicy: 'approvals: {}' });
    const data = structuredClone(main!.response.data) as {
      repository: { pullRequest: { baseRef: { target: { file: { object: { isTruncated: boolean } } } } } };
    };
    data.repository.pullRequest.baseRef.target.file.object.isTruncated = true;
    interceptGraphql([{ ...main!, response: { data } }]);

    await expect(fetchPullRequest(testOctokit(), ref, options)).rejects.toThrow(
      /truncated \.github\/custody\.yml/,
    );
  });
});

describe('external id', () => {
  it('round-trips the pusher and reads anything else as unknown', () => {
    const pusher = { login: 'copilot-swe-agent', id: 198982749, type: 'Bot' as const };
    expect(decodeExternalId(encodeExternalId(pusher))).toEqual(pusher);
    expect(decodeExternalId('not json')).toBeNull();
    expect(decodeExternalId('{"v":2,"pusher":{}}')).toBeNull();
    expect(decodeExternalId(null)).toBeNull();
  });
});

describe('foreignChecksOf', () => {
  const head = (extra: Partial<WireCheckRunCommit>): WireCheckRunCommit => ({
    oid: sha(1),
    checkSuites: { nodes: [] },
    ...extra,
  });

  it('a status named like the check, with its creator; another app’s suite holding a run of that name', () => {
    expect(
      foreignChecksOf(
        head({
          status: { context: { state: 'SUCCESS', creator: { login: 'bob' } } },
          namedSuites: {
            nodes: [
              { app: { databaseId: APP_ID, slug: 'custody' } },
              { app: { databaseId: 999, slug: 'lookalike' } },
              null,
            ],
          },
        }),
        APP_ID,
        CHECK_NAME,
      ),
    ).toEqual([
      { kind: 'status', name: CHECK_NAME, state: 'success', by: 'bob' },
      { kind: 'check-run', name: CHECK_NAME, state: null, by: 'lookalike' },
    ]);
  });

  it('our own suite and no status: nothing foreign', () => {
    expect(
      foreignChecksOf(
        head({
          status: { context: null },
          namedSuites: { nodes: [{ app: { databaseId: APP_ID, slug: 'custody' } }] },
        }),
        APP_ID,
        CHECK_NAME,
      ),
    ).toEqual([]);
    expect(foreignChecksOf(head({ status: null }), APP_ID, CHECK_NAME)).toEqual([]);
  });

  it('a status whose creator is gone still counts', () => {
    expect(
      foreignChecksOf(head({ status: { context: { state: 'PENDING', creator: null } } }), APP_ID, CHECK_NAME),
    ).toEqual([{ kind: 'status', name: CHECK_NAME, state: 'pending', by: null }]);
  });
});
