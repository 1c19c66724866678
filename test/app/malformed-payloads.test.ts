import { createHmac, generateKeyPairSync } from 'node:crypto';
import { createRequire } from 'node:module';
import type { WebhookDefinition } from '@octokit/webhooks-examples';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkPayload, MalformedPayloadError } from '../../src/app/handlers/check-payload.js';
import { checkStartup } from '../../src/app/server/check-startup.js';
import { type RunningCustody, startServer } from '../../src/app/server/start-server.js';
import { inRepository, loadWebhook } from '../fixtures/webhooks/load-webhook.js';

const definitions = createRequire(import.meta.url)('@octokit/webhooks-examples') as WebhookDefinition[];
const HANDLED = [
  'pull_request',
  'pull_request_review',
  'check_run',
  'check_suite',
  'merge_group',
  'push',
  'installation',
  'installation_repositories',
  'member',
  'membership',
  'team',
  'organization',
];

describe('checkPayload', () => {
  it.each(HANDLED)('accepts every published example of %s', (event) => {
    const examples = definitions.find((d) => d.name === event)?.examples ?? [];
    expect(examples.length).toBeGreaterThan(0);
    for (const example of examples) expect(() => checkPayload(event, example)).not.toThrow();
  });

  it('names the missing fields, never their values', () => {
    const payload = { ...loadWebhook('pull_request_review', 'submitted'), review: undefined };
    try {
      checkPayload('pull_request_review', payload);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(MalformedPayloadError);
      expect((error as MalformedPayloadError).fields).toEqual(['review']);
      expect((error as MalformedPayloadError).status).toBe(400);
    }
  });
});

const SECRET = 'a-real-secret-of-32-characters!!';
const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const env = {
  APP_ID: '12345',
  PRIVATE_KEY: privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(),
  WEBHOOK_SECRET: SECRET,
  PORT: '0',
  HOST: '127.0.0.1',
  LOG_LEVEL: 'fatal',
  CUSTODY_SWEEP_INTERVAL: 'off',
  CUSTODY_REDELIVERY_INTERVAL: 'off',
};

let running: RunningCustody;
beforeAll(async () => {
  running = await startServer({ env, startup: checkStartup(env) });
});
afterAll(async () => {
  await running.drain(2_000);
});

async function deliver(event: string, payload: unknown) {
  const body = JSON.stringify(payload);
  const response = await fetch(`http://127.0.0.1:${running.port}/api/github/webhooks`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-github-event': event,
      'x-github-delivery': crypto.randomUUID(),
      'x-hub-signature-256': `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`,
    },
    body,
  });
  return { status: response.status, body: await response.text() };
}

describe('signed but malformed deliveries', () => {
  const repo = inRepository('acme', 'widgets');
  it.each([
    [
      'a pull_request event with no pull request',
      'pull_request',
      { ...loadWebhook('pull_request', 'opened', repo), pull_request: undefined },
    ],
    [
      'a review event with no review',
      'pull_request_review',
      { ...loadWebhook('pull_request_review', 'submitted', repo), review: undefined },
    ],
    ['a push with no commits', 'push', { ...loadWebhook('push', () => true, repo), commits: undefined }],
    [
      'a check_run with no check run',
      'check_run',
      { ...loadWebhook('check_run', 'rerequested', repo), check_run: null },
    ],
  ])('answers %s with 400, without internals, and queues nothing', async (_label, event, payload) => {
    const before = running.custody.queue.stats().enqueued;
    const answer = await deliver(event, payload);
    expect(answer.status).toBe(400);
    expect(answer.body).toMatch(/MalformedPayloadError: the \w+ payload lacks fields/);
    expect(answer.body).not.toMatch(/TypeError|Cannot read|at .*\.ts|node_modules/);
    expect(running.custody.queue.stats().enqueued).toBe(before);
  });

  it('still accepts the well-formed event', async () => {
    const answer = await deliver('pull_request', loadWebhook('pull_request', 'opened', repo));
    expect(answer.status).toBe(200);
  });
});
