import type { Commit } from '../snapshot.js';

export interface Ancestry {
  /** Whether the commit is one of the PR's. */
  includes(sha: string): boolean;
  /** The PR's commits the given one contains: itself and its ancestors within the PR. */
  ancestorsOf(sha: string): ReadonlySet<string>;
}

/**
 * Which of the PR's commits each commit contains, from the parent links. GitHub lists a PR's
 * commits by date, and dates are forgeable, so "came after" is decided by ancestry, never by
 * list position. Commits outside the PR (the base branch behind a merge) are not followed.
 * Built on first use: only `agent_push` asks.
 */
export function traceAncestry(commits: readonly Commit[]): Ancestry {
  let bySha: Map<string, Commit> | null = null;
  const index = (): Map<string, Commit> => {
    if (bySha === null) {
      bySha = new Map();
      for (const commit of commits) if (!bySha.has(commit.sha)) bySha.set(commit.sha, commit);
    }
    return bySha;
  };
  const memo = new Map<string, ReadonlySet<string>>();
  return {
    includes: (sha) => index().has(sha),
    ancestorsOf: (sha) => {
      const known = memo.get(sha);
      if (known !== undefined) return known;
      const graph = index();
      // Iterative walk: a 10,000-commit chain would overflow a recursive one.
      const seen = new Set<string>([sha]);
      const stack = [sha];
      for (let current = stack.pop(); current !== undefined; current = stack.pop()) {
        for (const parent of graph.get(current)?.parents ?? []) {
          if (graph.has(parent) && !seen.has(parent)) {
            seen.add(parent);
            stack.push(parent);
          }
        }
      }
      memo.set(sha, seen);
      return seen;
    },
  };
}
