import type { Kysely, Transaction } from 'kysely';
import {
  type ChainEntry,
  type ChainHead,
  canonicalJson,
  type Fact,
  type FactInput,
  Fact as FactSchema,
  GENESIS_HASH,
  headRefOf,
  headShaOf,
  linkFact,
  repoKey,
  type StoredEntry,
} from '../core/ledger/index.js';
import type { EntryTable, LedgerDatabase } from './schema.js';

export interface AppendOptions {
  /** The webhook delivery the facts came in: a GUID already recorded adds nothing. */
  readonly deliveryId?: string | null;
}

/** Facts checked and stamped, per repository chain (`prepareFacts`). */
export type FactGroups = ReadonlyMap<string, readonly Fact[]>;

/**
 * An append as one database does it: every group atomically, all or none; nothing when the
 * delivery GUID (null: none) is already recorded.
 */
export type AppendFn = (
  groups: FactGroups,
  deliveryId: string | null,
  now: () => Date,
) => Promise<ChainEntry<Fact>[]>;

/**
 * Appends facts atomically: all of them or none. Each repository's chain head row is locked
 * for the transaction (row lock on PostgreSQL; SQLite has one writer), so appends from
 * several processes serialise per repository and every entry links to the one before.
 * Locks are taken in one order by every writer, the heads by repository name and then the
 * delivery GUID (the swap in `append-postgres.ts` takes its head, then the GUID), so
 * concurrent appends wait for each other and never deadlock.
 */
export async function appendFacts(
  db: Kysely<LedgerDatabase>,
  groups: FactGroups,
  deliveryId: string | null,
  now: () => Date,
): Promise<ChainEntry<Fact>[]> {
  return db.transaction().execute(async (trx) => {
    const recordedAt = now().toISOString();
    // Every statement here writes, so SQLite takes its write lock before anything is read.
    const heads = new Map<string, ChainHead | null>();
    for (const repo of [...groups.keys()].sort()) heads.set(repo, await lockChainHead(trx, repo));
    if (deliveryId !== null) {
      const inserted = await trx
        .insertInto('deliveries')
        .values({ delivery_id: deliveryId, recorded_at: recordedAt })
        .onConflict((conflict) => conflict.column('delivery_id').doNothing())
        .executeTakeFirst();
      if (Number(inserted.numInsertedOrUpdatedRows ?? 0n) === 0) return [];
    }
    const entries: ChainEntry<Fact>[] = [];
    for (const [repo, group] of groups)
      entries.push(...(await appendToChain(trx, repo, group, recordedAt, heads.get(repo))));
    return entries;
  });
}

/** Facts checked by their schema, stamped with the delivery GUID, grouped per repository chain (each in the order given). */
export function prepareFacts(inputs: readonly FactInput[], deliveryId: string | null): FactGroups {
  const groups = new Map<string, Fact[]>();
  for (const input of inputs) {
    const parsed = FactSchema.parse(input);
    const fact = deliveryId === null ? parsed : { ...parsed, deliveryId };
    const key = repoKey(fact.repo);
    const group = groups.get(key) ?? [];
    group.push(fact);
    groups.set(key, group);
  }
  return groups;
}

/**
 * Entries linking `facts` one after another onto `head` (null: an empty chain), with their
 * rows: each fact's canonical text is made once, for both its hash and its row.
 */
export function linkEntries(
  head: ChainHead | null,
  repo: string,
  facts: readonly Fact[],
  recordedAt: string,
): { readonly entries: ChainEntry<Fact>[]; readonly rows: EntryTable[] } {
  let tip = head;
  const entries: ChainEntry<Fact>[] = [];
  const rows: EntryTable[] = [];
  for (const fact of facts) {
    const { entry, factJson } = linkFact(tip, repo, recordedAt, fact);
    entries.push(entry);
    rows.push(entryRow(entry, factJson));
    tip = entry;
  }
  return { entries, rows };
}

/** Links facts onto one repository's chain inside the caller's transaction. */
export async function appendToChain(
  trx: Transaction<LedgerDatabase>,
  repo: string,
  facts: readonly Fact[],
  recordedAt: string,
  /** The head when the caller has locked it already. */
  locked?: ChainHead | null,
): Promise<ChainEntry<Fact>[]> {
  const head = locked === undefined ? await lockChainHead(trx, repo) : locked;
  const { entries, rows } = linkEntries(head, repo, facts, recordedAt);
  await insertEntries(trx, rows);
  const tip = entries.at(-1);
  if (tip !== undefined)
    await trx
      .updateTable('chain_heads')
      .set({ seq: tip.seq, hash: tip.hash })
      .where('repo', '=', repo)
      .execute();
  return entries;
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

/**
 * The row of an entry: the fact as canonical JSON (kept as given when already text, or when
 * the caller made it), plus the columns the reads filter on.
 */
export function entryRow(entry: ChainEntry | StoredEntry, canonicalFact?: string): EntryTable {
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
    fact: stored ? entry.factJson : (canonicalFact ?? canonicalJson(entry.fact)),
    ...reportColumnsOf(fact),
  };
}

/**
 * What the report reads of a fact, as plain columns (migration 0004 filled them for older
 * rows). An imported fact is not checked against its schema, so only well-typed values count.
 */
function reportColumnsOf(fact: Fact): Pick<EntryTable, 'agent' | 'verdict_state' | 'approvers'> {
  const loose = fact as { kind: unknown; agent?: unknown; state?: unknown; approvers?: unknown };
  const text = (value: unknown) => (typeof value === 'string' ? value : null);
  return {
    agent: loose.kind === 'agent-involvement' ? text(loose.agent) : null,
    verdict_state: loose.kind === 'verdict' ? text(loose.state) : null,
    approvers:
      loose.kind === 'verdict' && Array.isArray(loose.approvers) ? JSON.stringify(loose.approvers) : null,
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
