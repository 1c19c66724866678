import { isPassing, type Verdict } from '../verdict.js';

/** One PR of a merge group and what Custody decided for it (null: closed, or not evaluated). */
export interface GroupMember {
  readonly number: number;
  readonly verdict: Verdict | null;
}

export type MergeGroupVerdict =
  | { readonly state: 'unknown'; readonly reason: string }
  | {
      readonly state: 'cleared' | 'not_cleared';
      readonly members: readonly GroupMember[];
      readonly failing: readonly GroupMember[];
    };

/**
 * The group passes only when every PR it contains passes on its own current head; anything else
 * (a PR waiting or blocked, a PR that could not be evaluated, an unknown group) fails it, which
 * the merge queue treats as a failed group.
 */
export function evaluateMergeGroup(
  members: readonly GroupMember[] | null,
  problem?: string,
): MergeGroupVerdict {
  if (!members || members.length === 0 || problem) {
    return {
      state: 'unknown',
      reason: problem ?? 'Custody could not tell which pull requests this merge group contains',
    };
  }
  const failing = members.filter((m) => !m.verdict || !isPassing(m.verdict.state));
  return { state: failing.length === 0 ? 'cleared' : 'not_cleared', members, failing };
}
