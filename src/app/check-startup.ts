import { z } from 'zod';

/**
 * Start-up checks for the settings that keep the gate safe: a real webhook secret (in every mode), and the
 * intervals of the background reconcilers (open-PR sweep, failed-delivery redelivery). Call it before
 * Probot starts listening, so a misconfigured deployment stops with one clear message instead of
 * accepting forged webhooks (Probot silently falls back to the secret `development`).
 */

/** Values that are known placeholders, never real secrets. `.env.example` must use one of them. */
export const PLACEHOLDER_WEBHOOK_SECRETS: readonly string[] = [
  'development', // Probot's built-in fallback when WEBHOOK_SECRET is unset
  'change-me',
  'changeme',
  'replace-me',
  'secret',
  'your-webhook-secret',
  'webhook-secret',
];

export const MIN_WEBHOOK_SECRET_LENGTH = 16;

export const DEFAULT_SWEEP_INTERVAL_MS = 15 * 60 * 1000;
export const DEFAULT_REDELIVERY_INTERVAL_MS = 10 * 60 * 1000;
const MIN_INTERVAL_MS = 60 * 1000;
const MAX_INTERVAL_MS = 24 * 60 * 60 * 1000;

const UNITS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** `900`, `900s`, `15m`, `1h` → ms; `off` → null (disabled). A bare number is seconds. */
const Interval = (fallbackMs: number) =>
  z
    .string()
    .trim()
    .optional()
    .transform((text, ctx): number | null => {
      if (text === undefined || text === '') return fallbackMs;
      if (text.toLowerCase() === 'off') return null;
      const match = /^(\d+)(ms|s|m|h)?$/.exec(text);
      const ms = match ? Number(match[1]) * (UNITS[match[2] ?? 's'] ?? 1000) : Number.NaN;
      if (!(ms >= MIN_INTERVAL_MS && ms <= MAX_INTERVAL_MS)) {
        ctx.addIssue({
          code: 'custom',
          message: `expected a duration between 1m and 24h such as "15m", "900s" or "1h" (or "off"), got "${text}"`,
        });
        return z.NEVER;
      }
      return ms;
    });

const PositiveInt = (fallback: number) =>
  z
    .string()
    .trim()
    .optional()
    .transform((text, ctx): number => {
      if (text === undefined || text === '') return fallback;
      const n = Number(text);
      if (!Number.isInteger(n) || n < 1) {
        ctx.addIssue({ code: 'custom', message: `expected a positive integer, got "${text}"` });
        return z.NEVER;
      }
      return n;
    });

export const StartupEnv = z.object({
  NODE_ENV: z.string().optional().meta({ description: '`production` turns on the strict checks.' }),
  WEBHOOK_SECRET: z.string().optional().meta({
    description: 'The webhook secret set on the GitHub App; required (≥ 16 chars, not a placeholder).',
  }),
  CUSTODY_SWEEP_INTERVAL: Interval(DEFAULT_SWEEP_INTERVAL_MS).meta({
    description:
      'How often open PRs are re-checked for stale checks (bounds the fail-open window). Default 15m.',
  }),
  CUSTODY_REDELIVERY_INTERVAL: Interval(DEFAULT_REDELIVERY_INTERVAL_MS).meta({
    description: 'How often failed webhook deliveries are redelivered. Default 10m.',
  }),
  CUSTODY_SWEEP_MAX_EVALUATIONS: PositiveInt(100).meta({
    description: 'Most PRs one sweep enqueues for re-evaluation; the rest go first next run. Default 100.',
  }),
});

export interface StartupConfig {
  readonly production: boolean;
  /** null = disabled (`off`). */
  readonly sweepIntervalMs: number | null;
  readonly redeliveryIntervalMs: number | null;
  readonly sweepMaxEvaluations: number;
  /** Non-fatal findings to log at start-up. */
  readonly warnings: readonly string[];
}

export class StartupError extends Error {
  override readonly name = 'StartupError';
}

/** Why `secret` is not a real webhook secret, or null when it is. */
export function describeWeakSecret(secret: string | undefined): string | null {
  if (secret === undefined || secret.trim() === '') return 'WEBHOOK_SECRET is not set';
  if (PLACEHOLDER_WEBHOOK_SECRETS.includes(secret.trim().toLowerCase())) {
    return `WEBHOOK_SECRET is the placeholder "${secret.trim()}"`;
  }
  if (secret.length < MIN_WEBHOOK_SECRET_LENGTH) {
    return `WEBHOOK_SECRET is only ${secret.length} characters (at least ${MIN_WEBHOOK_SECRET_LENGTH} required)`;
  }
  return null;
}

/**
 * Validates the environment. Throws `StartupError` with every problem listed when the app must not start;
 * returns the parsed settings and warnings otherwise.
 */
export function checkStartup(env: Readonly<Record<string, string | undefined>>): StartupConfig {
  const parsed = StartupEnv.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new StartupError(`Custody cannot start: invalid environment\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const production = e.NODE_ENV === 'production';
  const warnings: string[] = [];
  // Every mode: without a real secret Probot verifies against `development`, so anyone who can
  // reach the server could forge the webhooks that move custody facts.
  const weak = describeWeakSecret(e.WEBHOOK_SECRET);
  if (weak !== null) {
    throw new StartupError(
      `Custody refuses to start: ${weak}; anyone who can reach the server could forge webhooks. ` +
        `Set WEBHOOK_SECRET to the secret configured on the GitHub App ` +
        `(generate one with \`openssl rand -hex 32\`).`,
    );
  }
  if (e.CUSTODY_SWEEP_INTERVAL === null) {
    warnings.push(
      'CUSTODY_SWEEP_INTERVAL=off: a passing check that should be revoked after a missed webhook stays until the next event.',
    );
  }
  if (e.CUSTODY_REDELIVERY_INTERVAL === null) {
    warnings.push('CUSTODY_REDELIVERY_INTERVAL=off: failed webhook deliveries are not redelivered.');
  }
  return {
    production,
    sweepIntervalMs: e.CUSTODY_SWEEP_INTERVAL,
    redeliveryIntervalMs: e.CUSTODY_REDELIVERY_INTERVAL,
    sweepMaxEvaluations: e.CUSTODY_SWEEP_MAX_EVALUATIONS,
    warnings,
  };
}
