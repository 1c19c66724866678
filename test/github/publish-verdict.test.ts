import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY, type Policy } from '../../src/core/policy/schema.js';
import { renderOutputs } from '../../src/core/render/render-outputs.js';
import type { Verdict } from '../../src/core/verdict.js';
import { publishVerdict } from '../../src/github/publish-verdict.js';
import { API, testOctokit, useStrictNock } from '../fixtures/graphql/strict-nock.js';

useStrictNock();

const verdict: Verdict = {
  state: 'waiting',
  headline: 'Waiting for 1 approval from a human who took no part',
  repo: { owner: 'acme', name: 'rocket' },
  pullNumber: 42,
  headSha: 'a'.repeat(40),
  agents: [{ id: 'claude', name: 'Claude Code' }],
  automation: [],
  handoff: false,
  chain: [],
  requirements: [],
  approvals: [],
  labels: ['agent:claude'],
  comment: true,
  notes: [],
};

const nothingPublished = { checkRun: null, comment: null, labels: [] };

/** The request the app makes: the verdict rendered under the policy (null: unreadable). */
function request(options: { readonly policy?: Policy | null; readonly verdict?: Verdict } = {}) {
  const warnings: string[] = [];
  const decided = options.verdict ?? verdict;
  const policy = options.policy === undefined ? DEFAULT_POLICY : options.policy;
  return {
    warnings,
    request: {
      target: { owner: 'acme', repo: 'rocket', number: 42, headSha: decided.headSha },
      checkName: 'custody',
      outputs: renderOutputs(decided, policy, nothingPublished.labels),
      externalId: null,
      published: nothingPublished,
      force: false,
      warn: (_obj: object, msg: string) => warnings.push(msg),
    },
  };
}

describe('publishVerdict', () => {
  it('writes the check run first; labels and comment are best effort', async () => {
    const order: string[] = [];
    nock(API)
      .post('/repos/acme/rocket/check-runs')
      .reply(201, () => {
        order.push('check');
        return { id: 1 };
      });
    nock(API)
      .post('/repos/acme/rocket/labels')
      .reply(500, () => {
        order.push('label');
        return { message: 'boom' };
      });
    nock(API)
      .post('/repos/acme/rocket/issues/42/comments')
      .reply(201, () => {
        order.push('comment');
        return { id: 9 };
      });
    const { request: req, warnings } = request();
    const result = await publishVerdict(testOctokit(), req);
    expect(order).toEqual(['check', 'label', 'comment']);
    expect(result).toEqual({
      checkRun: 'created',
      checkRunId: expect.any(Number),
      labels: 'failed',
      comment: 'created',
    });
    expect(warnings).toEqual(['custody could not update labels']);
  });

  it('writes nothing else when the check run cannot be written', async () => {
    nock(API).post('/repos/acme/rocket/check-runs').reply(502, { message: 'Bad Gateway' });
    await expect(publishVerdict(testOctokit(), request().request)).rejects.toMatchObject({ status: 502 });
  });

  it('writes only the check run for an error verdict or an unreadable policy', async () => {
    nock(API).post('/repos/acme/rocket/check-runs').reply(201, { id: 1 });
    const result = await publishVerdict(testOctokit(), request({ policy: null }).request);
    expect(result).toEqual({
      checkRun: 'created',
      checkRunId: expect.any(Number),
      labels: 'skipped',
      comment: 'skipped',
    });
  });
});
