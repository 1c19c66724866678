import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  guardUnrecordedDeliveries,
  MAX_UNRECORDED_DELIVERIES,
  UnrecordedFactsError,
} from '../../src/app/handlers/guard-unrecorded-deliveries.js';
import type { Ledger } from '../../src/ledger/index.js';
import { FactClock } from '../builders/facts.js';
import { readHistory } from '../builders/read-history.js';
import { fakeSha } from '../builders/snapshot.js';
import { openMemoryLedger } from '../faults/harness/ledger-faults.js';

/**
 * Until the facts of a delivery whose append failed are in the ledger, reading the history of
 * a pull request they concern first writes them; while that fails, the read throws.
 */

const REPO = 'acme/widgets';
const bob = { login: 'bob', id: 22, type: 'User' as const };
const target = (headRef: string) => ({ number: 7, headRef, commitShas: [fakeSha(1, 1), fakeSha(2, 2)] });

let real: Ledger;
let failing: boolean;
let appends: number;
/** The real ledger, whose appends fail while `failing`. */
const switchable = (): Ledger => ({
  ...real,
  append: async (facts, options) => {
    appends += 1;
    if (failing) throw new Error('disk full');
    return real.append(facts, options);
  },
});

beforeEach(async () => {
  real = await openMemoryLedger();
  failing = false;
  appends = 0;
});
afterEach(async () => {
  await real.close();
});

const bobsPush = (clock: FactClock, ref = 'feature') => [clock.push(bob, fakeSha(2, 2), { ref })];

describe('guardUnrecordedDeliveries', () => {
  it('writes a failed delivery again before reading the history of its branch, so its pusher counts', async () => {
    const guarded = guardUnrecordedDeliveries(switchable());
    const clock = new FactClock();
    failing = true;
    await expect(guarded.append(bobsPush(clock), { deliveryId: 'd1' })).rejects.toThrow('disk full');
    failing = false;
    const history = await readHistory(guarded, REPO, target('feature'));
    expect(history.pushers.map((p) => p.account.login)).toEqual(['bob']);
    // Written once: a second read does not write it again.
    const before = appends;
    await readHistory(guarded, REPO, target('feature'));
    expect(appends).toBe(before);
  });

  it('guards every read a decision or a page is made from: the history, its raw facts, the openings, the PR facts', async () => {
    const guarded = guardUnrecordedDeliveries(switchable());
    failing = true;
    await expect(guarded.append(bobsPush(new FactClock()), { deliveryId: 'd1' })).rejects.toThrow();
    await expect(readHistory(guarded, REPO, target('feature'))).rejects.toBeInstanceOf(UnrecordedFactsError);
    await expect(guarded.readHistoryFacts(REPO, 7, 'feature')).rejects.toBeInstanceOf(UnrecordedFactsError);
    await expect(guarded.findOpenPullRequestsOnHead(REPO, 'feature')).rejects.toBeInstanceOf(
      UnrecordedFactsError,
    );
    failing = false;
    expect((await guarded.readHistoryFacts(REPO, 7, 'feature')).map((e) => e.fact.kind)).toEqual(['push']);
  });

  it('while the write still fails, reading that pull request throws; other branches read as usual', async () => {
    const guarded = guardUnrecordedDeliveries(switchable());
    const clock = new FactClock();
    failing = true;
    await expect(guarded.append(bobsPush(clock), { deliveryId: 'd1' })).rejects.toThrow();
    await expect(readHistory(guarded, REPO, target('feature'))).rejects.toBeInstanceOf(UnrecordedFactsError);
    await expect(guarded.findOpenPullRequestsOnHead(REPO, 'feature')).rejects.toBeInstanceOf(
      UnrecordedFactsError,
    );
    await expect(readHistory(guarded, REPO, target('other'))).resolves.toMatchObject({ pushers: [] });
  });

  it("a pull request's own facts block reads of that pull request by number", async () => {
    const guarded = guardUnrecordedDeliveries(switchable());
    const clock = new FactClock();
    failing = true;
    const review = clock.fact({
      kind: 'review',
      pr: 7,
      reviewer: bob,
      state: 'APPROVED',
      commitSha: fakeSha(1, 1),
    });
    await expect(guarded.append([review], { deliveryId: 'd2' })).rejects.toThrow();
    await expect(guarded.readByPullRequest(REPO, 7)).rejects.toBeInstanceOf(UnrecordedFactsError);
    await expect(guarded.readByPullRequest(REPO, 8)).resolves.toEqual([]);
  });

  it("GitHub's redelivery (same GUID) clears it; a repeat adds nothing", async () => {
    const guarded = guardUnrecordedDeliveries(switchable());
    const clock = new FactClock();
    const facts = bobsPush(clock);
    failing = true;
    await expect(guarded.append(facts, { deliveryId: 'd1' })).rejects.toThrow();
    failing = false;
    expect(await guarded.append(facts, { deliveryId: 'd1' })).toHaveLength(1);
    const before = appends;
    await readHistory(guarded, REPO, target('feature'));
    expect(appends).toBe(before);
    expect(await guarded.append(facts, { deliveryId: 'd1' })).toEqual([]);
  });

  it('an append applied whose answer was lost is written again as nothing new', async () => {
    const lost: Ledger = {
      ...real,
      append: async (facts, options) => {
        await real.append(facts, options);
        if (!failing) throw new Error('connection reset');
        return [];
      },
    };
    const guarded = guardUnrecordedDeliveries(lost);
    await expect(guarded.append(bobsPush(new FactClock()), { deliveryId: 'd1' })).rejects.toThrow();
    failing = true;
    const history = await readHistory(guarded, REPO, target('feature'));
    expect(history.pushers).toHaveLength(1);
    expect(await real.readByHeadRef(REPO, 'feature')).toHaveLength(1);
  });

  it(`keeps the facts of at most ${MAX_UNRECORDED_DELIVERIES} deliveries (here 3); the oldest then blocks its PR until redelivered`, async () => {
    const guarded = guardUnrecordedDeliveries(switchable(), 3);
    const clock = new FactClock();
    failing = true;
    await expect(guarded.append(bobsPush(clock, 'first'), { deliveryId: 'first' })).rejects.toThrow();
    for (let i = 0; i < 3; i += 1)
      await expect(guarded.append(bobsPush(clock, 'later'), { deliveryId: `d${i}` })).rejects.toThrow();
    failing = false;
    // Its facts were let go, so nothing can write them again: the branch stays blocked.
    await expect(readHistory(guarded, REPO, target('first'))).rejects.toThrow(/wait for GitHub's redelivery/);
    // The younger ones are written again by the read.
    await expect(readHistory(guarded, REPO, target('later'))).resolves.toMatchObject({
      pushers: [expect.anything()],
    });
    // GitHub's redelivery of the first writes it and lifts the block.
    await guarded.append(bobsPush(clock, 'first'), { deliveryId: 'first' });
    expect((await readHistory(guarded, REPO, target('first'))).pushers).toHaveLength(1);
  });

  it('a write reported failed by the replicated queue is written again, work and all, before its PR is read', async () => {
    const guarded = guardUnrecordedDeliveries(real);
    const facts = bobsPush(new FactClock());
    let rewrites = 0;
    let rewriteFails = true;
    guarded.unrecorded.failed('d1', facts, async () => {
      rewrites += 1;
      if (rewriteFails) throw new Error('could not serialize access');
      await real.append(facts, { deliveryId: 'd1' });
    });
    await expect(readHistory(guarded, REPO, target('feature'))).rejects.toBeInstanceOf(UnrecordedFactsError);
    rewriteFails = false;
    expect((await readHistory(guarded, REPO, target('feature'))).pushers).toHaveLength(1);
    await readHistory(guarded, REPO, target('feature'));
    expect(rewrites).toBe(2);
    // Another PR's reads never wait for it.
    guarded.unrecorded.failed('d2', facts, async () => {
      throw new Error('down');
    });
    await expect(guarded.readByPullRequest('acme/other', 7)).resolves.toEqual([]);
    guarded.unrecorded.recorded('d2');
    await expect(readHistory(guarded, REPO, target('feature'))).resolves.toBeDefined();
  });

  it('facts that do not parse block every read of their repository until they are written', async () => {
    const guarded = guardUnrecordedDeliveries(switchable());
    const broken = { kind: 'push', repo: { owner: 'acme', name: 'widgets' } } as never;
    failing = true;
    await expect(guarded.append([broken], { deliveryId: 'bad' })).rejects.toThrow();
    failing = false;
    // Written again, they still fail (they do not parse): the read fails closed.
    await expect(readHistory(guarded, REPO, target('feature'))).rejects.toBeInstanceOf(UnrecordedFactsError);
    await expect(guarded.readByPullRequest('acme/other', 7)).resolves.toEqual([]);
  });
});
