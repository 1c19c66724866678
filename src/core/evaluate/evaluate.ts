import { buildCatalogue, type Catalogue } from '../identity/index.js';
import { POLICY_PATH, type Policy } from '../policy/schema.js';
import type { Snapshot } from '../snapshot.js';
import { isPassing, type Requirement, type Verdict } from '../verdict.js';
import { attributeSnapshot } from './attribute-snapshot.js';
import { buildChain } from './build-chain.js';
import { findUnattributedCommits, findUnsignedAgentCommits } from './check-commits.js';
import { collectInvolvement, type Involvement } from './collect-involvement.js';
import { collectParticipants } from './collect-participants.js';
import { composeHeadline } from './compose-headline.js';
import { overrideVerdict } from './decide-override.js';
import { labelIdOf, listSome, plural, shortSha } from './describe.js';
import { describeLag, type Expected } from './describe-lag.js';
import { errorVerdict } from './error-verdict.js';
import { assessApprovals } from './evaluate-approvals.js';
import { evaluateRequirements } from './evaluate-requirements.js';
import { matchPathRules } from './match-path-rules.js';

export interface EvaluateOptions {
  /** What the event that asked for this evaluation announced; the read must show at least that. */
  readonly expected?: Expected;
  /** The policy's catalogue, when the caller keeps one built (a large share of a small PR's cost). */
  readonly catalogue?: Catalogue;
}

/**
 * The decision: (snapshot, policy) → verdict. Pure, total and deterministic: no clock, no
 * I/O, and every schema-valid input yields a verdict (inconsistent data yields `error`).
 *
 * A read older than its event may miss the very change (a dismissal, a tightened policy) that
 * revokes a pass, so it never passes; the app reads again shortly. An override recorded for the
 * head (the snapshot's history) passes a waiting or blocked verdict, and is subject to that too.
 */
export function evaluate(snapshot: Snapshot, policy: Policy, options: EvaluateOptions = {}): Verdict {
  const catalogue = options.catalogue ?? buildCatalogue(policy);
  const verdict = overrideVerdict(decide(snapshot, policy, catalogue), snapshot, policy, catalogue);
  const lag = options.expected ? describeLag(snapshot, options.expected) : null;
  if (lag === null || !isPassing(verdict.state)) return verdict;
  // The agents it did see are still shown.
  return errorVerdict(
    verdict,
    lag,
    ['Custody reads the pull request again shortly; re-run the check to do it now.'],
    verdict,
  );
}

function decide(snapshot: Snapshot, policy: Policy, catalogue: Catalogue): Verdict {
  const pr = snapshot.pullRequest;
  const target = { repo: snapshot.repo, pullNumber: pr.number, headSha: pr.headSha };
  const inconsistency = findInconsistency(snapshot);
  if (inconsistency !== null) return errorVerdict(target, inconsistency);

  const attribution = attributeSnapshot(snapshot, catalogue);
  const involvement = collectInvolvement(attribution, pr.headSha, policy.reviewer_agents);
  const changesPolicy = snapshot.files.some(
    (file) => file.path === POLICY_PATH || file.previousPath === POLICY_PATH,
  );
  const unattributed = findUnattributedCommits(attribution);
  // `block` fails the check on a commit GitHub links to no account whether or not an agent is
  // seen: an unlinked author is where an agent's work could hide.
  const blocksUnattributed = policy.unattributed_commits === 'block' && unattributed.length > 0;
  const gated = isGated(policy, involvement) || changesPolicy || blocksUnattributed;
  const common = {
    repo: { owner: snapshot.repo.owner, name: snapshot.repo.name },
    pullNumber: pr.number,
    headSha: pr.headSha,
    agents: involvement.agents,
    automation: involvement.automation,
    handoff: involvement.handoff,
    chain: buildChain(snapshot, attribution),
    labels: wantedLabels(policy, involvement),
    comment: policy.comment.enabled && involvement.agents.length > 0,
  };
  const headlineFacts = {
    policy,
    agents: involvement.agents,
    automation: involvement.automation,
    changesPolicy,
  };

  if (!gated) {
    const state = 'not_applicable';
    const notes = unattributed.length > 0 ? [describeUnattributed(unattributed)] : [];
    const headline = composeHeadline({ ...headlineFacts, state, requirements: [] });
    return { ...common, state, headline, requirements: [], approvals: [], notes };
  }

  const participants = collectParticipants(snapshot, attribution, involvement);
  const { requirements, approvals } = evaluateRequirements({
    policy,
    involvement,
    candidates: assessApprovals(snapshot, attribution, participants, involvement, policy),
    pathMatches: matchPathRules(snapshot.files, policy.paths),
    unsignedAgentCommits:
      policy.signatures.agent_commits === 'required' ? findUnsignedAgentCommits(snapshot, involvement) : [],
    unattributedCommits: unattributed,
  });
  const state = combineStates(requirements);
  const notes = collectNotes(snapshot, policy, involvement, changesPolicy, unattributed);
  const headline = composeHeadline({ ...headlineFacts, state, requirements });
  return { ...common, state, headline, requirements, approvals, notes };
}

/** Facts the schema cannot check but the decision relies on; any of them makes the data suspect. */
function findInconsistency(snapshot: Snapshot): string | null {
  const head = snapshot.pullRequest.headSha;
  if (snapshot.commits.length === 0)
    return 'the snapshot lists no commits, so nobody can be held to the change';
  // Not necessarily the last one: GitHub lists a PR's commits by (forgeable) date.
  const last = snapshot.commits[snapshot.commits.length - 1];
  if (last?.sha !== head && !snapshot.commits.some((commit) => commit.sha === head)) {
    return `the head commit ${shortSha(head)} is not among the snapshot's commits (incomplete or stale data)`;
  }
  return null;
}

function isGated(policy: Policy, involvement: Involvement): boolean {
  switch (policy.applies_to) {
    case 'agents':
      return involvement.workingAgents.length > 0;
    case 'agents_and_automation':
      return involvement.workingAgents.length > 0 || involvement.automation.length > 0;
    case 'all':
      return true;
  }
}

/** The worst requirement decides: violated → blocked, missing → waiting. */
function combineStates(requirements: readonly Requirement[]): 'satisfied' | 'waiting' | 'blocked' {
  if (requirements.some((requirement) => requirement.status === 'violated')) return 'blocked';
  if (requirements.some((requirement) => requirement.status === 'missing')) return 'waiting';
  return 'satisfied';
}

/** Provenance labels: one per agent (automation gets none) and one for a handoff. */
function wantedLabels(policy: Policy, involvement: Involvement): string[] {
  if (!policy.labels.enabled) return [];
  const labels = new Set(involvement.agents.map((agent) => `${policy.labels.prefix}${labelIdOf(agent)}`));
  if (involvement.handoff) labels.add(policy.labels.handoff);
  return [...labels].sort();
}

function collectNotes(
  snapshot: Snapshot,
  policy: Policy,
  involvement: Involvement,
  changesPolicy: boolean,
  unattributed: readonly string[],
): string[] {
  const notes: string[] = [];
  if (changesPolicy) {
    notes.push(
      `This pull request changes ${POLICY_PATH}: it is gated whatever its involvement, and the policy in force is the base branch's`,
    );
  }
  if (snapshot.pusher === null) {
    const treatment = policy.invalidation === 'agent_push' ? ", so it counts as an agent's push" : '';
    notes.push(`Who pushed the head commit ${shortSha(snapshot.pullRequest.headSha)} is unknown${treatment}`);
  }
  if (involvement.agentsWithoutCommits) {
    notes.push('No commit names the agent, so every commit is treated as possibly agent-made');
  }
  if (unattributed.length > 0 && policy.unattributed_commits === 'flag')
    notes.push(describeUnattributed(unattributed));
  return notes;
}

function describeUnattributed(shas: readonly string[]): string {
  return `${plural(shas.length, 'commit has', 'commits have')} an author or co-author GitHub links to no account: ${listSome(shas.slice(0, 6).map(shortSha), 5, shas.length)}`;
}
