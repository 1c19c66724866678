import { z } from 'zod';

/**
 * The app's settings, read once from the environment at start-up. Probot reads its own
 * (`APP_ID`, `PRIVATE_KEY`, `WEBHOOK_SECRET`, …); these are Custody's. A bad value stops the
 * process with a message naming the variable, rather than running with a surprise default.
 */
/** 50 events spread over a second cost at most 3 evaluations with this (npm run bench). */
export const DEFAULT_SETTLE_MS = 500;

const count = (min: number, max: number, fallback: number) =>
  z.coerce.number().int().min(min).max(max).default(fallback);

const Env = z.object({
  APP_ID: z.coerce.number().int().positive().optional().meta({
    description: 'Our GitHub App id: recognises our own check runs and suites (another app’s are ignored).',
  }),
  CUSTODY_CHECK_NAME: z.string().trim().min(1).max(100).default('custody').meta({
    description: 'Name of the check run; branch protection requires this name.',
  }),
  CUSTODY_APP_SLUG: z.string().trim().min(1).optional().meta({
    description: 'The app’s slug; events whose sender is `<slug>[bot]` (our own actions) are ignored.',
  }),
  CUSTODY_CONCURRENCY: count(1, 64, 4).meta({ description: 'Evaluations running at once.' }),
  CUSTODY_BACKGROUND_CONCURRENCY: count(1, 64, 1).meta({
    description: 'Of those, how many may serve background fan-out (policy pushes, new installations).',
  }),
  CUSTODY_MAX_QUEUED: count(1, 1_000_000, 10_000).meta({
    description:
      'Pull requests waiting at most; beyond it new work is refused (logged, counted, redeliverable).',
  }),
  CUSTODY_FANOUT_LIMIT: count(1, 10_000, 200).meta({
    description: 'Open pull requests re-evaluated at most per policy push or per newly installed repository.',
  }),
  CUSTODY_MAX_ATTEMPTS: count(1, 10, 3).meta({ description: 'Attempts per evaluation before giving up.' }),
  CUSTODY_SETTLE_MS: count(0, 10_000, DEFAULT_SETTLE_MS).meta({
    description:
      'How long a pull request’s first event waits for more before it is evaluated: a burst (a push sends several events; bots send dozens) costs one or two evaluations.',
  }),
  CUSTODY_REQUIRE_ORG_POLICY: z.enum(['true', 'false']).default('false').meta({
    description:
      '`true`: fail the check when the organisation’s `.github` repository cannot be read (missing, or the app is not installed on it), instead of noting it.',
  }),
  METRICS_PORT: z.coerce.number().int().min(0).max(65_535).optional().meta({
    description: 'Serve Prometheus metrics (`/metrics`) on this port instead of the webhook listener’s.',
  }),
  CUSTODY_RETRY_DELAY_SECONDS: count(0, 3_600, 30).meta({
    description: 'Delay before the first retry; doubles on each further attempt.',
  }),
});

export interface CustodyConfig {
  readonly appId: number | null;
  readonly checkName: string;
  /** `<slug>[bot]`, the login our own actions are attributed to; null when unknown. */
  readonly botLogin: string | null;
  readonly concurrency: number;
  readonly backgroundConcurrency: number;
  readonly maxQueued: number;
  readonly fanOutLimit: number;
  readonly maxAttempts: number;
  readonly retryDelayMs: number;
  readonly settleMs: number;
  /** Fail, rather than note, when the organisation's policy repository cannot be read. */
  readonly requireOrgPolicy: boolean;
  /** Its own listener for `/metrics`; null serves it on the webhook listener. */
  readonly metricsPort: number | null;
}

export function readConfig(env: NodeJS.ProcessEnv): CustodyConfig {
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Invalid Custody configuration in the environment:\n${problems.join('\n')}`);
  }
  const e = parsed.data;
  return {
    appId: e.APP_ID ?? null,
    checkName: e.CUSTODY_CHECK_NAME,
    botLogin: e.CUSTODY_APP_SLUG ? `${e.CUSTODY_APP_SLUG}[bot]` : null,
    concurrency: e.CUSTODY_CONCURRENCY,
    backgroundConcurrency: Math.min(e.CUSTODY_BACKGROUND_CONCURRENCY, e.CUSTODY_CONCURRENCY),
    maxQueued: e.CUSTODY_MAX_QUEUED,
    fanOutLimit: e.CUSTODY_FANOUT_LIMIT,
    maxAttempts: e.CUSTODY_MAX_ATTEMPTS,
    retryDelayMs: e.CUSTODY_RETRY_DELAY_SECONDS * 1000,
    settleMs: e.CUSTODY_SETTLE_MS,
    requireOrgPolicy: e.CUSTODY_REQUIRE_ORG_POLICY === 'true',
    metricsPort: e.METRICS_PORT ?? null,
  };
}
