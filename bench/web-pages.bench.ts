import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { evaluate } from '../src/core/evaluate/evaluate.js';
import {
  type ChainEntry,
  canonicalJson,
  type Fact,
  GENESIS_HASH,
  hashStoredContent,
  type StoredEntry,
} from '../src/core/ledger/index.js';
import { Policy } from '../src/core/policy/schema.js';
import { connectLedger, openLedgerOn } from '../src/ledger/index.js';
import { renderPullRequestPage } from '../src/web/render-pull-request-page.js';
import { renderReportPage } from '../src/web/render-report-page.js';
import { FactClock } from '../test/builders/facts.js';
import { alice, bob, carol, copilotAgent, erin } from '../test/builders/identities.js';
import { fakeSha } from '../test/builders/snapshot.js';
import { numberFlag, percentile, printTable, selected } from './app/shared.js';
import type { Benchmark } from './benchmark.js';
import { BENCH_POLICY, syntheticPullRequest } from './synthetic-pull-request.js';

/**
 * The custody pages' server time. The page of a 250-commit PR with 200 ledger entries: render
 * p95 over 200 renders and the page's weight (the read from GitHub is not timed: it is the
 * evaluation's read, measured in `core evaluate` and the app benchmarks). The organisation
 * report over `--prs=N` (default 100,000) pull requests in SQLite: the ledger's report query
 * and summary (the page's server time), then rendering it.
 *
 * `npm run bench -- "web pages"`.
 */

const SUITE = 'web pages';
const RENDERS = 200;

function timelineOf(entries: number): ChainEntry<Fact>[] {
  const clock = new FactClock();
  const facts: Fact[] = [];
  for (let i = 0; facts.length < entries; i += 1) {
    facts.push(clock.push(copilotAgent, fakeSha(i), { ref: 'copilot/retry-jitter' }));
    facts.push(
      clock.fact({
        kind: 'agent-involvement',
        pr: 1,
        agent: 'GitHub Copilot',
        evidence: `author: commit ${i}`,
      }),
    );
    facts.push(
      clock.fact({ kind: 'review', pr: 1, reviewer: bob.account, state: 'COMMENTED', commitSha: fakeSha(i) }),
    );
    facts.push(clock.verdict(1, fakeSha(i), 'waiting'));
  }
  return facts.slice(0, entries).map((fact, index) => ({
    repo: 'acme/widgets',
    seq: index + 1,
    recordedAt: fact.occurredAt,
    prevHash: GENESIS_HASH,
    hash: fakeSha(index, 64).padEnd(64, '0').slice(0, 64),
    fact,
  }));
}

function benchPage(): void {
  const snapshot = syntheticPullRequest(250, 100, 300);
  const policy = Policy.parse(BENCH_POLICY);
  const timeline = timelineOf(200);
  const render = () =>
    renderPullRequestPage({
      owner: 'acme',
      repo: 'widgets',
      number: 1,
      title: snapshot.pullRequest.title,
      url: 'https://github.com/acme/widgets/pull/1',
      prState: 'OPEN',
      verdict: evaluate(snapshot, policy),
      policySources: ['Policy: .github/custody.yml'],
      timeline,
      viewer: { login: 'carol', csrfToken: 'x'.repeat(32) },
      paths: { self: '/custody/acme/widgets/pull/1', reevaluate: '/r', override: '/o' },
      override: { allowed: true, flash: null },
    });
  for (let i = 0; i < 10; i += 1) render();
  const times: number[] = [];
  let bytes = 0;
  for (let i = 0; i < RENDERS; i += 1) {
    const start = performance.now();
    bytes = Buffer.byteLength(render());
    times.push(performance.now() - start);
  }
  printTable(`${SUITE}: the page of a 250-commit PR with 200 ledger entries (evaluate + render)`, [
    [
      'p50 / p95 server time',
      `${percentile(times, 50).toFixed(1)} / ${percentile(times, 95).toFixed(1)} ms`,
      'p95 < 50 ms',
    ],
    ['page weight (HTML, no images)', `${(bytes / 1024).toFixed(1)} KB`, '< 100 KB'],
  ]);
}

/** Per PR: agent involvement, a waiting and a satisfied verdict, a review, a merge; a bypass or override now and then. */
function* reportFacts(prs: number, repos: number): Generator<{ repo: string; fact: Fact }> {
  const clocks = Array.from(
    { length: repos },
    (_, r) => new FactClock({ owner: 'acme', name: `repo-${r}`, id: r }),
  );
  const templates = clocks.map((clock) => ({
    involvement: clock.fact({
      kind: 'agent-involvement',
      pr: 1,
      agent: 'GitHub Copilot',
      evidence: 'opener: @Copilot',
    }),
    review: clock.fact({
      kind: 'review',
      pr: 1,
      reviewer: bob.account,
      state: 'APPROVED',
      commitSha: fakeSha(1),
    }),
    waiting: clock.verdict(1, fakeSha(1), 'waiting'),
    satisfied: { ...clock.verdict(1, fakeSha(1), 'satisfied'), approvers: ['bob'] } as Fact,
    merge: clock.fact({
      kind: 'merge',
      pr: 1,
      mergedBy: carol.account,
      mergeCommitSha: fakeSha(2),
      headSha: fakeSha(1),
      lastVerdict: { headSha: fakeSha(1), state: 'satisfied' },
    }),
    bypass: clock.fact({
      kind: 'bypass',
      pr: 1,
      mergedBy: erin.account,
      headSha: fakeSha(1),
      missing: 'an approval',
    }),
    override: clock.fact({
      kind: 'override',
      pr: 1,
      by: alice.account,
      reason: 'hotfix',
      headSha: fakeSha(1),
    }),
  }));
  const start = Date.UTC(2026, 0, 5);
  for (let pr = 1; pr <= prs; pr += 1) {
    const r = pr % repos;
    const t = templates[r]!;
    const at = (minutes: number) => new Date(start + pr * 150_000 + minutes * 60_000).toISOString();
    const number = Math.ceil(pr / repos);
    const agent = pr % 3 === 0 ? 'Devin' : 'GitHub Copilot';
    const kinds: Fact[] = [
      { ...t.involvement, agent, pr: number, occurredAt: at(0) } as Fact,
      { ...t.waiting, pr: number, occurredAt: at(0) } as Fact,
      { ...t.review, pr: number, occurredAt: at(1) } as Fact,
      { ...t.satisfied, pr: number, occurredAt: at(1) } as Fact,
      {
        ...(pr % 97 === 0 ? t.bypass : pr % 89 === 0 ? t.override : t.merge),
        pr: number,
        occurredAt: at(2),
      } as Fact,
    ];
    for (const fact of kinds) yield { repo: `acme/repo-${r}`, fact };
  }
}

async function* chainedEntries(prs: number, repos: number): AsyncGenerator<StoredEntry> {
  const heads = new Map<string, { seq: number; hash: string }>();
  for (const { repo, fact } of reportFacts(prs, repos)) {
    const head = heads.get(repo);
    const content = {
      repo,
      seq: (head?.seq ?? 0) + 1,
      recordedAt: fact.occurredAt,
      factJson: canonicalJson(fact),
    };
    const prevHash = head?.hash ?? GENESIS_HASH;
    const hash = hashStoredContent(prevHash, content);
    heads.set(repo, { seq: content.seq, hash });
    yield { ...content, prevHash, hash };
  }
}

async function benchReport(): Promise<void> {
  const prs = numberFlag('prs', 100_000);
  const repos = 50;
  const folder = mkdtempSync(join(tmpdir(), 'custody-bench-'));
  try {
    const ledger = await openLedgerOn(connectLedger(join(folder, 'custody.db')));
    const entries = await ledger.import(chainedEntries(prs, repos));
    const filter = {
      org: 'acme',
      since: new Date(Date.UTC(2026, 0, 1)),
      until: new Date(Date.UTC(2027, 0, 1)),
    };
    await ledger.report(filter);
    const times: number[] = [];
    const cpuTimes: number[] = [];
    const monthTimes: number[] = [];
    const monthCpuTimes: number[] = [];
    const renderTimes: number[] = [];
    let bytes = 0;
    let merged = 0;
    for (let i = 0; i < 5; i += 1) {
      const cpu = process.cpuUsage();
      const start = performance.now();
      const reports = await ledger.report(filter);
      times.push(performance.now() - start);
      const used = process.cpuUsage(cpu);
      cpuTimes.push((used.user + used.system) / 1000);
      const monthCpu = process.cpuUsage();
      const monthStart = performance.now();
      await ledger.report({
        ...filter,
        since: new Date(Date.UTC(2026, 2, 1)),
        until: new Date(Date.UTC(2026, 3, 1)),
      });
      monthTimes.push(performance.now() - monthStart);
      const monthUsed = process.cpuUsage(monthCpu);
      monthCpuTimes.push((monthUsed.user + monthUsed.system) / 1000);
      merged = reports.reduce((n, report) => n + report.merges, 0);
      const renderStart = performance.now();
      bytes = Buffer.byteLength(
        renderReportPage({
          org: 'acme',
          since: '2026-01-01',
          until: '2026-12-31',
          reports,
          readableOnly: false,
          viewer: { login: 'carol', csrfToken: 'x'.repeat(32) },
          pullRequestPath: (repo, n) => `/custody/${repo}/pull/${n}`,
          downloads: { jsonl: '/j', csv: '/c' },
        }),
      );
      renderTimes.push(performance.now() - renderStart);
    }
    await ledger.close();
    printTable(
      `${SUITE}: the organisation report over ${prs.toLocaleString('en-US')} PRs (${entries.toLocaleString('en-US')} entries, ${repos} repositories, SQLite)`,
      [
        [
          'report query and summary, the whole year, median of 5',
          `${percentile(times, 50).toFixed(0)} ms`,
          '< 1,000 ms',
        ],
        [
          '  CPU time of this process (less sensitive to a busy machine)',
          `${percentile(cpuTimes, 50).toFixed(0)} ms`,
        ],
        ['report of one month, median of 5', `${percentile(monthTimes, 50).toFixed(0)} ms`],
        ['  CPU time of this process', `${percentile(monthCpuTimes, 50).toFixed(0)} ms`],
        ['render the page, median of 5', `${percentile(renderTimes, 50).toFixed(0)} ms`],
        ['merges counted (sanity)', merged.toLocaleString('en-US')],
        ['page weight', `${(bytes / 1024).toFixed(0)} KB`],
      ],
    );
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

if (selected(SUITE)) {
  benchPage();
  await benchReport();
}

export const benchmarks: Benchmark[] = [];
