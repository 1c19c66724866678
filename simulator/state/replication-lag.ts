import { type Random, seeded } from '../random.js';
import { captureFacts, type Facts, readAsOf } from './facts.js';
import type { Store } from './store.js';

/**
 * GitHub's replication lag, on by default: GitHub may deliver a webhook before its API shows the
 * change, so a read just after an event can return the pull request as it was (the old head,
 * no new review, the old body) or not find a pull request just opened. Each event GitHub sends
 * starts a window of a seeded random length in [0, maxMs); until it ends, reads (REST GETs and
 * GraphQL queries) are served the facts from before that event. Windows end in order, as a
 * replica applies changes in order. What changes is `Facts`: branch heads, reviews, the pull
 * requests' own fields and which pull requests exist; the app's own writes (check runs,
 * labels, comments) are read back at once.
 */
export interface LagSettings {
  /** The longest window (ms). GitHub's lag is usually sub-second and stays under a few seconds. */
  readonly maxMs: number;
  /** Seeds the windows' lengths, so a run's schedule of lags replays. */
  readonly seed: number;
}

/**
 * Short enough to keep suites fast (every pass waits this long for its confirming read), long
 * enough that about a third of an app's first reads after an event are stale (the end-to-end
 * environment lets a burst settle for 100 ms first).
 */
export const DEFAULT_LAG: LagSettings = { maxMs: 150, seed: 1 };

/** `SIMULATOR_LAG_MS` sets the longest window (0 turns lag off); `SIMULATOR_LAG_SEED` its seed. */
export function lagFromEnv(env: NodeJS.ProcessEnv = process.env): LagSettings {
  const maxMs = env.SIMULATOR_LAG_MS === undefined ? DEFAULT_LAG.maxMs : Number(env.SIMULATOR_LAG_MS);
  const seed = env.SIMULATOR_LAG_SEED === undefined ? DEFAULT_LAG.seed : Number(env.SIMULATOR_LAG_SEED);
  if (!Number.isFinite(maxMs) || maxMs < 0)
    throw new Error('SIMULATOR_LAG_MS must be a number of ms, 0 or more');
  if (!Number.isInteger(seed)) throw new Error('SIMULATOR_LAG_SEED must be an integer');
  return { maxMs, seed };
}

/**
 * Events GitHub sends about an app's own check runs and suites: they change none of the facts
 * (the app's writes are read back at once), so they open no window; recording each would copy
 * the whole store for nothing.
 */
const CHANGES_NO_FACTS: ReadonlySet<string> = new Set(['check_run', 'check_suite']);

interface Window {
  /** What the replica serves until `until`. */
  readonly before: Facts;
  readonly until: number;
}

export class ReplicationLag {
  readonly #store: Store;
  readonly #now: () => number;
  #settings: LagSettings | null;
  #rng: Random;
  /** The facts once every event so far is replicated. */
  #latest: Facts;
  readonly #windows: Window[] = [];
  /** Reads answered inside a window, from the facts before an event (tests show the lag happened). */
  lateReads = 0;

  constructor(store: Store, settings: LagSettings | null, now: () => number = Date.now) {
    this.#store = store;
    this.#now = now;
    this.#settings = settings;
    this.#rng = seeded(settings?.seed ?? 0);
    this.#latest = captureFacts(store);
  }

  get settings(): LagSettings | null {
    return this.#settings;
  }

  /** Change the lag from now on (null: none); windows already open end at once. */
  set(settings: LagSettings | null): void {
    this.#settings = settings;
    this.#rng = seeded(settings?.seed ?? 0);
    this.#windows.length = 0;
    this.#latest = captureFacts(this.#store);
  }

  /** GitHub sends an event: what changed before it reaches the replicas a little later. */
  recordEvent(event?: string): void {
    if (this.#settings === null || this.#settings.maxMs <= 0) return;
    if (event !== undefined && CHANGES_NO_FACTS.has(event)) return;
    const now = this.#now();
    this.#endWindows(now);
    const after = captureFacts(this.#store);
    const lag = this.#rng.next() * this.#settings.maxMs;
    const until = Math.max(now + lag, this.#windows.at(-1)?.until ?? 0);
    this.#windows.push({ before: this.#latest, until });
    this.#latest = after;
  }

  /** Windows that ended are forgotten (each holds a copy of the facts). */
  #endWindows(now: number): void {
    while (this.#windows.length > 0 && this.#windows[0]!.until <= now) this.#windows.shift();
  }

  /** Answer one read as the replica would now. `read` must be synchronous (see `readAsOf`). */
  serve<T>(read: () => T): T {
    this.#endWindows(this.#now());
    const window = this.#windows[0];
    if (window === undefined) return read();
    this.lateReads += 1;
    return readAsOf(this.#store, window.before, read);
  }
}
