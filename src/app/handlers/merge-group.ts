import type { Planned } from '../queue/work.js';
import { type EventBase, targetOf, triggerOf } from './event.js';

export interface MergeGroupPayload extends EventBase {
  readonly action: string;
  readonly merge_group: { readonly head_sha: string; readonly base_ref: string };
}

/**
 * The merge queue asks for our check on the group's commit (reliability.md §3.6): the group is
 * re-evaluated from current state, never passed on trust because its PRs once passed.
 */
export function planMergeGroup(payload: MergeGroupPayload, deliveryId: string): Planned[] {
  const target = targetOf(payload);
  if (!target || payload.action !== 'checks_requested') return [];
  const group = payload.merge_group;
  return [
    {
      priority: 'live',
      work: {
        kind: 'merge_group',
        target,
        baseRef: group.base_ref.replace(/^refs\/heads\//, ''),
        headSha: group.head_sha,
        trigger: triggerOf('merge_group.checks_requested', deliveryId),
      },
    },
  ];
}
