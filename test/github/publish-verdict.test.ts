import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '../../src/core/policy/schema.js';
import type { Verdict } from '../../src/core/verdict.js';
import { renderMergeGroupCheck } from '../../src/github/publish-merge-group-check.js';
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

function request(overrides: Partial<Parameters<typeof publishVerdict>[1]> = {}) {
  const warnings: string[] = [];
  return {
    warnings,
    request: {
      checkName: 'custody',
      verdict,
      externalId: null,
      published: nothingPublished,
      policy: DEFAULT_POLICY,
      force: false,
      warn: (_obj: object, msg: string) => warnings.push(msg),
      ...overrides,
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
    expect(result).toEqual({ checkRun: 'created', labels: 'failed', comment: 'created' });
    expect(warnings).toEqual(['custody could not update labels']);
  });

  it('writes nothing else when the check run cannot be written', async () => {
    nock(API).post('/repos/acme/rocket/check-runs').reply(502, { message: 'Bad Gateway' });
    await expect(publishVerdict(testOctokit(), request().request)).rejects.toMatchObject({ status: 502 });
  });

  it('writes only the check run for an error verdict or an unreadable policy', async () => {
    nock(API).post('/repos/acme/rocket/check-runs').reply(201, { id: 1 });
    const result = await publishVerdict(testOctokit(), request({ policy: null }).request);
    expect(result).toEqual({ checkRun: 'created', labels: 'skipped', comment: 'skipped' });
  });
});

describe('renderMergeGroupCheck', () => {
  const passing: Verdict = { ...verdict, state: 'satisfied', headline: 'Approved by @grace' };

  it('passes only when every PR passes', () => {
    expect(
      renderMergeGroupCheck([
        { number: 1, verdict: passing },
        { number: 2, verdict: passing },
      ]).conclusion,
    ).toBe('success');
    const mixed = renderMergeGroupCheck([
      { number: 1, verdict: passing },
      { number: 2, verdict },
      { number: 3, verdict: null },
    ]);
    expect(mixed).toMatchObject({
      conclusion: 'failure',
      title: '2 of 3 pull requests in this merge group are not cleared by Custody',
    });
    expect(mixed.summary).toContain('#3 not open, so not cleared');
  });

  it('fails an unknown or empty group, and escapes headlines', () => {
    expect(renderMergeGroupCheck(null).conclusion).toBe('failure');
    expect(renderMergeGroupCheck([]).conclusion).toBe('failure');
    const sneaky = renderMergeGroupCheck([
      { number: 1, verdict: { ...passing, headline: '<img src=x> @everyone' } },
    ]);
    expect(sneaky.summary).not.toContain('<img');
    expect(sneaky.summary).not.toContain('@everyone');
  });
});
