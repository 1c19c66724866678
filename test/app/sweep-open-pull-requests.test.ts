import { generateKeyPairSync } from 'node:crypto';
import { schema } from '@octokit/graphql-schema';
import WebhookExamples from '@octokit/webhooks-examples';
import { buildClientSchema, parse, validate } from 'graphql';
import nock from 'nock';
import { Probot, ProbotOctokit } from 'probot';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createSweepState,
  type SweepDeps,
  type SweepOptions,
  type SweepReason,
  type SweepTarget,
  sweepOpenPullRequests,
} from '../../src/app/reconcile/sweep-open-pull-requests.js';
import { SWEEP_OPEN_PULL_REQUESTS_QUERY } from '../../src/github/graphql/sweep-open-pull-requests.js';
import { useStrictNock } from '../fixtures/graphql/strict-nock.js';

const API = 'https://api.github.com';
const APP_ID = 123;
const OPTIONS: SweepOptions = { appId: APP_ID, checkName: 'custody', pauseMs: 0 };
let requestsSeen = 0;
const countRequest = () => {
  requestsSeen += 1;
};

const { privateKey } = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
  publicKeyEncoding: { type: 'spki', format: 'pem' },
});

// Real shapes: the repository and installation objects of GitHub's own example payloads.
const examples = WebhookExamples as unknown as { name: string; examples: Record<string, unknown>[] }[];
const exampleRepository = examples.find((e) => e.name === 'pull_request')!.examples[0]!.repository as Record<
  string,
  unknown
>;
const exampleInstallation = examples.find((e) => e.name === 'installation')!.examples[0]!
  .installation as Record<string, unknown>;

type Check = 'SUCCESS' | 'FAILURE' | 'ACTION_REQUIRED' | 'NEUTRAL' | 'IN_PROGRESS' | 'none' | 'stale';
interface FakeRepo {
  id: number;
  name: string;
  archived?: boolean;
  openIssues?: number;
  prs: { number: number; check: Check }[];
}

function repository(repo: FakeRepo): Record<string, unknown> {
  return {
    ...exampleRepository,
    id: repo.id,
    node_id: `R_${repo.id}`,
    name: repo.name,
    full_name: `octo-org/${repo.name}`,
    owner: { ...(exampleRepository.owner as object), login: 'octo-org' },
    archived: repo.archived ?? false,
    disabled: false,
    open_issues_count: repo.openIssues ?? repo.prs.length,
  };
}

function pullRequestNode(pr: { number: number; check: Check }) {
  const head = `${pr.number.toString(16).padStart(4, '0')}${'a'.repeat(36)}`;
  const run =
    pr.check === 'none' || pr.check === 'stale'
      ? null
      : pr.check === 'IN_PROGRESS'
        ? { status: 'IN_PROGRESS', conclusion: null }
        : { status: 'COMPLETED', conclusion: pr.check };
  return {
    number: pr.number,
    headRefOid: head,
    commits: {
      nodes: [
        {
          commit: {
            oid: pr.check === 'stale' ? 'b'.repeat(40) : head,
            checkSuites: { nodes: run ? [{ checkRuns: { nodes: [run] } }] : [] },
          },
        },
      ],
    },
  };
}

/** Answers the sweep query from a model of GitHub, paging like GitHub does; counts the queries. */
function serveGraphql(repos: FakeRepo[], times: number, remaining = 4_900) {
  const byNodeId = new Map(repos.map((r) => [`R_${r.id}`, r]));
  return api()
    .post('/graphql', (body) => body.query === SWEEP_OPEN_PULL_REQUESTS_QUERY)
    .times(times)
    .reply(200, (_uri, body) => {
      const { variables } = body as { variables: { ids: string[]; first: number; after: string | null } };
      expect(variables).toMatchObject({ appId: APP_ID, checkName: 'custody' });
      const start = variables.after ? Number(variables.after) : 0;
      return {
        data: {
          rateLimit: { cost: 1, remaining },
          nodes: variables.ids.map((id) => {
            const repo = byNodeId.get(id);
            if (!repo) return null;
            const page = repo.prs.slice(start, start + variables.first);
            const end = start + page.length;
            return {
              id,
              pullRequests: {
                pageInfo: { hasNextPage: end < repo.prs.length, endCursor: page.length ? String(end) : null },
                nodes: page.map(pullRequestNode),
              },
            };
          }),
        },
      };
    });
}

/** Installation tokens are requested once: Probot caches them for their hour of validity. */
function serveInstallations(
  installations: { id: number; repos: FakeRepo[]; suspended?: boolean }[],
  { tokens = true } = {},
) {
  api()
    .matchHeader('authorization', /^bearer ey/i)
    .get('/app/installations')
    .query({ per_page: '100', page: '1' })
    .reply(
      200,
      installations.map((i) => ({
        ...exampleInstallation,
        id: i.id,
        suspended_at: i.suspended ? '2026-11-01T00:00:00Z' : null,
      })),
    );
  for (const installation of installations.filter((i) => tokens && !i.suspended)) {
    api()
      .post(`/app/installations/${installation.id}/access_tokens`)
      .reply(201, { token: `ghs_${installation.id}`, expires_at: '2099-01-01T00:00:00Z', permissions: {} });
  }
}

function serveRepositories(installationId: number, repos: FakeRepo[]) {
  api()
    .matchHeader('authorization', `token ghs_${installationId}`)
    .get('/installation/repositories')
    .query({ per_page: '100', page: '1' })
    .reply(200, { total_count: repos.length, repositories: repos.map(repository) });
}

/** Every mocked GitHub request is counted, including installation-token requests. */
function api(): nock.Scope {
  return nock(API).on('request', countRequest);
}

let deps: SweepDeps;
let enqueued: { target: SweepTarget; reason: SweepReason }[];
let warnings: string[];

useStrictNock();

beforeEach(async () => {
  enqueued = [];
  warnings = [];
  requestsSeen = 0;
  const probot = new Probot({
    appId: APP_ID,
    privateKey,
    logLevel: 'fatal',
    // A function, so it runs after Probot's own defaults (which would re-enable the throttle).
    Octokit: ProbotOctokit.defaults((options: object) => ({
      ...options,
      retry: { enabled: false },
      throttle: { enabled: false },
    })),
  });
  deps = {
    appOctokit: await probot.auth(),
    installationOctokit: (id) => probot.auth(id),
    enqueue: (target, reason) => {
      enqueued.push({ target, reason });
      return 'queued';
    },
    log: { info: () => {}, warn: (_o, msg) => warnings.push(msg) },
    now: () => Date.parse('2026-11-27T12:00:00Z'),
    sleep: async () => {},
  };
});

afterEach(() => {
  const pending = nock.pendingMocks();
  nock.cleanAll();
  expect(pending).toEqual([]);
});

describe('the sweep query', () => {
  it("is valid against GitHub's GraphQL schema", () => {
    const errors = validate(buildClientSchema(schema.json as never), parse(SWEEP_OPEN_PULL_REQUESTS_QUERY));
    expect(errors.map((e) => e.message)).toEqual([]);
  });
});

describe('sweepOpenPullRequests', () => {
  it('re-evaluates a PR whose success outlived a missed review dismissal, before anything else', async () => {
    const repos: FakeRepo[] = [
      {
        id: 1,
        name: 'api',
        prs: [
          { number: 10, check: 'FAILURE' },
          { number: 11, check: 'SUCCESS' }, // approved, then dismissed — the dismissal webhook was lost
          { number: 12, check: 'none' }, // `opened` was lost: the check sits at "Expected"
          { number: 13, check: 'stale' }, // our run is on an older commit than the head
          { number: 14, check: 'IN_PROGRESS' }, // a crash mid-evaluation
          { number: 15, check: 'NEUTRAL' }, // passes a required check just like success
        ],
      },
    ];
    serveInstallations([{ id: 7, repos }]);
    serveRepositories(7, repos);
    serveGraphql(repos, 1);

    const report = await sweepOpenPullRequests(deps, createSweepState(), OPTIONS);

    expect(enqueued.map((e) => [e.target.number, e.reason])).toEqual([
      [11, 'sweep:passing'],
      [15, 'sweep:passing'],
      [12, 'sweep:missing'],
      [13, 'sweep:stale'],
      [14, 'sweep:incomplete'],
      [10, 'sweep:blocking'],
    ]);
    expect(enqueued[0]?.target).toEqual({
      installationId: 7,
      owner: 'octo-org',
      repo: 'api',
      number: 11,
      headSha: `000b${'a'.repeat(36)}`,
    });
    expect(report).toMatchObject({
      pullRequests: 6,
      byState: { passing: 2, missing: 1, stale: 1, incomplete: 1, blocking: 1 },
      enqueued: 6,
      requests: 3,
    });
    expect(warnings).toEqual([]);
  });

  it('spends requests per repository page, not per pull request (measured)', async () => {
    // 1 installation (a second one is suspended), 22 repositories: 2 cost nothing (archived, no open
    // issues); 20 are read 10 per query; one has 60 open PRs and needs two further pages of 25.
    const repos: FakeRepo[] = [
      { id: 100, name: 'archived', archived: true, prs: [{ number: 1, check: 'SUCCESS' }] },
      { id: 101, name: 'quiet', openIssues: 0, prs: [] },
      { id: 102, name: 'issues-only', openIssues: 4, prs: [] },
      {
        id: 103,
        name: 'monorepo',
        prs: Array.from({ length: 60 }, (_, i) => ({ number: i + 1, check: 'SUCCESS' as const })),
      },
      ...Array.from({ length: 18 }, (_, i) => ({
        id: 200 + i,
        name: `service-${i}`,
        prs: [
          { number: 1, check: 'FAILURE' as const },
          { number: 2, check: 'SUCCESS' as const },
        ],
      })),
    ];
    serveInstallations([
      { id: 7, repos },
      { id: 8, repos: [], suspended: true },
    ]);
    serveRepositories(7, repos);
    serveGraphql(repos, 4);

    const report = await sweepOpenPullRequests(deps, createSweepState(), {
      ...OPTIONS,
      maxEvaluations: 1_000,
    });

    expect(report).toMatchObject({
      installations: 1,
      repositories: 22,
      repositoriesIdle: 2,
      pullRequests: 96,
      byState: { passing: 78, blocking: 18 },
      enqueued: 96,
      requests: 6, // installations + repositories + 2 batches + 2 continuation pages
      graphqlCost: 4,
    });
    expect(requestsSeen).toBe(7); // … + one installation token, cached by Probot for an hour
  });

  it('caps evaluations per run and rotates: what was left over goes first next run', async () => {
    const repos: FakeRepo[] = [
      {
        id: 1,
        name: 'api',
        prs: [
          { number: 1, check: 'SUCCESS' },
          { number: 2, check: 'SUCCESS' },
          { number: 3, check: 'SUCCESS' },
          { number: 4, check: 'FAILURE' },
        ],
      },
    ];
    const state = createSweepState();
    for (const run of [1, 2]) {
      serveInstallations([{ id: 7, repos }], { tokens: run === 1 });
      serveRepositories(7, repos);
      serveGraphql(repos, 1);
      const report = await sweepOpenPullRequests(
        { ...deps, now: () => Date.parse('2026-11-27T12:00:00Z') + run * 900_000 },
        state,
        { ...OPTIONS, maxEvaluations: 2 },
      );
      expect(report).toMatchObject({ enqueued: 2, deferredPullRequests: 2 });
    }
    expect(enqueued.map((e) => e.target.number)).toEqual([1, 2, 3, 1]);
    expect(warnings).toEqual([
      'open-PR sweep could not cover everything; the rest goes first next run',
      'open-PR sweep could not cover everything; the rest goes first next run',
    ]);
  });

  it('stops at its request budget and starts next run with the repositories it did not reach', async () => {
    const repos: FakeRepo[] = [
      { id: 1, name: 'a', prs: [{ number: 1, check: 'SUCCESS' }] },
      { id: 2, name: 'b', prs: [{ number: 1, check: 'SUCCESS' }] },
    ];
    const state = createSweepState();
    serveInstallations([{ id: 7, repos }]);
    serveRepositories(7, repos);
    serveGraphql(repos, 1);
    const first = await sweepOpenPullRequests(deps, state, { ...OPTIONS, reposPerQuery: 1, maxRequests: 3 });
    expect(first).toMatchObject({ requests: 3, deferredRepositories: 1, enqueued: 1 });
    expect(enqueued.map((e) => e.target.repo)).toEqual(['a']);

    serveInstallations([{ id: 7, repos }], { tokens: false });
    serveRepositories(7, repos);
    serveGraphql(repos, 1);
    await sweepOpenPullRequests({ ...deps, now: () => Date.parse('2026-11-27T12:15:00Z') }, state, {
      ...OPTIONS,
      reposPerQuery: 1,
      maxRequests: 3,
    });
    expect(enqueued.map((e) => e.target.repo)).toEqual(['a', 'b']);
  });

  it('defers the rest of an installation when its GraphQL budget runs low', async () => {
    const repos: FakeRepo[] = [
      { id: 1, name: 'a', prs: [{ number: 1, check: 'SUCCESS' }] },
      { id: 2, name: 'b', prs: [{ number: 1, check: 'SUCCESS' }] },
    ];
    serveInstallations([{ id: 7, repos }]);
    serveRepositories(7, repos);
    serveGraphql(repos, 1, 999);
    const report = await sweepOpenPullRequests(deps, createSweepState(), { ...OPTIONS, reposPerQuery: 1 });
    expect(report).toMatchObject({ deferredRepositories: 1, enqueued: 1 });
    expect(warnings[0]).toBe('GraphQL budget low; rest of this installation deferred to the next sweep');
  });

  it('keeps sweeping other installations when one fails, and counts what the queue shed', async () => {
    const repos: FakeRepo[] = [{ id: 1, name: 'a', prs: [{ number: 1, check: 'SUCCESS' }] }];
    api()
      .get('/app/installations')
      .query(true)
      .reply(200, [
        { ...exampleInstallation, id: 7, suspended_at: null },
        { ...exampleInstallation, id: 8, suspended_at: null },
      ]);
    api().post('/app/installations/7/access_tokens').reply(404, { message: 'Not Found' });
    api()
      .post('/app/installations/8/access_tokens')
      .reply(201, { token: 'ghs_8', expires_at: '2099-01-01T00:00:00Z', permissions: {} });
    serveRepositories(8, repos);
    serveGraphql(repos, 1);
    const report = await sweepOpenPullRequests(
      { ...deps, enqueue: () => 'shed' },
      createSweepState(),
      OPTIONS,
    );
    expect(report).toMatchObject({ failedInstallations: 1, pullRequests: 1, enqueued: 0, shed: 1 });
    expect(warnings).toContain('sweep of an installation failed');
  });

  it('makes no request and enqueues nothing once shutdown has begun', async () => {
    const controller = new AbortController();
    controller.abort();
    const report = await sweepOpenPullRequests(
      { ...deps, signal: controller.signal },
      createSweepState(),
      OPTIONS,
    );
    expect(report).toMatchObject({ requests: 0, enqueued: 0 });
    expect(requestsSeen).toBe(0);
  });

  it('uses the rest of a partial GraphQL answer (a repository deleted since it was listed)', async () => {
    const repos: FakeRepo[] = [
      { id: 1, name: 'a', prs: [{ number: 1, check: 'SUCCESS' }] },
      { id: 2, name: 'gone', prs: [{ number: 5, check: 'SUCCESS' }] },
    ];
    serveInstallations([{ id: 7, repos }]);
    serveRepositories(7, repos);
    api()
      .post('/graphql')
      .reply(200, {
        data: {
          rateLimit: { cost: 1, remaining: 4_000 },
          nodes: [
            {
              id: 'R_1',
              pullRequests: {
                pageInfo: { hasNextPage: false, endCursor: '1' },
                nodes: [pullRequestNode({ number: 1, check: 'SUCCESS' })],
              },
            },
            null,
          ],
        },
        errors: [
          {
            type: 'NOT_FOUND',
            path: ['nodes', 1],
            message: "Could not resolve to a node with the global id of 'R_2'",
          },
        ],
      });
    const report = await sweepOpenPullRequests(deps, createSweepState(), OPTIONS);
    expect(report.enqueued).toBe(1);
    expect(warnings).toContain('sweep query answered partly');
  });
});
