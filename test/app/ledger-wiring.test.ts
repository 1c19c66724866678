import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registry } from '../../src/app/metrics.js';
import { type Ledger, openLedger } from '../../src/ledger/index.js';
import {
  commit,
  gitActor,
  NUMBER,
  OWNER,
  type PullRequestScenario,
  pullRequestExchanges,
  REPO,
} from '../fixtures/graphql/pull-request-fixture.js';
import { API, interceptGraphql, useStrictNock } from '../fixtures/graphql/strict-nock.js';
import { inRepository, loadWebhook } from '../fixtures/webhooks/load-webhook.js';
import { createHarness, interceptWrite } from './harness.js';

useStrictNock();

const repo = inRepository(OWNER, REPO);
const REPOS = `/repos/${OWNER}/${REPO}`;
const FULL_NAME = `${OWNER}/${REPO}`;
const agentCommit = commit(1, {
  message: 'Add the launch sequence\n\nCo-authored-by: Claude <noreply@anthropic.com>',
  coAuthors: [gitActor('Claude', 'noreply@anthropic.com')],
});
const HEAD = agentCommit.oid;
const scenario: PullRequestScenario = { commits: [agentCommit] };
const prEvent = (action: string) =>
  loadWebhook('pull_request', action, {
    ...repo,
    number: NUMBER,
    pull_request: { number: NUMBER, head: { sha: HEAD } },
  } as never);

let folder: string;
let ledger: Ledger;
beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'custody-wiring-'));
  ledger = await openLedger(join(folder, 'custody.db'));
});
afterAll(async () => {
  await ledger.close();
  rmSync(folder, { recursive: true, force: true });
});

const kinds = async () => (await ledger.readByPullRequest(FULL_NAME, NUMBER)).map((e) => e.fact.kind);

describe('the ledger on the webhook path', () => {
  it('records the delivery, evaluates with its history, then records the verdict; a repeat adds nothing', async () => {
    const harness = createHarness({}, { ledger });
    interceptGraphql(pullRequestExchanges(scenario));
    interceptWrite('post', `${REPOS}/check-runs`, { status: 201, body: { id: 555 } });
    interceptWrite('post', `${REPOS}/labels`, { status: 201, body: {} });
    interceptWrite('post', `${REPOS}/issues/${NUMBER}/labels`);
    interceptWrite('post', `${REPOS}/issues/${NUMBER}/comments`, { status: 201, body: { id: 9 } });
    await harness.deliver('pull_request', prEvent('synchronize'), 'guid-1');
    const after = await kinds();
    expect(after.slice(0, 2)).toEqual(['synchronize', 'verdict']);
    expect(after).toContain('agent-involvement');
    const [verdict] = (await ledger.readByPullRequest(FULL_NAME, NUMBER)).filter(
      (e) => e.fact.kind === 'verdict',
    );
    expect(verdict?.fact).toMatchObject({ headSha: HEAD, state: 'waiting', checkRunId: 555 });

    // The same GUID again (no cache in this harness): evaluated again, nothing new recorded from it.
    interceptGraphql(pullRequestExchanges(scenario));
    // What the second evaluation writes is not this test's subject.
    nock(API)
      .persist()
      .post(/.*/)
      .reply(201, { id: 555 })
      .get(/.*/)
      .reply(200, { total_count: 0, check_runs: [] });
    const before = (await kinds()).filter((kind) => kind === 'synchronize').length;
    await harness.deliver('pull_request', prEvent('synchronize'), 'guid-1').catch(() => undefined);
    expect((await kinds()).filter((kind) => kind === 'synchronize').length).toBe(before);
    nock.cleanAll();
  });

  it('a failed write fails the delivery (5xx, for redelivery); its evaluation still runs and fails closed', async () => {
    const broken: Ledger = { ...ledger, append: async () => Promise.reject(new Error('disk full')) };
    const harness = createHarness({}, { ledger: broken });
    interceptGraphql(pullRequestExchanges(scenario));
    nock(API)
      .get(`${REPOS}/commits/${HEAD}/check-runs`)
      .query(true)
      .reply(200, { total_count: 0, check_runs: [] });
    const check = interceptWrite('post', `${REPOS}/check-runs`, { status: 201, body: { id: 557 } });
    const failedWrites = async () => {
      const line = (await registry.metrics())
        .split('\n')
        .find((sample) =>
          sample.startsWith('custody_ledger_append_duration_seconds_count{outcome="failed"}'),
        );
      return Number(line?.split(' ').at(-1) ?? 0);
    };
    const before = await failedWrites();
    const delivery = harness.deliver('pull_request', prEvent('synchronize'));
    await expect(delivery).rejects.toMatchObject({ errors: [expect.objectContaining({ status: 503 })] });
    await harness.custody.queue.drain();
    // The guard writes the delivery's facts before the history is read; that fails too: no verdict.
    expect(check.bodies).toEqual([
      expect.objectContaining({
        conclusion: 'failure',
        output: expect.objectContaining({ title: expect.stringContaining('ledger') }),
      }),
    ]);
    expect(harness.decisions()).toEqual([expect.objectContaining({ state: 'error' })]);
    expect(await failedWrites()).toBeGreaterThan(before);
  });

  it('an unreadable ledger: a failure check naming it, never a pass', async () => {
    const unreadable: Ledger = {
      ...ledger,
      readHistoryFacts: async () => Promise.reject(new Error('locked')),
    };
    const harness = createHarness({}, { ledger: unreadable });
    interceptGraphql(pullRequestExchanges(scenario));
    nock(API)
      .get(`${REPOS}/commits/${HEAD}/check-runs`)
      .query(true)
      .reply(200, { total_count: 0, check_runs: [] });
    const check = interceptWrite('post', `${REPOS}/check-runs`, { status: 201, body: { id: 556 } });
    await harness.deliver('pull_request', prEvent('synchronize'));
    expect(check.bodies).toEqual([
      expect.objectContaining({
        conclusion: 'failure',
        output: expect.objectContaining({ title: expect.stringContaining('ledger') }),
      }),
    ]);
    expect(harness.decisions()).toEqual([expect.objectContaining({ state: 'error' })]);
  });
});
