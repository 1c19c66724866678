import type { Fact } from './facts.js';

/**
 * The pull requests still open among those the facts name (opened or reopened, and not
 * closed or merged since), in number order: for a head branch's facts, the PRs sharing it.
 */
export function findOpenPullRequests(facts: Iterable<Fact>): number[] {
  const open = new Map<number, boolean>();
  for (const fact of facts) {
    if (fact.pr === null) continue;
    if (fact.kind === 'pr-opened' || fact.kind === 'pr-reopened') open.set(fact.pr, true);
    else if (fact.kind === 'pr-closed' || fact.kind === 'merge') open.set(fact.pr, false);
  }
  return [...open]
    .filter(([, isOpen]) => isOpen)
    .map(([pr]) => pr)
    .sort((a, b) => a - b);
}
