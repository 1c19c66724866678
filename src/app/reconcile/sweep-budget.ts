/**
 * What bounds the sweep: a request budget per run, and a bounded memory of when each
 * installation, repository and PR was last reached, so a capped run rotates fairly.
 */

/** Remembered between runs (bounded): when the sweep last reached each installation, repo and PR. */
export interface SweepState {
  readonly lastReached: Map<string, number>;
  readonly maxRemembered: number;
}

export function createSweepState(maxRemembered = 100_000): SweepState {
  return { lastReached: new Map(), maxRemembered };
}

export class Budget {
  used = 0;
  constructor(
    readonly max: number,
    readonly signal: AbortSignal | undefined,
  ) {}
  get exhausted(): boolean {
    return this.used >= this.max || this.signal?.aborted === true;
  }
}

/** Oldest-reached first; never reached sorts before everything. */
export function byLastReached<T>(state: SweepState, items: readonly T[], key: (item: T) => string): T[] {
  return [...items].sort(
    (a, b) => (state.lastReached.get(key(a)) ?? -1) - (state.lastReached.get(key(b)) ?? -1),
  );
}

export function touch(state: SweepState, key: string, at: number): void {
  state.lastReached.delete(key);
  state.lastReached.set(key, at);
  while (state.lastReached.size > state.maxRemembered) {
    const oldest = state.lastReached.keys().next().value;
    if (oldest === undefined) break;
    state.lastReached.delete(oldest);
  }
}

export async function listAll<T>(
  fetchPage: (page: number) => Promise<{ items: T[]; total?: number }>,
  budget: Budget,
): Promise<{ items: T[]; complete: boolean }> {
  const items: T[] = [];
  for (let page = 1; ; page += 1) {
    if (budget.exhausted) return { items, complete: false };
    budget.used += 1;
    const result = await fetchPage(page);
    items.push(...result.items);
    const done = result.total !== undefined ? items.length >= result.total : result.items.length < 100;
    if (done || result.items.length === 0) return { items, complete: true };
  }
}
