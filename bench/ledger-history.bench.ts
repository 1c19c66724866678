import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { evaluate } from '../src/core/evaluate/index.js';
import { deriveHistory, type Fact } from '../src/core/ledger/index.js';
import { Policy } from '../src/core/policy/schema.js';
import type { Snapshot } from '../src/core/snapshot.js';
import { connectLedger, type Ledger, openLedgerOn, readSnapshotHistory } from '../src/ledger/index.js';
import { FactClock } from '../test/builders/facts.js';
import { HUMANS } from '../test/builders/identities.js';
import { fakeSha } from '../test/builders/snapshot.js';
import { numberFlag, percentile, printTable, selected } from './app/shared.js';
import type { Benchmark } from './benchmark.js';
import { BENCH_POLICY, syntheticPullRequest } from './synthetic-pull-request.js';

/**
 * A PR whose ledger holds 1,000 facts: deriving its history and evaluating it stays under 50 ms.
 * `ledger history read` does it as the app does: the facts read back from a SQLite ledger
 * that also holds other PRs' facts (their synchronizes and pushes), then derived and evaluated
 * (p50 / p99 of 50 runs), in a repository of 5,000 facts and again of 105,000: the reads go by
 * PR and branch, so the second costs what the first does. `--others=N` sets the larger size.
 */
const GOAL = { ms: 50, heapMb: 50 };
const policy = Policy.parse(BENCH_POLICY);

function pullRequestWithFacts(count: number): { snapshot: Snapshot; facts: Fact[] } {
  const snapshot = syntheticPullRequest(250);
  const pr = snapshot.pullRequest;
  const clock = new FactClock({ owner: snapshot.repo.owner, name: snapshot.repo.name, id: null });
  const facts: Fact[] = [];
  for (let index = 0; facts.length < count; index += 1) {
    const who = HUMANS[index % HUMANS.length]!.account;
    const sha = snapshot.commits[index % snapshot.commits.length]!.sha;
    if (index % 4 === 0) facts.push(clock.push(who, sha, { ref: pr.headRef }));
    else if (index % 4 === 1) facts.push(clock.synchronize(pr.number, who, sha, pr.headRef));
    else if (index % 4 === 2) facts.push(clock.verdict(pr.number, fakeSha(index)));
    else facts.push(clock.delegation(pr.number, who, index % 8 === 3 ? 'assignee' : 'requester'));
  }
  return { snapshot, facts };
}

const READ_SUITE = 'ledger history read';

async function benchRead(): Promise<void> {
  const { snapshot, facts } = pullRequestWithFacts(1_000);
  const folder = mkdtempSync(join(tmpdir(), 'custody-bench-'));
  try {
    const ledger = await openLedgerOn(connectLedger(join(folder, 'custody.db')));
    const others = new FactClock({ owner: snapshot.repo.owner, name: snapshot.repo.name, id: null });
    // Other PRs' facts around this one's, as a busy repository's ledger has them.
    const otherFacts = (start: number) =>
      Array.from({ length: 200 }, (_, index) =>
        index % 2 === 0
          ? others.synchronize(1_000 + index, HUMANS[0]!.account, fakeSha(start + index), `other-${index}`)
          : others.push(HUMANS[1]!.account, fakeSha(start + index), { ref: `other-${index - 1}` }),
      );
    for (let start = 0; start < facts.length; start += 50) {
      await ledger.append(facts.slice(start, start + 50));
      await ledger.append(otherFacts(start));
    }
    const measure = await measureReads(ledger, snapshot);
    const more = numberFlag('others', 100_000);
    for (let added = 0; added < more; added += 200) await ledger.append(otherFacts(added));
    const busy = await measureReads(ledger, snapshot);
    await ledger.close();
    const row = (m: Reads) =>
      `${percentile(m.times, 50).toFixed(1)} / ${percentile(m.times, 99).toFixed(1)} ms`;
    printTable(`${READ_SUITE}: 250-commit PR, its ${measure.read} facts in SQLite`, [
      ['among 5,000: read + derive history + evaluate, p50 / p99', row(measure), '< 50 ms'],
      ['the same, CPU time of this process, p50', `${percentile(measure.cpuTimes, 50).toFixed(1)} ms`],
      ['the open PRs on its head branch, p50', `${percentile(measure.openings, 50).toFixed(2)} ms`],
      [
        `among ${(5_000 + more).toLocaleString('en')}: read + derive + evaluate, p50 / p99`,
        row(busy),
        '< 50 ms',
      ],
      ['the same, CPU time of this process, p50', `${percentile(busy.cpuTimes, 50).toFixed(1)} ms`],
      ['the open PRs on its head branch, p50', `${percentile(busy.openings, 50).toFixed(2)} ms`],
    ]);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

interface Reads {
  readonly times: number[];
  readonly cpuTimes: number[];
  readonly openings: number[];
  readonly read: number;
}

async function measureReads(ledger: Ledger, snapshot: Snapshot): Promise<Reads> {
  const repo = `${snapshot.repo.owner}/${snapshot.repo.name}`;
  const target = {
    number: snapshot.pullRequest.number,
    headRef: snapshot.pullRequest.headRef,
    commitShas: snapshot.commits.map((commit) => commit.sha),
  };
  const times: number[] = [];
  const cpuTimes: number[] = [];
  const openings: number[] = [];
  let read = 0;
  for (let run = 0; run < 55; run += 1) {
    const cpu = process.cpuUsage();
    const start = performance.now();
    evaluate(await readSnapshotHistory(ledger, snapshot, null), policy);
    const used = process.cpuUsage(cpu);
    const between = performance.now();
    await ledger.findOpenPullRequestsOnHead(repo, target.headRef);
    if (run >= 5) {
      times.push(between - start);
      cpuTimes.push((used.user + used.system) / 1000);
      openings.push(performance.now() - between);
    }
    read = (await ledger.readHistoryFacts(repo, target.number, target.headRef)).length;
  }
  return { times, cpuTimes, openings, read };
}

if (selected(READ_SUITE)) await benchRead();

export const benchmarks: Benchmark[] = [
  {
    suite: 'ledger history',
    name: '250-commit PR with 1,000 ledger facts: derive history + evaluate',
    setup: () => pullRequestWithFacts(1_000),
    run: ({ snapshot, facts }: ReturnType<typeof pullRequestWithFacts>) => {
      const history = deriveHistory(facts, {
        number: snapshot.pullRequest.number,
        headRef: snapshot.pullRequest.headRef,
        commitShas: snapshot.commits.map((commit) => commit.sha),
      });
      return evaluate({ ...snapshot, history }, policy);
    },
    runs: 25,
    goal: GOAL,
  },
];
