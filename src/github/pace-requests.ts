import type { ProbotOctokit } from 'probot';

type OctokitClass = typeof ProbotOctokit;

/** How often a request refused by a secondary rate limit is tried again before the error stands. */
export const SECONDARY_LIMIT_RETRIES = 3;

/**
 * The app's Octokit with GitHub's pacing: Octokit's throttle (writes spaced out) and, unlike
 * Probot's own throttle options (which only log), requests refused by a secondary rate limit
 * (403/429 with `retry-after`) waited out and retried a few times. GitHub did not apply a
 * refused request, so even a check-run create (never retried after other errors, which may hide
 * an applied write) is safe to send again; a policy push that re-evaluates many PRs meets
 * these limits and must not turn them into failure checks.
 */
export function withGithubPacing(Octokit: OctokitClass): OctokitClass {
  return Octokit.defaults((options: Record<string, unknown> = {}) => ({
    ...options,
    throttle: {
      ...(options.throttle as object | undefined),
      onSecondaryRateLimit: (
        retryAfter: number,
        request: { method: string; url: string },
        octokit: { log: { warn: (message: string) => void } },
        retryCount: number,
      ) => {
        octokit.log.warn(
          `GitHub's secondary rate limit refused ${request.method} ${request.url}; retrying in ${retryAfter} s`,
        );
        return retryCount < SECONDARY_LIMIT_RETRIES;
      },
    },
  })) as OctokitClass;
}
