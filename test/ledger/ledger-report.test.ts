import { Migrator } from 'kysely';
import { describe, expect, it } from 'vitest';
import {
  type Fact,
  type FactInput,
  LedgerSummarizer,
  type ReportFact,
  type StoredEntry,
} from '../../src/core/ledger/index.js';
import { entryRow } from '../../src/ledger/append.js';
import type { Ledger, ReportFilter } from '../../src/ledger/index.js';
import { listMigrations } from '../../src/ledger/migrations.js';
import { FactClock } from '../builders/facts.js';
import { alice, bob, carol, copilotAgent } from '../builders/identities.js';
import { fakeSha } from '../builders/snapshot.js';
import { LEDGER_TARGETS } from './ledger-targets.js';

/**
 * The report reads plain columns, one repository at a time. Whatever the filter, its rows must
 * be the summary of the whole facts in chain order (what it computed when it parsed every fact),
 * on ledgers written now and on ledgers written before those columns existed.
 */

const REPORT_KINDS = new Set(['agent-involvement', 'verdict', 'merge', 'bypass', 'override']);

/** Every report kind and the cases its order matters for, among facts the report skips, in three repositories. */
function reportWorld(): FactInput[] {
  const facts: FactInput[] = [];
  for (const [owner, name, id] of [
    ['acme', 'widgets', 1],
    ['acme', 'gadgets', 2],
    ['umbrella', 'labs', 3],
  ] as const) {
    const clock = new FactClock({ owner, name, id });
    const merge = (pr: number) =>
      clock.fact({
        kind: 'merge',
        pr,
        mergedBy: carol.account,
        mergeCommitSha: fakeSha(90 + pr),
        headSha: fakeSha(pr),
        lastVerdict: { headSha: fakeSha(pr), state: 'satisfied' },
      });
    const satisfied = (pr: number, approvers?: string[]) =>
      (approvers === undefined
        ? clock.verdict(pr, fakeSha(pr), 'satisfied')
        : { ...clock.verdict(pr, fakeSha(pr), 'satisfied'), approvers }) as FactInput;
    const involvement = (pr: number, agent: string) =>
      clock.fact({ kind: 'agent-involvement', pr, agent, evidence: `opened by ${agent}` });
    facts.push(
      clock.opened(1, copilotAgent, fakeSha(1)),
      involvement(1, 'Copilot'),
      clock.push(copilotAgent, fakeSha(1)),
      clock.verdict(1, fakeSha(1), 'waiting'),
      clock.fact({ kind: 'review', pr: 1, reviewer: bob.account, state: 'APPROVED', commitSha: fakeSha(1) }),
      satisfied(1, ['bob']),
      merge(1),
      involvement(2, 'Claude'),
      clock.fact({
        kind: 'bypass',
        pr: 2,
        mergedBy: alice.account,
        headSha: fakeSha(2),
        missing: 'an approval',
      }),
      // No agent: its approval and merge count as a merge only.
      satisfied(3),
      merge(3),
      clock.fact({
        kind: 'override',
        pr: 4,
        by: alice.account,
        reason: `hotfix in ${name}`,
        headSha: fakeSha(4),
      }),
      // An approval before any agent, an agent after it, two approvals, a merge twice, an agent after the merge.
      satisfied(5, ['dave']),
      involvement(5, 'Devin'),
      clock.verdict(5, fakeSha(5), 'waiting'),
      satisfied(5, ['carol', 'bob']),
      involvement(5, 'Copilot'),
      satisfied(5, []),
      merge(5),
      merge(5),
      involvement(5, 'Claude'),
      clock.verdict(6, fakeSha(6), 'overridden'),
      clock.fact({ kind: 'override', pr: 6, by: carol.account, reason: 'again', headSha: fakeSha(6) }),
    );
  }
  return facts;
}

/** The reference: every whole fact of the report's kinds that the filter selects, summarised in chain order. */
async function summarizeWholeFacts(ledger: Ledger, filter: ReportFilter) {
  const summarizer = new LedgerSummarizer();
  for await (const entry of ledger.export(filter)) {
    const fact = entry.fact as Fact;
    if (!REPORT_KINDS.has(fact.kind)) continue;
    if (fact.kind === 'verdict' && fact.state !== 'satisfied') continue;
    summarizer.add({ repo: entry.repo, fact: fact as ReportFact });
  }
  return summarizer.reports();
}

const FILTERS: readonly ReportFilter[] = [
  {},
  { org: 'Acme' },
  { repo: 'acme/widgets' },
  { repos: ['acme/gadgets', 'Umbrella/Labs', 'acme/unknown'] },
  { org: 'acme', repos: ['umbrella/labs', 'acme/widgets'] },
  { repos: [] },
  { since: new Date(Date.UTC(2026, 10, 1, 9, 10)), until: new Date(Date.UTC(2026, 10, 1, 9, 17)) },
];

describe.each(LEDGER_TARGETS)('the report on $name', (target) => {
  it('gives the summary of the whole facts, whatever the filter', async () => {
    const { ledger } = await target.open();
    await ledger.append(reportWorld());
    for (const filter of FILTERS)
      expect(await ledger.report(filter), JSON.stringify(filter)).toEqual(
        await summarizeWholeFacts(ledger, filter),
      );
    // The world is not trivial: each repository has agents, approvers, a bypass and overrides.
    const reports = await ledger.report();
    expect(reports.map((report) => report.repo)).toEqual(['acme/gadgets', 'acme/widgets', 'umbrella/labs']);
    expect(reports[0]).toMatchObject({
      agentPullRequests: 3,
      agentMerges: 2,
      merges: 3,
      approvers: [
        { login: 'bob', pullRequests: 2 },
        { login: 'carol', pullRequests: 1 },
      ],
      bypasses: 1,
      overrides: [{ pr: 4 }, { pr: 6 }],
    });
    expect(await ledger.report({ repos: [] })).toEqual([]);
  });

  it('exports only the repositories named, in chain order', async () => {
    const { ledger } = await target.open();
    await ledger.append(reportWorld());
    const repos = async (filter: Parameters<Ledger['exportStored']>[0]) => {
      const seen: string[] = [];
      for await (const entry of ledger.exportStored(filter)) seen.push(`${entry.repo}#${entry.seq}`);
      return seen;
    };
    const all = await repos({});
    const named = await repos({ repos: ['umbrella/labs', 'Acme/Widgets'], pageSize: 5 });
    expect(named).toEqual(all.filter((key) => !key.startsWith('acme/gadgets#')));
    expect(await repos({ org: 'acme', repos: ['umbrella/labs', 'acme/widgets'] })).toEqual(
      all.filter((key) => key.startsWith('acme/widgets#')),
    );
    expect(await repos({ repos: [] })).toEqual([]);
  });

  it('fills the report columns of entries stored before they existed', async () => {
    const { ledger: current } = await target.open();
    await current.append(reportWorld());
    const stored: StoredEntry[] = [];
    for await (const entry of current.exportStored()) stored.push(entry);

    const bare = await target.bare();
    const before = Object.fromEntries(
      Object.entries(listMigrations(target.name)).filter(([name]) => name < '0004'),
    );
    const migrator = new Migrator({
      db: bare.db,
      provider: { getMigrations: async () => before },
      ...(bare.schema === undefined ? {} : { migrationTableSchema: bare.schema }),
    });
    expect((await migrator.migrateToLatest()).error).toBeUndefined();
    // Rows as the append wrote them then: without the report's columns.
    const rows = stored.map((entry) => {
      const { agent, verdict_state, approvers, ...row } = entryRow(entry);
      return row;
    });
    await bare.db.insertInto('ledger_entries').values(rows).execute();
    const heads = new Map(
      stored.map((entry) => [entry.repo, { repo: entry.repo, seq: entry.seq, hash: entry.hash }]),
    );
    await bare.db
      .insertInto('chain_heads')
      .values([...heads.values()])
      .execute();

    const migrated = await bare.open();
    const columns = (db: typeof bare.db) =>
      db
        .selectFrom('ledger_entries')
        .select(['repo', 'seq', 'agent', 'verdict_state', 'approvers'])
        .orderBy('repo')
        .orderBy('seq')
        .execute();
    expect(await columns(bare.db)).toEqual(
      stored.map((entry) => {
        const { repo, seq, agent, verdict_state, approvers } = entryRow(entry);
        return { repo, seq, agent, verdict_state, approvers };
      }),
    );
    expect((await columns(bare.db)).some((row) => row.approvers === '["carol","bob"]')).toBe(true);
    for (const filter of FILTERS) expect(await migrated.report(filter)).toEqual(await current.report(filter));
    expect((await migrated.verify()).ok).toBe(true);
  });
});
