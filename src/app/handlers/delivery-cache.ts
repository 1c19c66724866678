/**
 * A bounded, in-memory LRU of `X-GitHub-Delivery` ids, used to skip a delivery we have already handled
 * (GitHub redelivering one whose response was lost, our own redeliverer, a proxy retrying).
 *
 * It is an optimisation only. Correctness never depends on it: every evaluation re-reads GitHub's current
 * state, so handling a delivery twice costs API requests, never a wrong check. That is why it may be
 * small, per process, and forgotten on restart.
 *
 * An id is remembered only after its handler succeeded. A delivery whose handling threw is forgotten,
 * so that GitHub's record of the failure and its redelivery (same id) still reach the handler.
 */

export interface DeliveryCacheOptions {
  /** Most ids remembered; the least recently seen are forgotten first. Default 10,000 (~1 MB). */
  readonly max?: number;
  /** How long an id is remembered, in ms. Default 1 hour. */
  readonly ttlMs?: number;
  /** Injected for tests. */
  readonly now?: () => number;
}

export interface DeliveryCache {
  /** True when `id` was handled successfully within the TTL. Does not record anything. */
  seen(id: string): boolean;
  /** Remembers `id` as handled. */
  remember(id: string): void;
  /** Forgets `id` (its handling failed; let a redelivery through). */
  forget(id: string): void;
  /** Counts a skipped duplicate (reported by `skipped`). */
  recordSkip(): void;
  readonly size: number;
  /** Duplicates skipped so far, for the decision log and the benchmark. */
  readonly skipped: number;
}

export function createDeliveryCache(options: DeliveryCacheOptions = {}): DeliveryCache {
  const max = options.max ?? 10_000;
  const ttlMs = options.ttlMs ?? 60 * 60 * 1000;
  const now = options.now ?? Date.now;
  if (!(max >= 1)) throw new RangeError('delivery cache: max must be >= 1');
  // A Map iterates in insertion order: re-inserting on touch makes the first key the least recent.
  const entries = new Map<string, number>();
  let skipped = 0;

  return {
    seen(id) {
      const at = entries.get(id);
      if (at === undefined) return false;
      if (now() - at >= ttlMs) {
        entries.delete(id);
        return false;
      }
      return true;
    },
    remember(id) {
      entries.delete(id);
      entries.set(id, now());
      while (entries.size > max) {
        const oldest = entries.keys().next().value;
        if (oldest === undefined) break;
        entries.delete(oldest);
      }
    },
    forget(id) {
      entries.delete(id);
    },
    recordSkip() {
      skipped += 1;
    },
    get size() {
      return entries.size;
    },
    get skipped() {
      return skipped;
    },
  };
}

/** The least a webhook handler's context offers: Probot's `context.id` is the `X-GitHub-Delivery` id. */
export interface DeliveryContext {
  readonly id: string;
}

let wrappers = 0;

/**
 * Wraps a Probot handler so that a delivery id it already handled is skipped, and concurrent duplicates
 * (two requests with the same id in flight) share one run. Use it around each handler:
 * `app.on('pull_request', skipDuplicateDeliveries(cache, handlePullRequest))`. Each wrapper keeps its
 * own keys, so two handlers registered for the same event both still run once per delivery.
 *
 * Only use it after signature verification (Probot handlers are): an unsigned request must never be able
 * to mark an id as seen and so suppress the real delivery.
 */
export function skipDuplicateDeliveries<C extends DeliveryContext>(
  cache: DeliveryCache,
  handler: (context: C) => Promise<void>,
  onSkip?: (context: C) => void,
): (context: C) => Promise<void> {
  wrappers += 1;
  const scope = `h${wrappers}:`;
  const inFlight = new Map<string, Promise<void>>();
  return async (context) => {
    const id = scope + context.id;
    const running = inFlight.get(id);
    if (cache.seen(id) || running) {
      cache.recordSkip();
      onSkip?.(context);
      // A concurrent duplicate answers like the first one, so a failure still reaches GitHub.
      return running;
    }
    const run = (async () => {
      try {
        await handler(context);
        cache.remember(id);
      } catch (error) {
        cache.forget(id);
        throw error;
      } finally {
        inFlight.delete(id);
      }
    })();
    inFlight.set(id, run);
    return run;
  };
}
