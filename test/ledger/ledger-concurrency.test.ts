import { describe, expect, it } from 'vitest';
import { type ChainEntry, recordOverride } from '../../src/core/ledger/index.js';
import type { Ledger } from '../../src/ledger/index.js';
import { FactClock } from '../builders/facts.js';
import { alice, bob, copilotAgent, erin } from '../builders/identities.js';
import { fakeSha } from '../builders/snapshot.js';
import { LEDGER_TARGETS } from './ledger-targets.js';

const widgets = new FactClock();
const gadgets = new FactClock({ owner: 'acme', name: 'gadgets', id: 7 });

/** One webhook's facts, as the app appends them: a push and a synchronize of one repository. */
function delivery(round: number, writer: number) {
  const clock = round % 3 === 0 ? gadgets : widgets;
  const sha = fakeSha(round, writer);
  return [clock.push(bob.account, sha), clock.synchronize(1 + (round % 4), copilotAgent, sha)];
}

async function exported(ledger: Ledger): Promise<ChainEntry[]> {
  const entries: ChainEntry[] = [];
  for await (const entry of ledger.export({ pageSize: 50 })) entries.push(entry);
  return entries;
}

describe.each(LEDGER_TARGETS)('two writers on one ledger database ($name)', (target) => {
  it('interleave into unbroken chains, each delivery once, whichever writer last saw the head', async () => {
    const [first, second] = await target.openTwo();
    const writers = [first, second];
    const rounds = 30;
    const results = await Promise.all(
      writers.flatMap((ledger, writer) =>
        Array.from({ length: rounds }, async (_, round) => {
          // Every fourth delivery reaches both writers (a redelivery racing the original).
          const guid = round % 4 === 0 ? `shared-${round}` : `w${writer}-${round}`;
          const facts = round % 4 === 0 ? delivery(round, 9) : delivery(round, writer);
          return ledger.append(facts, { deliveryId: guid });
        }),
      ),
    );
    const shared = Math.ceil(rounds / 4);
    const appended = results.filter((entries) => entries.length > 0).length;
    expect(appended).toBe(rounds * 2 - shared);

    // Each writer's last known head is now stale for some repository: keep writing, one at a time.
    for (let round = rounds; round < rounds + 12; round += 1) {
      const ledger = writers[round % 2]!;
      expect(await ledger.append(delivery(round, round % 2), { deliveryId: `late-${round}` })).toHaveLength(
        2,
      );
    }

    for (const ledger of writers) expect(await ledger.verify()).toMatchObject({ ok: true });
    const entries = await exported(first);
    expect(entries).toEqual(await exported(second));
    for (const repo of ['acme/widgets', 'acme/gadgets']) {
      const seqs = entries.filter((entry) => entry.repo === repo).map((entry) => entry.seq);
      expect(seqs).toEqual(seqs.map((_, index) => index + 1));
      expect((await first.chainHead(repo))?.seq).toBe(seqs.length);
    }
    const guids = entries.map((entry) => (entry.fact as { deliveryId: string }).deliveryId);
    expect(guids.filter((guid) => guid.startsWith('shared-'))).toHaveLength(shared * 2);
    expect(entries).toHaveLength((rounds * 2 - shared + 12) * 2);
  });

  it('a delivery reaching both writers at once is recorded once, and neither write fails', async () => {
    const [first, second] = await target.openTwo();
    const clock = new FactClock();
    for (let round = 0; round < 60; round += 1) {
      const facts = [clock.push(bob.account, fakeSha(round)), clock.verdict(1, fakeSha(round))];
      const results = await Promise.all(
        [first, second].map((ledger) => ledger.append(facts, { deliveryId: `both-${round}` })),
      );
      expect(results.map((entries) => entries.length).sort()).toEqual([0, 2]);
    }
    expect(await first.verify()).toMatchObject({ ok: true, checked: 120 });
  });

  it('the same override submitted on two replicas at once is recorded once; new grounds record another', async () => {
    const [first, second] = await target.openTwo();
    const override = (occurredAt: string, permission: 'admin' | 'maintain' = 'admin') =>
      recordOverride({
        repo: { owner: 'acme', name: 'widgets' },
        pr: 4,
        headSha: fakeSha(4),
        by: erin.account,
        reason: 'Outage: the 3 a.m. hotfix',
        grounds: { permission, teams: [] },
        occurredAt,
      });
    // Each replica stamps its own time; the key does not depend on it.
    const [a, b] = [override('2026-12-05T03:00:00.000Z'), override('2026-12-05T03:00:00.250Z')];
    expect(a.deliveryId).toBe(b.deliveryId);
    const results = await Promise.all([
      first.append([a.fact], { deliveryId: a.deliveryId }),
      second.append([b.fact], { deliveryId: b.deliveryId }),
    ]);
    expect(results.map((entries) => entries.length).sort()).toEqual([0, 1]);
    const again = override('2026-12-05T03:05:00.000Z', 'maintain');
    expect(again.deliveryId).not.toBe(a.deliveryId);
    expect(await first.append([again.fact], { deliveryId: again.deliveryId })).toHaveLength(1);
    const recorded = (await second.readByPullRequest('acme/widgets', 4)).map((entry) => entry.fact);
    expect(recorded).toMatchObject([
      { kind: 'override', grounds: { permission: 'admin' }, deliveryId: a.deliveryId },
      { kind: 'override', grounds: { permission: 'maintain' }, deliveryId: again.deliveryId },
    ]);
  });

  it('a writer whose known head went stale links after the other writer, not over it', async () => {
    const [first, second] = await target.openTwo();
    const clock = new FactClock();
    await first.append([clock.push(alice.account, fakeSha(1))]);
    await second.append([clock.push(bob.account, fakeSha(2))]);
    const [entry] = await first.append([clock.push(alice.account, fakeSha(3))]);
    const head = await second.chainHead('acme/widgets');
    expect(entry?.seq).toBe(3);
    expect(head).toEqual({ repo: 'acme/widgets', seq: 3, hash: entry?.hash });
    expect((await exported(second)).map((stored) => stored.prevHash)).toEqual([
      expect.any(String),
      (await exported(first))[0]!.hash,
      (await exported(first))[1]!.hash,
    ]);
    expect((await second.verify()).ok).toBe(true);
  });
});
