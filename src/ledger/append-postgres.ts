import { type Kysely, sql } from 'kysely';
import type { ChainHead } from '../core/ledger/index.js';
import { type AppendFn, appendFacts, type FactGroups, linkEntries } from './append.js';
import { ENTRY_TABLE_COLUMNS, type LedgerDatabase } from './schema.js';

/** PostgreSQL error codes after which the locked append decides instead: a duplicate GUID raced in, or a deadlock victim. */
const RETRY_LOCKED = new Set(['23505', '40P01']);
/** Larger appends take the locked path, which inserts in batches under the bound-parameter limit. */
const MAX_SWAP_ENTRIES = 500;

/**
 * The webhook path's append on PostgreSQL: one round trip instead of six. The process keeps
 * the last head it wrote per repository and links the new entries to it; one statement moves
 * the `chain_heads` row from that head to the new one only if it still holds it (a compare
 * and swap under the row's lock) and inserts the entries and the delivery GUID only if it
 * moved. Another process that wrote in between, a prune, an import or a GUID already recorded
 * leave the row unmoved and nothing written: the locked transaction (`appendFacts`, the head
 * row `FOR UPDATE`) then decides, and its result becomes the known head. Appends of one
 * process to one repository take turns, so they do not race each other's swap.
 */
export function createPostgresAppend(db: Kysely<LedgerDatabase>, schema: string | undefined): AppendFn {
  const known = new Map<string, ChainHead>();
  const turns = createTurns();
  const table = (name: keyof LedgerDatabase) => sql.table(schema === undefined ? name : `${schema}.${name}`);

  const swap = async (
    head: ChainHead,
    { entries, rows: linked }: ReturnType<typeof linkEntries>,
    deliveryId: string | null,
    recordedAt: string,
  ): Promise<boolean> => {
    const tip = entries.at(-1)!;
    const rows = linked.map((row) => {
      return sql`(${sql.join(ENTRY_TABLE_COLUMNS.map(([column, type]) => sql`${row[column]}::${sql.raw(type)}`))})`;
    });
    // Typed casts: PostgreSQL cannot infer a bound parameter's type inside VALUES.
    const columns = sql.join(ENTRY_TABLE_COLUMNS.map(([column]) => sql.ref(column)));
    const unseen =
      deliveryId === null
        ? sql``
        : sql`and not exists (select 1 from ${table('deliveries')} where delivery_id = ${deliveryId})`;
    const recordDelivery =
      deliveryId === null
        ? sql``
        : sql`, d as (insert into ${table('deliveries')} (delivery_id, recorded_at)
            select ${deliveryId}::text, ${recordedAt}::text from h)`;
    const result = await sql<{ moved: string | number }>`
      with h as (
        update ${table('chain_heads')} set seq = ${tip.seq}, hash = ${tip.hash}
        where repo = ${head.repo} and seq = ${head.seq} and hash = ${head.hash} ${unseen}
        returning repo
      )${recordDelivery}, e as (
        insert into ${table('ledger_entries')} (${columns})
        select * from (values ${sql.join(rows)}) as v (${columns}) where exists (select 1 from h)
      )
      select count(*) as moved from h`.execute(db);
    return Number(result.rows[0]?.moved ?? 0) === 1;
  };

  const locked = async (groups: FactGroups, deliveryId: string | null, now: () => Date) => {
    const entries = await appendFacts(db, groups, deliveryId, now);
    for (const repo of groups.keys()) {
      const tip = entries.findLast((entry) => entry.repo === repo);
      if (tip === undefined) known.delete(repo);
      else known.set(repo, { repo, seq: tip.seq, hash: tip.hash });
    }
    return entries;
  };

  return (groups, deliveryId, now) => {
    const [only, ...others] = groups.keys();
    if (only === undefined || others.length > 0 || groups.get(only)!.length > MAX_SWAP_ENTRIES)
      return locked(groups, deliveryId, now);
    return turns.take(only, async () => {
      const head = known.get(only);
      if (head !== undefined) {
        const recordedAt = now().toISOString();
        const linked = linkEntries(head, only, groups.get(only)!, recordedAt);
        const { entries } = linked;
        try {
          if (await swap(head, linked, deliveryId, recordedAt)) {
            const tip = entries.at(-1)!;
            known.set(only, { repo: only, seq: tip.seq, hash: tip.hash });
            return entries;
          }
        } catch (error) {
          if (!RETRY_LOCKED.has(String((error as { code?: unknown }).code))) throw error;
        }
      }
      return locked(groups, deliveryId, now);
    });
  };
}

/** Runs tasks with the same key one after another (in the order taken), different keys freely. */
function createTurns() {
  const tails = new Map<string, Promise<unknown>>();
  return {
    take<T>(key: string, task: () => Promise<T>): Promise<T> {
      const previous = tails.get(key) ?? Promise.resolve();
      const run = previous.then(task);
      const tail = run.catch(() => undefined);
      tails.set(key, tail);
      void tail.then(() => {
        if (tails.get(key) === tail) tails.delete(key);
      });
      return run;
    },
  };
}
