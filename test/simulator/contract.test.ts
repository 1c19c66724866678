import { beforeAll, describe, expect, it } from 'vitest';
import { ContractCheck } from '../../simulator/contract/check-traffic.js';
import { issueInstallationToken } from '../../simulator/http/auth.js';
import { createSimulator, type Simulator } from '../../simulator/server.js';
import { checkRunPayload } from '../../simulator/webhooks/payloads.js';

/**
 * The contract check every simulator run carries (and every end-to-end test asserts clean as
 * its environment stops): it must catch a wrong request body from the app, a simulator answer
 * missing a field GitHub documents as required, and a webhook payload off GitHub's schema.
 */

let sim: Simulator;
let auth: string;
let head: string;

beforeAll(async () => {
  sim = createSimulator();
  const installation = [...sim.store.installations.values()][0]!;
  auth = `token ${issueInstallationToken(sim.store, installation).token}`;
  head = sim.store.resolveRef(sim.world.repo, 'main')!;
});

async function call(method: string, path: string, body?: unknown) {
  const response = await sim.dispatch({
    method,
    url: `/api/v3${path}`,
    headers: { authorization: auth, 'content-type': 'application/json' },
    body: body === undefined ? '' : JSON.stringify(body),
  });
  return { status: response.status, body: response.body ? JSON.parse(response.body) : undefined };
}

/** A `check_run.completed` payload for a run the app just created, as the simulator sends it. */
async function completedCheckRunPayload() {
  const created = await call('POST', '/repos/acme/widgets/check-runs', {
    name: 'custody',
    head_sha: head,
    conclusion: 'success',
    output: { title: 'ok', summary: 'ok' },
  });
  const run = sim.store.checkRuns.find((r) => r.id === created.body.id)!;
  const installation = [...sim.store.installations.values()][0]!;
  return checkRunPayload(sim.site, 'completed', run, sim.store.account(sim.app.botId), installation);
}

describe('the contract check', () => {
  it('passes a request and an answer as GitHub documents them', async () => {
    const before = sim.contract.violations.length;
    const created = await call('POST', '/repos/acme/widgets/check-runs', {
      name: 'custody',
      head_sha: head,
      conclusion: 'success',
      output: { title: 'ok', summary: 'ok' },
    });
    expect(created.status).toBe(201);
    expect(sim.contract.violations.slice(before)).toEqual([]);
    expect(sim.contract.checked).toBeGreaterThan(0);
  });

  it('fails a deliberately wrong request body: a conclusion GitHub does not know, a title that is not a string', async () => {
    const before = sim.contract.violations.length;
    await call('POST', '/repos/acme/widgets/check-runs', {
      name: 'custody',
      head_sha: head,
      conclusion: 'passed',
    });
    await call('POST', '/repos/acme/widgets/check-runs', {
      name: 'custody',
      head_sha: head,
      conclusion: 'success',
      output: { title: 7, summary: 'ok' },
    });
    const found = sim.contract.violations.slice(before).join('\n');
    expect(found).toMatch(/POST \/repos\/acme\/widgets\/check-runs \(checks\/create\) request body: /);
    expect(found).toMatch(/\/conclusion must be equal to one of the allowed values/);
    expect(found).toMatch(/\/output\/title must be string/);
    expect(() => sim.contract.assertClean()).toThrow(/break GitHub's published contract/);
  });

  it('fails a simulator answer missing a required field', async () => {
    const created = await call('POST', '/repos/acme/widgets/check-runs', {
      name: 'custody',
      head_sha: head,
      conclusion: 'success',
      output: { title: 'ok', summary: 'ok' },
    });
    const { head_sha: _dropped, ...withoutHeadSha } = created.body as Record<string, unknown>;
    const contract = new ContractCheck(true);
    const exchange = {
      method: 'GET',
      path: `/repos/acme/widgets/check-runs/${created.body.id}`,
      requestBody: undefined,
    };
    contract.checkRest({ ...exchange, status: 200, responseBody: created.body });
    expect(contract.violations).toEqual([]);
    contract.checkRest({ ...exchange, status: 200, responseBody: withoutHeadSha });
    expect(contract.violations).toEqual([
      expect.stringMatching(/checks\/get\) 200 response: \/ must have required property 'head_sha'/),
    ]);
  });

  it('fails a simulator answer with a field GitHub does not document, at the top or nested', async () => {
    const created = await call('POST', '/repos/acme/widgets/check-runs', {
      name: 'custody',
      head_sha: head,
      conclusion: 'success',
      output: { title: 'ok', summary: 'ok' },
    });
    const run = created.body as Record<string, unknown> & { output: Record<string, unknown> };
    const contract = new ContractCheck(true);
    const exchange = {
      method: 'GET',
      path: `/repos/acme/widgets/check-runs/${run.id}`,
      requestBody: undefined,
    };
    contract.checkRest({ ...exchange, status: 200, responseBody: { ...run, approved_by_human: true } });
    contract.checkRest({
      ...exchange,
      status: 200,
      responseBody: { ...run, output: { ...run.output, summary_bytes: 2 } },
    });
    expect(contract.violations).toEqual([
      expect.stringMatching(/checks\/get\) 200 response: \/ must NOT have additional properties/),
      expect.stringMatching(/checks\/get\) 200 response: \/output must NOT have additional properties/),
    ]);
  });

  it('leaves webhook payloads open: GitHub adds fields there before it documents them', async () => {
    const payload = await completedCheckRunPayload();
    const contract = new ContractCheck(true);
    contract.checkWebhook('check_run', { ...payload, added_later: true });
    expect(contract.violations).toEqual([]);
  });

  it('fails an operation GitHub does not have, and a success status it does not document', () => {
    const contract = new ContractCheck(true);
    contract.checkRest({
      method: 'POST',
      path: '/repos/acme/widgets/approve',
      requestBody: {},
      status: 201,
      responseBody: {},
    });
    contract.checkRest({
      method: 'DELETE',
      path: '/repos/acme/widgets/check-runs/1',
      requestBody: undefined,
      status: 204,
      responseBody: undefined,
    });
    expect(contract.violations).toEqual([
      "POST /repos/acme/widgets/approve: no such operation in GitHub's REST description",
      "DELETE /repos/acme/widgets/check-runs/1: no such operation in GitHub's REST description",
    ]);
  });

  it("fails a webhook payload off GitHub's schema", async () => {
    const payload = await completedCheckRunPayload();
    const contract = new ContractCheck(true);
    contract.checkWebhook('check_run', payload);
    expect(contract.violations).toEqual([]);
    const check = payload.check_run as Record<string, unknown>;
    contract.checkWebhook('check_run', { ...payload, check_run: { ...check, status: 'done' } });
    expect(contract.violations).toEqual([
      expect.stringMatching(/^webhook check_run\.completed: \/check_run\/status/),
    ]);
  });
});
