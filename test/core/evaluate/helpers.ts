import { attributeSnapshot } from '../../../src/core/evaluate/attribute-snapshot.js';
import { collectInvolvement } from '../../../src/core/evaluate/collect-involvement.js';
import { collectParticipants } from '../../../src/core/evaluate/collect-participants.js';
import { evaluate } from '../../../src/core/evaluate/index.js';
import { buildCatalogue } from '../../../src/core/identity/index.js';
import type { PolicyInput } from '../../../src/core/policy/schema.js';
import type { Snapshot } from '../../../src/core/snapshot.js';
import type { ApprovalOutcome, Requirement, Verdict } from '../../../src/core/verdict.js';
import { alice, claudeCoAuthor } from '../../builders/identities.js';
import { aPolicy } from '../../builders/policy.js';
import { aSnapshot, type SnapshotBuilder } from '../../builders/snapshot.js';

export function verdictOf(builder: SnapshotBuilder, policy: PolicyInput = {}): Verdict {
  return evaluate(builder.build(), aPolicy(policy));
}

/** Who took part in `snapshot`, as evaluation collects them under the default policy. */
export function participantsOf(snapshot: Snapshot) {
  const attribution = attributeSnapshot(snapshot, buildCatalogue(aPolicy()));
  return collectParticipants(
    snapshot,
    attribution,
    collectInvolvement(attribution, snapshot.pullRequest.headSha),
  );
}

export function approvalBy(verdict: Verdict, login: string): ApprovalOutcome {
  const found = verdict.approvals.find((approval) => approval.reviewer?.login === login);
  if (found === undefined) throw new Error(`no approval by ${login} in ${JSON.stringify(verdict.approvals)}`);
  return found;
}

export function requirement(verdict: Verdict, id: string): Requirement {
  const found = verdict.requirements.find((entry) => entry.id === id);
  if (found === undefined)
    throw new Error(`no requirement ${id} in ${verdict.requirements.map((r) => r.id)}`);
  return found;
}

export function agentIds(verdict: Verdict): string[] {
  return verdict.agents.map((agent) => agent.id);
}

/** Alice's commit with Claude as co-author: gated, needs one outside approval. */
export const claudePullRequest = () =>
  aSnapshot()
    .openedBy(alice.account)
    .withCommit(alice.git, (c) => c.coAuthoredBy(claudeCoAuthor))
    .pushedBy(alice.account);
