import type { IncomingMessage, ServerResponse } from 'node:http';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { VerdictState } from '../core/verdict.js';
import type { NodeHandler } from './server/health.js';

/**
 * Prometheus metrics (`GET /metrics`), one registry per process. Recorded where each fact is
 * known: deliveries at the HTTP edge, GitHub requests by an Octokit plugin (every client the
 * app makes), evaluations with the decision log, the queue read at scrape time.
 */
export const registry = new Registry();
collectDefaultMetrics({ register: registry });

const webhookDeliveries = new Counter({
  name: 'custody_webhook_deliveries_total',
  help: 'Webhook deliveries answered, by event and outcome (accepted, invalid, too_large, overloaded, failed).',
  labelNames: ['event', 'outcome'] as const,
  registers: [registry],
});

const evaluations = new Counter({
  name: 'custody_evaluations_total',
  help: 'Pull request evaluations, by resulting state (satisfied, not_applicable, waiting, blocked, error, overridden, closed).',
  labelNames: ['state'] as const,
  registers: [registry],
});

const evaluationDuration = new Histogram({
  name: 'custody_evaluation_duration_seconds',
  help: 'Time from the start of an evaluation to its decision (reads, policy, writes).',
  buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
  registers: [registry],
});

const ledgerAppendDuration = new Histogram({
  name: 'custody_ledger_append_duration_seconds',
  help: 'Time to write one delivery’s facts to the custody ledger before answering it, by outcome (ok, failed).',
  labelNames: ['outcome'] as const,
  buckets: [0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
  registers: [registry],
});

const githubRequests = new Counter({
  name: 'custody_github_requests_total',
  help: 'Requests to GitHub, by kind (graphql, rest) and HTTP status (or "network").',
  labelNames: ['kind', 'status'] as const,
  registers: [registry],
});

const rateLimitRemaining = new Gauge({
  name: 'custody_github_rate_limit_remaining',
  help: 'The x-ratelimit-remaining GitHub last reported, by rate-limit resource (core, graphql, …).',
  labelNames: ['resource'] as const,
  registers: [registry],
});

/** What the queue gauges read at scrape time. */
export interface QueueSource {
  stats(): { readonly waiting: number; readonly running: number; readonly retrying: number };
  oldestWaitingSince(): number | null;
}
let queue: QueueSource | null = null;

new Gauge({
  name: 'custody_queue_depth',
  help: 'Pull requests waiting, running or scheduled for a retry.',
  registers: [registry],
  collect() {
    const stats = queue?.stats();
    this.set(stats ? stats.waiting + stats.running + stats.retrying : 0);
  },
});

new Gauge({
  name: 'custody_queue_oldest_seconds',
  help: 'How long the longest-waiting queued pull request has waited (0 when none).',
  registers: [registry],
  collect() {
    const since = queue?.oldestWaitingSince() ?? null;
    this.set(since === null ? 0 : Math.max(0, (Date.now() - since) / 1000));
  },
});

const bypasses = new Counter({
  name: 'custody_bypasses_total',
  help: 'Pull requests merged while Custody’s check on their head was not passing (a bypass of the gate).',
  registers: [registry],
});

const overrides = new Counter({
  name: 'custody_overrides_total',
  help: 'Break-glass overrides applied (an allowed user turned Custody’s check to success for one head, with a reason).',
  registers: [registry],
});

export function observeQueue(source: QueueSource): void {
  queue = source;
}

export function recordEvaluation(state: VerdictState | 'closed', durationMs: number): void {
  evaluations.inc({ state });
  evaluationDuration.observe(durationMs / 1000);
}

/** One delivery's facts written (or not) on the webhook path. */
export function recordLedgerAppend(durationMs: number, outcome: 'ok' | 'failed'): void {
  ledgerAppendDuration.observe({ outcome }, durationMs / 1000);
}

export function recordBypass(): void {
  bypasses.inc();
}

export function recordOverride(): void {
  overrides.inc();
}

function outcomeOf(status: number): string {
  if (status < 300) return 'accepted';
  if (status === 413) return 'too_large';
  if (status === 503) return 'overloaded';
  return status < 500 ? 'invalid' : 'failed';
}

/** Counts each answered POST to the webhook path, once its status is known. Answers nothing. */
export function createDeliveryCounter(webhookPath: string): NodeHandler {
  return (req: IncomingMessage, res: ServerResponse) => {
    if (req.method === 'POST' && req.url?.split('?')[0] === webhookPath) {
      const header = req.headers['x-github-event'];
      const event = typeof header === 'string' && /^[a-z_]{1,64}$/.test(header) ? header : 'unknown';
      res.once('finish', () => webhookDeliveries.inc({ event, outcome: outcomeOf(res.statusCode) }));
    }
    return false;
  };
}

/** `GET /metrics` in Prometheus's text format. */
export function createMetricsHandler(path = '/metrics'): NodeHandler {
  return async (req, res) => {
    if (req.url?.split('?')[0] !== path || (req.method !== 'GET' && req.method !== 'HEAD')) return false;
    const text = await registry.metrics();
    res.writeHead(200, { 'content-type': registry.contentType, 'cache-control': 'no-store' }).end(text);
    return true;
  };
}

interface RequestOptions {
  readonly url: string;
}
interface HookedOctokit {
  hook: {
    after(
      name: 'request',
      hook: (response: { status: number; headers: Record<string, unknown> }, options: RequestOptions) => void,
    ): void;
    error(
      name: 'request',
      hook: (
        error: { status?: number; response?: { headers: Record<string, unknown> } },
        options: RequestOptions,
      ) => never,
    ): void;
  };
}

function recordResponse(
  options: RequestOptions,
  status: number | string,
  headers: Record<string, unknown> | undefined,
) {
  githubRequests.inc({ kind: /\/graphql$/.test(options.url) ? 'graphql' : 'rest', status: String(status) });
  const remaining = Number(headers?.['x-ratelimit-remaining']);
  if (Number.isFinite(remaining)) {
    const resource = String(headers?.['x-ratelimit-resource'] ?? 'core');
    rateLimitRemaining.set({ resource }, remaining);
  }
}

/** An Octokit plugin: every request any client of the app sends (app, installations, sweep) is counted. */
export function countGithubRequests(octokit: HookedOctokit): void {
  octokit.hook.after('request', (response, options) =>
    recordResponse(options, response.status, response.headers),
  );
  octokit.hook.error('request', (error, options) => {
    recordResponse(options, error.status ?? 'network', error.response?.headers);
    throw error;
  });
}
