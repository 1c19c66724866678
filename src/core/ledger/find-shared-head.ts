import type { VerdictState } from '../verdict.js';
import type { Fact } from './facts.js';

/** Another open PR whose head is the same commit, and the last verdict of its own it had there. */
export interface SharedHeadPullRequest {
  readonly number: number;
  /** Its own state (before sharing was taken into account); null: never evaluated on this commit. */
  readonly state: VerdictState | null;
}

/**
 * Of the other open PRs on the same head branch, those whose head is this commit now (as the
 * ledger last saw it: opened, reopened or synchronized there), each with the last verdict of
 * its own on the commit. `factsOf` gives each PR's facts in chain order.
 */
export function findSharedHead(
  headSha: string,
  others: readonly number[],
  factsOf: (pr: number) => readonly Fact[],
): SharedHeadPullRequest[] {
  const shared: SharedHeadPullRequest[] = [];
  for (const number of others) {
    let head: string | null = null;
    let state: VerdictState | null = null;
    for (const fact of factsOf(number)) {
      if (fact.kind === 'pr-opened' || fact.kind === 'pr-reopened') head = fact.headSha;
      else if (fact.kind === 'synchronize') head = fact.after;
      else if (fact.kind === 'verdict' && fact.headSha === headSha) state = fact.ownState ?? fact.state;
    }
    if (head === headSha) shared.push({ number, state });
  }
  return shared;
}
