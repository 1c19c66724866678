import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { verifyChain } from '../../src/core/ledger/index.js';
import { openLedger } from '../../src/ledger/index.js';
import { FactClock } from '../builders/facts.js';
import { alice, bob, copilotAgent } from '../builders/identities.js';
import { fakeSha } from '../builders/snapshot.js';
import { LEDGER_TARGETS } from '../ledger/ledger-targets.js';
import { run } from './fake-io.js';

/** A small ledger: two repositories of one organisation, one of another. */
function sampleFacts() {
  const widgets = new FactClock();
  const labs = new FactClock({ owner: 'umbrella', name: 'labs', id: null });
  return [
    widgets.opened(1, copilotAgent, fakeSha(1)),
    widgets.fact({
      kind: 'agent-involvement',
      pr: 1,
      agent: 'Copilot',
      evidence: 'opened by Copilot, "quoted", with a comma',
    }),
    widgets.push(bob.account, fakeSha(2)),
    widgets.verdict(1, fakeSha(2), 'satisfied'),
    widgets.fact({
      kind: 'bypass',
      pr: 1,
      mergedBy: alice.account,
      headSha: fakeSha(2),
      missing: 'an independent approval',
    }),
    labs.push(alice.account, fakeSha(3)),
  ];
}

describe.each(LEDGER_TARGETS)('custody audit on $name', (target) => {
  const openSample = async () => {
    const opened = await target.open();
    await opened.ledger.append(sampleFacts());
    // The command closes what it opened: hand it a view whose close leaves the test's ledger open.
    return { ...opened, openLedger: async () => ({ ...opened.ledger, close: async () => {} }) };
  };

  it('export streams JSON lines in chain order, filtered by repository, organisation or time', async () => {
    const { openLedger } = await openSample();
    const all = await run(['audit', 'export'], { openLedger });
    expect(all.code).toBe(0);
    const lines = all.stdout
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines.map((entry) => `${entry.repo}#${entry.seq}`)).toEqual([
      'acme/widgets#1',
      'acme/widgets#2',
      'acme/widgets#3',
      'acme/widgets#4',
      'acme/widgets#5',
      'umbrella/labs#1',
    ]);
    expect(lines[0]).toMatchObject({ prevHash: '0'.repeat(64), fact: { kind: 'pr-opened', pr: 1 } });
    // An export is verifiable on its own, away from the database.
    expect(verifyChain(lines)).toBeNull();
    const labs = await run(['audit', 'export', '--org', 'umbrella'], { openLedger });
    expect(labs.stdout.trimEnd().split('\n')).toHaveLength(1);
    const widgets = await run(
      ['audit', 'export', '--repo', 'acme/widgets', '--since', '2026-11-01T09:03:00Z'],
      { openLedger },
    );
    expect(
      widgets.stdout
        .trimEnd()
        .split('\n')
        .map((line) => JSON.parse(line).seq),
    ).toEqual([3, 4, 5]);
  });

  it('export writes CSV with quoted facts', async () => {
    const { openLedger } = await openSample();
    const csv = await run(['audit', 'export', '--format', 'csv', '--repo', 'acme/widgets'], { openLedger });
    const rows = csv.stdout.trimEnd().split('\n');
    expect(rows[0]).toBe('repo,seq,recorded_at,kind,pr,occurred_at,prev_hash,hash,fact');
    expect(rows).toHaveLength(6);
    expect(rows[2]).toMatch(
      /^acme\/widgets,2,[^,]+,agent-involvement,1,2026-11-01T09:02:00.000Z,[0-9a-f]{64},[0-9a-f]{64},"\{/,
    );
    expect(rows[2]).toContain('"{""agent"":""Copilot"",');
    expect(rows[2]).toContain('\\""quoted\\"", with a comma');
  });

  it('verify exits 0 on an intact ledger and 1 naming the first tampered entry', async () => {
    const { openLedger, db } = await openSample();
    const intact = await run(['audit', 'verify'], { openLedger });
    expect(intact).toMatchObject({ code: 0 });
    expect(intact.stdout).toMatch(/verified: 6 entries/);
    const row = await db
      .selectFrom('ledger_entries')
      .select('fact')
      .where('repo', '=', 'acme/widgets')
      .where('seq', '=', 3)
      .executeTakeFirstOrThrow();
    await db
      .updateTable('ledger_entries')
      .set({ fact: row.fact.replace('"bob"', '"carol"') })
      .where('repo', '=', 'acme/widgets')
      .where('seq', '=', 3)
      .execute();
    const broken = await run(['audit', 'verify'], { openLedger });
    expect(broken.code).toBe(1);
    expect(broken.stdout).toMatch(/BROKEN at acme\/widgets entry 3: its content does not match its hash/);
  });

  it('report summarises each repository', async () => {
    const { openLedger } = await openSample();
    const report = await run(['audit', 'report', '--org', 'acme'], { openLedger });
    expect(report.code).toBe(0);
    expect(report.stdout).toBe(
      [
        'acme/widgets',
        '  agent-involved pull requests: 1 (0 merged)',
        '  by agent: Copilot 1 PR (0 merged)',
        '  merged changes with agent involvement: n/a (nothing merged)',
        '  independent approvals: 1',
        '  bypasses: 1 (#1 by @alice)',
        '  overrides: 0',
        '  median time from last agent action to independent approval: 2 min',
        '',
      ].join('\n'),
    );
  });
});

describe('custody audit on a database file', () => {
  const folder = mkdtempSync(join(tmpdir(), 'custody-audit-'));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('opens --database, else DATABASE_URL, and finds a row deleted behind its back', async () => {
    const path = join(folder, 'custody.db');
    const ledger = await openLedger(path);
    await ledger.append(sampleFacts());
    await ledger.close();
    expect((await run(['audit', 'verify', '--database', path])).code).toBe(0);
    const database = new Database(path);
    database.prepare("delete from ledger_entries where repo = 'acme/widgets' and seq = 2").run();
    database.close();
    const broken = await run(['audit', 'verify'], { env: { DATABASE_URL: `sqlite:${path}` } });
    expect(broken.code).toBe(1);
    expect(broken.stdout).toMatch(/BROKEN at acme\/widgets entry 2: entries 2–2 are missing/);
  });

  it('rejects bad arguments with exit 2', async () => {
    expect((await run(['audit'])).code).toBe(2);
    expect((await run(['audit', 'export', '--format', 'xml'])).stderr).toMatch(/--format takes jsonl or csv/);
    expect((await run(['audit', 'export', '--repo', 'widgets'])).code).toBe(2);
    expect((await run(['audit', 'report', '--since', 'yesterday'])).stderr).toMatch(/--since wants a date/);
  });
});
