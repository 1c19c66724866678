import { mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import pg from 'pg';
import { type AppProcess, startAppProcess } from '../../simulator/app/app-process.js';
import { confirmPassMsFor, requestedPermissions, subscribedEvents } from '../../simulator/environment.js';
import { type Simulator, startSimulator } from '../../simulator/server.js';
import type { CheckRun } from '../../simulator/state/types.js';

/**
 * Three real app processes (`src/main.ts`, as `npm start` runs it) sharing one PostgreSQL
 * database and one simulated GitHub, behind a small load balancer that sends each delivery to
 * a replica chosen at random, and to another one when the first refuses or drops the
 * connection before answering (as HAProxy's `option redispatch` and `retry-on` do; deploy/haproxy.cfg). A replica can be killed (SIGKILL) and
 * started again.
 */

const DECISION = /"msg":"custody decision"/;
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * The simulator's app entry bundled once per run (dependencies stay in node_modules): a replica
 * then starts in about a second instead of compiling TypeScript each time it is restarted.
 */
async function bundleEntry(): Promise<string> {
  const outdir = `${ROOT}.custody-cluster`;
  mkdirSync(outdir, { recursive: true });
  const outfile = `${outdir}/start-app.mjs`;
  await build({
    entryPoints: [`${ROOT}simulator/app/start-app.ts`],
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    outfile,
    logLevel: 'warning',
  });
  return outfile;
}

export interface Replica {
  readonly name: string;
  process: AppProcess | null;
  /** Every line it logged, across restarts. */
  readonly logs: string[];
}

export interface Cluster {
  readonly sim: Simulator;
  readonly replicas: readonly Replica[];
  /** How long each start took, in ms (for the suite's own report). */
  startTimes(): readonly number[];
  /** Deliveries the load balancer handed to this replica (answered by it). */
  served(replica: Replica): number;
  /** Decisions logged so far across the cluster (one per evaluation). */
  decisions(): number;
  kill(replica: Replica): void;
  start(replica: Replica): Promise<void>;
  /** Until no work waits in the database and the simulator is quiet. */
  settle(timeoutMs?: number): Promise<void>;
  /** SIGTERM, then start again (a rolling upgrade's step). */
  restart(replica: Replica): Promise<void>;
  /** Our app's check runs on a PR's current head. */
  checkRuns(number: number): CheckRun[];
  stop(): Promise<void>;
}

export async function startCluster(options: {
  readonly databaseUrl: string;
  readonly count: number;
  readonly env?: Readonly<Record<string, string>>;
}): Promise<Cluster> {
  const sim = await startSimulator({ events: subscribedEvents(), permissions: requestedPermissions() });
  const replicas: Replica[] = Array.from({ length: options.count }, (_, i) => ({
    name: `r${i + 1}`,
    process: null,
    logs: [],
  }));
  const env = {
    CUSTODY_RETRY_DELAY_SECONDS: '0',
    // Faults are drawn for the whole cluster at once, so one PR may meet several in a row; the
    // sweep that would recover a run given up is off here, so allow as many attempts as allowed.
    CUSTODY_MAX_ATTEMPTS: '10',
    // Up to six processes at once (three restarting) on a server others share: few connections.
    DATABASE_POOL_SIZE: '4',
    CUSTODY_CONCURRENCY: '2',
    CUSTODY_CONFIRM_PASS_MS: String(confirmPassMsFor(sim)),
    CUSTODY_SWEEP_INTERVAL: 'off',
    CUSTODY_REDELIVERY_INTERVAL: 'off',
    // A killed replica's evaluations go to another after 2 s, so the suite stays quick; much
    // shorter would take work from replicas that are alive but starved of CPU on a loaded machine.
    CUSTODY_LOCK_TIMEOUT_SECONDS: '2',
    DATABASE_URL: options.databaseUrl,
    ...options.env,
  };

  const entry = { path: await bundleEntry(), cwd: ROOT };
  const served = new Map<string, number>();

  const startTimes: number[] = [];
  async function start(replica: Replica): Promise<void> {
    const began = performance.now();
    // The test server is shared (other suites, replicas just killed whose connections the
    // server has not reaped yet): a start refused for too many connections is tried again.
    for (let attempt = 1; ; attempt += 1) {
      try {
        replica.process = await startAppProcess({
          entry,
          githubUrl: sim.url,
          appId: sim.credentials.appId,
          privateKeyPem: sim.credentials.privateKeyPem,
          webhookSecret: sim.credentials.webhookSecret,
          appSlug: sim.app.slug,
          env,
          onLog: (line) => replica.logs.push(line),
          startTimeoutMs: 60_000,
        });
        break;
      } catch (error) {
        if (attempt >= 12 || !/53300|too many clients/.test(String(error))) throw error;
        await new Promise((resolve) => setTimeout(resolve, 1_000 + 250 * attempt));
      }
    }
    startTimes.push(performance.now() - began);
  }

  const balancer = await startBalancer(
    () =>
      replicas.flatMap((r) =>
        r.process && r.process.child.exitCode === null && r.process.child.signalCode === null
          ? [{ name: r.name, url: r.process.webhookUrl }]
          : [],
      ),
    (name) => served.set(name, (served.get(name) ?? 0) + 1),
  );
  sim.setWebhookUrl(balancer.url);
  await Promise.all(replicas.map(start));

  return {
    sim,
    replicas,
    startTimes: () => startTimes,
    served: (replica) => served.get(replica.name) ?? 0,
    decisions: () => replicas.reduce((n, r) => n + r.logs.filter((line) => DECISION.test(line)).length, 0),
    kill(replica) {
      if (!replica.process) throw new Error(`${replica.name} is not running`);
      replica.process.child.kill('SIGKILL');
      replica.process = null;
    },
    start,
    async restart(replica) {
      const running = replica.process;
      replica.process = null;
      await running?.stop();
      await start(replica);
    },
    async settle(timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      const client = new pg.Client({ connectionString: options.databaseUrl });
      await client.connect();
      try {
        for (;;) {
          const waiting = Number((await client.query('select count(*) as n from work_queue')).rows[0].n);
          if (waiting === 0) {
            await sim.settle({ quietMs: 800, timeoutMs: Math.max(1_000, deadline - Date.now()) });
            const again = Number((await client.query('select count(*) as n from work_queue')).rows[0].n);
            if (again === 0) return;
          }
          if (Date.now() > deadline) {
            const rows = await client.query('select key, version, attempt from work_queue');
            const jobs = await client.query(
              'select key, queue_name, attempts, max_attempts, locked_by, locked_at, run_at, last_error from graphile_worker.jobs',
            );
            throw new Error(
              `${waiting} PRs still queued after ${timeoutMs} ms: ${JSON.stringify(rows.rows)}; jobs ${JSON.stringify(jobs.rows)}`,
            );
          }
          await new Promise((resolve) => setTimeout(resolve, 200));
        }
      } finally {
        await client.end();
      }
    },
    checkRuns(number) {
      const pr = sim.drivers.pull(number);
      return sim.store.checkRunsFor(pr.repoId, sim.store.headSha(pr)).filter((r) => r.appId === sim.app.id);
    },
    async stop() {
      await Promise.all(replicas.map((r) => r.process?.stop()));
      await new Promise<void>((resolve) => balancer.server.close(() => resolve()));
      await sim.close();
    },
  };
}

/**
 * The load balancer: each POST goes to a live replica chosen at random; a refused connection
 * is tried on the next one. A replica killed while it holds a request answers nothing: the
 * delivery fails, as GitHub would record it, and is redelivered.
 */
async function startBalancer(
  targets: () => { name: string; url: string }[],
  onServed: (name: string) => void,
): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', async () => {
      const body = Buffer.concat(chunks);
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(req.headers))
        if (typeof value === 'string' && name !== 'host' && name !== 'content-length') headers[name] = value;
      const order = [...targets()].sort(() => Math.random() - 0.5);
      for (const target of order) {
        try {
          const answer = await fetch(target.url, { method: 'POST', headers, body });
          onServed(target.name);
          res.writeHead(answer.status, { 'content-type': 'application/json' }).end(await answer.text());
          return;
        } catch (error) {
          const code = (error as { cause?: { code?: string } }).cause?.code;
          // Not listening (yet, or any more), or it closed the connection before answering: the
          // next one. Sending a delivery twice is safe: the ledger records each GUID once.
          if (code === 'ECONNREFUSED' || code === 'ECONNRESET' || code === 'UND_ERR_SOCKET') continue;
          res.writeHead(502).end('{"error":"replica went away"}');
          return;
        }
      }
      res.writeHead(503).end('{"error":"no replica"}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/github/webhooks`, server };
}
