import { deriveHistory, type HistoryTarget, type ReadRequesters } from '../../src/core/ledger/index.js';
import type { History } from '../../src/core/snapshot.js';
import type { Ledger } from '../../src/ledger/index.js';

/** A PR's history as evaluation derives it (`readSnapshotHistory`): its facts read, then derived. */
export async function readHistory(
  ledger: Ledger,
  repo: string,
  target: HistoryTarget,
  readRequesters?: ReadRequesters,
): Promise<History> {
  const entries = await ledger.readHistoryFacts(repo, target.number, target.headRef);
  return deriveHistory(
    entries.map((entry) => entry.fact),
    target,
    readRequesters,
  );
}
