import { createHmac } from 'node:crypto';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { createNodeMiddleware, Probot } from 'probot';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  composeHandlers,
  createBodySizeGuard,
  createDependencyGuard,
  createHealthHandler,
  createReadiness,
  drainGracefully,
  GITHUB_WEBHOOK_MAX_BYTES,
  pathnameOf,
  type Readiness,
} from '../../src/app/server/health.js';

const SECRET = 'a-real-webhook-secret-for-tests';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function send(
  port: number,
  options: { method?: string; path: string; headers?: Record<string, string>; body?: string | string[] },
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method: options.method ?? 'GET',
        path: options.path,
        headers: options.headers,
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c) => {
          body += c;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    // The server may answer and close before the client finished writing: that is the point of the guard.
    req.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE' && error.code !== 'ECONNRESET') reject(error);
    });
    const parts =
      options.body === undefined ? [] : Array.isArray(options.body) ? options.body : [options.body];
    for (const part of parts) req.write(part);
    if (options.headers?.['content-length'] === undefined || parts.length > 0) req.end();
  });
}

function signed(body: string, secret = SECRET): Record<string, string> {
  return {
    'content-type': 'application/json',
    'x-github-event': 'ping',
    'x-github-delivery': '72d3162e-cc78-11e3-81ab-4c9367dc0958',
    'x-hub-signature-256': `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`,
  };
}

describe('health endpoints and body-size guard, in front of Probot', () => {
  let server: Server;
  let port: number;
  let readiness: Readiness;
  const received = vi.fn();

  beforeEach(async () => {
    received.mockReset();
    readiness = createReadiness(['startup', 'sweep']);
    const probot = new Probot({ githubToken: 'test', secret: SECRET, logLevel: 'fatal' });
    const webhooks = await createNodeMiddleware(
      (app) => {
        app.on('ping', async (context) => {
          received(context.payload);
        });
      },
      { probot },
    );
    const listener = composeHandlers(
      [
        createBodySizeGuard({ maxBytes: 1024 }),
        createHealthHandler(readiness),
        createDependencyGuard(readiness, '/api/github/webhooks'),
        webhooks,
      ],
      () => {},
    );
    server = createServer((req, res) => void listener(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });

  afterEach(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('answers liveness at once, readiness only after start-up and never while draining', async () => {
    expect(await send(port, { path: '/healthz' })).toMatchObject({ status: 200, body: '{"status":"ok"}' });
    const starting = await send(port, { path: '/readyz' });
    expect(starting.status).toBe(503);
    expect(JSON.parse(starting.body)).toEqual({ status: 'starting', waitingFor: ['startup', 'sweep'] });

    readiness.complete('startup');
    readiness.complete('sweep');
    expect(await send(port, { path: '/readyz' })).toMatchObject({ status: 200, body: '{"status":"ready"}' });

    readiness.drain();
    expect(await send(port, { path: '/readyz' })).toMatchObject({
      status: 503,
      body: '{"status":"draining"}',
    });
    expect((await send(port, { path: '/healthz' })).status).toBe(200);
  });

  it('is not ready and refuses deliveries with 503 while the database is down, and recovers', async () => {
    readiness.complete('startup');
    readiness.complete('sweep');
    readiness.report('database', false);
    const down = await send(port, { path: '/readyz' });
    expect(down.status).toBe(503);
    expect(JSON.parse(down.body)).toEqual({ status: 'unavailable', down: ['database'] });
    const body = '{"zen":"Keep it logically awesome."}';
    const refused = await send(port, {
      method: 'POST',
      path: '/api/github/webhooks',
      headers: signed(body),
      body,
    });
    expect(refused.status).toBe(503);
    expect(received).not.toHaveBeenCalled();

    readiness.report('database', true);
    expect((await send(port, { path: '/readyz' })).status).toBe(200);
    const accepted = await send(port, {
      method: 'POST',
      path: '/api/github/webhooks',
      headers: signed(body),
      body,
    });
    expect(accepted.status).toBe(200);
    expect(received).toHaveBeenCalledTimes(1);
  });

  it('refuses a declared oversized body with 413 without waiting for the body', async () => {
    const reply = await send(port, {
      method: 'POST',
      path: '/api/github/webhooks',
      headers: { ...signed('{}'), 'content-length': String(GITHUB_WEBHOOK_MAX_BYTES + 1) },
      body: '{"zen":', // only a few bytes of the announced 25 MB ever arrive
    });
    expect(reply.status).toBe(413);
    expect(reply.headers.connection).toBe('close');
    expect(JSON.parse(reply.body).error).toMatch(/Payload too large/);
    expect(received).not.toHaveBeenCalled();
  });

  it('refuses a chunked body once it grows past the cap', async () => {
    const chunk = 'x'.repeat(600);
    const reply = await send(port, {
      method: 'POST',
      path: '/api/github/webhooks',
      headers: { ...signed('{}'), 'transfer-encoding': 'chunked' },
      body: [chunk, chunk],
    });
    expect(reply.status).toBe(413);
    expect(received).not.toHaveBeenCalled();
  });

  it('hands a signed body under the cap to Probot byte for byte', async () => {
    const body = JSON.stringify({ zen: 'Keep it logically awesome — ünïcödé.', hook_id: 1 });
    const reply = await send(port, {
      method: 'POST',
      path: '/api/github/webhooks',
      headers: signed(body),
      body,
    });
    expect(reply.status).toBe(200);
    expect(received).toHaveBeenCalledWith(
      expect.objectContaining({ zen: 'Keep it logically awesome — ünïcödé.' }),
    );
  });

  it('still rejects a bad signature after the guard read the body', async () => {
    const body = '{"zen":"forged"}';
    const reply = await send(port, {
      method: 'POST',
      path: '/api/github/webhooks',
      headers: signed(body, 'not-the-secret'),
      body,
    });
    expect(reply.status).toBe(400);
    expect(received).not.toHaveBeenCalled();
  });

  it('answers unknown paths with 404', async () => {
    expect((await send(port, { path: '/nope' })).status).toBe(404);
  });
});

describe('pathnameOf', () => {
  it('gives what WHATWG URL parsing gives, for plain paths and tricky ones alike', () => {
    const byUrl = (url: string) => {
      try {
        return new URL(url, 'http://localhost').pathname.replace(/\/+$/, '') || '/';
      } catch {
        return '';
      }
    };
    const piece = fc.constantFrom(
      '/',
      '//',
      'a',
      'Z',
      '0',
      '-',
      '_',
      '.',
      '..',
      '%2e',
      '%2F',
      '?',
      '#',
      '\\',
      ' ',
      ':',
      '@',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 10 }), (pieces) => {
        const url = `/${pieces.join('')}`;
        expect(pathnameOf({ url })).toBe(byUrl(url));
      }),
      { numRuns: 5_000 },
    );
    expect(pathnameOf({ url: '/api/github/webhooks/' })).toBe('/api/github/webhooks');
    expect(pathnameOf({ url: '//api/github/webhooks' })).toBe('/github/webhooks');
    expect(pathnameOf({ url: '/api/x/../github/webhooks?x=1' })).toBe('/api/github/webhooks');
  });
});

describe('drainGracefully', () => {
  const log = { info: vi.fn(), warn: vi.fn() };

  it('goes not-ready first, then runs every step in order, even after one fails', async () => {
    const readiness = createReadiness([]);
    const order: string[] = [];
    const outcome = await drainGracefully(
      readiness,
      [
        {
          name: 'server',
          run: async () => {
            order.push(`server:${readiness.state().draining}`);
          },
        },
        {
          name: 'reconcilers',
          run: async () => {
            order.push('reconcilers');
            throw new Error('boom');
          },
        },
        {
          name: 'queue',
          run: async () => {
            order.push('queue');
          },
        },
      ],
      { graceMs: 1_000, log },
    );
    expect(outcome).toBe('drained');
    expect(order).toEqual(['server:true', 'reconcilers', 'queue']);
    expect(readiness.state()).toMatchObject({ ready: false, draining: true });
    expect(log.warn).toHaveBeenCalledWith(
      expect.objectContaining({ step: 'reconcilers' }),
      expect.any(String),
    );
  });

  it('gives up after the grace period', async () => {
    vi.useFakeTimers();
    try {
      const pending = drainGracefully(
        createReadiness([]),
        [{ name: 'queue', run: () => new Promise<void>(() => {}) }],
        { graceMs: 25_000, log },
      );
      await vi.advanceTimersByTimeAsync(25_000);
      expect(await pending).toBe('timed-out');
    } finally {
      vi.useRealTimers();
    }
  });
});
