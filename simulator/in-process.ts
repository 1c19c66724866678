import { Writable } from 'node:stream';
import { pino } from 'pino';
import { Probot, ProbotOctokit } from 'probot';
import { createDeliveryCache } from '../src/app/handlers/delivery-cache.js';
import {
  type Custody,
  type CustodyOverrides,
  registerHandlers,
} from '../src/app/handlers/register-handlers.js';
import type { CustodyConfig } from '../src/app/server/config.js';
import { confirmPassMsFor, requestedPermissions, subscribedEvents } from './environment.js';
import { generateAppKeyPair } from './http/auth.js';
import { createSimulator, type Simulator, type SimulatorOptions } from './server.js';
import type { WebhookTransport } from './webhooks/sender.js';

/**
 * The real app (Probot + `registerHandlers`, real Octokit plugins, real app JWT and installation
 * tokens, real signature checks) and the simulator in ONE process, connected without sockets:
 * Octokit's `request.fetch` answers from the simulator's `dispatch`, and webhooks go through
 * Probot's `webhooks.verifyAndReceive` with the `X-Hub-Signature-256` GitHub computed. Only the
 * transport differs from `startEnvironment`; it makes hundreds of seeded runs affordable.
 *
 * Octokit's client-side throttle is off (it spaces writes a second apart) and the retry plugin's
 * back-off is zero (`retryAfterBaseValue: 0`): retries still happen, instantly.
 */

let keys: { privateKeyPem: string; publicKeyPem: string } | null = null;
/** One key pair per process: generating RSA keys costs ~100 ms per simulator otherwise. */
export function sharedKeyPair(): { privateKeyPem: string; publicKeyPem: string } {
  keys ??= generateAppKeyPair();
  return keys;
}

export const FAST_OCTOKIT = ProbotOctokit.defaults((options: Record<string, unknown> = {}) => ({
  ...options,
  throttle: { ...(options.throttle as object | undefined), enabled: false },
  retry: { ...(options.retry as object | undefined), retryAfterBaseValue: 0 },
}));

/** Settings like production's defaults, with retries immediate (time is compressed in tests). */
export function inProcessConfig(sim: Simulator, config: Partial<CustodyConfig> = {}): CustodyConfig {
  return {
    appId: sim.app.id,
    checkName: 'custody',
    botLogin: `${sim.app.slug}[bot]`,
    concurrency: 4,
    backgroundConcurrency: 1,
    maxQueued: 10_000,
    fanOutLimit: 200,
    requireOrgPolicy: false,
    publicUrl: null,
    metricsPort: null,
    maxAttempts: 3,
    retryDelayMs: 0,
    // Time is compressed here; bench/app-requests measures the production setting.
    settleMs: 0,
    // The confirming read outlasts the simulator's replication lag (real time, not compressed).
    confirmPassMs: confirmPassMsFor(sim),
    ...config,
  };
}

export interface InProcessOptions {
  readonly config?: Partial<CustodyConfig>;
  readonly overrides?: CustodyOverrides;
  /** Queue webhooks instead of attempting them at once (see `WebhookSender.outbox`). */
  readonly outbox?: boolean;
  /** Pino level of the app's log; `custody decision` lines need `info`. Default `info`. */
  readonly logLevel?: string;
  /** Wraps the simulator's fetch (to observe or bend what the app reads and writes). */
  readonly wrapFetch?: (fetch: typeof globalThis.fetch) => typeof globalThis.fetch;
  /** The simulator's replication lag (see `SimulatorOptions.lag`; default on). */
  readonly lag?: SimulatorOptions['lag'];
  /** The simulator's contract check (see `SimulatorOptions.contract`). */
  readonly contract?: boolean;
}

export interface InProcessApp {
  readonly sim: Simulator;
  readonly probot: Probot;
  readonly custody: Custody;
  readonly config: CustodyConfig;
  readonly installationId: number;
  /** Every `custody decision` log line, parsed. */
  readonly decisions: Array<Record<string, unknown>>;
  /** Errors and warnings the app logged (for failure messages). */
  readonly problems: string[];
}

let installations = 0;

export function startInProcessApp(options: InProcessOptions = {}): InProcessApp {
  installations += 1;
  const sim = createSimulator({
    events: subscribedEvents(),
    permissions: requestedPermissions(),
    keys: sharedKeyPair(),
    installationId: 62_000_000 + installations,
    ...(options.lag !== undefined ? { lag: options.lag } : {}),
    ...(options.contract !== undefined ? { contract: options.contract } : {}),
  });
  const decisions: Array<Record<string, unknown>> = [];
  const problems: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n')) {
        if (line.includes('"custody decision"')) decisions.push(JSON.parse(line) as Record<string, unknown>);
        else if (/"level":(40|50|60)/.test(line)) problems.push(line);
      }
      done();
    },
  });
  const fetch = options.wrapFetch ? options.wrapFetch(sim.fetch) : sim.fetch;
  const probot = new Probot({
    appId: sim.credentials.appId,
    privateKey: sim.credentials.privateKeyPem,
    secret: sim.credentials.webhookSecret,
    baseUrl: `${sim.url}/api/v3`,
    Octokit: FAST_OCTOKIT,
    request: { fetch },
    log: pino({ level: options.logLevel ?? 'info' }, stream),
  });
  const config = inProcessConfig(sim, options.config);
  // As `src/index.ts` wires it: duplicate deliveries skipped by a bounded cache.
  const custody = registerHandlers(probot, config, {
    deliveries: createDeliveryCache(),
    ...options.overrides,
  });

  // What Probot's webhook middleware does with a request, minus the socket.
  const transport: WebhookTransport = async (_url, request) => {
    try {
      // Probot initialises asynchronously; its HTTP middleware waits for that too.
      await probot.ready();
      await probot.webhooks.verifyAndReceive({
        id: request.headers['x-github-delivery']!,
        name: request.headers['x-github-event'] as never,
        payload: request.body,
        signature: request.headers['x-hub-signature-256']!,
      });
      return { status: 200, body: 'ok\n' };
    } catch (error) {
      const first = (Array.from((error as AggregateError).errors ?? [error])[0] ?? error) as {
        status?: number;
        message?: string;
      };
      return { status: first.status ?? 500, body: JSON.stringify({ error: first.message }) };
    }
  };
  sim.webhooks.transport = transport;
  if (options.outbox) sim.webhooks.outbox = [];
  sim.setWebhookUrl(`${sim.url}/api/github/webhooks`);
  const installationId = [...sim.store.installations.keys()][0]!;
  return { sim, probot, custody, config, installationId, decisions, problems };
}
