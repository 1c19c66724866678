import type { CommitAttribution } from '../identity/index.js';
import type { AgentRef, Classification } from '../identity/types.js';
import type { SnapshotAttribution } from './attribute-snapshot.js';
import { agentKey } from './describe.js';

/** What the PR's agents and automation did, and where in the commit list they did it. */
export interface Involvement {
  /** Agents that drafted, co-wrote, opened or pushed the change, in order of first appearance. */
  readonly workingAgents: readonly AgentRef[];
  /** Agents that submitted a review of any state (an approval attempt counts as an action). */
  readonly reviewingAgents: readonly AgentRef[];
  /**
   * Reviewing agents that did nothing else (under `reviewer_agents: reviewers`): named as
   * reviewers, never provenance, never a handoff, and their reviews end no approval.
   */
  readonly reviewerAgents: readonly AgentRef[];
  /** Every agent the verdict names: the working agents and, once one exists, the reviewing ones. */
  readonly agents: readonly AgentRef[];
  /** Non-AI automation that opened, wrote or pushed the change. */
  readonly automation: readonly AgentRef[];
  /** Two or more distinct agents in the chain, at least one of them working on the change. */
  readonly handoff: boolean;
  /** Per commit, the agents its own metadata names (author, committer, co-authors, markers). */
  readonly commitAgents: readonly (readonly AgentRef[])[];
  /** Commits treated as agent commits (the signatures rule). */
  readonly agentCommitIndexes: readonly number[];
  /**
   * Commits that end earlier approvals under `agent_push`: the agent commits, and the head
   * whenever who pushed it is unknown (it may have been an agent, whatever else we saw).
   */
  readonly agentPushIndexes: readonly number[];
  /** Position in `snapshot.reviews` of the last review by an agent; -1 when none. */
  readonly lastAgentReviewIndex: number;
  /** Agents were seen only at PR level (opener, pusher, body, branch), never in a commit's metadata. */
  readonly agentsWithoutCommits: boolean;
}

/** A fallback for a classification that says `agent` without naming one (fail closed). */
const UNNAMED_AGENT: AgentRef = { id: 'unknown-agent', name: 'an unidentified agent' };

export function agentOf(classification: Classification): AgentRef | null {
  return classification.kind === 'agent' ? (classification.agent ?? UNNAMED_AGENT) : null;
}

function automationOf(classification: Classification): AgentRef | null {
  if (classification.kind !== 'automation') return null;
  return classification.agent ?? { id: 'automation', name: 'automation' };
}

const NO_AGENTS: readonly AgentRef[] = [];

/** The agents a commit's own metadata names: author, committer, co-authors, markers. */
export function agentsOfCommit(commit: CommitAttribution): readonly AgentRef[] {
  // Most commits name no agent or one: allocate nothing for them (this runs 10,000 times on big PRs).
  let agents: readonly AgentRef[] = NO_AGENTS;
  agents = withAgent(agents, agentOf(commit.author.classification));
  agents = withAgent(agents, agentOf(commit.committer.classification));
  for (const coAuthor of commit.coAuthors) agents = withAgent(agents, agentOf(coAuthor.classification));
  for (const marker of commit.markers) agents = withAgent(agents, marker.agent);
  return agents;
}

/** One shared single-agent list per agent: the catalogue's refs are shared objects. */
const SINGLE = new WeakMap<AgentRef, readonly AgentRef[]>();

function withAgent(agents: readonly AgentRef[], agent: AgentRef | null): readonly AgentRef[] {
  if (agent === null) return agents;
  if (agents.length === 0) {
    let single = SINGLE.get(agent);
    if (single === undefined) {
      single = Object.freeze([agent]);
      SINGLE.set(agent, single);
    }
    return single;
  }
  const key = agentKey(agent);
  if (agents.some((known) => agentKey(known) === key)) return agents;
  return [...agents, agent];
}

export function collectInvolvement(
  attribution: SnapshotAttribution,
  headSha: string,
  reviewerAgents: 'reviewers' | 'authors' = 'reviewers',
): Involvement {
  const working = new AgentList();
  const automation = new AgentList();
  const noteAutomation = (classification: Classification): void =>
    automation.add(automationOf(classification));

  if (attribution.opener !== null) {
    working.add(agentOf(attribution.opener.classification));
    noteAutomation(attribution.opener.classification);
  }
  const prLevelAgents = working.size > 0;

  // One pass over the commits: this loop is most of the work on a 10,000-commit PR.
  const commits = attribution.commits;
  const commitAgents: (readonly AgentRef[])[] = new Array(commits.length);
  const agentCommitIndexes: number[] = [];
  const headIndex = findHead(commits, headSha);
  let previous: readonly AgentRef[] = NO_AGENTS;
  for (let index = 0; index < commits.length; index += 1) {
    const commit = commits[index]!;
    if (commit.author.classification.kind === 'automation') noteAutomation(commit.author.classification);
    if (commit.committer.classification.kind === 'automation')
      noteAutomation(commit.committer.classification);
    for (const coAuthor of commit.coAuthors) noteAutomation(coAuthor.classification);
    const agents = agentsOfCommit(commit);
    commitAgents[index] = agents;
    if (agents.length === 0) continue;
    agentCommitIndexes.push(index);
    // Runs of commits by the same agent share one list (see withAgent): note it once.
    if (agents !== previous) for (const agent of agents) working.add(agent);
    previous = agents;
  }
  const commitsNameAgents = agentCommitIndexes.length > 0;

  const pusher = attribution.pusher;
  const pusherIsAgent = pusher !== null && agentOf(pusher.classification) !== null;
  if (pusher !== null) {
    working.add(agentOf(pusher.classification));
    noteAutomation(pusher.classification);
  }
  const hintAgents = attribution.hints.bodyMarkers.map((marker) => marker.agent);
  if (attribution.hints.branchPrefix !== null) hintAgents.push(attribution.hints.branchPrefix.agent);
  for (const agent of hintAgents) working.add(agent);

  const agentsWithoutCommits =
    !commitsNameAgents && (prLevelAgents || pusherIsAgent || hintAgents.length > 0);
  // Agent work under a human's identity (Codex cloud, Cursor agents, Claude on the web) leaves
  // no trace in commit metadata: any commit may be the agent's, so all of them are.
  const agentCommits = agentsWithoutCommits ? commits.map((_, index) => index) : agentCommitIndexes;
  if (
    pusherIsAgent &&
    headIndex >= 0 &&
    !commitAgentsInclude(commitAgents, headIndex, agentsWithoutCommits)
  ) {
    agentCommits.push(headIndex);
  }
  // Who pushed the head is unknown: it may have been an agent, so under `agent_push` it counts as one.
  const headIsAgentCommit =
    pusherIsAgent || commitAgentsInclude(commitAgents, headIndex, agentsWithoutCommits);
  const agentPushes =
    pusher === null && headIndex >= 0 && !headIsAgentCommit ? [...agentCommits, headIndex] : agentCommits;

  // An agent that only reviews is not an author: its reviews are no agent action unless the
  // policy opts into the stricter model where every agent review is one.
  const reviewing = new AgentList();
  const reviewerOnly = new AgentList();
  let lastAgentReviewIndex = -1;
  attribution.reviewers.forEach((reviewer, index) => {
    const agent = reviewer === null ? null : agentOf(reviewer.classification);
    if (agent === null) return;
    reviewing.add(agent);
    if (reviewerAgents === 'reviewers' && !working.has(agent)) {
      reviewerOnly.add(agent);
      return;
    }
    lastAgentReviewIndex = index;
  });

  const hasWork = working.size > 0;
  const agents = new AgentList();
  for (const agent of working.list) agents.add(agent);
  if (hasWork) for (const agent of reviewing.list) if (!reviewerOnly.has(agent)) agents.add(agent);
  return {
    workingAgents: working.list,
    reviewingAgents: reviewing.list,
    reviewerAgents: hasWork ? reviewerOnly.list : [],
    agents: agents.list,
    automation: automation.list,
    handoff: hasWork && agents.size >= 2,
    commitAgents,
    agentCommitIndexes: agentCommits,
    agentPushIndexes: agentPushes,
    lastAgentReviewIndex: hasWork ? lastAgentReviewIndex : -1,
    agentsWithoutCommits,
  };
}

/** The head is almost always listed last (GitHub lists by date), so look from the end. */
function findHead(commits: readonly CommitAttribution[], headSha: string): number {
  for (let index = commits.length - 1; index >= 0; index -= 1)
    if (commits[index]!.sha === headSha) return index;
  return -1;
}

/** Whether the head is already among the agent commits (avoids a scan of 10,000 indexes). */
function commitAgentsInclude(
  commitAgents: readonly (readonly AgentRef[])[],
  index: number,
  all: boolean,
): boolean {
  return all || (commitAgents[index]?.length ?? 0) > 0;
}

/** Agents in order of first appearance, each once (by `agentKey`). */
class AgentList {
  readonly list: AgentRef[] = [];
  private readonly seen = new Set<string>();

  get size(): number {
    return this.list.length;
  }

  has(agent: AgentRef): boolean {
    return this.seen.has(agentKey(agent));
  }

  add(agent: AgentRef | null): void {
    if (agent === null) return;
    const key = agentKey(agent);
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.list.push(agent);
  }
}
