import { describe, expect, it } from 'vitest';
import { type FactInput, GENESIS_HASH, verifyChain } from '../../src/core/ledger/index.js';
import { ENTRY_TABLE_COLUMNS } from '../../src/ledger/schema.js';
import { FactClock } from '../builders/facts.js';
import { alice, bob, copilotAgent, erin } from '../builders/identities.js';
import { readHistory } from '../builders/read-history.js';
import { fakeSha } from '../builders/snapshot.js';
import { LEDGER_TARGETS } from './ledger-targets.js';

describe.each(LEDGER_TARGETS)('the ledger on $name', (target) => {
  it('appends facts as a hash chain and reports its head', async () => {
    const { ledger } = await target.open();
    const clock = new FactClock();
    const entries = await ledger.append([
      clock.opened(1, copilotAgent, fakeSha(1)),
      clock.push(bob.account, fakeSha(2)),
    ]);
    expect(entries.map((entry) => [entry.repo, entry.seq])).toEqual([
      ['acme/widgets', 1],
      ['acme/widgets', 2],
    ]);
    expect(entries[0]!.prevHash).toBe(GENESIS_HASH);
    expect(verifyChain(entries)).toBeNull();
    expect(await ledger.chainHead('Acme/Widgets')).toEqual({
      repo: 'acme/widgets',
      seq: 2,
      hash: entries[1]!.hash,
    });
    expect(await ledger.chainHead('acme/other')).toBeNull();
    expect(await ledger.verify()).toEqual({ ok: true, checked: 2, problem: null });
  });

  it('records a delivery once: a redelivered GUID adds nothing', async () => {
    const { ledger } = await target.open();
    const clock = new FactClock();
    const facts = [clock.push(bob.account, fakeSha(2))];
    expect(await ledger.append(facts, { deliveryId: 'd-1' })).toHaveLength(1);
    expect(await ledger.append(facts, { deliveryId: 'd-1' })).toEqual([]);
    const [stored] = await ledger.readByHeadSha('acme/widgets', fakeSha(2));
    expect(stored?.fact.deliveryId).toBe('d-1');
    const racing = await Promise.all([1, 2, 3].map(() => ledger.append(facts, { deliveryId: 'd-2' })));
    expect(racing.map((entries) => entries.length).sort()).toEqual([0, 0, 1]);
  });

  it('serialises concurrent appends into one unbroken chain per repository', async () => {
    const { ledger } = await target.open();
    const widgets = new FactClock();
    const gadgets = new FactClock({ owner: 'acme', name: 'gadgets', id: 7 });
    await Promise.all(
      Array.from({ length: 24 }, (_, index) =>
        ledger.append([
          (index % 2 === 0 ? widgets : gadgets).push(alice.account, fakeSha(index)),
          widgets.verdict(1, fakeSha(index)),
        ]),
      ),
    );
    const entries = [];
    for await (const entry of ledger.export({ pageSize: 7 })) entries.push(entry);
    expect(entries.filter((entry) => entry.repo === 'acme/widgets').map((entry) => entry.seq)).toEqual(
      Array.from({ length: 36 }, (_, index) => index + 1),
    );
    expect(entries.filter((entry) => entry.repo === 'acme/gadgets')).toHaveLength(12);
    expect((await ledger.verify()).ok).toBe(true);
  });

  it("names every column of the entries table in the appends' column list", async () => {
    const { db, schema } = await target.open();
    const tables = await db.introspection.getTables();
    const entries = tables.find(
      (table) => table.name === 'ledger_entries' && (schema === undefined || table.schema === schema),
    );
    expect(entries?.columns.map((column) => column.name).sort()).toEqual(
      ENTRY_TABLE_COLUMNS.map(([column]) => column).sort(),
    );
  });

  it('rejects an invalid fact and stores nothing of its batch', async () => {
    const { ledger } = await target.open();
    const clock = new FactClock();
    const bad = { ...clock.push(bob.account, fakeSha(1)), after: 'x' } as FactInput;
    await expect(ledger.append([clock.push(bob.account, fakeSha(2)), bad])).rejects.toThrow();
    expect(await ledger.chainHead('acme/widgets')).toBeNull();
  });

  it('reads what a PR history needs: its facts and the pushes to its head branch', async () => {
    const { ledger } = await target.open();
    const clock = new FactClock();
    await ledger.append([
      clock.opened(1, copilotAgent, fakeSha(1)),
      clock.push(bob.account, fakeSha(2)),
      clock.push(alice.account, fakeSha(3), { ref: 'elsewhere' }),
      clock.opened(2, erin.account, fakeSha(2)),
      clock.verdict(1, fakeSha(2)),
    ]);
    expect((await ledger.readByPullRequest('acme/widgets', 1)).map((entry) => entry.fact.kind)).toEqual([
      'pr-opened',
      'verdict',
    ]);
    expect((await ledger.readByHeadRef('acme/widgets', 'feature')).map((entry) => entry.seq)).toEqual([
      1, 2, 4,
    ]);
    expect((await ledger.readByHeadSha('acme/widgets', fakeSha(2))).map((entry) => entry.seq)).toEqual([
      2, 4, 5,
    ]);
    const history = await readHistory(ledger, 'acme/widgets', {
      number: 2,
      headRef: 'feature',
      commitShas: [fakeSha(1), fakeSha(2)],
    });
    expect(history.pushers.map((pusher) => pusher.account.login)).toEqual(['bob']);
    expect((await ledger.readHistoryFacts('acme/widgets', 2, 'feature')).map((entry) => entry.seq)).toEqual([
      2, 4,
    ]);
    expect(await ledger.findOpenPullRequestsOnHead('acme/widgets', 'feature')).toEqual([1, 2]);
    await ledger.append([
      clock.fact({ kind: 'pr-closed', pr: 1, sender: alice.account, merged: false, headSha: fakeSha(2) }),
    ]);
    expect(await ledger.findOpenPullRequestsOnHead('acme/widgets', 'feature')).toEqual([2]);
  });

  it('exports by repository, organisation and time', async () => {
    const { ledger } = await target.open();
    const widgets = new FactClock();
    const other = new FactClock({ owner: 'umbrella', name: 'labs', id: null });
    await ledger.append([
      widgets.push(bob.account, fakeSha(1)),
      other.push(bob.account, fakeSha(2)),
      widgets.push(bob.account, fakeSha(3)),
    ]);
    const collect = async (filter: Parameters<typeof ledger.export>[0]) => {
      const found = [];
      for await (const entry of ledger.export(filter)) found.push(`${entry.repo}#${entry.seq}`);
      return found;
    };
    expect(await collect({})).toEqual(['acme/widgets#1', 'acme/widgets#2', 'umbrella/labs#1']);
    expect(await collect({ org: 'Umbrella' })).toEqual(['umbrella/labs#1']);
    expect(await collect({ repo: 'acme/widgets', pageSize: 1 })).toEqual([
      'acme/widgets#1',
      'acme/widgets#2',
    ]);
    expect(await collect({ since: new Date(Date.UTC(2026, 10, 1, 9, 2)) })).toEqual(['acme/widgets#2']);
  });

  it('reports agent PRs, merges, approvers, bypasses, overrides, the approval delay and merges per week', async () => {
    const { ledger } = await target.open();
    const clock = new FactClock();
    const merge = (pr: number, headSha: string) =>
      clock.fact({
        kind: 'merge',
        pr,
        mergedBy: alice.account,
        mergeCommitSha: fakeSha(9),
        headSha,
        lastVerdict: { headSha, state: 'satisfied' },
      });
    await ledger.append([
      clock.fact({ kind: 'agent-involvement', pr: 1, agent: 'Copilot', evidence: 'opened by Copilot' }),
      clock.verdict(1, fakeSha(1), 'waiting'),
      { ...clock.verdict(1, fakeSha(1), 'satisfied'), approvers: ['bob'] } as FactInput,
      merge(1, fakeSha(1)),
      clock.fact({ kind: 'agent-involvement', pr: 2, agent: 'Claude', evidence: 'co-author trailer' }),
      clock.fact({
        kind: 'bypass',
        pr: 2,
        mergedBy: alice.account,
        headSha: fakeSha(2),
        missing: 'an independent approval',
      }),
      clock.verdict(3, fakeSha(3), 'satisfied'),
      merge(3, fakeSha(3)),
      clock.fact({ kind: 'override', pr: 4, by: alice.account, reason: 'hotfix', headSha: fakeSha(4) }),
    ]);
    const [report] = await ledger.report();
    expect(report).toMatchObject({
      repo: 'acme/widgets',
      agentPullRequests: 2,
      agentMerges: 1,
      merges: 2,
      agentMergeShare: 0.5,
      byAgent: [
        { agent: 'Claude', pullRequests: 1, merges: 0 },
        { agent: 'Copilot', pullRequests: 1, merges: 1 },
      ],
      independentApprovals: 1,
      approvers: [{ login: 'bob', pullRequests: 1 }],
      bypasses: 1,
      bypassed: [{ pr: 2, by: 'alice', headSha: fakeSha(2), detail: 'an independent approval' }],
      overrides: [{ pr: 4, by: 'alice', headSha: fakeSha(4), detail: 'hotfix' }],
      medianApprovalDelayMs: 120_000,
      // 2026-11-01 is a Sunday: its week began on Monday 26 October.
      weekly: [{ week: '2026-10-26', agent: 'Copilot', merges: 1 }],
    });
    expect(await ledger.report({ until: new Date(Date.UTC(2026, 10, 1, 9, 5)) })).toMatchObject([
      { agentPullRequests: 1, merges: 1, overrides: [] },
    ]);
    expect(await ledger.report({ org: 'nobody' })).toEqual([]);
  });
});
