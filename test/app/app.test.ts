import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { createDeliveryCache } from '../../src/app/handlers/delivery-cache.js';
import { MERGE_QUEUE_QUERY } from '../../src/github/find-pull-requests.js';
import { executeAgainstSchema } from '../fixtures/graphql/execute-against-schema.js';
import {
  APP_ID,
  commit,
  gitActor,
  NUMBER,
  OWNER,
  type PullRequestScenario,
  pullRequestExchanges,
  REPO,
  review,
  sha,
  user,
} from '../fixtures/graphql/pull-request-fixture.js';
import { API, interceptGraphql, useStrictNock } from '../fixtures/graphql/strict-nock.js';
import { inRepository, loadWebhook } from '../fixtures/webhooks/load-webhook.js';
import { createHarness, interceptWrite } from './harness.js';

useStrictNock();

const repo = inRepository(OWNER, REPO);
const REPOS = `/repos/${OWNER}/${REPO}`;

/** One commit co-authored by Claude: agent involvement, so approval from an independent human is needed. */
const agentCommit = commit(1, {
  message: 'Add the launch sequence\n\nCo-authored-by: Claude <noreply@anthropic.com>',
  coAuthors: [gitActor('Claude', 'noreply@anthropic.com')],
});
const HEAD = agentCommit.oid;
const base: PullRequestScenario = { commits: [agentCommit] };

const prEvent = (action: string, patch: object = {}) =>
  loadWebhook('pull_request', action, {
    ...repo,
    number: NUMBER,
    pull_request: { number: NUMBER, head: { sha: HEAD } },
    ...patch,
  } as never);

/** A review event about the review the GraphQL fixtures list first (`PRR_1`). */
const reviewEvent = (
  action: string,
  review = { node_id: 'PRR_1', state: 'approved', user: { login: 'grace' } },
) =>
  loadWebhook('pull_request_review', action, {
    ...repo,
    pull_request: { number: NUMBER, head: { sha: HEAD } },
    review,
  } as never);

interface Published {
  checkRun: { output: { title: string; summary: string }; conclusion: string; external_id?: string };
  comment: string;
}

/** First evaluation of the agent PR: what it writes, so later scenarios can start from it. */
/** The first evaluation, after a push (`synchronize`): its sender is recorded as the head's pusher. */
async function firstEvaluation(harness = createHarness(), action = 'synchronize'): Promise<Published> {
  const graphql = interceptGraphql(pullRequestExchanges(base));
  const check = interceptWrite('post', `${REPOS}/check-runs`, { status: 201, body: { id: 555 } });
  const label = interceptWrite('post', `${REPOS}/labels`, { status: 201, body: {} });
  const addLabels = interceptWrite('post', `${REPOS}/issues/${NUMBER}/labels`);
  const comment = interceptWrite('post', `${REPOS}/issues/${NUMBER}/comments`, {
    status: 201,
    body: { id: 9 },
  });
  await harness.deliver('pull_request', prEvent(action));
  expect(graphql.requests()).toBe(1);
  expect(label.bodies).toEqual([
    { name: 'agent:claude', color: '8250df', description: expect.stringContaining('Claude Code') },
  ]);
  expect(addLabels.bodies).toEqual([{ labels: ['agent:claude'] }]);
  return {
    checkRun: check.bodies[0] as Published['checkRun'],
    comment: (comment.bodies[0] as { body: string }).body,
  };
}

/** The scenario as GitHub shows it after the first evaluation's writes. */
function afterFirst(published: Published, scenario: PullRequestScenario = base): PullRequestScenario {
  return {
    ...scenario,
    labels: ['agent:claude'],
    comments: [{ databaseId: 9, viewerDidAuthor: true, body: published.comment }],
    checkRuns: [
      {
        databaseId: 555,
        externalId: published.checkRun.external_id ?? null,
        status: 'COMPLETED',
        conclusion: published.checkRun.conclusion.toUpperCase(),
        title: published.checkRun.output.title,
        summary: published.checkRun.output.summary,
      },
    ],
  };
}

describe('pull_request.opened on an agent PR', () => {
  it('reads once, then writes the check run, the provenance label and the reviewer comment', async () => {
    const harness = createHarness();
    const published = await firstEvaluation(harness, 'opened');
    expect(harness.decisions()).toEqual([
      expect.objectContaining({
        event: 'pull_request.opened',
        installationId: 7,
        repo: `${OWNER}/${REPO}`,
        pullNumber: NUMBER,
        headSha: HEAD,
        state: 'waiting',
        agents: ['claude'],
        requests: { reads: 1, writes: 4, total: 5 },
        writes: {
          checkRun: 'created',
          checkRunId: expect.any(Number),
          labels: { added: ['agent:claude'], removed: [], created: ['agent:claude'] },
          comment: 'created',
        },
        error: null,
      }),
    ]);
    expect(published.checkRun).toMatchObject({
      name: 'custody',
      head_sha: HEAD,
      status: 'completed',
      conclusion: 'action_required',
    });
    // The `opened` sender opened the PR; nothing says they pushed its head.
    expect(published.checkRun.external_id).toBeUndefined();
    expect(published.comment).toContain('<!-- custody:comment:v1 -->');
  });
});

describe('steady state', () => {
  it('re-delivery of the same event: one GraphQL read, zero writes', async () => {
    const published = await firstEvaluation();
    const harness = createHarness();
    const graphql = interceptGraphql(pullRequestExchanges(afterFirst(published)));
    await harness.deliver('pull_request', prEvent('synchronize'));
    expect(graphql.requests()).toBe(1);
    expect(harness.decisions()).toEqual([
      expect.objectContaining({
        state: 'waiting',
        requests: { reads: 1, writes: 0, total: 1 },
        writes: {
          checkRun: 'unchanged',
          checkRunId: expect.any(Number),
          labels: { added: [], removed: [], created: [] },
          comment: 'unchanged',
        },
      }),
    ]);
  });

  it('a review that changes nothing (a comment): one GraphQL read, zero writes', async () => {
    const published = await firstEvaluation();
    const harness = createHarness();
    const commented = {
      ...afterFirst(published),
      reviews: [review(1, user('grace', 7), 'COMMENTED', { commit: { oid: HEAD } })],
    };
    interceptGraphql(pullRequestExchanges(commented));
    await harness.deliver('pull_request_review', reviewEvent('submitted'));
    expect(harness.decisions()).toEqual([
      expect.objectContaining({ requests: { reads: 1, writes: 0, total: 1 } }),
    ]);
  });

  it('an approval by an independent human: a pass is confirmed by a second read after the wait, then one write', async () => {
    const published = await firstEvaluation();
    const waits: number[] = [];
    const harness = createHarness(
      { confirmPassMs: 3_000 },
      {
        wait: async (ms) => {
          waits.push(ms);
        },
      },
    );
    const approved = {
      ...afterFirst(published),
      reviews: [review(1, user('grace', 7), 'APPROVED', { commit: { oid: HEAD } })],
    };
    const graphql = interceptGraphql([...pullRequestExchanges(approved), ...pullRequestExchanges(approved)]);
    const update = interceptWrite('patch', `${REPOS}/check-runs/555`);
    await harness.deliver('pull_request_review', reviewEvent('submitted'));
    expect(waits).toEqual([3_000]);
    expect(graphql.requests()).toBe(2);
    expect(update.bodies).toEqual([
      expect.objectContaining({
        conclusion: 'success',
        status: 'completed',
        external_id: published.checkRun.external_id,
      }),
    ]);
    expect(harness.decisions()).toEqual([
      expect.objectContaining({
        state: 'satisfied',
        approvals: { counted: ['@grace'], ignored: [] },
        requests: { reads: 2, writes: 1, total: 3 },
      }),
    ]);
  });

  it('a pass the confirming read no longer shows (the approval dismissed meanwhile) is never written', async () => {
    const published = await firstEvaluation();
    const harness = createHarness();
    const approval = (state: 'APPROVED' | 'DISMISSED') => ({
      ...afterFirst(published),
      reviews: [review(1, user('grace', 7), state, { commit: { oid: HEAD } })],
    });
    interceptGraphql([
      ...pullRequestExchanges(approval('APPROVED')),
      ...pullRequestExchanges(approval('DISMISSED')),
    ]);
    await harness.deliver('pull_request_review', reviewEvent('submitted'));
    // The check already says action_required: the confirmed verdict changes nothing, so no write.
    expect(harness.decisions()).toEqual([
      expect.objectContaining({ state: 'waiting', requests: { reads: 2, writes: 0, total: 2 } }),
    ]);
  });

  it('a check that already passes is not confirmed again: one read', async () => {
    const published = await firstEvaluation();
    const approved = {
      ...afterFirst(published),
      reviews: [review(1, user('grace', 7), 'APPROVED', { commit: { oid: HEAD } })],
    };
    const first = createHarness();
    interceptGraphql([...pullRequestExchanges(approved), ...pullRequestExchanges(approved)]);
    const update = interceptWrite('patch', `${REPOS}/check-runs/555`);
    await first.deliver('pull_request_review', reviewEvent('submitted'));
    const passing = afterFirst(
      { ...published, checkRun: update.bodies[0] as Published['checkRun'] },
      approved,
    );
    const harness = createHarness();
    const graphql = interceptGraphql(pullRequestExchanges(passing));
    await harness.deliver('pull_request_review', reviewEvent('submitted'));
    expect(graphql.requests()).toBe(1);
    expect(harness.decisions()).toEqual([
      expect.objectContaining({ state: 'satisfied', requests: { reads: 1, writes: 0, total: 1 } }),
    ]);
  });

  it('a pass re-worded (a second approver) is written only after a confirming read', async () => {
    const published = await firstEvaluation();
    const approved = {
      ...afterFirst(published),
      reviews: [review(1, user('grace', 7), 'APPROVED', { commit: { oid: HEAD } })],
    };
    const first = createHarness();
    interceptGraphql([...pullRequestExchanges(approved), ...pullRequestExchanges(approved)]);
    const update = interceptWrite('patch', `${REPOS}/check-runs/555`);
    await first.deliver('pull_request_review', reviewEvent('submitted'));
    const twice = {
      ...afterFirst({ ...published, checkRun: update.bodies[0] as Published['checkRun'] }, approved),
      reviews: [...approved.reviews, review(2, user('heidi', 8), 'APPROVED', { commit: { oid: HEAD } })],
    };
    const harness = createHarness();
    const graphql = interceptGraphql([...pullRequestExchanges(twice), ...pullRequestExchanges(twice)]);
    const reworded = interceptWrite('patch', `${REPOS}/check-runs/555`);
    await harness.deliver('pull_request_review', reviewEvent('submitted'));
    expect(graphql.requests()).toBe(2);
    expect(reworded.bodies).toEqual([expect.objectContaining({ conclusion: 'success' })]);
  });
});

describe('events that cost nothing', () => {
  it("another app's check_run.rerequested: zero requests", async () => {
    const harness = createHarness();
    await harness.deliver(
      'check_run',
      loadWebhook('check_run', 'rerequested', { ...repo, check_run: { name: 'custody' } }),
    );
    expect(harness.decisions()).toEqual([]);
  });

  it('pull_request.closed: zero requests', async () => {
    const harness = createHarness();
    await harness.deliver('pull_request', prEvent('closed'));
    expect(harness.decisions()).toEqual([]);
  });

  it('events of kinds not handled (issues.opened, pull_request.labeled): zero requests', async () => {
    const harness = createHarness();
    await harness.deliver('issues', loadWebhook('issues', 'opened', repo as never));
    await harness.deliver('pull_request', prEvent('labeled'));
    expect(harness.custody.queue.stats().enqueued).toBe(0);
  });

  it("the app's own actions: zero requests", async () => {
    const harness = createHarness();
    await harness.deliver(
      'pull_request',
      prEvent('synchronize', { sender: { login: 'custody-app[bot]', type: 'Bot' } }),
    );
    expect(harness.custody.queue.stats().enqueued).toBe(0);
  });

  it('a duplicate delivery id is skipped when the delivery cache is on', async () => {
    const published = await firstEvaluation();
    const harness = createHarness({}, { deliveries: createDeliveryCache() });
    interceptGraphql(pullRequestExchanges(afterFirst(published)));
    await harness.deliver('pull_request', prEvent('synchronize'), 'same-guid');
    await harness.deliver('pull_request', prEvent('synchronize'), 'same-guid');
    expect(harness.decisions()).toHaveLength(1);
  });
});

describe('fail closed', () => {
  it('a PR closed by the time it is read: one read, nothing written', async () => {
    const harness = createHarness();
    const [main] = pullRequestExchanges(base);
    const data = main!.response.data as { repository: { pullRequest: { state: string } } };
    data.repository.pullRequest.state = 'CLOSED';
    interceptGraphql([main!]);
    await harness.deliver('pull_request', prEvent('synchronize'));
    expect(harness.decisions()).toEqual([
      expect.objectContaining({ state: 'closed', requests: { reads: 1, writes: 0, total: 1 } }),
    ]);
  });

  it('an invalid policy: a failure check naming the file, line and key', async () => {
    const harness = createHarness();
    interceptGraphql(pullRequestExchanges({ ...base, repoPolicy: 'approvals:\n  count: 0\n' }));
    const check = interceptWrite('post', `${REPOS}/check-runs`, { status: 201, body: { id: 556 } });
    await harness.deliver('pull_request', prEvent('opened'));
    const body = check.bodies[0] as { conclusion: string; output: { title: string; summary: string } };
    expect(body.conclusion).toBe('failure');
    expect(body.output.title).toContain('invalid policy');
    expect(body.output.summary).toContain('.github/custody.yml:2');
    expect(body.output.summary).toContain('approvals.count');
    // The agents already known are still shown (under the built-in catalogue), not "none".
    expect(body.output.summary).not.toContain('**Agents:** none');
    expect(body.output.summary).toContain('Claude Code');
    expect(harness.decisions()).toEqual([
      expect.objectContaining({
        state: 'error',
        writes: {
          checkRun: 'created',
          checkRunId: expect.any(Number),
          labels: 'skipped',
          comment: 'skipped',
        },
      }),
    ]);
  });

  it('a GraphQL error inside a 200 (partial data): a failure check, never success, and the error is logged', async () => {
    const harness = createHarness();
    const [main] = pullRequestExchanges(base);
    main!.response.errors = [
      {
        message: 'Something went wrong while executing your query.',
        path: ['repository', 'pullRequest', 'reviews'],
      },
    ];
    interceptGraphql([main!]);
    const lookup = nock(API)
      .get(`${REPOS}/commits/${HEAD}/check-runs`)
      .query(true)
      .reply(200, { total_count: 0, check_runs: [] });
    const check = interceptWrite('post', `${REPOS}/check-runs`, { status: 201, body: { id: 557 } });
    await harness.deliver('pull_request', prEvent('synchronize'));
    expect(lookup.isDone()).toBe(true);
    expect(check.bodies).toEqual([
      expect.objectContaining({
        head_sha: HEAD,
        conclusion: 'failure',
        output: expect.objectContaining({ summary: expect.stringMatching(/Re-run/) }),
      }),
    ]);
    expect(harness.decisions()).toEqual([
      expect.objectContaining({ state: 'error', error: expect.any(String) }),
    ]);
  });

  it('more files than GitHub lists: permanent, so one failure check saying what to do, and no retry', async () => {
    const harness = createHarness({ maxAttempts: 3 });
    const [main] = pullRequestExchanges({ ...base, changedFiles: 3001 });
    interceptGraphql([main!]);
    const lookup = nock(API)
      .get(`${REPOS}/commits/${HEAD}/check-runs`)
      .query(true)
      .reply(200, { total_count: 0, check_runs: [] });
    const check = interceptWrite('post', `${REPOS}/check-runs`, { status: 201, body: { id: 558 } });
    await harness.deliver('pull_request', prEvent('synchronize'));
    expect(lookup.isDone()).toBe(true);
    expect(check.bodies).toHaveLength(1);
    const body = check.bodies[0] as { conclusion: string; output: { summary: string } };
    expect(body.conclusion).toBe('failure');
    expect(body.output.summary).toMatch(/split the pull request into ones of at most 3000 files/);
    expect(body.output.summary).not.toMatch(/Re-run the check/);
    expect(harness.decisions()).toEqual([
      expect.objectContaining({ state: 'error', requests: expect.objectContaining({ writes: 1 }) }),
    ]);
    expect(harness.custody.queue.stats()).toMatchObject({ retries: 0, retrying: 0 });
  });

  it('a failing read with our run already on the head: the run is updated in place, not duplicated', async () => {
    const published = await firstEvaluation();
    const harness = createHarness();
    nock(API).post('/graphql').reply(502, { message: 'Bad Gateway' });
    nock(API)
      .get(`${REPOS}/commits/${HEAD}/check-runs`)
      .query((q) => q.check_name === 'custody')
      .reply(200, {
        total_count: 1,
        check_runs: [
          {
            id: 555,
            external_id: published.checkRun.external_id,
            status: 'completed',
            conclusion: 'action_required',
            output: { title: 'Waiting', summary: 'x' },
            app: { id: APP_ID },
          },
        ],
      });
    const update = interceptWrite('patch', `${REPOS}/check-runs/555`);
    await harness.deliver('pull_request', prEvent('synchronize'));
    expect(update.bodies).toEqual([expect.objectContaining({ conclusion: 'failure' })]);
  });

  it('GitHub refusing writes too: nothing passing is left, the failure is logged', async () => {
    const harness = createHarness();
    interceptGraphql(pullRequestExchanges(base));
    // The create fails, so the failure path looks for a run the create may have left anyway.
    nock(API).post(`${REPOS}/check-runs`).times(2).reply(502, { message: 'Server Error' });
    nock(API)
      .get(`${REPOS}/commits/${HEAD}/check-runs`)
      .query(true)
      .reply(200, { total_count: 0, check_runs: [] });
    await harness.deliver('pull_request', prEvent('synchronize'));
    expect(harness.decisions()).toEqual([
      expect.objectContaining({ state: 'error', error: expect.stringContaining('502') }),
    ]);
    expect(harness.lines.some((l) => l.msg === 'custody could not publish the failure check')).toBe(true);
  });
});

/** A REST pull request as `pulls.list` returns it, from the webhook example's real shape. */
function restPull(number: number, headSha: string) {
  const { pull_request } = loadWebhook('pull_request', 'opened', {
    pull_request: { number, head: { sha: headSha } },
  } as never);
  return pull_request;
}

const LIST_OPEN = { state: 'open', sort: 'created', direction: 'asc', per_page: '100' };

describe('check_run.rerequested on our check', () => {
  it('for a fork PR (no PR in the payload): finds it by head SHA, re-evaluates, and updates the run even if unchanged', async () => {
    const published = await firstEvaluation();
    const harness = createHarness();
    const rerun = loadWebhook('check_run', 'rerequested', {
      ...repo,
      check_run: { name: 'custody', head_sha: HEAD, app: { id: APP_ID } },
    } as never);
    nock(API)
      .get(`${REPOS}/pulls`)
      .query({ ...LIST_OPEN, sort: 'updated', direction: 'desc' })
      .reply(200, [restPull(41, sha(99)), restPull(NUMBER, HEAD)]);
    interceptGraphql(pullRequestExchanges(afterFirst(published)));
    const update = interceptWrite('patch', `${REPOS}/check-runs/555`);
    await harness.deliver('check_run', rerun);
    expect(update.bodies).toEqual([expect.objectContaining({ conclusion: 'action_required' })]);
    expect(harness.decisions()).toEqual([
      expect.objectContaining({
        event: 'check_run.rerequested',
        pullNumber: NUMBER,
        requests: { reads: 1, writes: 1, total: 2 },
      }),
    ]);
  });
});

describe('pull_request.edited with a new base', () => {
  it("re-evaluates under the new base's policy and revokes a success earned under the old one", async () => {
    const published = await firstEvaluation();
    const approval = review(1, user('grace', 7), 'APPROVED', { commit: { oid: HEAD } });
    const before = afterFirst(published, { ...base, reviews: [approval] });
    const scenario: PullRequestScenario = {
      ...before,
      repoPolicy: 'approvals:\n  count: 2\n',
      checkRuns: [
        { ...before.checkRuns![0]!, conclusion: 'SUCCESS', title: 'Independent approval in place' },
      ],
    };
    const harness = createHarness();
    interceptGraphql(pullRequestExchanges(scenario));
    const update = interceptWrite('patch', `${REPOS}/check-runs/555`);
    interceptWrite('patch', `${REPOS}/issues/comments/9`);
    const edited = prEvent('opened', {
      action: 'edited',
      changes: { base: { ref: { from: 'dev' }, sha: { from: sha(7) } } },
    });
    await harness.deliver('pull_request', edited);
    expect(update.bodies).toEqual([expect.objectContaining({ conclusion: 'action_required' })]);
  });
});

describe('events naming an older head', () => {
  it("evaluates GitHub's current head, never credits the event's sender as its pusher, and looks again later", async () => {
    const harness = createHarness({ maxAttempts: 2 });
    const newer = commit(2, {
      message: 'more\n\nCo-authored-by: Claude <noreply@anthropic.com>',
      coAuthors: [gitActor('Claude', 'noreply@anthropic.com')],
    });
    interceptGraphql(pullRequestExchanges({ commits: [agentCommit, newer] }));
    const check = interceptWrite('post', `${REPOS}/check-runs`, { status: 201, body: { id: 600 } });
    interceptWrite('post', `${REPOS}/labels`, {
      status: 422,
      body: { message: 'Validation Failed', errors: [{ code: 'already_exists' }] },
    });
    interceptWrite('post', `${REPOS}/issues/${NUMBER}/labels`);
    interceptWrite('post', `${REPOS}/issues/${NUMBER}/comments`, { status: 201, body: { id: 10 } });
    await harness.deliver('pull_request', prEvent('synchronize'));
    expect(check.bodies).toEqual([expect.objectContaining({ head_sha: newer.oid })]);
    expect(check.bodies[0]).not.toHaveProperty('external_id');
    expect(harness.decisions()).toEqual([
      expect.objectContaining({ headSha: newer.oid, eventHeadSha: HEAD }),
    ]);
    expect(harness.custody.queue.stats()).toMatchObject({ retries: 1, retrying: 1 });
  });
});

describe('a burst of events for one PR', () => {
  it('50 deliveries at once: at most 3 evaluations, each of the latest state', async () => {
    const published = await firstEvaluation();
    const harness = createHarness();
    const exchanges = pullRequestExchanges(afterFirst(published));
    let reads = 0;
    nock(API)
      .post('/graphql')
      .times(3)
      .reply(200, () => {
        reads += 1;
        return exchanges[0]!.response;
      });
    await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        harness.probot.receive({
          id: `burst-${i}`,
          name: 'pull_request',
          payload: prEvent('synchronize'),
        } as never),
      ),
    );
    await harness.custody.queue.drain();
    console.info(`burst of 50: ${reads} evaluation(s)`);
    expect(reads).toBeGreaterThanOrEqual(1);
    expect(reads).toBeLessThanOrEqual(3);
    expect(harness.decisions().reduce((sum, d) => sum + d.events, 0)).toBe(50);
    nock.cleanAll(); // the unused allowance of reads
  });
});

describe('merge_group.checks_requested', () => {
  const groupSha = sha(500);
  const event = () =>
    loadWebhook('merge_group', 'checks_requested', {
      ...repo,
      merge_group: { head_sha: groupSha, base_ref: 'refs/heads/main' },
    } as never);
  const queue = (entries: Array<{ number: number; head: string; group: string }>) => {
    const variables = { owner: OWNER, name: REPO, branch: 'main' };
    const root = {
      repository: {
        mergeQueue: {
          entries: {
            totalCount: entries.length,
            nodes: entries.map((e, i) => ({
              position: i + 1,
              headCommit: { oid: e.group },
              pullRequest: { number: e.number, headRefOid: e.head },
            })),
          },
        },
      },
    };
    nock(API)
      .post('/graphql', (body: { query: string }) => body.query === MERGE_QUEUE_QUERY)
      .reply(200, { data: executeAgainstSchema(MERGE_QUEUE_QUERY, variables, root) });
  };

  it('passes the group only when every PR in it passes, re-evaluated now, never on trust', async () => {
    const published = await firstEvaluation();
    const harness = createHarness();
    queue([{ number: NUMBER, head: HEAD, group: groupSha }]);
    interceptGraphql(pullRequestExchanges(afterFirst(published)));
    const check = interceptWrite('post', `${REPOS}/check-runs`, { status: 201, body: { id: 700 } });
    await harness.deliver('merge_group', event());
    expect(check.bodies).toEqual([
      expect.objectContaining({
        head_sha: groupSha,
        name: 'custody',
        conclusion: 'failure',
        output: expect.objectContaining({ summary: expect.stringContaining(`#${NUMBER}`) }),
      }),
    ]);
  });

  it('posts success when every PR in the group is cleared', async () => {
    const published = await firstEvaluation();
    const harness = createHarness();
    const approved = afterFirst(published, {
      ...base,
      reviews: [review(1, user('grace', 7), 'APPROVED', { commit: { oid: HEAD } })],
    });
    queue([{ number: NUMBER, head: HEAD, group: groupSha }]);
    // The PR's own check turns to a pass: confirmed by a second read.
    interceptGraphql([...pullRequestExchanges(approved), ...pullRequestExchanges(approved)]);
    interceptWrite('patch', `${REPOS}/check-runs/555`);
    const check = interceptWrite('post', `${REPOS}/check-runs`, { status: 201, body: { id: 701 } });
    await harness.deliver('merge_group', event());
    expect(check.bodies).toEqual([expect.objectContaining({ head_sha: groupSha, conclusion: 'success' })]);
  });

  it('fails the group when its entry cannot be found in the queue', async () => {
    const harness = createHarness();
    queue([{ number: NUMBER, head: HEAD, group: sha(501) }]);
    const check = interceptWrite('post', `${REPOS}/check-runs`, { status: 201, body: { id: 702 } });
    await harness.deliver('merge_group', event());
    expect(check.bodies).toEqual([expect.objectContaining({ head_sha: groupSha, conclusion: 'failure' })]);
  });
});

describe('fan-out', () => {
  it('a push changing the policy re-evaluates the open PRs targeting that branch, in the background', async () => {
    const published = await firstEvaluation();
    const harness = createHarness();
    // A release branch (not the default one): only the PRs targeting it are governed by its policy.
    const push = loadWebhook('push', (p) => p.ref === 'refs/heads/master' && p.installation !== undefined, {
      ...repo,
      ref: 'refs/heads/release',
      created: false,
      commits: [{ added: [], removed: [], modified: ['.github/custody.yml'] }],
    } as never);
    nock(API)
      .get(`${REPOS}/pulls`)
      .query({ ...LIST_OPEN, base: 'release' })
      .reply(200, [restPull(NUMBER, HEAD)]);
    interceptGraphql(pullRequestExchanges(afterFirst(published)));
    await harness.deliver('push', push);
    expect(harness.decisions()).toEqual([
      expect.objectContaining({
        event: 'push',
        pullNumber: NUMBER,
        requests: { reads: 1, writes: 0, total: 1 },
      }),
    ]);
  });

  it('a new installation lists the open PRs of each repository (none here: one request, no evaluation)', async () => {
    const harness = createHarness();
    const created = loadWebhook('installation', 'created');
    nock(API).get('/repos/Codertocat/Hello-World/pulls').query(LIST_OPEN).reply(200, []);
    await harness.deliver('installation', created);
    expect(harness.decisions()).toEqual([]);
    expect(harness.lines.some((l) => l.msg === 'custody found no open pull request to evaluate')).toBe(true);
  });

  it('stops at the fan-out limit and says so', async () => {
    const harness = createHarness({ fanOutLimit: 1 });
    const added = loadWebhook('installation_repositories', 'added');
    nock(API)
      .get('/repos/Codertocat/Space/pulls')
      .query({ ...LIST_OPEN, per_page: '1' })
      .reply(200, [restPull(1, sha(1))], {
        link: '<https://api.github.com/repos/Codertocat/Space/pulls?state=open&sort=created&direction=asc&per_page=1&page=2>; rel="next"',
      });
    nock(API)
      .get('/repos/Codertocat/Space/pulls')
      .query({ ...LIST_OPEN, per_page: '1', page: '2' })
      .reply(200, [restPull(2, sha(2))]);
    // The one PR within the limit is evaluated; its read fails here, so its head gets a failure check.
    nock(API).post('/graphql').reply(502, { message: 'Bad Gateway' });
    nock(API)
      .get(`/repos/Codertocat/Space/commits/${sha(1)}/check-runs`)
      .query(true)
      .reply(200, { total_count: 0, check_runs: [] });
    const check = interceptWrite('post', '/repos/Codertocat/Space/check-runs', {
      status: 201,
      body: { id: 1 },
    });
    await harness.deliver('installation_repositories', added);
    expect(check.bodies).toEqual([expect.objectContaining({ head_sha: sha(1), conclusion: 'failure' })]);
    expect(harness.custody.fanOut.truncated).toBe(1);
    expect(harness.lines.some((l) => l.msg === 'custody queued pull requests' && l.truncated === true)).toBe(
      true,
    );
  });
});

describe('evaluateLater (the sweep, redeliveries)', () => {
  it('queues a PR outside any webhook: one read, nothing written when nothing changed', async () => {
    const published = await firstEvaluation();
    const harness = createHarness();
    interceptGraphql(pullRequestExchanges(afterFirst(published)));
    const pr = { installationId: 7, owner: OWNER, repo: REPO, number: NUMBER, headSha: HEAD };
    expect(harness.custody.evaluateLater(pr, 'sweep:passing')).toBe('queued');
    await harness.custody.queue.drain();
    expect(harness.decisions()).toEqual([
      expect.objectContaining({
        event: 'sweep:passing',
        state: 'waiting',
        requests: { reads: 1, writes: 0, total: 1 },
      }),
    ]);
  });
});

describe('nothing dropped silently', () => {
  it('a delivery the queue refuses (shutting down) fails, so GitHub records it for redelivery', async () => {
    const harness = createHarness();
    await harness.custody.queue.close();
    await expect(
      harness.probot.receive({ id: 'late', name: 'pull_request', payload: prEvent('synchronize') } as never),
    ).rejects.toThrow(/refused 1 of 1 evaluations/);
    expect(harness.custody.queue.stats().shed).toBe(1);
    expect(
      harness.lines.some((l) => l.msg === 'custody queue shed work' && l.reason === 'shutting down'),
    ).toBe(true);
  });
});
