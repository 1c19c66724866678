import type { Kysely } from 'kysely';
import type { PrunedRun } from '../core/ledger/index.js';
import { appendToChain, lockChainHead } from './append.js';
import type { LedgerDatabase } from './schema.js';

export interface PruneResult {
  /** Entries removed. */
  readonly removed: number;
  readonly pullRequests: readonly { readonly repo: string; readonly pr: number }[];
}

const CHUNK = 500;

/**
 * Removes the facts of pull requests closed (merged or not, and not reopened since) whose last
 * fact is older than the retention, and appends one `prune-summary` per repository listing the
 * runs of positions removed with the hashes around them, so the chain still verifies.
 */
export async function pruneClosed(
  db: Kysely<LedgerDatabase>,
  retentionDays: number,
  now: () => Date,
): Promise<PruneResult> {
  const cutoff = new Date(now().getTime() - retentionDays * 86_400_000).toISOString();
  const byRepo = await findPrunable(db, cutoff);
  let removed = 0;
  const pullRequests: { repo: string; pr: number }[] = [];
  for (const [repo, prs] of byRepo) {
    removed += await db.transaction().execute(async (trx) => {
      // Taking the chain head's lock first keeps appends out while positions are removed.
      const rows: { seq: number; prev_hash: string; hash: string }[] = [];
      await lockChainHead(trx, repo);
      for (let start = 0; start < prs.length; start += CHUNK) {
        const chunk = prs.slice(start, start + CHUNK);
        rows.push(
          ...(await trx
            .selectFrom('ledger_entries')
            .select(['seq', 'prev_hash', 'hash'])
            .where('repo', '=', repo)
            .where('pr', 'in', chunk)
            .execute()),
        );
        await trx.deleteFrom('ledger_entries').where('repo', '=', repo).where('pr', 'in', chunk).execute();
      }
      rows.sort((a, b) => Number(a.seq) - Number(b.seq));
      const [owner = repo, name = repo] = repo.split('/');
      await appendToChain(
        trx,
        repo,
        [
          {
            kind: 'prune-summary',
            repo: { owner, name, id: null },
            pr: null,
            occurredAt: now().toISOString(),
            deliveryId: null,
            retentionDays,
            prs,
            removed: rows.length,
            runs: collectRuns(rows),
          },
        ],
        now().toISOString(),
      );
      return rows.length;
    });
    pullRequests.push(...prs.map((pr) => ({ repo, pr })));
  }
  return { removed, pullRequests };
}

/** Consecutive positions form one run; the verifier chains runs that an earlier prune split. */
function collectRuns(rows: readonly { seq: number; prev_hash: string; hash: string }[]): PrunedRun[] {
  const runs: PrunedRun[] = [];
  for (const row of rows) {
    const seq = Number(row.seq);
    const last = runs.at(-1);
    if (last !== undefined && last.toSeq === seq - 1) Object.assign(last, { toSeq: seq, lastHash: row.hash });
    else runs.push({ fromSeq: seq, toSeq: seq, prevHash: row.prev_hash, lastHash: row.hash });
  }
  return runs;
}

/** Closed, not reopened since, and quiet since the cutoff: per repository, the PR numbers. */
async function findPrunable(db: Kysely<LedgerDatabase>, cutoff: string): Promise<Map<string, number[]>> {
  const rows = await db
    .selectFrom('ledger_entries')
    .select((eb) => [
      'repo',
      'pr',
      eb.fn.max('occurred_at').as('last_at'),
      eb.fn
        .max(eb.case().when('kind', 'in', ['pr-closed', 'merge']).then(eb.ref('seq')).else(0).end())
        .as('closed_seq'),
      eb.fn
        .max(eb.case().when('kind', 'in', ['pr-opened', 'pr-reopened']).then(eb.ref('seq')).else(0).end())
        .as('opened_seq'),
    ])
    .where('pr', 'is not', null)
    .groupBy(['repo', 'pr'])
    .execute();
  const byRepo = new Map<string, number[]>();
  for (const row of rows) {
    if (row.pr === null || Number(row.closed_seq) <= Number(row.opened_seq) || String(row.last_at) >= cutoff)
      continue;
    const prs = byRepo.get(row.repo) ?? [];
    prs.push(Number(row.pr));
    byRepo.set(row.repo, prs);
  }
  for (const prs of byRepo.values()) prs.sort((a, b) => a - b);
  return new Map([...byRepo].sort(([a], [b]) => (a < b ? -1 : 1)));
}
