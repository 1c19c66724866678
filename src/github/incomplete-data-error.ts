/**
 * GitHub answered, but not with everything a decision needs: a page missing, an error inside
 * a 200 response, a `null` where a list was expected, a file list past GitHub's cap, a
 * truncated policy file. The evaluation must fail closed on it (an `error` verdict), never
 * decide on what did arrive. The message is one sentence for the check run: what is missing
 * and how to retry.
 */
export class IncompleteDataError extends Error {
  override readonly name: string = 'IncompleteDataError';

  constructor(
    message: string,
    /** Raw GraphQL error messages, for the log (never shown as the reason on their own). */
    readonly details: readonly string[] = [],
    /**
     * Reading again cannot help (a pull request past GitHub's file cap): no retries, and the
     * message says what to do instead of "re-run".
     */
    readonly permanent = false,
  ) {
    super(message);
  }
}

/**
 * GitHub shows no such pull request (or the app cannot see it). An evaluation still fails
 * closed and retries (a PR just opened may not be readable yet); a page answers 404.
 */
export class PullRequestNotFoundError extends IncompleteDataError {
  override readonly name = 'PullRequestNotFoundError';
}

/** The sentence every retry hint ends with, so users see one consistent instruction. */
export const RETRY_HINT = 'Re-run the check or push again to retry.';
