import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { copilotAgentPullRequest } from '../../simulator/drivers/copilot-agent.js';
import { type Environment, startEnvironment } from '../../simulator/environment.js';
import type { ApiRequest } from '../../simulator/state/types.js';
import { signInToCustody, type WebClient } from '../../simulator/web-client.js';

/**
 * What the custody page costs GitHub, counted by the simulator: a page view reads the pull
 * request once (the judgement, the override permission and the timeline share that read), and
 * the page shown while a re-evaluation is queued reads the ledger only, however often it reloads.
 */

let env: Environment;
let erin: WebClient;
let path: string;

/** The requests `action` caused (the app is quiet before and after). */
async function requestsOf<T>(action: () => Promise<T>): Promise<{ result: T; made: ApiRequest[] }> {
  const from = env.sim.store.requests.length;
  const result = await action();
  return { result, made: env.sim.store.requests.slice(from) };
}

beforeAll(async () => {
  // A long settle keeps the queued evaluation from starting while the pending page is counted.
  env = await startEnvironment({ web: true, appEnv: { CUSTODY_SETTLE_MS: '1500' } });
  const pr = await env.act(() =>
    env.sim.drivers.openPullRequest(
      copilotAgentPullRequest({
        head: 'copilot/page-cost',
        title: 'Widget sizes',
        summary: 'Fixes the widget size.',
        files: { 'src/size.js': 'export const SIZE = 2;\n' },
      }),
    ),
  );
  path = `/custody/acme/widgets/pull/${pr.number}`;
  erin = await signInToCustody(env.app.url, 'erin');
  // The first view also mints the installation's token; the counts below are of later views.
  expect((await erin.get(path)).status).toBe(200);
}, 90_000);

afterAll(async () => {
  await env?.stop();
});

describe('the custody page’s requests to GitHub', () => {
  test('a page view reads the pull request once, and the override form costs one access lookup', async () => {
    const { result, made } = await requestsOf(async () => (await erin.get(path)).text());
    expect(result).toContain('Override custody');
    // The viewer's own access and the installation, then the one read and the overrider's access.
    expect(
      made.map((request) => request.operation ?? `${request.auth} ${request.method} ${request.path}`),
    ).toEqual([
      'user GET /api/v3/repos/acme/widgets',
      'app GET /api/v3/repos/acme/widgets/installation',
      'CustodyPullRequest',
      'CustodyReviewerAccess',
    ]);
  }, 60_000);

  test('while a re-evaluation is queued the page reloads without a single GitHub request', async () => {
    const posted = await erin.submit(`${path}/reevaluate`, {});
    const from = env.sim.store.requests.length;
    expect(posted.status).toBe(303);
    const pending = posted.headers.get('location') ?? '';
    // The pass rides in a cookie for that page only, never in the URL.
    expect(pending).toBe(`${path}/pending`);
    expect(posted.headers.get('set-cookie')).toMatch(
      new RegExp(
        `^custody_pending=[A-Za-z0-9_-]+; Path=${path}/pending; Max-Age=60; HttpOnly; SameSite=Lax$`,
      ),
    );
    const { result, made } = await requestsOf(async () => {
      const pages: string[] = [];
      for (let i = 0; i < 3; i += 1) {
        const page = await erin.get(pending);
        expect(page.status).toBe(200);
        pages.push(await page.text());
      }
      return pages;
    });
    expect(made).toEqual([]);
    expect(result[2]).toContain('<meta http-equiv="refresh" content="2">');

    await env.waitFor(
      Number(path.split('/').at(-1)),
      () => env.sim.store.requests.some((r, i) => i >= from && r.operation === 'CustodyPullRequest'),
      'the queued evaluation to run',
    );
    await env.settle();
    const landed = await requestsOf(() => erin.get(pending));
    expect(landed.made).toEqual([]);
    expect(landed.result.status).toBe(303);
    expect(landed.result.headers.get('location')).toBe(path);
  }, 60_000);

  test('a pass is only good for its own user: anyone else is sent to the full page, which checks access', async () => {
    const posted = await erin.submit(`${path}/reevaluate`, {});
    const pending = posted.headers.get('location') ?? '';
    const pass = /^custody_pending=([^;]+)/.exec(posted.headers.get('set-cookie') ?? '')?.[1] ?? '';
    expect(pass).not.toBe('');
    const oscar = await signInToCustody(env.app.url, 'oscar');
    const borrowed = await oscar.get(pending, { custody_pending: pass });
    expect(borrowed.status).toBe(303);
    expect(borrowed.headers.get('location')).toBe(path);
    expect((await oscar.get(path)).status).toBe(404);
    const forged = await erin.get(pending, { custody_pending: 'A'.repeat(60) });
    expect(forged.headers.get('location')).toBe(path);
    await env.settle();
  }, 60_000);
});
