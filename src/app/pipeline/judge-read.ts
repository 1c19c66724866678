import { collectKnownInvolvement } from '../../core/evaluate/collect-known-involvement.js';
import { describeForeignChecks } from '../../core/evaluate/describe-foreign-checks.js';
import { errorVerdict, policyErrorVerdict } from '../../core/evaluate/error-verdict.js';
import { evaluate } from '../../core/evaluate/evaluate.js';
import {
  describePolicyOrigin,
  describeProposedPolicy,
  describeRequiredOrgPolicy,
  withNotes,
} from '../../core/policy/describe-policy-origin.js';
import type { Snapshot } from '../../core/snapshot.js';
import type { Verdict } from '../../core/verdict.js';
import type { LoadPolicyResult } from '../../github/load-policy.js';
import type { PullRequestRead } from '../../github/read-pull-request.js';
import type { PullRequestWork } from '../queue/work.js';
import { catalogueOf } from './catalogue-of.js';

/**
 * The verdict on one read: the policy's errors, a required organisation policy that could not
 * be read, or the core's evaluation with notes on where the policy came from and on checks
 * named like ours from another source. The check run
 * and the custody page both judge through here, so they never disagree.
 */
export function judgeRead(
  ref: { readonly owner: string; readonly repo: string; readonly number: number },
  snapshot: Snapshot,
  policy: LoadPolicyResult,
  proposed: PullRequestRead['proposedPolicyErrors'],
  options: { readonly requireOrgPolicy?: boolean; readonly expected?: PullRequestWork['expected'] },
): Verdict {
  const target = {
    repo: { owner: ref.owner, name: ref.repo },
    pullNumber: ref.number,
    headSha: snapshot.pullRequest.headSha,
  };
  if (!policy.ok) return policyErrorVerdict(target, policy.errors, collectKnownInvolvement(snapshot));
  const orgRequired = options.requireOrgPolicy ? describeRequiredOrgPolicy(policy.origin) : null;
  if (orgRequired !== null) return errorVerdict(target, orgRequired, [], collectKnownInvolvement(snapshot));
  return withNotes(
    evaluate(snapshot, policy.policy, {
      catalogue: catalogueOf(policy.policy),
      ...(options.expected !== undefined ? { expected: options.expected } : {}),
    }),
    [
      ...describePolicyOrigin(policy.origin),
      ...describeProposedPolicy(proposed),
      ...describeForeignChecks(snapshot.foreignChecks),
    ],
  );
}
