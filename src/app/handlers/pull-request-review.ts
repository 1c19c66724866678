import { type Planned, pullRequestWork } from '../queue/work.js';
import { type EventBase, targetOf, triggerOf } from './event.js';

export interface PullRequestReviewPayload extends EventBase {
  readonly action: string;
  readonly pull_request: {
    readonly number: number;
    readonly state: string;
    readonly head: { readonly sha: string };
  };
  readonly review: {
    readonly node_id: string;
    readonly state: string;
    readonly user: { readonly login: string } | null;
  };
}

const EVALUATED_ACTIONS = new Set(['submitted', 'edited', 'dismissed']);

/** A review was given, changed or dismissed: the approvals may have changed. */
export function planPullRequestReview(payload: PullRequestReviewPayload, deliveryId: string): Planned[] {
  const target = targetOf(payload);
  const pr = payload.pull_request;
  if (!target || !EVALUATED_ACTIONS.has(payload.action) || pr.state !== 'open') return [];
  return [
    {
      priority: 'live',
      // The reviewer pushed nothing: they are never the pusher.
      work: pullRequestWork(
        target,
        pr.number,
        pr.head.sha,
        triggerOf(`pull_request_review.${payload.action}`, deliveryId),
        {
          expected: {
            review: {
              id: payload.review.node_id,
              state: payload.review.state,
              reviewer: payload.review.user?.login ?? 'a deleted account',
            },
            baseSha: null,
          },
        },
      ),
    },
  ];
}
