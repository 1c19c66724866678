/** The ledger's tables, as Kysely sees them (one schema for SQLite and PostgreSQL). */
export interface LedgerDatabase {
  ledger_entries: EntryTable;
  chain_heads: ChainHeadTable;
  deliveries: DeliveryTable;
  work_queue: WorkTable;
  replica_workers: ReplicaWorkerTable;
}

export interface EntryTable {
  /** The chain: `owner/name`, lower-cased. */
  repo: string;
  seq: number;
  prev_hash: string;
  hash: string;
  kind: string;
  pr: number | null;
  /** Columns derived from the fact for the reads; the hash covers `fact` and `recorded_at`. */
  head_ref: string | null;
  head_sha: string | null;
  /** UTC ISO 8601, so text order is time order. */
  occurred_at: string;
  recorded_at: string;
  delivery_id: string | null;
  /** The fact, as canonical JSON. */
  fact: string;
  /** Derived for the report, so it reads no JSON: an involvement's agent (null for other kinds). */
  agent: string | null;
  /** A verdict's state (null for other kinds). */
  verdict_state: string | null;
  /** A verdict's approvers as a JSON array (null for other kinds, or when the verdict names none). */
  approvers: string | null;
}

/** Every column of `ledger_entries` in table order, with its SQL type (as the migrations made it). */
export const ENTRY_TABLE_COLUMNS: readonly (readonly [keyof EntryTable, 'text' | 'integer'])[] = [
  ['repo', 'text'],
  ['seq', 'integer'],
  ['prev_hash', 'text'],
  ['hash', 'text'],
  ['kind', 'text'],
  ['pr', 'integer'],
  ['head_ref', 'text'],
  ['head_sha', 'text'],
  ['occurred_at', 'text'],
  ['recorded_at', 'text'],
  ['delivery_id', 'text'],
  ['fact', 'text'],
  ['agent', 'text'],
  ['verdict_state', 'text'],
  ['approvers', 'text'],
];

export interface ChainHeadTable {
  repo: string;
  seq: number;
  hash: string;
}

export interface DeliveryTable {
  delivery_id: string;
  recorded_at: string;
}

/** The durable queue's work, one row per key (PostgreSQL replicas; `work-store.ts`). */
export interface WorkTable {
  key: string;
  /** The merged work, as JSON. */
  work: string;
  /** 0 live, 1 background. */
  priority: number;
  /** Bumped by every merge: a finished run removes the row only if nothing arrived meanwhile. */
  version: number;
  attempt: number;
  /** When the first work of this row was queued (UTC ISO 8601). */
  since: string;
}

/** Each replica's graphile-worker ids and when the replica last said it is alive (database clock). */
export interface ReplicaWorkerTable {
  worker_id: string;
  replica: string;
  seen_at: Date;
}

export type Flavour = 'sqlite' | 'postgres';
