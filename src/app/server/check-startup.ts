import {
  DEFAULT_REDELIVERY_INTERVAL_MS,
  DEFAULT_SWEEP_INTERVAL_MS,
  readEnvironment,
  StartupError,
} from './environment.js';

export { DEFAULT_REDELIVERY_INTERVAL_MS, DEFAULT_SWEEP_INTERVAL_MS, StartupError };

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

export interface StartupConfig {
  readonly production: boolean;
  /** null = disabled (`off`). */
  readonly sweepIntervalMs: number | null;
  readonly redeliveryIntervalMs: number | null;
  readonly sweepMaxEvaluations: number;
  /** Non-fatal findings to log at start-up. */
  readonly warnings: readonly string[];
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
  const e = readEnvironment(env);
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
