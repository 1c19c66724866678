import { createHmac, generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { checkStartup } from '../../src/app/server/check-startup.js';
import { type RunningCustody, startServer } from '../../src/app/server/start-server.js';
import { loadWebhook } from '../fixtures/webhooks/load-webhook.js';

const SECRET = 'a-real-secret-of-32-characters!!';
const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });

const ledgerDir = mkdtempSync(join(tmpdir(), 'custody-server-'));
afterAll(() => rmSync(ledgerDir, { recursive: true, force: true }));

const env = {
  DATABASE_URL: join(ledgerDir, 'custody.db'),
  APP_ID: '12345',
  PRIVATE_KEY: privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(),
  WEBHOOK_SECRET: SECRET,
  PORT: '0',
  HOST: '127.0.0.1',
  LOG_LEVEL: 'fatal',
  // No GitHub here: the reconcilers would call it at start-up.
  CUSTODY_SWEEP_INTERVAL: 'off',
  CUSTODY_REDELIVERY_INTERVAL: 'off',
};

interface Answer {
  readonly status: number;
  readonly body: string;
}

function send(
  port: number,
  options: { method: string; path: string; headers?: Record<string, string | number>; body?: string },
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, method: options.method, path: options.path, headers: options.headers },
      (res) => {
        let body = '';
        res.on('data', (chunk) => {
          body += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    if (options.body !== undefined) req.end(options.body);
    else req.end();
  });
}

describe('the server npm start runs', () => {
  let running: RunningCustody | null = null;
  afterEach(async () => {
    await running?.drain(2_000);
    running = null;
  });

  const start = async () => {
    running = await startServer({ env, startup: checkStartup(env) });
    return running;
  };

  it('answers liveness and readiness, and says draining once SIGTERM handling starts', async () => {
    const { port, drain } = await start();
    expect(await send(port, { method: 'GET', path: '/healthz' })).toEqual({
      status: 200,
      body: '{"status":"ok"}',
    });
    expect(await send(port, { method: 'GET', path: '/readyz' })).toEqual({
      status: 200,
      body: '{"status":"ready"}',
    });
    expect(await drain(2_000)).toBe('drained');
    running = null;
  });

  it('refuses a body over GitHub’s 25 MB cap before reading it', async () => {
    const { port } = await start();
    const answer = await send(port, {
      method: 'POST',
      path: '/api/github/webhooks',
      headers: { 'content-length': 25 * 1024 * 1024 + 1, 'content-type': 'application/json' },
      body: '',
    });
    expect(answer.status).toBe(413);
    expect(answer.body).toContain('Payload too large');
  });

  it('refuses a delivery with a bad signature and accepts a correctly signed one', async () => {
    const { port, custody } = await start();
    const payload = JSON.stringify(loadWebhook('issues', 'opened'));
    const headers = (signature: string) => ({
      'content-type': 'application/json',
      'x-github-event': 'issues',
      'x-github-delivery': '5f0c1e7a-0000-4000-8000-000000000001',
      'x-hub-signature-256': signature,
    });
    const forged = await send(port, {
      method: 'POST',
      path: '/api/github/webhooks',
      headers: headers(`sha256=${'0'.repeat(64)}`),
      body: payload,
    });
    expect(forged.status).toBeGreaterThanOrEqual(400);
    const signed = `sha256=${createHmac('sha256', SECRET).update(payload).digest('hex')}`;
    const accepted = await send(port, {
      method: 'POST',
      path: '/api/github/webhooks',
      headers: headers(signed),
      body: payload,
    });
    expect(accepted.status).toBe(200);
    // An event Custody does not handle: acknowledged, nothing queued.
    expect(custody.queue.stats().enqueued).toBe(0);
  });

  it('serves /metrics on METRICS_PORT when set, and not on the webhook listener', async () => {
    const withPort = { ...env, METRICS_PORT: '0' };
    running = await startServer({ env: withPort, startup: checkStartup(withPort) });
    const { port, metricsPort } = running;
    expect(metricsPort).not.toBe(port);
    const scraped = await send(metricsPort, { method: 'GET', path: '/metrics' });
    expect(scraped.status).toBe(200);
    expect(scraped.body).toContain('# TYPE custody_evaluations_total counter');
    expect((await send(port, { method: 'GET', path: '/metrics' })).status).toBe(404);
  });
});
