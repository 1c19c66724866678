import { httpStatusOf } from '../../github/http-status.js';
import { IncompleteDataError, RETRY_HINT } from '../../github/incomplete-data-error.js';

export interface Failure {
  /** One sentence for the check run's title and summary. */
  readonly reason: string;
  /** Further lines for the summary: the GitHub request id, how to retry. Never a stack trace. */
  readonly details: readonly string[];
  /** Retrying cannot help (a pull request past GitHub's file cap): publish once, do not retry. */
  readonly permanent?: boolean;
}

interface HttpError {
  readonly request?: { readonly method?: string; readonly url?: string };
  readonly response?: { readonly headers?: Record<string, string | undefined> };
}

/** Only the path of a GitHub URL: query strings may carry tokens in other clients' errors. */
function pathOf(url: string | undefined): string {
  if (!url) return 'GitHub';
  try {
    return new URL(url).pathname;
  } catch {
    return url.split('?')[0] ?? url;
  }
}

/**
 * Why an evaluation failed, in words fit for a check run: what went wrong, GitHub's request id
 * when there is one (so GitHub Support can trace it), and how to retry. Reasons from the read
 * side (IncompleteDataError) are already written for people and kept as they are.
 */
export function describeFailure(error: unknown): Failure {
  const retry = RETRY_HINT;
  if (error instanceof IncompleteDataError) {
    const noHint = error.permanent || error.message.includes(retry);
    return { reason: error.message, details: noHint ? [] : [retry], permanent: error.permanent };
  }
  const status = httpStatusOf(error);
  if (status !== null) {
    const http = error as HttpError;
    const requestId = http.response?.headers?.['x-github-request-id'];
    const call = `${http.request?.method ?? 'a request to'} ${pathOf(http.request?.url)}`;
    return {
      reason: `GitHub answered ${status} to ${call}`,
      details: [...(requestId ? [`GitHub request id: ${requestId}.`] : []), retry],
    };
  }
  return { reason: 'an unexpected error interrupted the evaluation', details: [retry] };
}
