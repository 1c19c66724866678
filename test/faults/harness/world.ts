import { paginateGraphQL } from '@octokit/plugin-paginate-graphql';
import type { Drivers } from '../../../simulator/drivers/drivers.js';
import { withPartialFailure } from '../../../simulator/http/faults.js';
import { type InProcessApp, startInProcessApp } from '../../../simulator/in-process.js';
import { type Random, seeded } from '../../../simulator/random.js';
import { captureFacts, type Facts, restoreFacts } from '../../../simulator/state/facts.js';
import type { CheckRun } from '../../../simulator/state/types.js';
import type { PendingDelivery } from '../../../simulator/webhooks/sender.js';
import {
  createRedeliveryState,
  type RedeliveryReport,
  redeliverFailedDeliveries,
} from '../../../src/app/reconcile/redeliver-failed-deliveries.js';
import {
  createSweepState,
  type SweepReport,
  sweepOpenPullRequests,
} from '../../../src/app/reconcile/sweep-open-pull-requests.js';
import { DEFAULT_CONFIRM_PASS_MS } from '../../../src/app/server/environment.js';
import { policyErrorVerdict } from '../../../src/core/evaluate/error-verdict.js';
import { evaluate } from '../../../src/core/evaluate/evaluate.js';
import { renderCheckRun } from '../../../src/core/render/render-check-run.js';
import { isPassing } from '../../../src/core/verdict.js';
import { mapRestUser } from '../../../src/github/map-account.js';
import { readPullRequest } from '../../../src/github/read-pull-request.js';
import type { Ledger } from '../../../src/ledger/index.js';
import {
  forgetfulDeliveryCache,
  injectLedgerFaults,
  type LedgerFaultControl,
  type LedgerFaultRates,
  NO_LEDGER_FAULTS,
  openMemoryLedger,
} from './ledger-faults.js';
import { TruthHistory } from './truth-history.js';

/**
 * One world for one seeded run: the real app in-process against the simulator, with GitHub's
 * misbehaviour injected from a seeded PRNG, the truth (an oracle verdict per PR after every
 * user action, computed with the app's own read side and core against the fault-free state)
 * and every check-run write GitHub accepted, with the state version it landed in.
 */

/** Probabilities; each app request and each delivery draws against them. */
export interface FaultRates {
  /** 502 on a read (GET, GraphQL query, token). */
  readonly readFailure: number;
  /** 500 on a write, not applied. */
  readonly writeFailure: number;
  /** A write GitHub applied whose answer was lost (502 after the fact). */
  readonly writeLost: number;
  /** Secondary rate limit: 403 or 429 with `retry-after`. */
  readonly rateLimit: number;
  /** GraphQL 200 with `errors` and partial `data`. */
  readonly graphqlPartial: number;
  /** Delivery attempted, but it failed (GitHub recorded it: redeliverable). */
  readonly lose: number;
  /** Delivery never sent (no record: only the sweep can recover). */
  readonly neverSent: number;
  readonly duplicate: number;
  /** Delivery held back to a later step (reordered across actions). */
  readonly delay: number;
  /** Deliveries of one step shuffled. */
  readonly reorder: boolean;
  /** Step served stale (webhooks before the API shows the change), for the actions that allow it. */
  readonly stale: number;
  /** Next action starts while the app is still evaluating. */
  readonly overlap: number;
  /** The custody ledger's faults (appends, reads, slowness, duplicates reaching it). */
  readonly ledger: LedgerFaultRates;
}

export const NO_FAULTS: FaultRates = {
  readFailure: 0,
  writeFailure: 0,
  writeLost: 0,
  rateLimit: 0,
  graphqlPartial: 0,
  lose: 0,
  neverSent: 0,
  duplicate: 0,
  delay: 0,
  reorder: false,
  stale: 0,
  overlap: 0,
  ledger: NO_LEDGER_FAULTS,
};

const PASSING = new Set(['success', 'neutral', 'skipped']);

/** What a scripted fault answers instead of GitHub (or after it, for `write-lost`). */
export type ScriptedAnswer =
  | 'server-error'
  | 'secondary-rate-limit-403'
  | 'rate-limit-429'
  | 'graphql-partial'
  | 'write-lost'
  | { readonly status: number; readonly body: unknown };

export interface ScriptedFault {
  readonly match: (request: { method: string; path: string; body: string }) => boolean;
  readonly answer: ScriptedAnswer;
  times: number;
}

export interface PrTruth {
  readonly number: number;
  readonly open: boolean;
  readonly headSha: string;
  readonly passing: boolean;
  /** What our check should say: `renderCheckRun(oracle verdict).conclusion`. */
  readonly conclusion: string | null;
  readonly state: string;
}

export interface CheckWrite {
  readonly runId: number;
  readonly sha: string;
  readonly conclusion: string | null;
  /** Truth version the write landed in. */
  readonly version: number;
  /** Truth version of the evaluation's last pull-request read (per PR), if any. */
  readonly readVersions: ReadonlyMap<number, number>;
  /** How many deliveries had reached the app at that read (per PR): the moment within its version. */
  readonly readArrivals: ReadonlyMap<number, number>;
}

export interface Violation {
  readonly kind: 'false-pass' | 'final-mismatch' | 'final-missing' | 'passing-on-blocked-head';
  readonly detail: string;
}

export interface Step {
  readonly name: string;
  readonly act: (d: Drivers) => Promise<unknown>;
  /** Who pushed the head this action created (for the oracle's pusher). */
  readonly pushedBy?: string;
  /** Whether serving this step stale is safe to inject in random runs (see the known-bug tests). */
  readonly staleSafe?: boolean;
}

/**
 * Replication lag as the world models it: a stale step's API keeps serving the facts before it
 * until the app has waited at least this long since the step (GitHub expects sub-second lag and
 * stops serving from a replica that lags a few seconds, so the app's default wait outlasts it).
 * Shorter waits (retries here are immediate) never see the change, however many there are.
 */
const MAX_LAG_MS = DEFAULT_CONFIRM_PASS_MS;

const silent = { info: () => {}, warn: () => {}, debug: () => {}, error: () => {} };
const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

export class FaultWorld {
  readonly app: InProcessApp;
  readonly rng: Random;
  rates: FaultRates;
  faultsOn = true;
  version = 0;
  /** The facts after each user action (index: version), from which the truth is computed when judged. */
  readonly #facts: Facts[] = [];
  readonly #truths = new Map<string, Map<number, PrTruth>>();
  readonly writes: CheckWrite[] = [];
  readonly log: string[] = [];
  readonly injected: Record<string, number> = {};
  /** Faults a test scripts for the app's next matching requests (before the random ones). */
  readonly script: ScriptedFault[] = [];
  readonly #lastRead = new Map<number, number>();
  readonly #lastReadArrivals = new Map<number, number>();
  readonly #pushers = new Map<string, string>();
  readonly #delayed: PendingDelivery[] = [];
  readonly #history = new TruthHistory();
  readonly #ledger: Ledger;
  readonly #ledgerRng: Random;
  /** The stale step being served: its version and the facts its lag hides. */
  #stale: { readonly version: number; readonly after: Facts } | null = null;
  #oracle: Awaited<ReturnType<InProcessApp['probot']['auth']>> | null = null;

  constructor(
    readonly seed: number,
    rates: FaultRates,
    options: { concurrency?: number } = {},
  ) {
    this.rng = seeded(seed);
    this.rates = rates;
    // Ledger faults draw from their own sequence, so adding them left the other faults' schedules as they were.
    this.#ledgerRng = seeded(seed ^ 0x1ed9e7);
    const control: LedgerFaultControl = {
      rng: this.#ledgerRng,
      rates: () => (this.faultsOn ? this.rates.ledger : NO_LEDGER_FAULTS),
      count: (what) => this.#count(what),
    };
    this.#ledger = injectLedgerFaults(openMemoryLedger(), control);
    this.app = startInProcessApp({
      outbox: true,
      logLevel: 'info',
      // Staleness here is the seeded `stale` step below (the same `Facts`), on compressed time;
      // the simulator's wall-clock lag would make each schedule depend on the machine's speed.
      lag: null,
      // These suites judge safety and recovery; the simulator's fidelity to GitHub's specs is
      // judged by the contract tests and every end-to-end run. Nothing here read the check, which
      // took a tenth of each seed's time.
      contract: false,
      config: {
        confirmPassMs: MAX_LAG_MS,
        ...(options.concurrency ? { concurrency: options.concurrency } : {}),
      },
      overrides: {
        wait: (ms) => this.#wait(ms),
        // Time is compressed: a retry (never sooner than the confirming wait) is scheduled at once,
        // and, unlike that wait, does not end a stale step's lag (a stricter world than GitHub).
        setTimer: (fn) => {
          const timer = setTimeout(fn, 0);
          return () => clearTimeout(timer);
        },
        ledger: this.#ledger,
        deliveries: forgetfulDeliveryCache(control),
      },
      wrapFetch: (fetch) => (input, init) => this.#fetch(fetch, input, init),
    });
    this.#facts[0] = captureFacts(this.app.sim.store);
    // What reached the app is what its ledger should hold: the oracle's history.
    const webhooks = this.app.sim.webhooks;
    const transport = webhooks.transport;
    webhooks.transport = (url, request) => {
      this.#history.arrive(this.version, request.headers, request.body);
      return transport(url, request);
    };
  }

  /** The app's ledger (faults apply to it as to the app's calls). */
  get ledger(): Ledger {
    return this.#ledger;
  }

  /** Closes the run's ledger. */
  async close(): Promise<void> {
    await this.#ledger.close();
  }

  /**
   * The app's wait before a confirming read. Time is compressed (it resolves at once), but a wait
   * of at least MAX_LAG_MS that began after a stale step's action ends that step's lag.
   */
  #wait(ms: number): Promise<void> {
    // The version moves on once a step's action is done: a wait begun during the action is older.
    const startedAt = this.version;
    return new Promise((resolve) =>
      setTimeout(() => {
        if (ms >= MAX_LAG_MS && this.#stale !== null && startedAt >= this.#stale.version) {
          restoreFacts(this.app.sim.store, this.#stale.after);
          this.log.push(`  lag of v${this.version} over after a wait of ${ms} ms`);
          this.#stale = null;
        }
        resolve();
      }, 0),
    );
  }

  get drivers(): Drivers {
    return this.app.sim.drivers;
  }

  #count(what: string): void {
    this.injected[what] = (this.injected[what] ?? 0) + 1;
  }

  async #fetch(
    fetch: typeof globalThis.fetch,
    input: Parameters<typeof globalThis.fetch>[0],
    init: Parameters<typeof globalThis.fetch>[1],
  ): Promise<Response> {
    const headers = new Headers(init?.headers);
    if (headers.get('x-fault-oracle')) return fetch(input, init);
    const url = new URL(String(input instanceof Request ? input.url : input));
    const method = (init?.method ?? 'GET').toUpperCase();
    const isGraphql = url.pathname === '/api/graphql';
    const isToken = url.pathname.endsWith('/access_tokens');
    const isRead = method === 'GET' || isGraphql || isToken;
    if (isGraphql && typeof init?.body === 'string' && init.body.includes('CustodyPullRequest')) {
      const number = (JSON.parse(init.body) as { variables?: { number?: number } }).variables?.number;
      if (typeof number === 'number') {
        this.#lastRead.set(number, this.version);
        this.#lastReadArrivals.set(number, this.#history.arrivals);
      }
    }
    const body = typeof init?.body === 'string' ? init.body : '';
    const scripted = this.script.find((f) => f.times > 0 && f.match({ method, path: url.pathname, body }));
    if (scripted) {
      scripted.times -= 1;
      return this.#answer(scripted.answer, fetch, input, init, method, url.pathname);
    }
    const r = this.faultsOn ? this.rng.next() : 1;
    const { readFailure, writeFailure, writeLost, rateLimit, graphqlPartial } = this.rates;
    const json = (status: number, body: unknown, extra: Record<string, string> = {}) =>
      new Response(JSON.stringify(body), {
        status,
        headers: { 'content-type': 'application/json; charset=utf-8', ...extra },
      });
    if (isRead && r < readFailure) {
      this.#count('read 502');
      return json(502, { message: 'Server Error' });
    }
    if (r >= readFailure && r < readFailure + rateLimit) {
      const limited = this.rng.chance(0.5);
      this.#count(limited ? '403 secondary rate limit' : '429 rate limit');
      return json(
        limited ? 403 : 429,
        {
          message:
            'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
          documentation_url:
            'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits',
        },
        { 'retry-after': '60' },
      );
    }
    const base = readFailure + rateLimit;
    if (isGraphql && r >= base && r < base + graphqlPartial) {
      this.#count('graphql partial');
      const response = await fetch(input, init);
      const body = (await response.json()) as Record<string, unknown>;
      return json(200, withPartialFailure(body, 'Something went wrong while executing your query.'));
    }
    if (!isRead && r >= base && r < base + writeFailure) {
      this.#count('write 500');
      return json(500, { message: 'Server Error' });
    }
    const response = await fetch(input, init);
    if (!isRead) await this.#recordWrite(method, url.pathname, response);
    if (!isRead && r >= base + writeFailure && r < base + writeFailure + writeLost) {
      this.#count('write applied, answer lost');
      return json(502, { message: 'Server Error' });
    }
    return response;
  }

  async #answer(
    answer: ScriptedAnswer,
    fetch: typeof globalThis.fetch,
    input: Parameters<typeof globalThis.fetch>[0],
    init: Parameters<typeof globalThis.fetch>[1],
    method: string,
    path: string,
  ): Promise<Response> {
    const json = (status: number, body: unknown, extra: Record<string, string> = {}) =>
      new Response(JSON.stringify(body), {
        status,
        headers: { 'content-type': 'application/json; charset=utf-8', ...extra },
      });
    this.#count(`scripted ${typeof answer === 'string' ? answer : answer.status}`);
    const limited = {
      message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
    };
    switch (answer) {
      case 'server-error':
        return json(502, { message: 'Server Error' });
      case 'secondary-rate-limit-403':
        return json(403, limited, { 'retry-after': '60' });
      case 'rate-limit-429':
        return json(429, limited, { 'retry-after': '60' });
      case 'graphql-partial': {
        const response = await fetch(input, init);
        const body = (await response.json()) as Record<string, unknown>;
        return json(200, withPartialFailure(body, 'Something went wrong while executing your query.'));
      }
      case 'write-lost': {
        const response = await fetch(input, init);
        await this.#recordWrite(method, path, response);
        return json(502, { message: 'Server Error' });
      }
      default:
        return json(answer.status, answer.body);
    }
  }

  async #recordWrite(method: string, path: string, response: Response): Promise<void> {
    const isCheckWrite =
      (method === 'POST' && /\/check-runs$/.test(path)) ||
      (method === 'PATCH' && /\/check-runs\/\d+$/.test(path));
    if (!isCheckWrite || !response.ok) return;
    const run = (await response.clone().json()) as {
      id: number;
      head_sha: string;
      conclusion: string | null;
    };
    this.writes.push({
      runId: run.id,
      sha: run.head_sha,
      conclusion: run.conclusion,
      version: this.version,
      readVersions: new Map(this.#lastRead),
      readArrivals: new Map(this.#lastReadArrivals),
    });
  }

  // ── the truth ─────────────────────────────────────────────────────────────

  async #oracleOctokit() {
    if (!this.#oracle) {
      const octokit = await this.app.probot.auth(this.app.installationId);
      octokit.hook.before('request', (options) => {
        options.headers['x-fault-oracle'] = '1';
      });
      paginateGraphQL(octokit as never);
      this.#oracle = octokit;
    }
    return this.#oracle;
  }

  /**
   * The verdict of GitHub's current state for every PR, with the app's own read side and core, and
   * the history of the deliveries that had reached the app by `version` (only the first `arrivals`).
   */
  async computeTruth(
    include: (pullId: number) => boolean = () => true,
    version = this.version,
    arrivals = Number.POSITIVE_INFINITY,
  ): Promise<Map<number, PrTruth>> {
    const { sim, config } = this.app;
    const octokit = await this.#oracleOctokit();
    const truth = new Map<number, PrTruth>();
    for (const pr of sim.store.pulls) {
      if (!include(pr.id)) continue;
      const headSha = sim.store.headSha(pr);
      if (pr.state !== 'open') {
        truth.set(pr.number, {
          number: pr.number,
          open: false,
          headSha,
          passing: false,
          conclusion: null,
          state: 'closed',
        });
        continue;
      }
      const login = this.#pushers.get(headSha);
      const pusherAccount = login ? sim.store.accountByLogin(login) : null;
      const pusher = pusherAccount
        ? {
            headSha,
            account: mapRestUser({
              login: pusherAccount.login,
              id: pusherAccount.id,
              type: pusherAccount.type,
            }),
          }
        : null;
      const ref = { owner: 'acme', repo: sim.store.repo(pr.repoId).name, number: pr.number };
      const { snapshot, policy } = await readPullRequest(octokit, {
        ref,
        appId: config.appId,
        checkName: config.checkName,
        pusher,
        readers: [this.#history.readerAt(version, arrivals)],
      });
      const verdict = policy.ok
        ? evaluate(snapshot, policy.policy)
        : policyErrorVerdict(
            { repo: { owner: ref.owner, name: ref.repo }, pullNumber: pr.number, headSha },
            policy.errors,
          );
      truth.set(pr.number, {
        number: pr.number,
        open: true,
        headSha,
        passing: isPassing(verdict.state),
        conclusion: renderCheckRun(verdict).conclusion,
        state: verdict.state,
      });
    }
    return truth;
  }

  /**
   * The truth after the action of `version`: GitHub's facts of then are put back for the oracle's
   * reads and restored afterwards. Only while the app is idle (judging happens after a settle).
   * With `arrivals`, the history holds only the deliveries that had reached the app by then.
   */
  async truthAt(version: number, arrivals = Number.POSITIVE_INFINITY): Promise<Map<number, PrTruth>> {
    // Keyed by the deliveries it holds: more may arrive within a version after it was computed.
    const key = `${version}:${Math.min(arrivals, this.#history.arrivals)}`;
    const cached = this.#truths.get(key);
    if (cached) return cached;
    const store = this.app.sim.store;
    const facts = this.#facts[version];
    if (!facts) throw new Error(`no facts recorded for version ${version}`);
    const current = captureFacts(store);
    restoreFacts(store, facts);
    try {
      const truth = await this.computeTruth((id) => facts.pulls.has(id), version, arrivals);
      this.#truths.set(key, truth);
      return truth;
    } finally {
      restoreFacts(store, current);
    }
  }

  /** The truth of one PR now (after the last action). */
  async truthOf(number: number): Promise<PrTruth> {
    const truth = (await this.truthAt(this.version)).get(number);
    if (!truth) throw new Error(`no PR #${number}`);
    return truth;
  }

  // ── acting ────────────────────────────────────────────────────────────────

  /** One user action: the state changes, the truth is recorded, the webhooks go out with faults. */
  async step(step: Step, options: { stale?: boolean; drain?: boolean } = {}): Promise<void> {
    const stale = options.stale ?? false;
    const before = stale ? captureFacts(this.app.sim.store) : null;
    const result = (await step.act(this.drivers)) as { head?: string } | undefined;
    if (step.pushedBy && result?.head) this.#pushers.set(result.head, step.pushedBy);
    this.version += 1;
    this.#facts[this.version] = captureFacts(this.app.sim.store);
    this.log.push(`v${this.version} ${step.name}${stale ? ' [stale]' : ''}`);
    if (before) {
      this.#count('stale step');
      restoreFacts(this.app.sim.store, before);
      this.#stale = { version: this.version, after: this.#facts[this.version]! };
    }
    await this.#pump(this.faultsOn);
    if (before || options.drain !== false) await this.settle();
    if (this.#stale) restoreFacts(this.app.sim.store, this.#stale.after);
    this.#stale = null;
  }

  /** Attempt the queued deliveries: lost, never sent, duplicated, delayed, reordered by the PRNG. */
  async #pump(withFaults: boolean): Promise<void> {
    const outbox = this.app.sim.webhooks.outbox!;
    const due = [...this.#delayed.splice(0), ...outbox.splice(0)];
    const attempts: PendingDelivery[] = [];
    for (const pending of due) {
      if (!withFaults) {
        attempts.push(pending);
        continue;
      }
      const r = this.rng.next();
      const { lose, neverSent, duplicate, delay } = this.rates;
      const what = `${pending.delivery.event}.${pending.delivery.action ?? ''}`;
      if (r < lose) {
        this.#count('delivery lost (recorded)');
        this.log.push(`  lost ${what}`);
        this.app.sim.webhooks.fail(pending);
      } else if (r < lose + neverSent) {
        this.#count('delivery never sent');
        this.log.push(`  never sent ${what}`);
        const all = this.app.sim.store.deliveries;
        all.splice(all.indexOf(pending.delivery), 1);
      } else if (r < lose + neverSent + delay) {
        this.#count('delivery delayed');
        this.log.push(`  delayed ${what}`);
        this.#delayed.push(pending);
      } else if (r < lose + neverSent + delay + duplicate) {
        this.#count('delivery duplicated');
        attempts.push(pending, pending);
      } else {
        attempts.push(pending);
      }
      // Sent again a step later with the same GUID (a redelivery by hand, a proxy's retry).
      if (r >= lose + neverSent + delay && this.#ledgerRng.chance(this.rates.ledger.lateDuplicate)) {
        this.#count('delivery repeated later');
        this.#delayed.push(pending);
      }
    }
    const order = withFaults && this.rates.reorder ? this.rng.shuffle(attempts) : attempts;
    await Promise.all(order.map((p) => this.app.sim.webhooks.attemptPending(p)));
  }

  /** Attempt every held delivery at once (as sent, or in reverse), then wait for the app. */
  async releaseHeld(order: 'as-sent' | 'reversed' = 'as-sent'): Promise<void> {
    const held = [...this.#delayed.splice(0), ...this.app.sim.webhooks.outbox!.splice(0)];
    const ordered = order === 'reversed' ? held.reverse() : held;
    await Promise.all(ordered.map((p) => this.app.sim.webhooks.attemptPending(p)));
    await this.settle();
  }

  /** Deliver what is queued (the app's echoes included) and wait until the app is idle, retries included. */
  async settle(): Promise<void> {
    const { custody, sim } = this.app;
    for (let i = 0; i < 10_000; i += 1) {
      if (sim.webhooks.outbox!.length > 0) await this.#pump(false);
      await custody.queue.drain();
      const stats = custody.queue.stats();
      if (stats.retrying > 0 || stats.running > 0 || stats.waiting > 0) {
        await tick();
        continue;
      }
      await tick();
      if (sim.webhooks.outbox!.length === 0 && custody.queue.stats().retrying === 0) return;
    }
    throw new Error('the app never went idle');
  }

  // ── recovery ──────────────────────────────────────────────────────────────

  /**
   * Faults stop; late deliveries arrive; then the app's two reconcilers run as its scheduler runs
   * them: failed-delivery redelivery, then the open-PR sweep (each followed by the queue draining).
   */
  async recover(
    options: { sweep?: boolean } = {},
  ): Promise<{ redelivery: RedeliveryReport; sweep: SweepReport | null }> {
    this.faultsOn = false;
    await this.#pump(false);
    await this.settle();
    const { probot, custody, config } = this.app;
    const appOctokit = await probot.auth();
    const redelivery = await redeliverFailedDeliveries(
      { octokit: appOctokit, log: silent },
      createRedeliveryState(),
    );
    await this.settle();
    if (options.sweep === false) return { redelivery, sweep: null };
    const sweep = await sweepOpenPullRequests(
      {
        appOctokit,
        installationOctokit: (id) => probot.auth(id),
        enqueue: (target, reason) => custody.evaluateLater(target, reason),
        log: silent,
        sleep: async () => {},
      },
      createSweepState(),
      { appId: config.appId!, checkName: config.checkName, pauseMs: 0 },
    );
    await this.settle();
    return { redelivery, sweep };
  }

  // ── judging ───────────────────────────────────────────────────────────────

  /** Our runs on a commit, oldest first. */
  runsOn(sha: string): CheckRun[] {
    const { sim } = this.app;
    return sim.store.checkRuns.filter((r) => r.headSha === sha && r.appId === sim.app.id);
  }

  /**
   * (a) No passing check was ever written on a PR's head while its true verdict was not passing.
   * A write is judged against the truth from the evaluation's read to the write (a change made
   * in between is answered by the follow-up evaluation it queued, which (b) checks).
   */
  async safetyViolations(): Promise<{ violations: Violation[]; offHead: number; raced: number }> {
    const violations: Violation[] = [];
    let offHead = 0;
    let raced = 0;
    for (const write of this.writes) {
      if (!write.conclusion || !PASSING.has(write.conclusion)) continue;
      const truth = await this.truthAt(write.version);
      const heads = [...truth.values()].filter((t) => t.open && t.headSha === write.sha);
      if (heads.length === 0) {
        offHead += 1;
        continue;
      }
      for (const head of heads) {
        if (head.passing) continue;
        const from = write.readVersions.get(head.number) ?? write.version;
        // A version spans every delivery pumped during its step, including those that reach the app
        // after this write (a held delivery released with the write's own check_run echoes). The
        // moment of the read is judged with the deliveries that had arrived by the read: the app
        // cannot know one that arrives later, which queues its own evaluation, as a change does.
        const atRead = write.readArrivals.get(head.number) ?? Number.POSITIVE_INFINITY;
        let justified = false;
        for (let v = from; v <= write.version && !justified; v += 1) {
          const t = (await this.truthAt(v, v === from ? atRead : Number.POSITIVE_INFINITY)).get(head.number);
          justified = t?.headSha === write.sha && t.passing;
        }
        if (justified) {
          raced += 1;
          continue;
        }
        violations.push({
          kind: 'false-pass',
          detail: `#${head.number}: ${write.conclusion} written on head ${write.sha.slice(0, 7)} at v${write.version} (read at v${from}) while its verdict was ${head.state}`,
        });
      }
    }
    return { violations, offHead, raced };
  }

  /** (b) After recovery: on every open PR, our latest run on the head says what the final truth says. */
  async finalViolations(): Promise<Violation[]> {
    const truth = await this.computeTruth();
    const violations: Violation[] = [];
    for (const t of truth.values()) {
      if (!t.open) continue;
      const runs = this.runsOn(t.headSha);
      const latest = runs.at(-1);
      if (!latest) {
        violations.push({
          kind: 'final-missing',
          detail: `#${t.number}: no check on head ${t.headSha.slice(0, 7)}`,
        });
        continue;
      }
      if (latest.status !== 'completed' || latest.conclusion !== t.conclusion) {
        violations.push({
          kind: 'final-mismatch',
          detail: `#${t.number}: check ${latest.status}/${latest.conclusion} "${latest.title}", truth ${t.conclusion} (${t.state})`,
        });
      }
      if (!t.passing && runs.some((r) => r.conclusion && PASSING.has(r.conclusion))) {
        violations.push({
          kind: 'passing-on-blocked-head',
          detail: `#${t.number}: an older run of ours on head ${t.headSha.slice(0, 7)} still passes`,
        });
      }
    }
    return violations;
  }

  describe(): string {
    return [`seed ${this.seed}`, ...this.log, `injected ${JSON.stringify(this.injected)}`].join('\n');
  }
}
