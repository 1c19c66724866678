/**
 * GitHub's secondary rate limits, per installation: at most `writesPerWindow` content-creating
 * requests (REST POST, PATCH, PUT, DELETE and GraphQL mutations) per window (GitHub documents 80
 * a minute) and at most `concurrent` requests in flight (100). Past either, GitHub answers 403
 * (or 429) with a `retry-after` header and a message naming the secondary rate limit.
 * Off by default; a test turns it on with a window it can wait out.
 */
export interface SecondaryLimitSettings {
  readonly writesPerWindow: number;
  readonly windowMs: number;
  readonly concurrent: number;
  readonly retryAfterSeconds: number;
  readonly status: 403 | 429;
}

export const GITHUB_SECONDARY_LIMITS: SecondaryLimitSettings = {
  writesPerWindow: 80,
  windowMs: 60_000,
  concurrent: 100,
  retryAfterSeconds: 60,
  status: 403,
};

const MESSAGE =
  'You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID.';
const DOCS =
  'https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api#about-secondary-rate-limits';

export interface SecondaryLimitAnswer {
  readonly status: number;
  readonly body: Record<string, unknown>;
  readonly headers: Record<string, string>;
}

export class SecondaryLimits {
  settings: SecondaryLimitSettings | null = null;
  /** Requests refused so far (for tests to show the limit was met). */
  refused = 0;
  readonly #writes = new Map<number, number[]>();
  readonly #inFlight = new Map<number, number>();

  /** Called as a request starts: the answer to send instead, or null to go on (then call `end`). */
  begin(installationId: number, writes: boolean, now = Date.now()): SecondaryLimitAnswer | null {
    const settings = this.settings;
    if (!settings) return null;
    const inFlight = this.#inFlight.get(installationId) ?? 0;
    const recent = (this.#writes.get(installationId) ?? []).filter((t) => now - t < settings.windowMs);
    this.#writes.set(installationId, recent);
    if (inFlight >= settings.concurrent || (writes && recent.length >= settings.writesPerWindow)) {
      this.refused += 1;
      return {
        status: settings.status,
        body: { message: MESSAGE, documentation_url: DOCS, status: String(settings.status) },
        headers: { 'retry-after': String(settings.retryAfterSeconds), 'x-ratelimit-remaining': '4000' },
      };
    }
    if (writes) recent.push(now);
    this.#inFlight.set(installationId, inFlight + 1);
    return null;
  }

  end(installationId: number): void {
    if (!this.settings) return;
    this.#inFlight.set(installationId, Math.max(0, (this.#inFlight.get(installationId) ?? 1) - 1));
  }
}
