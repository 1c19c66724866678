import { createSign } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { example } from '../../simulator/rest/represent.js';
import { type Simulator, startSimulator } from '../../simulator/server.js';
import { signBody } from '../../simulator/webhooks/sender.js';
import { MERGE_QUEUE_QUERY } from '../../src/github/find-pull-requests.js';
import * as prDocuments from '../../src/github/graphql/pull-request.js';
import { buildReviewerAccessQuery } from '../../src/github/graphql/reviewer-access.js';
import { SWEEP_OPEN_PULL_REQUESTS_QUERY } from '../../src/github/graphql/sweep-open-pull-requests.js';

/**
 * The simulator on its own (no app): it must reject what GitHub rejects, answer with GitHub's
 * status codes and bodies, and implement every GraphQL field the app's documents select.
 */

let sim: Simulator;
let token: string;
let pr: number;
/** A stand-in for the app's webhook endpoint: records what GitHub (the simulator) posts. */
let receiver: Server;
const received: Array<{ headers: Record<string, string | string[] | undefined>; body: string }> = [];

function appJwt(privateKeyPem: string, appId: number, now = Math.floor(Date.now() / 1000)): string {
  const segment = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const unsigned = `${segment({ alg: 'RS256', typ: 'JWT' })}.${segment({ iat: now - 30, exp: now + 540, iss: appId })}`;
  return `${unsigned}.${createSign('RSA-SHA256').update(unsigned).sign(privateKeyPem).toString('base64url')}`;
}

async function api(method: string, path: string, auth: string | null, body?: unknown) {
  const response = await fetch(`${sim.url}${path}`, {
    method,
    headers: { ...(auth ? { authorization: auth } : {}), 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return {
    status: response.status,
    body: (await response.json().catch(() => null)) as Record<string, unknown> | null,
  };
}

const graphql = async (query: string, variables: Record<string, unknown> = {}) =>
  (await api('POST', '/api/graphql', `token ${token}`, { query, variables })).body as {
    data?: Record<string, unknown> | null;
    errors?: Array<{ message: string; type?: string; path?: unknown[] }>;
  };

beforeAll(async () => {
  sim = await startSimulator();
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  sim.setWebhookUrl(`http://127.0.0.1:${(receiver.address() as AddressInfo).port}/api/github/webhooks`);
  const installationId = [...sim.store.installations.keys()][0]!;
  const created = await api(
    'POST',
    `/api/v3/app/installations/${installationId}/access_tokens`,
    `Bearer ${appJwt(sim.credentials.privateKeyPem, sim.credentials.appId)}`,
  );
  token = String(created.body?.token);
  await sim.drivers.push({
    as: 'alice',
    branch: 'feature',
    commits: [
      { message: 'One', files: { 'a.txt': 'a\n' } },
      { message: 'Two\n\nCo-authored-by: Bob Okafor <bob@acme.example>', files: { 'b.txt': 'b\n' } },
      { message: 'Three', files: { 'c.txt': 'c\n' } },
    ],
  });
  pr = (await sim.drivers.openPullRequest({ as: 'alice', head: 'feature', title: 'Feature', commits: [] }))
    .number;
}, 30_000);

afterAll(async () => {
  await sim?.close();
  await new Promise((resolve) => receiver?.close(resolve));
});

describe('GraphQL against the published schema', () => {
  test('a query GitHub would reject is rejected as a whole, in GitHub words', async () => {
    const result = await graphql(
      '{ repository(owner: "acme", name: "widgets") { pullRequest(number: 1) { nope } } }',
    );
    expect(result.data).toBeUndefined();
    expect(result.errors?.[0]?.message).toBe("Field 'nope' doesn't exist on type 'PullRequest'");
  });

  test('a field the simulator does not implement fails loudly with its name', async () => {
    const result = await graphql('{ repository(owner: "acme", name: "widgets") { name stargazerCount } }');
    expect(result.errors?.[0]?.message).toBe(
      'field Repository.stargazerCount is not implemented by the simulator',
    );
    expect(result.errors?.[0]?.path).toEqual(['repository', 'stargazerCount']);
  });

  test('connections need first or last, at most 100, and page with cursors', async () => {
    const q = (args: string) =>
      graphql(
        `{ repository(owner: "acme", name: "widgets") { pullRequest(number: ${pr}) { commits${args} { totalCount pageInfo { hasNextPage endCursor } nodes { commit { oid authors(first: 5) { nodes { name user { login } } } } } } } } }`,
      );
    expect((await q('')).errors?.[0]?.type).toBe('MISSING_PAGINATION_BOUNDARIES');
    expect((await q('(first: 101)')).errors?.[0]?.type).toBe('EXCESSIVE_PAGINATION');

    type Page = {
      totalCount: number;
      pageInfo: { hasNextPage: boolean; endCursor: string };
      nodes: Array<{
        commit: { oid: string; authors: { nodes: Array<{ user: { login: string } | null }> } };
      }>;
    };
    const pageOf = (r: Awaited<ReturnType<typeof q>>) =>
      (r.data!.repository as { pullRequest: { commits: Page } }).pullRequest.commits;
    const first = pageOf(await q('(first: 2)'));
    expect(first.totalCount).toBe(3);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = pageOf(await q(`(first: 2, after: "${first.pageInfo.endCursor}")`));
    expect(second.nodes).toHaveLength(1);
    expect(second.pageInfo.hasNextPage).toBe(false);
    // Commit.authors: the git author, then each Co-authored-by trailer, linked to its account.
    expect(first.nodes[1]?.commit.authors.nodes.map((a) => a.user?.login)).toEqual(['alice', 'bob']);
  });

  test('every GraphQL document the app sends runs without error', async () => {
    const head = sim.store.headSha(sim.drivers.pull(pr));
    const base = { owner: 'acme', name: 'widgets', number: pr };
    const runs: Array<[string, string, Record<string, unknown>]> = [
      [
        'PULL_REQUEST_QUERY',
        prDocuments.PULL_REQUEST_QUERY,
        { ...base, policyPath: '.github/custody.yml', appId: sim.app.id, checkName: 'custody' },
      ],
      [
        'HEAD_CHECK_RUN_QUERY',
        prDocuments.HEAD_CHECK_RUN_QUERY,
        { owner: 'acme', name: 'widgets', oid: head, appId: sim.app.id, checkName: 'custody' },
      ],
      ['COMMIT_AUTHORS_PAGE', prDocuments.COMMIT_AUTHORS_PAGE, { owner: 'acme', name: 'widgets', oid: head }],
      ['COMMIT_PARENTS_PAGE', prDocuments.COMMIT_PARENTS_PAGE, { owner: 'acme', name: 'widgets', oid: head }],
      [
        'SWEEP_OPEN_PULL_REQUESTS_QUERY',
        SWEEP_OPEN_PULL_REQUESTS_QUERY,
        { ids: [sim.world.repo.nodeId], first: 50, appId: sim.app.id, checkName: 'custody' },
      ],
      ['MERGE_QUEUE_QUERY', MERGE_QUEUE_QUERY, { owner: 'acme', name: 'widgets', branch: 'main' }],
      [
        'reviewer access',
        buildReviewerAccessQuery(2, 1, true),
        { owner: 'acme', name: 'widgets', login0: 'carol', login1: 'dave', org0: 'acme', team0: 'reviewers' },
      ],
    ];
    for (const [name, document] of Object.entries(prDocuments)) {
      if (name.endsWith('_PAGE') && name.startsWith('PULL_REQUEST_') && typeof document === 'string')
        runs.push([name, document, base]);
    }
    for (const [name, document, variables] of runs) {
      const result = await graphql(document, variables);
      // The organisation has no `.github` repository: GitHub answers NOT_FOUND for that alias.
      const errors = (result.errors ?? []).filter(
        (e) => !(e.type === 'NOT_FOUND' && e.path?.[0] === 'orgPolicy'),
      );
      expect(errors, name).toEqual([]);
      expect(result.data, name).toBeTruthy();
    }
  });
});

describe('REST with GitHub status codes and bodies', () => {
  test('unauthenticated and forged app tokens are refused', async () => {
    const anonymous = await api('GET', '/api/v3/repos/acme/widgets', null);
    expect(anonymous).toMatchObject({ status: 401, body: { message: 'Requires authentication' } });
    const other = (await import('../../simulator/http/auth.js')).generateAppKeyPair();
    const forged = await api(
      'GET',
      '/api/v3/app/installations',
      `Bearer ${appJwt(other.privateKeyPem, sim.credentials.appId)}`,
    );
    expect(forged).toMatchObject({ status: 401, body: { message: 'A JSON web token could not be decoded' } });
    const expired = appJwt(
      sim.credentials.privateKeyPem,
      sim.credentials.appId,
      Math.floor(Date.now() / 1000) - 3600,
    );
    expect((await api('GET', '/api/v3/app/installations', `Bearer ${expired}`)).status).toBe(401);
  });

  test("an installation token carries only the app's permissions", async () => {
    const app = sim.app as { permissions: Record<string, 'read' | 'write'> | null };
    const before = app.permissions;
    app.permissions = { checks: 'write', pull_requests: 'read' };
    try {
      const comment = await api(
        'POST',
        `/api/v3/repos/acme/widgets/issues/${pr}/comments`,
        `token ${token}`,
        { body: 'hi' },
      );
      expect(comment).toMatchObject({
        status: 403,
        body: { message: 'Resource not accessible by integration' },
      });
      expect((await api('GET', '/api/v3/repos/acme/widgets/pulls', `token ${token}`)).status).toBe(200);
    } finally {
      app.permissions = before;
    }
  });

  test('contents, labels and check runs answer as GitHub does', async () => {
    const auth = `token ${token}`;
    const readme = await api('GET', '/api/v3/repos/acme/widgets/contents/README.md', auth);
    expect(readme.body?.encoding).toBe('base64');
    expect(Buffer.from(String(readme.body?.content), 'base64').toString()).toMatch(/^# widgets/);
    expect(await api('GET', '/api/v3/repos/acme/widgets/contents/.github/custody.yml', auth)).toMatchObject({
      status: 404,
      body: { message: 'Not Found' },
    });
    expect(
      await api('POST', '/api/v3/repos/acme/widgets/labels', auth, { name: 'bug', color: 'ff0000' }),
    ).toMatchObject({
      status: 422,
      body: {
        message: 'Validation Failed',
        errors: [{ resource: 'Label', code: 'already_exists', field: 'name' }],
      },
    });
    const missingSha = await api('POST', '/api/v3/repos/acme/widgets/check-runs', auth, {
      name: 'custody',
      head_sha: 'f'.repeat(40),
    });
    expect(missingSha).toMatchObject({
      status: 422,
      body: { message: `No commit found for SHA: ${'f'.repeat(40)}` },
    });
    const pat = `token ${sim.personalToken('carol')}`;
    const head = sim.store.headSha(sim.drivers.pull(pr));
    expect(
      (await api('POST', '/api/v3/repos/acme/widgets/check-runs', pat, { name: 'custody', head_sha: head }))
        .status,
    ).toBe(403);
    expect(
      (await api('GET', '/api/v3/repos/acme/widgets/collaborators/carol/permission', pat)).body,
    ).toMatchObject({
      permission: 'write',
      role_name: 'maintain',
    });
  });
});

describe('webhooks and drivers', () => {
  test('deliveries are signed with the webhook secret and carry GitHub headers', () => {
    // The push (with the check suite GitHub requests for it), then the PR being opened.
    expect(received.map((r) => r.headers['x-github-event']).sort()).toEqual([
      'check_suite',
      'pull_request',
      'push',
    ]);
    for (const r of received) {
      expect(r.headers['x-hub-signature-256']).toBe(signBody(sim.credentials.webhookSecret, r.body).sha256);
      expect(r.headers['x-github-delivery']).toMatch(/^[0-9a-f-]{36}$/);
      expect(r.headers['x-github-hook-installation-target-id']).toBe(String(sim.app.id));
    }
    expect(sim.store.deliveries.every((d) => d.status === 'OK')).toBe(true);
  });

  test('payloads carry the same top-level keys as the @octokit/webhooks-examples ones', async () => {
    const delivery = received.find((r) => r.headers['x-github-event'] === 'pull_request');
    expect(delivery).toBeDefined();
    const payload = JSON.parse(delivery!.body) as Record<string, unknown>;
    const reference = example('pull_request', (e) => e.action === 'opened' && e.installation !== undefined);
    expect(Object.keys(payload).sort()).toEqual([...Object.keys(reference), 'organization'].sort());
    expect(Object.keys(payload.pull_request as object).sort()).toEqual(
      Object.keys(reference.pull_request as object).sort(),
    );
  });

  test('the app can list its deliveries (newest first) and redeliver one with the same GUID', async () => {
    const jwt = `Bearer ${appJwt(sim.credentials.privateKeyPem, sim.credentials.appId)}`;
    const list = await api('GET', '/api/v3/app/hook/deliveries?per_page=2', jwt);
    const page = list.body as unknown as Array<{ id: number; guid: string; status: string; event: string }>;
    expect(page).toHaveLength(2);
    expect(page[0]!.id).toBeGreaterThan(page[1]!.id);
    expect(page.every((d) => d.status === 'OK')).toBe(true);
    const before = received.length;
    expect((await api('POST', `/api/v3/app/hook/deliveries/${page[0]!.id}/attempts`, jwt)).status).toBe(202);
    await sim.settle({ quietMs: 50 });
    expect(received.length).toBe(before + 1);
    expect(received.at(-1)?.headers['x-github-delivery']).toBe(page[0]!.guid);
    expect((await api('GET', '/api/v3/app/hook/deliveries', `token ${token}`)).status).toBe(401);
  });

  test("signatures follow GitHub's documented test vector", () => {
    expect(signBody("It's a Secret to Everybody", 'Hello, World!').sha256).toBe(
      'sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17',
    );
  });

  test("the app's own re-run request comes back as check_run.rerequested", async () => {
    const auth = `token ${token}`;
    const head = sim.store.headSha(sim.drivers.pull(pr));
    const created = await api('POST', '/api/v3/repos/acme/widgets/check-runs', auth, {
      name: 'custody',
      head_sha: head,
      conclusion: 'action_required',
      output: { title: 'Waiting', summary: 'Waiting for a human' },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: 'completed', conclusion: 'action_required' });
    const before = received.length;
    const rerun = await api(
      'POST',
      `/api/v3/repos/acme/widgets/check-runs/${created.body?.id}/rerequest`,
      auth,
    );
    expect(rerun.status).toBe(201);
    await sim.settle({ quietMs: 50 });
    const events = received
      .slice(before)
      .map((r) => JSON.parse(r.body) as { action: string; check_run?: { id: number } });
    expect(events).toContainEqual(
      expect.objectContaining({
        action: 'rerequested',
        check_run: expect.objectContaining({ id: created.body?.id }),
      }),
    );
  });

  test('the control endpoint runs a driver as a user and reports the webhooks', async () => {
    const response = await fetch(`${sim.url}/_simulator/submitReview`, {
      method: 'POST',
      body: JSON.stringify({ as: 'carol', number: pr, state: 'COMMENTED', body: 'Looks fine' }),
    });
    const answer = (await response.json()) as {
      reviewId: number;
      deliveries: Array<{ event: string; status: number }>;
    };
    expect(answer).toMatchObject({ deliveries: [{ event: 'pull_request_review.submitted', status: 200 }] });
    expect(sim.store.reviews.find((r) => r.id === answer.reviewId)?.state).toBe('COMMENTED');
  });

  test('GitHub refuses an approval from the pull request author', async () => {
    await expect(sim.drivers.submitReview({ as: 'alice', number: pr, state: 'APPROVED' })).rejects.toThrow(
      /Can not approve your own pull request/,
    );
  });
});

describe("GitHub's check-run limits", () => {
  const write = (output: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
    api('POST', '/api/v3/repos/acme/widgets/check-runs', `token ${token}`, {
      name: 'limits',
      head_sha: sim.store.headSha(sim.drivers.pull(pr)),
      conclusion: 'neutral',
      output: { title: 'Limits', ...output },
      ...extra,
    });

  test('a summary is refused over 65,535 characters and over 65,535 UTF-8 bytes', async () => {
    expect((await write({ summary: 'a'.repeat(65_535) })).status).toBe(201);
    expect(await write({ summary: 'a'.repeat(65_536) })).toMatchObject({
      status: 422,
      body: { errors: ['Invalid request.\n\nOnly 65535 characters are allowed; 65536 were supplied.'] },
    });
    expect((await write({ summary: 'é'.repeat(32_767) })).status).toBe(201);
    expect(await write({ summary: 'é'.repeat(32_768) })).toMatchObject({
      status: 422,
      body: { message: 'summary exceeds a maximum bytesize of 65535' },
    });
  });

  test('a text over 65,535 bytes is cut there at a whole character, without a word', async () => {
    const created = await write({ summary: 's', text: '😀'.repeat(32_767) });
    expect(created.status).toBe(201);
    const text = String((created.body?.output as { text?: string } | undefined)?.text);
    expect(text).toBe('😀'.repeat(16_383));
    expect(Buffer.byteLength(text)).toBe(65_532);
  });

  test('more than 50 annotations, a details_url that is not http(s) and long external ids', async () => {
    const annotation = {
      path: 'a.txt',
      start_line: 1,
      end_line: 1,
      annotation_level: 'notice',
      message: 'm',
    };
    expect(
      (await write({ summary: 's', annotations: Array.from({ length: 51 }, () => annotation) })).status,
    ).toBe(422);
    expect(await write({ summary: 's' }, { details_url: 'javascript:alert(1)' })).toMatchObject({
      status: 422,
      body: { message: 'details_url must use the http or https scheme' },
    });
    const long = await write({ summary: 's' }, { external_id: 'x'.repeat(300) });
    expect(long.body?.external_id).toBe('x'.repeat(255));
  });
});

describe('objects as GitHub shows them today', () => {
  test('blobs say when they are binary or cut, and a large text is cut at a whole character', async () => {
    const big = 'é'.repeat(300_000);
    await sim.drivers.push({
      as: 'alice',
      branch: 'blobs',
      commits: [
        {
          message: 'Blobs',
          files: { 'logo.png': '\u0089PNG\r\n\u001a\n\u0000\u0000', 'big.txt': big, 'small.txt': 'hi\n' },
        },
      ],
    });
    const blob = async (path: string) => {
      const result = await graphql(
        'query($e: String!) { repository(owner: "acme", name: "widgets") { object(expression: $e) { ... on Blob { text isBinary isTruncated byteSize } } } }',
        { e: `blobs:${path}` },
      );
      return (result.data?.repository as { object: Record<string, unknown> } | undefined)?.object ?? {};
    };
    expect(await blob('logo.png')).toMatchObject({ text: null, isBinary: true, isTruncated: false });
    expect(await blob('small.txt')).toMatchObject({ text: 'hi\n', isBinary: false, isTruncated: false });
    const cut = await blob('big.txt');
    expect(cut).toMatchObject({ isBinary: false, isTruncated: true, byteSize: 600_000 });
    expect(big.startsWith(String(cut.text))).toBe(true);
    expect(Buffer.byteLength(String(cut.text))).toBe(512 * 1024);
  });

  test('team members are found by login or by name', async () => {
    const members = async (query: string) => {
      const result = await graphql(
        'query($q: String!) { organization(login: "acme") { team(slug: "reviewers") { members(query: $q, first: 10) { nodes { login } } } } }',
        { q: query },
      );
      const org = result.data?.organization as
        | { team: { members: { nodes: Array<{ login: string }> } } }
        | undefined;
      return org?.team.members.nodes.map((n) => n.login);
    };
    expect(await members('bob')).toEqual(['bob']);
    expect(await members('Okafor')).toEqual(['bob']);
  });

  test('repositories carry has_discussions', async () => {
    const repo = await api('GET', '/api/v3/repos/acme/widgets', `token ${token}`);
    expect(repo.body?.has_discussions).toBe(false);
  });
});
