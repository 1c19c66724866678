import { describe, expect, it } from 'vitest';
import { Policy } from '../../src/core/policy/schema.js';
import { type Snapshot, Snapshot as SnapshotSchema } from '../../src/core/snapshot.js';
import { fetchReviewerAccess } from '../../src/github/fetch-reviewer-access.js';
import { buildReviewerAccessQuery } from '../../src/github/graphql/reviewer-access.js';
import { executeAgainstSchema } from '../fixtures/graphql/execute-against-schema.js';
import { interceptGraphql, testOctokit, useStrictNock } from '../fixtures/graphql/strict-nock.js';

const snapshot: Snapshot = SnapshotSchema.parse({
  schemaVersion: 1,
  repo: { owner: 'acme', name: 'rocket' },
  pullRequest: {
    number: 42,
    title: 't',
    state: 'OPEN',
    isDraft: false,
    baseRef: 'main',
    headRef: 'feature',
    headSha: 'a'.repeat(40),
    opener: null,
  },
  commits: [],
  reviewerAccess: [
    { login: 'grace', id: 2, permission: 'write' },
    { login: 'linus', id: 3, permission: 'write' },
  ],
});

const member = (login: string, databaseId: number) => ({ login, databaseId });

useStrictNock();

describe('fetchReviewerAccess', () => {
  it('makes no request when the reviews already answer the policy (write, no teams)', async () => {
    const result = await fetchReviewerAccess(testOctokit(), snapshot, Policy.parse({}));

    expect(result).toBe(snapshot);
  });

  it('looks up permission and team membership of every approver in one query', async () => {
    const policy = Policy.parse({
      approvals: { permission: 'maintain', teams: ['acme/Release'] },
      paths: [{ name: 'infra', globs: ['infra/**'], teams: ['acme/sre', 'acme/release'] }],
    });
    const document = buildReviewerAccessQuery(2, 2, true);
    const variables = {
      owner: 'acme',
      name: 'rocket',
      login0: 'grace',
      login1: 'linus',
      org0: 'acme',
      team0: 'Release',
      org1: 'acme',
      team1: 'sre',
    };
    const root = {
      repository: {
        p0: { edges: [{ permission: 'MAINTAIN', node: member('grace', 2) }] },
        p1: { edges: [] },
      },
      t0: {
        team: {
          m0: { totalCount: 1, nodes: [member('grace', 2)] },
          m1: { totalCount: 1, nodes: [member('linus-t', 9)] },
        },
      },
      t1: { team: { m0: { totalCount: 0, nodes: [] }, m1: { totalCount: 0, nodes: [] } } },
    };
    const traffic = interceptGraphql([
      { document, variables, response: { data: executeAgainstSchema(document, variables, root) } },
    ]);

    const result = await fetchReviewerAccess(testOctokit(), snapshot, policy);

    expect(traffic.requests()).toBe(1);
    expect(result.reviewerAccess).toEqual([
      { login: 'grace', id: 2, permission: 'maintain', teams: ['acme/Release'] },
      { login: 'linus', id: 3, permission: 'none', teams: [] },
    ]);
  });

  it('fails closed when a team the policy names is not visible', async () => {
    const policy = Policy.parse({ approvals: { teams: ['acme/ghosts'] } });
    const document = buildReviewerAccessQuery(2, 1, false);
    const variables = { login0: 'grace', login1: 'linus', org0: 'acme', team0: 'ghosts' };
    interceptGraphql([
      {
        document,
        variables,
        response: { data: executeAgainstSchema(document, variables, { t0: { team: null } }) },
      },
    ]);

    await expect(fetchReviewerAccess(testOctokit(), snapshot, policy)).rejects.toThrow(
      /did not show team acme\/ghosts/,
    );
  });

  it.each([
    [
      'collaborators',
      Policy.parse({ approvals: { permission: 'admin' } }),
      buildReviewerAccessQuery(2, 0, true),
      { owner: 'acme', name: 'rocket', login0: 'grace', login1: 'linus' },
      {
        data: { repository: { p0: null, p1: null } },
        errors: [
          {
            type: 'FORBIDDEN',
            path: ['repository', 'p0'],
            message: 'You do not have permission to view repository collaborators.',
          },
        ],
      },
      /refused to list this repository's collaborators[^.]*FORBIDDEN[^"]*"Metadata: read" and "Pull requests: write"/,
    ],
    [
      'team members',
      Policy.parse({ approvals: { teams: ['acme/sre'] } }),
      buildReviewerAccessQuery(2, 1, false),
      { login0: 'grace', login1: 'linus', org0: 'acme', team0: 'sre' },
      {
        data: { t0: { team: null } },
        errors: [
          { type: 'FORBIDDEN', path: ['t0', 'team'], message: 'Resource not accessible by integration' },
        ],
      },
      /members of team acme\/sre to the app \(FORBIDDEN\): grant Custody the organisation permission "Members: read"/,
    ],
  ])(
    'fails closed naming the permission to grant when GitHub refuses %s',
    async (_what, policy, document, variables, response, reason) => {
      interceptGraphql([{ document, variables, response }]);
      await expect(fetchReviewerAccess(testOctokit(), snapshot, policy)).rejects.toThrow(reason);
    },
  );
});
