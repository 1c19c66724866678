import type { History } from '../snapshot.js';
import { shortSha } from './describe.js';

export type HistoryRole = 'pusher' | 'delegator';
export type AddParticipant = (
  who: { readonly login: string; readonly id: number | null },
  role: HistoryRole,
  describe: () => string,
) => void;

/**
 * Everyone the ledger remembers for this pull request takes part, whatever GitHub shows now:
 * an earlier pusher stays one after a force-push, a delegator stays one after being unassigned
 * or edited out of the body.
 */
export function collectHistoryParticipants(history: History, add: AddParticipant): void {
  for (const pusher of history.pushers) {
    const { account, headSha } = pusher;
    const how = pusher.via === 'push' ? (pusher.forced ? 'force-pushed' : 'pushed') : 'updated the head to';
    add(
      account,
      'pusher',
      () => `@${account.login} ${how} ${shortSha(headSha)} on this pull request's branch (ledger)`,
    );
  }
  for (const delegator of history.delegators) {
    const { account, agent, commitSha } = delegator;
    const what =
      delegator.via === 'assignee'
        ? `was assigned while ${agent} was involved`
        : delegator.via === 'requester'
          ? `requested this work from ${agent}`
          : `co-authored ${commitSha === null ? 'a commit' : shortSha(commitSha)} with ${agent}`;
    add(account, 'delegator', () => `@${account.login} ${what} (delegator, ledger)`);
  }
}
