import { type CheckRunOutput, LEDGER_HEAD_MARKER } from '../core/output.js';
import type { PublishedCheckRun } from './map-published-state.js';
import type { Octokit } from './octokit-types.js';

export interface CheckRunTarget {
  readonly owner: string;
  readonly repo: string;
  readonly headSha: string;
  readonly name: string;
}

export type CheckRunWrite = 'created' | 'updated' | 'unchanged';

/** GitHub may hand text back with CRLF line ends; the content is what we compare. */
const normalise = (text: string | null | undefined): string => (text ?? '').replace(/\r\n/g, '\n').trimEnd();

/**
 * A summary compared without its ledger chain head line: the head moves with every fact, and a
 * run that shows the same verdict is not rewritten only to move it.
 */
const withoutLedgerHead = (text: string | null | undefined): string =>
  normalise(
    normalise(text)
      .split('\n')
      .filter((line) => !line.startsWith(LEDGER_HEAD_MARKER))
      .join('\n'),
  );

/** Whether the run already shows exactly this result (so writing it again would change nothing). */
export function isCheckRunUnchanged(
  existing: PublishedCheckRun,
  output: CheckRunOutput,
  externalId: string | null,
): boolean {
  return (
    existing.status.toLowerCase() === 'completed' &&
    (existing.conclusion ?? '').toLowerCase() === output.conclusion &&
    normalise(existing.title) === normalise(output.title) &&
    withoutLedgerHead(existing.summary) === withoutLedgerHead(output.summary) &&
    (existing.externalId ?? '') === (externalId ?? '')
  );
}

/**
 * The primary output. One run per head SHA: created once, then updated in place by id (never a
 * new run per event: GitHub keeps at most 1,000 runs of a name per suite, reliability.md §3.3),
 * and not written at all when nothing changed unless `force` (a re-run request, after which
 * GitHub waits for the app to update the run). Errors propagate: the caller fails closed.
 */
export async function publishCheckRun(
  octokit: Octokit,
  target: CheckRunTarget,
  result: {
    readonly output: CheckRunOutput;
    readonly externalId: string | null;
    readonly detailsUrl?: string | null;
  },
  options: { readonly existing: PublishedCheckRun | null; readonly force?: boolean },
): Promise<{ readonly write: CheckRunWrite; readonly id: number }> {
  const { output, externalId } = result;
  const { existing } = options;
  if (existing && !options.force && isCheckRunUnchanged(existing, output, externalId)) {
    return { write: 'unchanged', id: existing.id };
  }
  const body = {
    owner: target.owner,
    repo: target.repo,
    name: target.name,
    // A conclusion completes the run; `neutral`/`skipped` are never produced (they pass a required check).
    status: 'completed' as const,
    conclusion: output.conclusion,
    output: { title: output.title, summary: output.summary, ...(output.text ? { text: output.text } : {}) },
    ...(externalId !== null ? { external_id: externalId } : {}),
    ...(result.detailsUrl ? { details_url: result.detailsUrl } : {}),
  };
  if (existing) {
    await octokit.rest.checks.update({ ...body, check_run_id: existing.id });
    return { write: 'updated', id: existing.id };
  }
  // Never retried by Octokit: GitHub may have applied a create whose answer was lost (a 502),
  // and a second POST would leave two runs on the head, one of them not updated again. The
  // error fails the evaluation instead; its retry reads our run back and updates that one.
  const { data } = await octokit.rest.checks.create({
    ...body,
    head_sha: target.headSha,
    request: { retries: 0 },
  });
  return { write: 'created', id: data.id };
}
