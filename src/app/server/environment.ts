import { z } from 'zod';
import { renderMarkdownTable } from '../../core/render/render-markdown-table.js';

/**
 * Every variable the app reads from its environment, in one zod schema: Probot's own (passed on
 * to it), Custody's, and the custody ledger's. A bad value stops the process with one line per
 * variable naming it, its value and what is allowed (`check-startup.ts`), never a surprise
 * default. The README's table is generated from `ENVIRONMENT` (`npm run schemas`).
 */

/** 50 events spread over a second cost at most 3 evaluations with this (npm run bench). */
export const DEFAULT_SETTLE_MS = 500;
/** GitHub expects sub-second replication lag and stops serving from a replica lagging a few seconds. */
export const DEFAULT_CONFIRM_PASS_MS = 3_000;
export const DEFAULT_SWEEP_INTERVAL_MS = 15 * 60 * 1000;
export const DEFAULT_REDELIVERY_INTERVAL_MS = 10 * 60 * 1000;
const MIN_INTERVAL_MS = 60 * 1000;
const MAX_INTERVAL_MS = 24 * 60 * 60 * 1000;
const UNITS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

interface Meta {
  /** What is allowed, completing "expected …" in an error. */
  readonly allowed: string;
  readonly description: string;
  /** What leaving the variable unset means, for the README (variables without a default). */
  readonly unset?: string;
  /** Never echoed in an error (credentials, connection strings). */
  readonly secret?: boolean;
}

export interface Variable extends Meta {
  readonly schema: z.ZodType;
  /** The value used when the variable is unset, as it would be written in the environment. */
  readonly default?: string;
}

/** Unset and empty both mean "not set", as in a `.env` file with `NAME=`. */
const unset = (value: unknown) => (value === '' ? undefined : value);

/** A variable with a default, parsed exactly as if the default had been written in the environment. */
function withDefault<T extends z.ZodType>(inner: T, meta: Meta & { readonly default: string }) {
  return { ...meta, schema: z.preprocess((value) => unset(value) ?? meta.default, inner) };
}

function optional<T extends z.ZodType>(inner: T, meta: Meta) {
  return { ...meta, schema: z.preprocess(unset, inner.optional()) };
}

const text = z.string().trim().min(1);
const integer = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

/** `900`, `900s`, `15m`, `1h` → ms; `off` → null (disabled). A bare number is seconds. */
const interval = z
  .string()
  .trim()
  .transform((value, ctx): number | null => {
    if (value.toLowerCase() === 'off') return null;
    const match = /^(\d+)(ms|s|m|h)?$/.exec(value);
    const ms = match ? Number(match[1]) * (UNITS[match[2] ?? 's'] ?? 1000) : Number.NaN;
    if (!(ms >= MIN_INTERVAL_MS && ms <= MAX_INTERVAL_MS)) {
      ctx.addIssue({ code: 'custom', message: 'out of range' });
      return z.NEVER;
    }
    return ms;
  });
const INTERVAL_ALLOWED = 'a duration between 1m and 24h such as "15m", "900s" or "1h", or "off"';

export const ENVIRONMENT = {
  // Probot: the app's credentials and server.
  APP_ID: optional(integer(1, Number.MAX_SAFE_INTEGER), {
    allowed: 'a positive integer',
    description:
      'The GitHub App id (Probot). Without it and a private key, `npm start` runs the manifest flow. Also recognises our own check runs.',
  }),
  PRIVATE_KEY: optional(text, {
    allowed: 'a PEM private key',
    description: 'The app’s private key (Probot); or `PRIVATE_KEY_PATH`.',
    secret: true,
  }),
  PRIVATE_KEY_PATH: optional(text, {
    allowed: 'a file path',
    description: 'Path of the app’s private key file (Probot).',
  }),
  WEBHOOK_SECRET: optional(z.string(), {
    allowed: 'the secret set on the GitHub App, at least 16 characters in production',
    description:
      'The webhook secret set on the GitHub App; required (≥ 16 chars, not a placeholder) in production.',
    secret: true,
  }),
  WEBHOOK_PATH: withDefault(text, {
    default: '/api/github/webhooks',
    allowed: 'a URL path',
    description: 'Where webhooks are received.',
  }),
  NODE_ENV: optional(text, {
    allowed: 'any text',
    description: '`production` turns on the strict start-up checks.',
  }),
  HOST: withDefault(text, {
    default: 'localhost',
    allowed: 'a host name or address',
    description: 'Address to listen on (`0.0.0.0` in a container).',
  }),
  PORT: withDefault(integer(0, 65_535), {
    default: '3000',
    allowed: 'a port number from 0 to 65535',
    description: 'Port to listen on.',
  }),
  LOG_LEVEL: withDefault(z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']), {
    default: 'info',
    allowed: 'one of trace, debug, info, warn, error, fatal, silent',
    description: 'Pino log level; at `info` each evaluation logs one decision line.',
  }),
  LOG_FORMAT: optional(z.enum(['json', 'pretty']), {
    unset: 'Probot’s choice',
    allowed: 'json or pretty',
    description: 'Log format (Probot).',
  }),
  GHE_HOST: optional(text, {
    unset: 'github.com',
    allowed: 'a host name',
    description: 'GitHub Enterprise Server host name (Probot).',
  }),
  GHE_PROTOCOL: optional(z.enum(['http', 'https']), {
    unset: '`https`',
    allowed: 'http or https',
    description: 'Protocol for `GHE_HOST` (Probot).',
  }),
  GH_ORG: optional(text, {
    unset: 'your user account',
    allowed: 'an organisation login',
    description: 'Where the manifest flow registers the app: this organisation instead of your account.',
  }),
  WEBHOOK_PROXY_URL: optional(text, {
    allowed: 'a URL (e.g. a smee.io channel)',
    description:
      'Registered as the webhook URL by the manifest flow, for development behind a proxy; run its forwarder beside Custody.',
  }),
  // Custody.
  CUSTODY_CHECK_NAME: withDefault(z.string().trim().min(1).max(100), {
    default: 'custody',
    allowed: 'a name of 1 to 100 characters',
    description: 'Name of the check run; branch protection requires exactly this name.',
  }),
  CUSTODY_APP_SLUG: optional(text, {
    allowed: 'the app’s slug',
    description: 'The app’s slug; events whose sender is `<slug>[bot]` (our own actions) are ignored.',
  }),
  CUSTODY_CONCURRENCY: withDefault(integer(1, 64), {
    default: '4',
    allowed: 'an integer from 1 to 64',
    description: 'Evaluations running at once.',
  }),
  CUSTODY_BACKGROUND_CONCURRENCY: withDefault(integer(1, 64), {
    default: '1',
    allowed: 'an integer from 1 to 64',
    description: 'Of those, how many may serve background fan-out (policy pushes, new installations).',
  }),
  CUSTODY_MAX_QUEUED: withDefault(integer(1, 1_000_000), {
    default: '10000',
    allowed: 'an integer from 1 to 1000000',
    description:
      'Pull requests waiting at most; beyond it a delivery fails, so GitHub records it for redelivery.',
  }),
  CUSTODY_FANOUT_LIMIT: withDefault(integer(1, 10_000), {
    default: '200',
    allowed: 'an integer from 1 to 10000',
    description: 'Open pull requests re-evaluated at most per policy push or per newly installed repository.',
  }),
  CUSTODY_MAX_ATTEMPTS: withDefault(integer(1, 10), {
    default: '3',
    allowed: 'an integer from 1 to 10',
    description: 'Attempts per evaluation before giving up.',
  }),
  CUSTODY_SETTLE_MS: withDefault(integer(0, 10_000), {
    default: String(DEFAULT_SETTLE_MS),
    allowed: 'an integer from 0 to 10000',
    description:
      'How long a pull request’s first event waits for more before it is evaluated, so a burst costs one or two evaluations.',
  }),
  CUSTODY_CONFIRM_PASS_MS: withDefault(integer(0, 30_000), {
    default: String(DEFAULT_CONFIRM_PASS_MS),
    allowed: 'an integer from 0 to 30000',
    description:
      'How long Custody waits before reading a pull request again to confirm that its check may turn to a pass: longer than GitHub’s replication lag, so the second read shows every change made before the first.',
  }),
  CUSTODY_REQUIRE_ORG_POLICY: withDefault(z.enum(['true', 'false']), {
    default: 'false',
    allowed: 'true or false',
    description:
      '`true`: fail the check when the organisation’s `.github` repository cannot be read (missing, or the app is not installed on it), instead of noting it.',
  }),
  METRICS_PORT: optional(integer(0, 65_535), {
    unset: 'the webhook listener’s port',
    allowed: 'a port number from 0 to 65535',
    description: 'Serve Prometheus metrics (`/metrics`) on this port instead of the webhook listener’s.',
  }),
  CUSTODY_RETRY_DELAY_SECONDS: withDefault(integer(0, 3_600), {
    default: '30',
    allowed: 'an integer from 0 to 3600',
    description:
      'Delay before the first retry of a failed evaluation; doubles on each further attempt, and is never shorter than `CUSTODY_CONFIRM_PASS_MS` (a read lagging GitHub’s replicas would lag again).',
  }),
  CUSTODY_SWEEP_INTERVAL: withDefault(interval, {
    default: `${DEFAULT_SWEEP_INTERVAL_MS / 60_000}m`,
    allowed: INTERVAL_ALLOWED,
    description:
      'How often open PRs are re-checked for stale checks (bounds the fail-open window); `off` disables it.',
  }),
  CUSTODY_REDELIVERY_INTERVAL: withDefault(interval, {
    default: `${DEFAULT_REDELIVERY_INTERVAL_MS / 60_000}m`,
    allowed: INTERVAL_ALLOWED,
    description: 'How often failed webhook deliveries are redelivered; `off` disables it.',
  }),
  CUSTODY_SWEEP_MAX_EVALUATIONS: withDefault(integer(1, Number.MAX_SAFE_INTEGER), {
    default: '100',
    allowed: 'a positive integer',
    description:
      'Most PRs one sweep enqueues for re-evaluation (passing checks first); the rest go first next run.',
  }),
  // The web pages (custody page of a pull request, organisation report, sign-in with GitHub).
  CUSTODY_PUBLIC_URL: optional(
    z
      .string()
      .trim()
      .url()
      .refine((value) => /^https?:\/\//.test(value), 'http or https')
      .transform((value) => value.replace(/\/+$/, '')),
    {
      unset: 'no web pages, no details link',
      allowed: 'an http(s) URL such as https://custody.example.com',
      description:
        'Where people reach this server. With the OAuth client below it serves the custody pages (`/custody/…`) and each check run links to its pull request’s page.',
    },
  ),
  GITHUB_CLIENT_ID: optional(text, {
    allowed: 'the GitHub App’s client id',
    description:
      'The app’s OAuth client id (the manifest flow writes it), for sign-in with GitHub on the custody pages.',
  }),
  GITHUB_CLIENT_SECRET: optional(text, {
    allowed: 'the GitHub App’s client secret',
    description: 'The app’s OAuth client secret (the manifest flow writes it).',
    secret: true,
  }),
  CUSTODY_SESSION_SECRET: optional(z.string().min(32), {
    unset: 'derived from the app’s private key',
    allowed: 'at least 32 characters',
    description:
      'Key of the sealed session cookies of the custody pages; set the same one on every instance.',
    secret: true,
  }),
  // The custody ledger.
  DATABASE_URL: optional(text, {
    unset: 'the SQLite file `./.custody/custody.db`',
    allowed: 'a postgres:// URL or a SQLite file path',
    description:
      'Where the custody ledger keeps its history: a PostgreSQL URL (which also turns on the replicated mode: several replicas share the queue), or a SQLite file.',
    secret: true,
  }),
  DATABASE_POOL_SIZE: withDefault(integer(1, 100), {
    default: '10',
    allowed: 'an integer from 1 to 100',
    description:
      'PostgreSQL: connections each process opens for the ledger; the replicated queue opens `CUSTODY_CONCURRENCY` + 2 more.',
  }),
  CUSTODY_LOCK_TIMEOUT_SECONDS: withDefault(integer(1, 3_600), {
    default: '60',
    allowed: 'an integer from 1 to 3600',
    description:
      'Replicated mode (PostgreSQL): how long a replica may stop answering before another takes over the evaluations it held.',
  }),
  CUSTODY_RETENTION_DAYS: optional(integer(1, Number.MAX_SAFE_INTEGER), {
    unset: 'kept forever',
    allowed: 'a positive integer',
    description: 'Days the custody ledger keeps its history before pruning it.',
  }),
};

const VARIABLES: Readonly<Record<string, Variable>> = ENVIRONMENT;

const Environment = z.object(
  Object.fromEntries(Object.entries(ENVIRONMENT).map(([name, v]) => [name, v.schema])) as {
    [K in keyof typeof ENVIRONMENT]: (typeof ENVIRONMENT)[K]['schema'];
  },
);
export type Environment = z.infer<typeof Environment>;

/** The app must not start (a bad value, a weak secret in production); the message says why, in full. */
export class StartupError extends Error {
  override readonly name = 'StartupError';
}

/** The environment, parsed; throws `StartupError` naming every bad variable, its value and what is allowed. */
export function readEnvironment(env: Readonly<Record<string, string | undefined>>): Environment {
  const parsed = Environment.safeParse(env);
  if (parsed.success) return parsed.data;
  const names = [...new Set(parsed.error.issues.map((issue) => String(issue.path[0])))];
  const lines = names.map((name) => {
    const variable = VARIABLES[name];
    const value = variable?.secret ? '(hidden)' : JSON.stringify(env[name] ?? '');
    return `  ${name}=${value}: expected ${variable?.allowed ?? 'a valid value'}`;
  });
  throw new StartupError(`Custody cannot start: invalid environment\n${lines.join('\n')}`);
}

/** The README's table of variables. */
export function renderEnvironmentReference(): string {
  const rows = Object.entries(VARIABLES).map(([name, v]) => [
    `\`${name}\``,
    v.default !== undefined ? `\`${v.default}\`` : (v.unset ?? '—'),
    v.description,
  ]);
  return renderMarkdownTable(['Variable', 'Default', 'Meaning'], rows);
}
