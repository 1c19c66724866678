import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { type AppProcess, startAppProcess } from './app/app-process.js';
import { type Simulator, startSimulator } from './server.js';
import type { CheckRun, IssueComment } from './state/types.js';

/** The app's decision log line (one per evaluation: `custody decision`, `custody merge group decision`). */
const DECISION = /"msg":"custody [a-z ]*decision"/;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const APP_YML = fileURLToPath(new URL('../app.yml', import.meta.url));

interface Manifest {
  readonly default_events?: unknown;
  readonly default_permissions?: unknown;
}

function readManifest(path: string): Manifest | null {
  return existsSync(path) ? (parseYaml(readFileSync(path, 'utf8')) as Manifest | null) : null;
}

/** The events the app subscribes to, from its `app.yml` manifest (null: no manifest, send everything). */
export function subscribedEvents(path = APP_YML): string[] | null {
  const events = readManifest(path)?.default_events;
  return Array.isArray(events) ? events.map(String) : null;
}

/** The permissions the app requests in `app.yml` (null: no manifest, allow everything). */
export function requestedPermissions(path = APP_YML): Record<string, 'read' | 'write'> | null {
  const permissions = readManifest(path)?.default_permissions;
  if (permissions === null || typeof permissions !== 'object') return null;
  return Object.fromEntries(
    Object.entries(permissions).filter(
      (e): e is [string, 'read' | 'write'] => e[1] === 'read' || e[1] === 'write',
    ),
  );
}

/** What a reviewer sees on a PR: our check on the head, the labels, our comment. */
export interface PullRequestView {
  readonly headSha: string;
  /** Our app's check runs on the head commit (more than one would be a bug). */
  readonly checkRuns: readonly CheckRun[];
  readonly check: CheckRun | null;
  readonly labels: readonly string[];
  /** Comments written by the app. */
  readonly comments: readonly IssueComment[];
}

/** What a reviewer sees on PR `number` of the simulator now. */
export function viewPullRequest(sim: Simulator, number: number): PullRequestView {
  const pr = sim.drivers.pull(number);
  const headSha = sim.store.headSha(pr);
  const checkRuns = sim.store.checkRunsFor(pr.repoId, headSha).filter((r) => r.appId === sim.app.id);
  return {
    headSha,
    checkRuns,
    check: checkRuns.at(-1) ?? null,
    labels: sim.store.pullLabels(pr).map((l) => l.name),
    comments: sim.store.issueComments(pr.repoId, pr.number).filter((c) => c.authorId === sim.app.botId),
  };
}

/** A wait before the confirming read that outlasts the simulator's longest replication lag. */
export function confirmPassMsFor(sim: Simulator): number {
  return Math.ceil(sim.lag.settings?.maxMs ?? 0) + 50;
}

export interface Environment {
  readonly sim: Simulator;
  readonly app: AppProcess;
  view(number: number): PullRequestView;
  /** Poll until `predicate` holds (bounded); returns the last view. */
  waitFor(
    number: number,
    predicate: (view: PullRequestView) => boolean,
    what: string,
    timeoutMs?: number,
  ): Promise<PullRequestView>;
  /** Wait until the app has nothing in flight and made no request for a while. */
  settle(): Promise<void>;
  /**
   * Run a user action, then wait (bounded) until the app has read GitHub again (a GraphQL
   * query after the action), logged its decision, and gone quiet: the state then shows the
   * app's answer to that action.
   */
  act<T>(action: () => Promise<T>, timeoutMs?: number): Promise<T>;
  /** Where the app's ledger is (read it with `openLedger` once the app has stopped, or alongside). */
  readonly databaseUrl: string;
  stop(): Promise<void>;
}

export interface EnvironmentOptions {
  readonly appEnv?: Readonly<Record<string, string>>;
  readonly onAppLog?: (line: string) => void;
  /** Quiet time that counts as settled (the app's queue may wait a little before evaluating). */
  readonly quietMs?: number;
  /** Extra node flags for the app process. */
  readonly nodeArgs?: readonly string[];
  /** A compiled entry to run instead of the repository's sources (the packed-install check). */
  readonly appEntry?: { readonly path: string; readonly cwd: string };
  /** The app's ledger (`DATABASE_URL`); default a fresh SQLite file in a temp folder, removed at stop. */
  readonly databaseUrl?: string;
  /** Serve the custody pages (sign-in through the simulator's OAuth flow; check runs link to them). */
  readonly web?: boolean;
}

export async function startEnvironment(options: EnvironmentOptions = {}): Promise<Environment> {
  const sim = await startSimulator({ events: subscribedEvents(), permissions: requestedPermissions() });
  const ledgerDir = options.databaseUrl === undefined ? mkdtempSync(join(tmpdir(), 'custody-ledger-')) : null;
  const databaseUrl = options.databaseUrl ?? join(ledgerDir!, 'custody.db');
  const removeLedger = () => {
    if (ledgerDir !== null) rmSync(ledgerDir, { recursive: true, force: true });
  };
  let app: AppProcess;
  try {
    app = await startAppProcess({
      githubUrl: sim.url,
      appId: sim.credentials.appId,
      privateKeyPem: sim.credentials.privateKeyPem,
      webhookSecret: sim.credentials.webhookSecret,
      appSlug: sim.app.slug,
      ...(options.web
        ? { oauthClient: { clientId: sim.credentials.clientId, clientSecret: sim.credentials.clientSecret } }
        : {}),
      env: {
        // A failed evaluation is retried after the confirming wait, its shortest delay (within
        // the quiet time that ends `act`, so a test never stops between an attempt and its
        // retry), and the background reconcilers
        // (open-PR sweep, failed-delivery redelivery) stay off, so that every API request in a
        // test is caused by the test's own events.
        CUSTODY_RETRY_DELAY_SECONDS: '0',
        // A short settle keeps each step quick; bench/app-throughput runs the default.
        CUSTODY_SETTLE_MS: '100',
        // The confirming read comes after the simulator's replication lag, as the default (3 s)
        // comes after GitHub's: a shorter wait could confirm a pass on facts older than its event.
        CUSTODY_CONFIRM_PASS_MS: String(confirmPassMsFor(sim)),
        CUSTODY_SWEEP_INTERVAL: 'off',
        CUSTODY_REDELIVERY_INTERVAL: 'off',
        DATABASE_URL: databaseUrl,
        ...options.appEnv,
      },
      ...(options.onAppLog ? { onLog: options.onAppLog } : {}),
      ...(options.nodeArgs ? { nodeArgs: options.nodeArgs } : {}),
      ...(options.appEntry ? { entry: options.appEntry } : {}),
    });
  } catch (error) {
    await sim.close();
    removeLedger();
    throw error;
  }
  sim.setWebhookUrl(app.webhookUrl);

  // With GitHub's client-side pacing, writes are a second apart: quiet means longer.
  const quiet = options.quietMs ?? (process.env.SIMULATOR_THROTTLE === 'github' ? 1_500 : 500);

  const view = (number: number): PullRequestView => viewPullRequest(sim, number);

  return {
    sim,
    app,
    view,
    async waitFor(number, predicate, what, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const current = view(number);
        if (predicate(current)) return current;
        if (Date.now() > deadline) {
          const c = current.check;
          throw new Error(
            `timed out waiting for ${what} on #${number}; check: ${c ? `${c.status}/${c.conclusion} "${c.title}"` : 'none'}; labels: ${current.labels.join(', ') || 'none'}\n--- app log (last 15 lines) ---\n${app.logs.slice(-15).join('\n')}`,
          );
        }
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    settle: () => sim.settle({ quietMs: quiet }),
    async act(action, timeoutMs = 20_000) {
      const mark = sim.store.requests.length;
      const result = await action();
      const deadline = Date.now() + timeoutMs;
      const fail = (what: string) =>
        new Error(
          `${what} after the action\n--- app log (last 10 lines) ---\n${app.logs.slice(-10).join('\n')}`,
        );
      let read: number | undefined;
      while (read === undefined) {
        read = sim.store.requests
          .slice(mark)
          .find((r) => r.kind === 'graphql' && r.auth === 'installation')?.at;
        if (read !== undefined) break;
        if (Date.now() > deadline) throw fail('the app did not read the pull request');
        await sleep(25);
      }
      // The app logs one decision line per evaluation: wait for one that ends after that read,
      // so Octokit's pacing (SIMULATOR_THROTTLE=github) or a slow machine cannot end the wait early.
      const readAt = read;
      const decided = () =>
        app.logs.some((line, i) => (app.logTimes[i] ?? 0) >= readAt && DECISION.test(line));
      const knowsDecisions = () => app.logs.some((line) => DECISION.test(line));
      while (!decided()) {
        if (Date.now() > deadline) {
          if (!knowsDecisions()) break;
          throw fail('the app logged no decision');
        }
        await sleep(25);
      }
      await sim.settle({ quietMs: quiet, timeoutMs });
      return result;
    },
    databaseUrl,
    async stop() {
      await app.stop();
      await sim.close();
      // Every exchange of the run, checked against GitHub's published specs.
      sim.contract.assertClean();
      removeLedger();
    },
  };
}
