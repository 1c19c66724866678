import type { Kysely } from 'kysely';
import { type ChainProblem, ChainVerifier, type PrunedRun, prunedRunsOf } from '../core/ledger/index.js';
import { parseStoredEntry, readChainHeads, streamEntries } from './read.js';
import type { LedgerDatabase } from './schema.js';

export interface VerifyResult {
  readonly ok: boolean;
  /** Entries checked (all of them when the chain holds). */
  readonly checked: number;
  readonly problem: ChainProblem | null;
}

/**
 * Recomputes every stored chain, streamed: the prune summaries first (they bridge the gaps
 * pruning left), then every entry in chain order (hashed from its stored text, unparsed),
 * then each chain's stored head.
 */
export async function verifyStoredChains(db: Kysely<LedgerDatabase>, repo?: string): Promise<VerifyResult> {
  const filter = repo === undefined ? {} : { repo };
  const pruned: { repo: string; run: PrunedRun }[] = [];
  for await (const entry of streamEntries(db, { ...filter, kinds: ['prune-summary'] }))
    for (const run of prunedRunsOf(parseStoredEntry(entry))) pruned.push({ repo: entry.repo, run });
  const verifier = new ChainVerifier(pruned);
  for await (const entry of streamEntries(db, filter)) if (verifier.check(entry) !== null) break;
  const heads = (await readChainHeads(db)).filter((head) => repo === undefined || head.repo === repo);
  const problem = verifier.finish(heads);
  return { ok: problem === null, checked: verifier.checked, problem };
}
