import { generateKeyPairSync } from 'node:crypto';
import { Writable } from 'node:stream';
import nock from 'nock';
import { pino } from 'pino';
import { Probot, ProbotOctokit } from 'probot';
import {
  type Custody,
  type CustodyOverrides,
  registerHandlers,
} from '../../src/app/handlers/register-handlers.js';
import type { Decision } from '../../src/app/pipeline/decision-log.js';
import type { CustodyConfig } from '../../src/app/server/config.js';
import { APP_ID, CHECK_NAME } from '../fixtures/graphql/pull-request-fixture.js';
import { API } from '../fixtures/graphql/strict-nock.js';

/**
 * Probot as production runs it (real handlers, real queue, real Octokit plugins with retry and
 * throttling off), its HTTP mocked by strict nock, its log captured to read decision lines.
 */

const { privateKey } = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
  publicKeyEncoding: { type: 'spki', format: 'pem' },
});

export const TEST_CONFIG: CustodyConfig = {
  appId: APP_ID,
  checkName: CHECK_NAME,
  botLogin: 'custody-app[bot]',
  concurrency: 2,
  backgroundConcurrency: 1,
  maxQueued: 1_000,
  fanOutLimit: 200,
  maxAttempts: 1,
  retryDelayMs: 0,
  // The harness waits for the queue to drain; settling needs real time, so none here.
  settleMs: 0,
  confirmPassMs: 0,
  requireOrgPolicy: false,
  metricsPort: null,
  publicUrl: null,
};

export interface Harness {
  readonly probot: Probot;
  readonly custody: Custody;
  /** Every log line written, parsed. */
  readonly lines: Array<Record<string, unknown>>;
  readonly decisions: () => Decision[];
  /** Delivers one event and waits until every evaluation it caused has finished. */
  deliver(name: string, payload: object, id?: string): Promise<void>;
}

let deliveries = 0;
const TestOctokit = ProbotOctokit.defaults({ retry: { enabled: false }, throttle: { enabled: false } });

export function createHarness(
  config: Partial<CustodyConfig> = {},
  overrides: CustodyOverrides = {},
): Harness {
  const lines: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n')) if (line.trim()) lines.push(JSON.parse(line));
      done();
    },
  });
  const probot = new Probot({
    appId: APP_ID,
    privateKey,
    githubToken: 'test',
    log: pino({ level: 'debug' }, stream),
    Octokit: TestOctokit,
  });
  // Probot 14 re-enables throttling under class-level `throttle: { enabled: false }` (its own
  // defaults are merged last), which spaces every write by 1 s; the per-instance option holds.
  const auth = async () =>
    new TestOctokit({ auth: { token: 'test' }, retry: { enabled: false }, throttle: { enabled: false } });
  // Retries are the queue's business; tests that need them inject their own timer.
  const custody = registerHandlers(
    probot,
    { ...TEST_CONFIG, ...config },
    { auth, setTimer: () => () => {}, now: () => 0, ...overrides },
  );
  return {
    probot,
    custody,
    lines,
    decisions: () => lines.filter((l) => l.msg === 'custody decision').map((l) => l.decision as Decision),
    async deliver(name, payload, id = `delivery-${++deliveries}`) {
      await probot.receive({ id, name, payload } as never);
      await custody.queue.drain();
    },
  };
}

/** A REST interceptor that records the JSON body it received. */
export function interceptWrite(
  method: 'post' | 'patch' | 'delete',
  path: string,
  reply: { status?: number; body?: object } = {},
): { bodies: unknown[] } {
  const bodies: unknown[] = [];
  nock(API)
    [method](path, (body: unknown) => {
      bodies.push(body);
      return true;
    })
    .reply(reply.status ?? 200, reply.body ?? {});
  return { bodies };
}
