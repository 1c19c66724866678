import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Log } from '../log.js';

/**
 * HTTP ingress pieces that sit next to Probot's webhook middleware:
 * - `/healthz` (liveness: the process answers) and `/readyz` (readiness: start-up checks passed, the
 *   background reconcilers are scheduled, and we are not draining after SIGTERM);
 * - a body-size guard that refuses anything larger than GitHub's 25 MB webhook cap with 413 *before*
 *   the body is read, because the webhook middleware buffers whole bodies with no limit.
 *
 * Handlers follow Probot's `Handler` contract: return true when the request was answered.
 */

export type NodeHandler = (req: IncomingMessage, res: ServerResponse) => boolean | Promise<boolean>;

/** "Payloads are capped at 25 MB. If your event generates a larger payload, a webhook will not be fired." */
export const GITHUB_WEBHOOK_MAX_BYTES = 25 * 1024 * 1024;

export interface Readiness {
  /** Marks one start-up step done; ready once every step named at creation is done. */
  complete(step: string): void;
  /** After SIGTERM: not ready any more, so load balancers stop sending deliveries. */
  drain(): void;
  /** A dependency (the database) answers or not; not ready while any is down. */
  report(dependency: string, up: boolean): void;
  state(): { ready: boolean; draining: boolean; waitingFor: readonly string[]; down: readonly string[] };
}

export function createReadiness(steps: readonly string[]): Readiness {
  const waiting = new Set(steps);
  const down = new Set<string>();
  let draining = false;
  return {
    complete(step) {
      waiting.delete(step);
    },
    drain() {
      draining = true;
    },
    report(dependency, up) {
      if (up) down.delete(dependency);
      else down.add(dependency);
    },
    state: () => ({
      ready: waiting.size === 0 && !draining && down.size === 0,
      draining,
      waitingFor: [...waiting],
      down: [...down],
    }),
  };
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  const text = JSON.stringify(body);
  res
    .writeHead(status, {
      'content-type': 'application/json',
      'content-length': String(Buffer.byteLength(text)),
      'cache-control': 'no-store',
      ...headers,
    })
    .end(text);
}

// A path WHATWG URL parsing leaves as it is (no dots, escapes, query, fragment or leading `//`,
// which would name a host): every delivery's.
const PLAIN_PATH = /^\/(?!\/)[A-Za-z0-9/_-]*$/;

/** The request's path as WHATWG URL parsing gives it, without trailing slashes ('' if unparsable). */
export function pathnameOf(req: Pick<IncomingMessage, 'url'>): string {
  const url = req.url ?? '/';
  if (PLAIN_PATH.test(url)) return url.replace(/\/+$/, '') || '/';
  try {
    return new URL(url, 'http://localhost').pathname.replace(/\/+$/, '') || '/';
  } catch {
    return '';
  }
}

export interface HealthOptions {
  readonly livenessPath?: string;
  readonly readinessPath?: string;
}

export function createHealthHandler(readiness: Readiness, options: HealthOptions = {}): NodeHandler {
  const liveness = options.livenessPath ?? '/healthz';
  const readinessPath = options.readinessPath ?? '/readyz';
  return (req, res) => {
    const path = pathnameOf(req);
    if (path !== liveness && path !== readinessPath) return false;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      sendJson(res, 405, { error: `${req.method} not allowed` }, { allow: 'GET, HEAD' });
      return true;
    }
    if (path === liveness) {
      sendJson(res, 200, { status: 'ok' });
      return true;
    }
    const state = readiness.state();
    if (state.ready) sendJson(res, 200, { status: 'ready' });
    else if (state.draining) sendJson(res, 503, { status: 'draining' });
    else if (state.down.length > 0 && state.waitingFor.length === 0)
      sendJson(res, 503, { status: 'unavailable', down: state.down });
    else sendJson(res, 503, { status: 'starting', waitingFor: state.waitingFor });
    return true;
  };
}

/**
 * While a dependency is down (the replicated mode's database), deliveries are answered 503 at
 * once: GitHub records them as failed, and the redelivery brings them back.
 */
export function createDependencyGuard(readiness: Readiness, webhookPath: string): NodeHandler {
  const path = webhookPath.replace(/\/+$/, '') || '/';
  return (req, res) => {
    const { down } = readiness.state();
    if (down.length === 0 || req.method !== 'POST' || pathnameOf(req) !== path) return false;
    sendJson(res, 503, { error: `Custody cannot record deliveries: ${down.join(', ')} unavailable` });
    return true;
  };
}

export interface BodySizeGuardOptions {
  readonly maxBytes?: number;
  /**
   * Bodies POSTed here are read by the guard with a running byte count (to also stop chunked uploads that
   * send no `content-length`) and handed on as `req.rawBody`, which `@octokit/webhooks` reads instead of
   * the stream. Default: Probot's webhook path.
   */
  readonly webhookPath?: string;
}

function refuse(req: IncomingMessage, res: ServerResponse, maxBytes: number): true {
  // `connection: close` makes Node drop the socket after the answer instead of draining the body.
  sendJson(
    res,
    413,
    { error: `Payload too large: GitHub webhooks are at most ${maxBytes} bytes` },
    {
      connection: 'close',
    },
  );
  req.pause();
  return true;
}

/**
 * Refuses oversized request bodies with 413. Must run before Probot's webhook middleware (see the wiring
 * in docs/reliability.md: Probot's own `Server` runs added handlers after it, so this needs our server).
 */
export function createBodySizeGuard(options: BodySizeGuardOptions = {}): NodeHandler {
  const maxBytes = options.maxBytes ?? GITHUB_WEBHOOK_MAX_BYTES;
  const webhookPath = (options.webhookPath ?? '/api/github/webhooks').replace(/\/+$/, '');
  return async (req, res) => {
    const declared = req.headers['content-length'];
    if (declared !== undefined && Number(declared) > maxBytes) return refuse(req, res, maxBytes);
    if (req.method !== 'POST' || pathnameOf(req) !== webhookPath) return false;
    const chunks: Buffer[] = [];
    let received = 0;
    const tooLarge = await new Promise<boolean>((resolve, reject) => {
      const onData = (chunk: Buffer) => {
        received += chunk.length;
        if (received > maxBytes) {
          cleanup();
          resolve(true);
        } else chunks.push(chunk);
      };
      const onEnd = () => {
        cleanup();
        resolve(false);
      };
      const onError = (error: Error) => {
        cleanup();
        reject(error);
      };
      const cleanup = () => {
        req.off('data', onData);
        req.off('end', onEnd);
        req.off('error', onError);
      };
      req.on('data', onData);
      req.on('end', onEnd);
      req.on('error', onError);
    });
    if (tooLarge) return refuse(req, res, maxBytes);
    // `@octokit/webhooks` (getPayload) uses `rawBody` when `body` is an object: the exact bytes GitHub
    // signed, so signature verification is unchanged.
    Object.assign(req, { body: {}, rawBody: new Uint8Array(Buffer.concat(chunks, received)) });
    return false;
  };
}

/**
 * A Node `request` listener that tries each handler in order and falls back to 404 — for running
 * Probot's middleware (`createNodeMiddleware`) behind the guard and the health endpoints on our own
 * `http.Server`.
 */
export function composeHandlers(
  // `unknown`: Probot's `createNodeMiddleware` returns `boolean | void`; only `true` means "answered".
  handlers: readonly ((req: IncomingMessage, res: ServerResponse) => unknown)[],
  onError: (error: unknown) => void,
): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  return async (req, res) => {
    try {
      for (const handler of handlers) {
        if ((await handler(req, res)) === true) return;
      }
      if (!res.headersSent) sendJson(res, 404, { error: 'Not found' });
    } catch (error) {
      onError(error);
      if (!res.headersSent) sendJson(res, 500, { error: 'Internal error' });
      else res.destroy();
    }
  };
}

export interface DrainStep {
  readonly name: string;
  readonly run: () => Promise<void>;
}

/**
 * The SIGTERM sequence: report not-ready at once (load balancers stop sending), then run the steps in
 * order (stop accepting connections, stop the reconcilers, let the queue finish in-flight evaluations),
 * giving up after `graceMs` so the orchestrator's kill never lands mid-write unannounced. A step that
 * fails is logged and the next one still runs. Work cut short is recovered: refused deliveries are
 * recorded as failed by GitHub and redelivered, and the sweep re-checks every open PR after restart.
 */
export async function drainGracefully(
  readiness: Readiness,
  steps: readonly DrainStep[],
  options: { readonly graceMs: number; readonly log: Pick<Log, 'info' | 'warn'> },
): Promise<'drained' | 'timed-out'> {
  readiness.drain();
  const started = Date.now();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timed-out'>((resolve) => {
    timer = setTimeout(() => resolve('timed-out'), options.graceMs);
    timer.unref();
  });
  const run = (async (): Promise<'drained'> => {
    for (const step of steps) {
      try {
        await step.run();
      } catch (error) {
        options.log.warn({ step: step.name, err: error }, 'drain step failed; continuing');
      }
    }
    return 'drained';
  })();
  const outcome = await Promise.race([run, timeout]);
  clearTimeout(timer);
  const log = outcome === 'drained' ? options.log.info.bind(options.log) : options.log.warn.bind(options.log);
  log({ outcome, durationMs: Date.now() - started }, 'drain finished');
  return outcome;
}
