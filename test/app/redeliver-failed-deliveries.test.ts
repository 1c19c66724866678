import { generateKeyPairSync } from 'node:crypto';
import nock from 'nock';
import { Probot, ProbotOctokit } from 'probot';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createRedeliveryState,
  type RedeliveryDeps,
  redeliverFailedDeliveries,
} from '../../src/app/reconcile/redeliver-failed-deliveries.js';
import { useStrictNock } from '../fixtures/graphql/strict-nock.js';

const NOW = Date.parse('2026-11-27T12:00:00Z');
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const API = 'https://api.github.com';

const { privateKey } = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
  publicKeyEncoding: { type: 'spki', format: 'pem' },
});

let nextId = 1000;
/** One attempt, shaped like GitHub's `GET /app/hook/deliveries` items. */
function attempt(guid: string, ageMs: number, outcome: 'ok' | 'failed' | 'timeout', redelivery = false) {
  nextId += 1;
  return {
    id: nextId,
    guid,
    delivered_at: new Date(NOW - ageMs).toISOString().replace(/\.\d+Z$/, 'Z'),
    redelivery,
    duration: 0.27,
    status: outcome === 'ok' ? 'OK' : outcome === 'failed' ? 'Invalid HTTP Response: 500' : 'timed out',
    status_code: outcome === 'ok' ? 200 : outcome === 'failed' ? 500 : 0,
    event: 'pull_request_review',
    action: 'dismissed',
    installation_id: 7,
    repository_id: 42,
    throttled_at: null,
  };
}

function link(cursor: string): Record<string, string> {
  return { link: `<${API}/app/hook/deliveries?per_page=100&cursor=${cursor}>; rel="next"` };
}

const logs: { level: string; msg: string }[] = [];
let deps: RedeliveryDeps;
let posted: number[];

useStrictNock();

beforeEach(async () => {
  logs.length = 0;
  posted = [];
  const probot = new Probot({
    appId: 123,
    privateKey,
    logLevel: 'fatal',
    // A function, so it runs after Probot's own defaults (which would re-enable the throttle's 1 s spacing).
    Octokit: ProbotOctokit.defaults((options: object) => ({
      ...options,
      retry: { enabled: false },
      throttle: { enabled: false },
    })),
  });
  deps = {
    octokit: await probot.auth(),
    now: () => NOW,
    log: {
      info: (_o, msg) => logs.push({ level: 'info', msg }),
      warn: (_o, msg) => logs.push({ level: 'warn', msg }),
    },
  };
});

afterEach(() => {
  const pending = nock.pendingMocks();
  nock.cleanAll();
  expect(pending).toEqual([]);
});

function listing(pages: { items: unknown[]; cursor?: string; next?: string }[]) {
  const scope = nock(API).matchHeader('authorization', /^bearer ey/i);
  for (const page of pages) {
    scope
      .get('/app/hook/deliveries')
      .query(page.cursor ? { per_page: '100', cursor: page.cursor } : { per_page: '100' })
      .reply(200, page.items, page.next ? link(page.next) : {});
  }
  return scope;
}

function acceptRedeliveries(times: number) {
  nock(API)
    .matchHeader('authorization', /^bearer ey/i)
    .post(/^\/app\/hook\/deliveries\/(\d+)\/attempts$/)
    .times(times)
    .reply(202, (uri) => {
      posted.push(Number(/deliveries\/(\d+)\//.exec(uri)?.[1]));
      return {};
    });
}

describe('redeliverFailedDeliveries', () => {
  it('redelivers a guid with no successful attempt, once, and leaves the others alone', async () => {
    const failedDismissal = attempt('guid-failed', 5 * MINUTE + 30 * MINUTE, 'failed');
    const laterSuccess = [
      attempt('guid-recovered', 20 * MINUTE, 'ok', true),
      attempt('guid-recovered', 2 * HOUR, 'failed'),
    ];
    const ok = attempt('guid-ok', 3 * HOUR, 'ok');
    const timedOut = attempt('guid-timeout', 2 * DAY, 'timeout');
    const alreadyRedelivered = [
      attempt('guid-retried', 2 * DAY, 'failed', true),
      attempt('guid-retried', 2 * DAY + HOUR, 'failed'),
    ];
    const tooOld = attempt('guid-too-old', 3 * DAY + MINUTE, 'failed');
    listing([
      { items: [laterSuccess[0], failedDismissal, laterSuccess[1]], next: 'c2' },
      { items: [ok, alreadyRedelivered[0], timedOut], cursor: 'c2', next: 'c3' },
      { items: [alreadyRedelivered[1], tooOld], cursor: 'c3', next: 'c4' }, // reaches past 3 days: stop
    ]);
    acceptRedeliveries(2);

    const report = await redeliverFailedDeliveries(deps, createRedeliveryState());

    // Oldest first: the timed-out one is closest to leaving GitHub's 3-day retention.
    expect(posted).toEqual([timedOut.id, failedDismissal.id]);
    expect(report).toMatchObject({
      pages: 3,
      deliveriesScanned: 8,
      failed: 3,
      redelivered: ['guid-timeout', 'guid-failed'],
      alreadyRedelivered: 1,
      refused: 0,
      deferred: 0,
      requests: 5,
    });
  });

  it('never redelivers the same guid twice across runs, and scans only what is new', async () => {
    const state = createRedeliveryState();
    const failed = attempt('guid-failed', 30 * MINUTE, 'failed');
    listing([{ items: [failed] }]);
    acceptRedeliveries(1);
    await redeliverFailedDeliveries(deps, state);
    expect(posted).toEqual([failed.id]);

    // Ten minutes later GitHub still lists only the failed attempt (the redelivery is not shown yet);
    // page 1 already reaches back past the previous run, so page 2 is never requested.
    const later = { ...deps, now: () => NOW + 10 * MINUTE };
    listing([{ items: [attempt('guid-new-ok', MINUTE, 'ok'), failed], next: 'c2' }]);
    const second = await redeliverFailedDeliveries(later, state);
    expect(posted).toEqual([failed.id]);
    expect(second).toMatchObject({ pages: 1, redelivered: [], alreadyRedelivered: 1, requests: 1 });
  });

  it('caps redeliveries per run and does the rest first next run', async () => {
    const state = createRedeliveryState();
    const a = attempt('guid-a', 3 * HOUR, 'failed');
    const b = attempt('guid-b', 2 * HOUR, 'failed');
    const c = attempt('guid-c', 1 * HOUR, 'failed');
    listing([{ items: [c, b, a] }]);
    acceptRedeliveries(2);
    const first = await redeliverFailedDeliveries(deps, state, { maxRedeliveriesPerRun: 2 });
    expect(first).toMatchObject({ redelivered: ['guid-a', 'guid-b'], deferred: 1 });

    listing([{ items: [c, b, a] }]);
    acceptRedeliveries(1);
    const second = await redeliverFailedDeliveries({ ...deps, now: () => NOW + 10 * MINUTE }, state, {
      maxRedeliveriesPerRun: 2,
    });
    expect(second).toMatchObject({ redelivered: ['guid-c'], deferred: 0 });
    expect(posted).toEqual([a.id, b.id, c.id]);
  });

  it('gives up on a redelivery GitHub refuses, and retries one that failed transiently', async () => {
    const state = createRedeliveryState();
    const refused = attempt('guid-refused', 2 * HOUR, 'failed');
    const flaky = attempt('guid-flaky', 1 * HOUR, 'failed');
    listing([{ items: [flaky, refused] }]);
    nock(API)
      .post(`/app/hook/deliveries/${refused.id}/attempts`)
      .reply(422, { message: 'Validation Failed' });
    nock(API).post(`/app/hook/deliveries/${flaky.id}/attempts`).reply(502, { message: 'Bad Gateway' });
    const first = await redeliverFailedDeliveries(deps, state);
    expect(first).toMatchObject({ redelivered: [], refused: 1, deferred: 1, requests: 3 });
    expect(logs.filter((l) => l.level === 'warn').map((l) => l.msg)).toEqual([
      'GitHub refused the redelivery; not retried',
      'redelivery failed; retried next run',
    ]);

    listing([{ items: [flaky, refused] }]);
    acceptRedeliveries(1);
    const second = await redeliverFailedDeliveries({ ...deps, now: () => NOW + 10 * MINUTE }, state);
    expect(second.redelivered).toEqual(['guid-flaky']);
    expect(posted).toEqual([flaky.id]);
  });

  it('after a restart, does not redeliver a guid that was already redelivered', async () => {
    listing([{ items: [attempt('guid-x', HOUR, 'failed', true), attempt('guid-x', 2 * HOUR, 'failed')] }]);
    const report = await redeliverFailedDeliveries(deps, createRedeliveryState());
    expect(report).toMatchObject({ failed: 1, alreadyRedelivered: 1, redelivered: [], requests: 1 });
  });

  it('respects a shorter window and bounds what it remembers', async () => {
    const state = createRedeliveryState(2);
    const items = [
      attempt('g1', HOUR, 'failed'),
      attempt('g2', 2 * HOUR, 'failed'),
      attempt('g3', 3 * HOUR, 'failed'),
    ];
    listing([{ items: [...items, attempt('g4', 30 * HOUR, 'failed')] }]);
    acceptRedeliveries(3);
    await redeliverFailedDeliveries(deps, state, { windowMs: DAY });
    expect(posted).toEqual([items[2]!.id, items[1]!.id, items[0]!.id]);
    expect([...state.handled]).toEqual(['g2', 'g1']);
  });

  it('stops redelivering at shutdown and leaves the rest for the next start', async () => {
    const state = createRedeliveryState();
    const controller = new AbortController();
    listing([{ items: [attempt('g2', HOUR, 'failed'), attempt('g1', 2 * HOUR, 'failed')] }]);
    nock(API)
      .post(/\/attempts$/)
      .reply(202, () => {
        controller.abort(); // SIGTERM arrives during the first redelivery
        return {};
      });
    const report = await redeliverFailedDeliveries({ ...deps, signal: controller.signal }, state);
    expect(report).toMatchObject({ redelivered: ['g1'], deferred: 1 });
    expect(await redeliverFailedDeliveries({ ...deps, signal: controller.signal }, state)).toMatchObject({
      requests: 0,
    });
  });

  it('fails the run on a listing it cannot read, without redelivering anything', async () => {
    nock(API)
      .get('/app/hook/deliveries')
      .query(true)
      .reply(200, [{ id: 'not-a-number' }]);
    await expect(redeliverFailedDeliveries(deps, createRedeliveryState())).rejects.toThrow();
  });
});
