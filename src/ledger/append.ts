import type { Kysely, Transaction } from 'kysely';
import {
  type ChainEntry,
  type ChainHead,
  canonicalJson,
  chainEntry,
  type Fact,
  type FactInput,
  Fact as FactSchema,
  GENESIS_HASH,
  headRefOf,
  headShaOf,
  repoKey,
  type StoredEntry,
} from '../core/ledger/index.js';
import type { EntryTable, LedgerDatabase } from './schema.js';

export interface AppendOptions {
  /** The webhook delivery the facts came in: a GUID already recorded adds nothing. */
  readonly deliveryId?: string | null;
}

/**
 * Appends facts atomically: all of them or none. Each repository's chain head row is locked
 * for the transaction (row lock on PostgreSQL; SQLite has one writer), so appends from
 * several processes serialise per repository and every entry links to the one before.
 */
export async function appendFacts(
  db: Kysely<LedgerDatabase>,
  inputs: readonly FactInput[],
  options: AppendOptions,
  now: () => Date,
): Promise<ChainEntry<Fact>[]> {
  const facts = inputs.map((input) => FactSchema.parse(input));
  return db.transaction().execute(async (trx) => (await appendWithin(trx, facts, options, now)) ?? []);
}

/**
 * The append inside the caller's transaction (so other writes can share it); null when the
 * delivery GUID was recorded before, and then nothing was added.
 */
export async function appendWithin(
  trx: Transaction<LedgerDatabase>,
  facts: readonly Fact[],
  options: AppendOptions,
  now: () => Date,
): Promise<ChainEntry<Fact>[] | null> {
  const deliveryId = options.deliveryId ?? null;
  const recordedAt = now().toISOString();
  // The first statement writes, so SQLite takes its write lock before reading anything.
  if (deliveryId !== null) {
    const inserted = await trx
      .insertInto('deliveries')
      .values({ delivery_id: deliveryId, recorded_at: recordedAt })
      .onConflict((conflict) => conflict.column('delivery_id').doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0n) === 0) return null;
  }
  const entries: ChainEntry<Fact>[] = [];
  for (const [repo, group] of groupByRepo(facts)) {
    const stamped = deliveryId === null ? group : group.map((fact) => ({ ...fact, deliveryId }));
    entries.push(...(await appendToChain(trx, repo, stamped, recordedAt)));
  }
  return entries;
}

/** Links facts onto one repository's chain inside the caller's transaction. */
export async function appendToChain(
  trx: Transaction<LedgerDatabase>,
  repo: string,
  facts: readonly Fact[],
  recordedAt: string,
): Promise<ChainEntry<Fact>[]> {
  let head = await lockChainHead(trx, repo);
  const entries = facts.map((fact) => {
    const entry = chainEntry(head, repo, recordedAt, fact);
    head = entry;
    return entry;
  });
  await insertEntries(trx, entries.map(entryRow));
  if (head !== null)
    await trx
      .updateTable('chain_heads')
      .set({ seq: head.seq, hash: head.hash })
      .where('repo', '=', repo)
      .execute();
  return entries;
}

/** Facts per repository chain, each group in the order given. */
function groupByRepo(facts: readonly Fact[]): Map<string, Fact[]> {
  const groups = new Map<string, Fact[]>();
  for (const fact of facts) {
    const key = repoKey(fact.repo);
    const group = groups.get(key) ?? [];
    group.push(fact);
    groups.set(key, group);
  }
  return groups;
}

/**
 * The repository's chain head, locked until the transaction ends; null for an empty chain.
 * One upsert: it creates the row on a first append, and on PostgreSQL its conflict update
 * takes the row lock (as `FOR UPDATE` would) while returning the current head.
 */
export async function lockChainHead(
  trx: Transaction<LedgerDatabase>,
  repo: string,
): Promise<ChainHead | null> {
  const head = await trx
    .insertInto('chain_heads')
    .values({ repo, seq: 0, hash: GENESIS_HASH })
    .onConflict((conflict) =>
      conflict.column('repo').doUpdateSet((eb) => ({ seq: eb.ref('chain_heads.seq') })),
    )
    .returning(['seq', 'hash'])
    .executeTakeFirstOrThrow();
  return Number(head.seq) === 0 ? null : { repo, seq: Number(head.seq), hash: head.hash };
}

/** The row of an entry: the fact as canonical JSON (kept as given when already text), plus the columns the reads filter on. */
export function entryRow(entry: ChainEntry | StoredEntry): EntryTable {
  const stored = 'factJson' in entry;
  const fact = (stored ? JSON.parse(entry.factJson) : entry.fact) as Fact;
  return {
    repo: entry.repo,
    seq: entry.seq,
    prev_hash: entry.prevHash,
    hash: entry.hash,
    kind: String(fact.kind),
    pr: fact.pr ?? null,
    head_ref: headRefOf(fact),
    head_sha: headShaOf(fact),
    occurred_at: new Date(fact.occurredAt).toISOString(),
    recorded_at: entry.recordedAt,
    delivery_id: fact.deliveryId ?? null,
    fact: stored ? entry.factJson : canonicalJson(entry.fact),
  };
}

/** Many rows per statement, under both databases' limits on bound parameters. */
export async function insertEntries(
  trx: Transaction<LedgerDatabase>,
  rows: readonly EntryTable[],
): Promise<void> {
  const BATCH = 500;
  for (let start = 0; start < rows.length; start += BATCH)
    await trx
      .insertInto('ledger_entries')
      .values(rows.slice(start, start + BATCH))
      .execute();
}
