import { DEFAULT_SETTLE_MS, readEnvironment } from './environment.js';

export { DEFAULT_SETTLE_MS };

/** The evaluation pipeline's settings, from the environment (`environment.ts` validates it). */
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
  /** The wait before the read that confirms a pass about to be written (replication lag). */
  readonly confirmPassMs: number;
  /** Fail, rather than note, when the organisation's policy repository cannot be read. */
  readonly requireOrgPolicy: boolean;
  /** Its own listener for `/metrics`; null serves it on the webhook listener. */
  readonly metricsPort: number | null;
  /** CUSTODY_PUBLIC_URL when the custody pages are served (it and the OAuth client set); else null. */
  readonly publicUrl: string | null;
}

export function readConfig(env: Readonly<Record<string, string | undefined>>): CustodyConfig {
  const e = readEnvironment(env);
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
    confirmPassMs: e.CUSTODY_CONFIRM_PASS_MS,
    requireOrgPolicy: e.CUSTODY_REQUIRE_ORG_POLICY === 'true',
    metricsPort: e.METRICS_PORT ?? null,
    publicUrl:
      e.CUSTODY_PUBLIC_URL && e.GITHUB_CLIENT_ID && e.GITHUB_CLIENT_SECRET ? e.CUSTODY_PUBLIC_URL : null,
  };
}
