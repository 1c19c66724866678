import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import type { Environment } from '../../simulator/environment.js';
import type { Simulator } from '../../simulator/server.js';
import { pullRequestPayload } from '../../simulator/webhooks/payloads.js';

/**
 * Shared pieces of the app benchmarks (`bench/app-*.bench.ts`). Those measure asynchronous work
 * (HTTP, queues, a child process), which `bench/benchmark.ts`'s synchronous `measure` cannot,
 * so each module runs its measurement while `bench/run.ts` imports it (only when its suite
 * matches the filter) and prints its own table; it exports no synchronous `benchmarks`.
 */

/** The runner's filter: its first argument that is not a `--flag`. */
export function selected(suite: string): boolean {
  const filter =
    process.argv
      .slice(2)
      .find((arg) => !arg.startsWith('--'))
      ?.toLowerCase() ?? '';
  return suite.toLowerCase().includes(filter);
}

export function numberFlag(name: string, fallback: number): number {
  const flag = process.argv.find((arg) => arg.startsWith(`--${name}=`));
  const value = flag ? Number(flag.slice(name.length + 3)) : Number.NaN;
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

/** `--name=value` as given, or null. */
export function stringFlag(name: string): string | null {
  const flag = process.argv.find((arg) => arg.startsWith(`--${name}=`));
  return flag ? flag.slice(name.length + 3) : null;
}

export function printTable(title: string, rows: ReadonlyArray<readonly [string, string, string?]>): void {
  const width = Math.max(...rows.map((r) => r[0].length));
  const valueWidth = Math.max(...rows.map((r) => r[1].length));
  console.log(`\n${title} (${cpus().length} CPU(s))`);
  for (const [name, value, goal] of rows) {
    console.log(`  ${name.padEnd(width)}  ${value.padStart(valueWidth)}${goal ? `   goal ${goal}` : ''}`);
  }
}

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * CPU time a process has used so far (user + system, every thread), in ms, from Linux's
 * `/proc/<pid>/stat` (in clock ticks of 10 ms); null elsewhere. What a run costs the app
 * whatever else the machine is doing, where wall time depends on the load.
 */
export function processCpuMs(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces), closed by its last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}

/** Opens `count` Copilot PRs (one commit each), `parallel` at a time, and waits for the app to go quiet. */
export async function openCopilotPullRequests(
  env: Environment,
  count: number,
  prefix: string,
): Promise<number[]> {
  const numbers: number[] = [];
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      const pr = await env.sim.drivers.openPullRequest({
        as: 'Copilot',
        head: `copilot/${prefix}-${i}`,
        title: `Fix ${prefix} ${i}`,
        body: 'Created from an issue assigned by @alice.',
        commits: [
          {
            message: `Fix ${i}`,
            author: 'Copilot',
            signature: 'github',
            coAuthors: ['alice'],
            files: { [`src/${prefix}-${i}.js`]: `export const v = ${i};\n` },
          },
        ],
      });
      numbers.push(pr.number);
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  await env.settle();
  return numbers.sort((a, b) => a - b);
}

/** A `pull_request.synchronize` for the PR's current head, as GitHub would sign and send it. */
export function synchronizeDelivery(
  sim: Simulator,
  number: number,
): { headers: Record<string, string>; body: string } {
  const pr = sim.drivers.pull(number);
  const head = sim.store.headSha(pr);
  const installation = [...sim.store.installations.values()][0]!;
  const payload = pullRequestPayload(
    sim.site,
    'synchronize',
    pr,
    sim.store.accountByLogin('Copilot'),
    installation,
    {
      before: head,
      after: head,
    },
  );
  const body = JSON.stringify(payload);
  return { headers: sim.webhooks.headersFor(sim.app, 'pull_request', body), body };
}

/** POSTs signed deliveries to the app's webhook URL over real HTTP, `inFlight` at a time. */
export async function postDeliveries(
  url: string,
  deliveries: ReadonlyArray<{ headers: Record<string, string>; body: string }>,
  inFlight: number,
): Promise<{ statuses: Map<number, number>; acceptedAt: number[] }> {
  const statuses = new Map<number, number>();
  const acceptedAt: number[] = [];
  let next = 0;
  const worker = async () => {
    while (next < deliveries.length) {
      const delivery = deliveries[next++]!;
      const response = await fetch(url, { method: 'POST', headers: delivery.headers, body: delivery.body });
      await response.arrayBuffer();
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
      acceptedAt.push(performance.now());
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  return { statuses, acceptedAt };
}

/**
 * Deliveries POSTed here bypass the simulator's webhook sender, so its `settle` cannot see them:
 * wait until the app has logged a decision since `from` and then nothing new for `quietMs`.
 */
export async function waitForApp(
  env: Environment,
  from: number,
  quietMs = 500,
  timeoutMs = 60_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let seen = -1;
  let since = Date.now();
  for (;;) {
    const count = decisionsSince(env, from).length;
    if (count !== seen) {
      seen = count;
      since = Date.now();
    } else if (count > 0 && Date.now() - since >= quietMs) {
      await env.settle();
      return;
    }
    if (Date.now() > deadline) throw new Error('the app logged no decision');
    await sleep(25);
  }
}

/** Decision lines the app logged from line `from` on. */
export function decisionsSince(env: Environment, from: number): Array<{ pullNumber: number; at: number }> {
  const out: Array<{ pullNumber: number; at: number }> = [];
  for (let i = from; i < env.app.logs.length; i += 1) {
    const line = env.app.logs[i]!;
    if (!line.includes('"custody decision"')) continue;
    const parsed = JSON.parse(line) as { decision?: { pullNumber?: number } };
    out.push({ pullNumber: parsed.decision?.pullNumber ?? -1, at: env.app.logTimes[i] ?? 0 });
  }
  return out;
}
