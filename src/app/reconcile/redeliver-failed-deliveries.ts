import { type Delivery, fetchDeliveriesPage, publishRedelivery } from '../../github/fetch-deliveries.js';
import { httpStatusOf } from '../../github/http-status.js';
import type { Octokit } from '../../github/octokit-types.js';
import type { Log } from '../log.js';

/**
 * GitHub never redelivers a failed webhook on its own ("GitHub does not automatically redeliver failed
 * deliveries"). This reconciler lists the app's recent deliveries (`GET /app/hook/deliveries`, newest
 * first, cursor-paginated, app JWT) and asks GitHub to redeliver each failed one
 * (`POST /app/hook/deliveries/{id}/attempts`), following GitHub's own sample: deliveries are grouped by
 * `guid` (every attempt of one event shares it) and a guid is redelivered only when none of its attempts
 * succeeded.
 *
 * Each guid is redelivered at most once: never when an attempt is already marked `redelivery` (by us
 * before a restart, or by an operator), never twice from this process (a bounded memory). An event that
 * keeps failing is therefore not hammered; the open-PR sweep is the backstop for it.
 */

/** GitHub.com keeps deliveries for 3 days (GHES: 7); older ones cannot be redelivered. */
export const DELIVERY_RETENTION_MS = 3 * 24 * 60 * 60 * 1000;

/** What the redeliverer remembers between runs. Create once per process. */
export interface RedeliveryState {
  /** Where the next run may stop scanning (ms since epoch); null = scan the whole retention window. */
  resumeFrom: number | null;
  /** Guids already handled by this process, oldest first; bounded by `maxRemembered`. */
  readonly handled: Set<string>;
  readonly maxRemembered: number;
}

export function createRedeliveryState(maxRemembered = 10_000): RedeliveryState {
  return { resumeFrom: null, handled: new Set(), maxRemembered };
}

export interface RedeliveryOptions {
  /** How far back to look; default and maximum: GitHub's retention (3 days). */
  readonly windowMs?: number;
  /** Most redeliveries requested per run; the rest go first next run. Default 50. */
  readonly maxRedeliveriesPerRun?: number;
  /** Re-scan this far before the previous run, for deliveries still in flight then. Default 10 min. */
  readonly overlapMs?: number;
  /** Most pages (of 100) listed per run. Default 50. */
  readonly maxPages?: number;
}

export interface RedeliveryDeps {
  /** Authenticated as the app (JWT): Probot's `await app.auth()`. */
  readonly octokit: Pick<Octokit, 'request'>;
  readonly log: Pick<Log, 'info' | 'warn'>;
  readonly now?: () => number;
  /** Aborted on shutdown: no further request is made, and the next run picks up from the same place. */
  readonly signal?: AbortSignal;
}

export interface RedeliveryReport {
  readonly pages: number;
  readonly deliveriesScanned: number;
  /** Guids with no successful attempt, within the window. */
  readonly failed: number;
  readonly redelivered: readonly string[];
  /** Failed guids already redelivered once (by anyone). */
  readonly alreadyRedelivered: number;
  /** GitHub refused the redelivery (404/410/422, e.g. too old); not retried. */
  readonly refused: number;
  /** Left for the next run: over the per-run cap, or a transient error. */
  readonly deferred: number;
  /** GitHub API requests made by this run. */
  readonly requests: number;
}

/** Shutdown during the listing: nothing redelivered, `resumeFrom` unchanged, so nothing is skipped. */
function abandon(log: Pick<Log, 'warn'>, pages: number, scanned: number, requests: number): RedeliveryReport {
  log.warn({ pages }, 'failed-delivery redelivery stopped by shutdown; resumes next start');
  return {
    pages,
    deliveriesScanned: scanned,
    failed: 0,
    redelivered: [],
    alreadyRedelivered: 0,
    refused: 0,
    deferred: 0,
    requests,
  };
}

function isSuccessful(d: Delivery): boolean {
  return d.status.toUpperCase() === 'OK' && d.status_code >= 200 && d.status_code < 400;
}

function remember(state: RedeliveryState, guid: string): void {
  state.handled.add(guid);
  for (const oldest of state.handled) {
    if (state.handled.size <= state.maxRemembered) break;
    state.handled.delete(oldest);
  }
}

export async function redeliverFailedDeliveries(
  deps: RedeliveryDeps,
  state: RedeliveryState,
  options: RedeliveryOptions = {},
): Promise<RedeliveryReport> {
  const now = deps.now ?? Date.now;
  const startedAt = now();
  const windowStart = startedAt - Math.min(options.windowMs ?? DELIVERY_RETENTION_MS, DELIVERY_RETENTION_MS);
  const cap = options.maxRedeliveriesPerRun ?? 50;
  const overlapMs = options.overlapMs ?? 10 * 60 * 1000;
  const maxPages = options.maxPages ?? 50;
  const stopAt = Math.max(windowStart, state.resumeFrom ?? windowStart);
  let requests = 0;

  // 1. List newest first until a page reaches back past where the previous run stopped.
  const attempts: Delivery[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    if (deps.signal?.aborted) return abandon(deps.log, pages, attempts.length, requests);
    const page = await fetchDeliveriesPage(deps.octokit, cursor);
    requests += 1;
    pages += 1;
    attempts.push(...page.deliveries);
    const last = page.deliveries.at(-1);
    cursor = page.next;
    if (!last || Date.parse(last.delivered_at) < stopAt) break;
    if (pages >= maxPages && cursor) {
      deps.log.warn({ pages }, 'delivery listing hit its page cap; older failures wait for the next run');
      break;
    }
  } while (cursor);

  // 2. Group attempts by guid; keep guids with no successful attempt inside the window.
  const byGuid = new Map<string, Delivery[]>();
  for (const attempt of attempts) {
    const group = byGuid.get(attempt.guid) ?? [];
    group.push(attempt);
    byGuid.set(attempt.guid, group);
  }
  let failed = 0;
  let alreadyRedelivered = 0;
  const candidates: { guid: string; latest: Delivery; firstAt: number }[] = [];
  for (const [guid, group] of byGuid) {
    if (group.some(isSuccessful)) continue;
    const times = group.map((d) => Date.parse(d.delivered_at));
    if (Math.max(...times) < windowStart) continue;
    failed += 1;
    if (group.some((d) => d.redelivery) || state.handled.has(guid)) {
      alreadyRedelivered += 1;
      continue;
    }
    const latest = group.reduce((a, b) => (Date.parse(b.delivered_at) > Date.parse(a.delivered_at) ? b : a));
    candidates.push({ guid, latest, firstAt: Math.min(...times) });
  }
  // Oldest first: they are the closest to falling out of GitHub's retention.
  candidates.sort((a, b) => a.firstAt - b.firstAt);

  // 3. Redeliver, at most `cap` this run.
  const redelivered: string[] = [];
  let refused = 0;
  let deferredFrom: number | null = null;
  let deferred = 0;
  for (const [index, candidate] of candidates.entries()) {
    if (index >= cap || deps.signal?.aborted) {
      deferred += candidates.length - index;
      deferredFrom = Math.min(deferredFrom ?? candidate.firstAt, candidate.firstAt);
      break;
    }
    const { guid, latest } = candidate;
    try {
      requests += 1;
      await publishRedelivery(deps.octokit, latest.id);
      remember(state, guid);
      redelivered.push(guid);
    } catch (error) {
      const status = httpStatusOf(error);
      if (status === 404 || status === 410 || status === 422) {
        refused += 1;
        remember(state, guid);
        deps.log.warn({ guid, deliveryId: latest.id, status }, 'GitHub refused the redelivery; not retried');
      } else {
        deferred += 1;
        deferredFrom = Math.min(deferredFrom ?? candidate.firstAt, candidate.firstAt);
        deps.log.warn(
          { guid, deliveryId: latest.id, status, err: error },
          'redelivery failed; retried next run',
        );
      }
    }
  }

  // 4. The next run scans back to the oldest deferred guid, or to shortly before this run started.
  state.resumeFrom = deferredFrom ?? startedAt - overlapMs;
  const report: RedeliveryReport = {
    pages,
    deliveriesScanned: attempts.length,
    failed,
    redelivered,
    alreadyRedelivered,
    refused,
    deferred,
    requests,
  };
  deps.log.info({ ...report, redelivered: redelivered.length }, 'failed-delivery redelivery finished');
  return report;
}
