import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { registry } from '../../src/app/metrics.js';
import { APP_ID, NUMBER, OWNER, REPO, sha } from '../fixtures/graphql/pull-request-fixture.js';
import { API, useStrictNock } from '../fixtures/graphql/strict-nock.js';
import { inRepository, loadWebhook } from '../fixtures/webhooks/load-webhook.js';
import { createHarness } from './harness.js';

useStrictNock();

const HEAD = sha(9);
const merged = () =>
  loadWebhook('pull_request', 'closed', {
    ...inRepository(OWNER, REPO),
    pull_request: { number: NUMBER, merged: true, head: { sha: HEAD } },
  } as never);

const bypasses = async () =>
  (await registry.getSingleMetric('custody_bypasses_total')?.get())?.values[0]?.value ?? 0;

function ourRun(conclusion: string) {
  nock(API)
    .get(`/repos/${OWNER}/${REPO}/commits/${HEAD}/check-runs`)
    .query(true)
    .reply(200, {
      total_count: 1,
      check_runs: [
        {
          id: 5,
          name: 'custody',
          status: 'completed',
          conclusion,
          external_id: null,
          app: { id: APP_ID },
          output: { title: 't', summary: 's' },
        },
      ],
    });
}

describe('a merged pull request', () => {
  it('is a bypass when our check on its head was not passing: counted and logged', async () => {
    const harness = createHarness();
    const before = await bypasses();
    ourRun('action_required');
    await harness.deliver('pull_request', merged());
    expect(await bypasses()).toBe(before + 1);
    expect(harness.lines).toContainEqual(
      expect.objectContaining({
        msg: 'custody check bypassed: merged without a passing check',
        check: 'completed/action_required',
        pullNumber: NUMBER,
      }),
    );
  });

  it('is no bypass when our check passed', async () => {
    const harness = createHarness();
    const before = await bypasses();
    ourRun('success');
    await harness.deliver('pull_request', merged());
    expect(await bypasses()).toBe(before);
    expect(harness.decisions()).toEqual([]);
  });
});
