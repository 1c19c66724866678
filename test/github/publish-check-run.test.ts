import nock from 'nock';
import { describe, expect, it } from 'vitest';
import type { CheckRunOutput } from '../../src/core/render/render-check-run.js';
import type { PublishedCheckRun } from '../../src/github/map-published-state.js';
import { publishCheckRun } from '../../src/github/publish-check-run.js';
import { API, testOctokit, useStrictNock } from '../fixtures/graphql/strict-nock.js';

useStrictNock();

const target = { owner: 'acme', repo: 'rocket', headSha: 'a'.repeat(40), name: 'custody' };
const output: CheckRunOutput = {
  conclusion: 'action_required',
  title: 'Waiting for 1 approval',
  summary: 'chain',
};
const externalId = '{"v":1,"pusher":{"login":"ada","id":1,"type":"User"}}';
const existing: PublishedCheckRun = {
  id: 555,
  externalId,
  status: 'completed',
  conclusion: 'action_required',
  title: output.title,
  summary: output.summary,
};

describe('publishCheckRun', () => {
  it('creates the run once per head, completed, with the pusher in external_id', async () => {
    const bodies: unknown[] = [];
    nock(API)
      .post('/repos/acme/rocket/check-runs', (body) => bodies.push(body) > 0)
      .reply(201, { id: 555 });
    const result = await publishCheckRun(testOctokit(), target, { output, externalId }, { existing: null });
    expect(result).toEqual({ write: 'created', id: 555 });
    expect(bodies).toEqual([
      {
        name: 'custody',
        head_sha: target.headSha,
        status: 'completed',
        conclusion: 'action_required',
        external_id: externalId,
        output: { title: output.title, summary: output.summary },
      },
    ]);
  });

  it('writes nothing when conclusion, title, summary and external id are unchanged (GraphQL casing, CRLF)', async () => {
    const shown = { ...existing, status: 'COMPLETED', conclusion: 'ACTION_REQUIRED', summary: 'chain\r\n' };
    const result = await publishCheckRun(testOctokit(), target, { output, externalId }, { existing: shown });
    expect(result).toEqual({ write: 'unchanged', id: 555 });
  });

  it.each([
    ['conclusion', { conclusion: 'success' }],
    ['title', { title: 'old title' }],
    ['summary', { summary: 'old chain' }],
    ['external id', { externalId: null }],
    ['status', { status: 'in_progress', conclusion: null }],
  ])('updates the same run in place when the %s differs', async (_what, change) => {
    const bodies: unknown[] = [];
    nock(API)
      .patch('/repos/acme/rocket/check-runs/555', (body) => bodies.push(body) > 0)
      .reply(200, { id: 555 });
    const result = await publishCheckRun(
      testOctokit(),
      target,
      { output, externalId },
      { existing: { ...existing, ...change } },
    );
    expect(result).toEqual({ write: 'updated', id: 555 });
    expect(bodies).toEqual([
      expect.objectContaining({ conclusion: 'action_required', external_id: externalId }),
    ]);
  });

  it('updates an unchanged run when forced (after a re-run request)', async () => {
    nock(API).patch('/repos/acme/rocket/check-runs/555').reply(200, { id: 555 });
    const result = await publishCheckRun(
      testOctokit(),
      target,
      { output, externalId },
      { existing, force: true },
    );
    expect(result.write).toBe('updated');
  });

  it('leaves a stored pusher alone when it has none to write', async () => {
    const bodies: Array<Record<string, unknown>> = [];
    nock(API)
      .patch('/repos/acme/rocket/check-runs/555', (body) => bodies.push(body) > 0)
      .reply(200, { id: 555 });
    await publishCheckRun(
      testOctokit(),
      target,
      { output: { ...output, conclusion: 'failure' }, externalId: null },
      { existing },
    );
    expect(bodies[0]).not.toHaveProperty('external_id');
  });

  it('lets a GitHub error through: the caller fails closed', async () => {
    nock(API).post('/repos/acme/rocket/check-runs').reply(422, { message: 'Invalid request' });
    await expect(
      publishCheckRun(testOctokit(), target, { output, externalId }, { existing: null }),
    ).rejects.toMatchObject({
      status: 422,
    });
  });
});
