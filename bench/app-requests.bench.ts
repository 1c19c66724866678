import { startInProcessApp } from '../simulator/in-process.js';
import type { ApiRequest } from '../simulator/state/types.js';
import { pullRequestPayload } from '../simulator/webhooks/payloads.js';
import { SCENARIOS, type ScenarioContext } from '../test/faults/harness/scenarios.js';
import { percentile, printTable, selected } from './app/shared.js';
import type { Benchmark } from './benchmark.js';

/**
 * GitHub API requests per event over the scenario mix of the fault-injection suite (Copilot agent
 * PR, Claude co-authored, handoff, dependabot, policy tightened on base, review dismissed,
 * force-push), counted by the simulator as GitHub would (installation tokens excluded: Probot
 * caches them for an hour). The real app runs in this process; webhooks are signed and verified.
 * Also: the same events again with nothing changed (a fresh delivery of an unchanged head, and
 * a redelivery of the same GUID).
 *
 * `npm run bench -- "app requests"`.
 */

const SUITE = 'app requests per event';

const isToken = (r: ApiRequest) => r.path.endsWith('/access_tokens');
const isRead = (r: ApiRequest) => r.method === 'GET' || r.kind === 'graphql';

async function measureRequests(): Promise<void> {
  const reads: number[] = [];
  const writes: number[] = [];
  const unchangedReads: number[] = [];
  const unchangedWrites: number[] = [];
  const duplicateRequests: number[] = [];
  let steps = 0;
  for (const [index, scenario] of SCENARIOS.entries()) {
    // No replication lag: a read lagging its event costs a retry whose timing is the machine's,
    // so the counts would vary from run to run (they are the requests of a current read).
    const { sim, custody } = startInProcessApp({ logLevel: 'warn', lag: null });
    const ctx: ScenarioContext = { number: 0, reviews: new Map(), heads: [] };
    const count = async (what: () => Promise<unknown>) => {
      const from = sim.store.requests.length;
      await what();
      await custody.queue.drain();
      const made = sim.store.requests.slice(from).filter((r) => !isToken(r));
      return { reads: made.filter(isRead).length, writes: made.filter((r) => !isRead(r)).length };
    };
    const pushers = new Map<string, string>();
    for (const step of scenario.steps(ctx, `bench-${index}`)) {
      const deliveriesFrom = sim.store.deliveries.length;
      const event = await count(async () => {
        const result = (await step.act(sim.drivers)) as { head?: string } | undefined;
        if (step.pushedBy && result?.head) pushers.set(result.head, step.pushedBy);
      });
      reads.push(event.reads);
      writes.push(event.writes);
      steps += 1;
      const again = sim.store.deliveries.slice(deliveriesFrom);
      // Nothing changed: a fresh `synchronize` delivery for the unchanged head.
      const pr = sim.drivers.pull(ctx.number);
      const installation = [...sim.store.installations.values()][0]!;
      const head = sim.store.headSha(pr);
      const payload = pullRequestPayload(
        sim.site,
        'synchronize',
        pr,
        sim.store.accountByLogin(pushers.get(head) ?? 'Copilot'),
        installation,
        {
          before: head,
          after: head,
        },
      );
      const unchanged = await count(() =>
        sim.webhooks.send('pull_request', payload, {
          installationId: installation.id,
          repositoryId: pr.repoId,
        }),
      );
      unchangedReads.push(unchanged.reads);
      unchangedWrites.push(unchanged.writes);
      // GitHub sending the step's deliveries again (same GUIDs).
      const duplicate = await count(() => Promise.all(again.map((d) => sim.webhooks.redeliver(d.id))));
      duplicateRequests.push(duplicate.reads + duplicate.writes);
    }
  }
  const row = (name: string, values: number[], goal?: string): [string, string, string?] =>
    [
      name,
      `median ${percentile(values, 50)}, p95 ${percentile(values, 95)}, max ${Math.max(...values)}`,
      ...(goal ? [goal] : []),
    ] as [string, string, string?];
  printTable(`${SUITE}: ${steps} user actions over ${SCENARIOS.length} scenarios, real app in-process`, [
    row('reads per event', reads, 'median ≤ 1'),
    row('writes per event', writes, 'median ≤ 1'),
    row('reads per event, nothing changed', unchangedReads),
    row('writes per event, nothing changed', unchangedWrites, '0'),
    row('requests per duplicate delivery (same GUID)', duplicateRequests, '0'),
    [
      'total reads / writes over the mix',
      `${reads.reduce((a, b) => a + b, 0)} / ${writes.reduce((a, b) => a + b, 0)}`,
    ],
  ]);
}

if (selected(SUITE)) await measureRequests();

export const benchmarks: Benchmark[] = [];
