import Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { Random } from '../../../simulator/random.js';
import { createDeliveryCache, type DeliveryCache } from '../../../src/app/handlers/delivery-cache.js';
import { type Ledger, openLedgerOn } from '../../../src/ledger/index.js';
import type { LedgerDatabase } from '../../../src/ledger/schema.js';

/**
 * The custody ledger as the fault suite gives it to the app: a real ledger (SQLite in memory,
 * migrated like the app's), wrapped so that the seeded PRNG makes appends fail (before or after
 * they were applied), reads fail, calls slow (other work runs in between), and the app's
 * delivery cache forget a delivery (a restart, another replica) so that a duplicate reaches the
 * ledger itself.
 */
export interface LedgerFaultRates {
  /** The append throws; nothing was written. */
  readonly appendFailure: number;
  /** The append was written, then threw (a commit whose answer was lost). */
  readonly appendLost: number;
  /** Any read throws. */
  readonly readFailure: number;
  /** The call yields to other work for a few turns of the event loop first. */
  readonly slow: number;
  /** The delivery cache forgets a delivery, so a duplicate is handled (and appended) again. */
  readonly forget: number;
  /** A delivery handled is sent again, same GUID, a step later. */
  readonly lateDuplicate: number;
}

export const NO_LEDGER_FAULTS: LedgerFaultRates = {
  appendFailure: 0,
  appendLost: 0,
  readFailure: 0,
  slow: 0,
  forget: 0,
  lateDuplicate: 0,
};

/** A fresh in-memory ledger; each run gets its own, closed with the run. */
export async function openMemoryLedger(): Promise<Ledger> {
  const database = new Database(':memory:');
  const db = new Kysely<LedgerDatabase>({ dialect: new SqliteDialect({ database }) });
  return openLedgerOn({ db, flavour: 'sqlite', label: ':memory:', close: () => db.destroy() });
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

const READS = [
  'readByPullRequest',
  'readByHeadRef',
  'readByHeadSha',
  'readHistoryFacts',
  'findOpenPullRequestsOnHead',
  'chainHead',
] as const;

export interface LedgerFaultControl {
  readonly rng: Random;
  /** The rates now (none once the world's faults are off). */
  readonly rates: () => LedgerFaultRates;
  readonly count: (what: string) => void;
}

/** The ledger behind `ready`, with faults drawn per call. */
export function injectLedgerFaults(ready: Promise<Ledger>, control: LedgerFaultControl): Ledger {
  const { rng, rates, count } = control;
  const slowly = async () => {
    if (!rng.chance(rates().slow)) return;
    count('ledger slow');
    for (let i = 1 + rng.int(8); i > 0; i -= 1) await turn();
  };
  const failed = (what: string) => {
    count(`ledger ${what}`);
    return new Error(`injected: ledger ${what}`);
  };
  const read =
    <K extends (typeof READS)[number]>(name: K) =>
    async (...args: Parameters<Ledger[K]>) => {
      const ledger = await ready;
      await slowly();
      if (rng.chance(rates().readFailure)) throw failed('read failed');
      return (ledger[name] as (...a: Parameters<Ledger[K]>) => ReturnType<Ledger[K]>)(...args);
    };
  const faulty: Partial<Ledger> = {
    flavour: 'sqlite',
    label: ':memory: (faults injected)',
    append: async (facts, options) => {
      const ledger = await ready;
      await slowly();
      const r = rng.next();
      const { appendFailure, appendLost } = rates();
      if (r < appendFailure) throw failed('append failed');
      const entries = await ledger.append(facts, options);
      if (r < appendFailure + appendLost) throw failed('append applied, answer lost');
      return entries;
    },
    close: async () => (await ready).close(),
  };
  for (const name of READS) (faulty as Record<string, unknown>)[name] = read(name);
  // Export, import, verify, report and prune are not on the webhook path; they are not faulted.
  for (const name of ['export', 'exportStored', 'import', 'verify', 'report', 'prune'] as const)
    (faulty as Record<string, unknown>)[name] = (...args: unknown[]) => {
      throw new Error(`the fault suite's ledger does not offer ${name} (${args.length} arguments)`);
    };
  return faulty as Ledger;
}

/** The app's delivery cache, forgetting a delivery now and then: a duplicate then reaches the ledger. */
export function forgetfulDeliveryCache(control: LedgerFaultControl): DeliveryCache {
  const cache = createDeliveryCache();
  return {
    seen: (id) => {
      if (!cache.seen(id)) return false;
      if (!control.rng.chance(control.rates().forget)) return true;
      control.count('delivery cache forgot');
      cache.forget(id);
      return false;
    },
    remember: (id) => cache.remember(id),
    forget: (id) => cache.forget(id),
    recordSkip: () => cache.recordSkip(),
    get size() {
      return cache.size;
    },
    get skipped() {
      return cache.skipped;
    },
  };
}
