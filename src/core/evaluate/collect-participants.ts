import type { ActorAttribution } from '../identity/index.js';
import type { AgentRef } from '../identity/types.js';
import type { Account, GitActor, Snapshot } from '../snapshot.js';
import type { SnapshotAttribution } from './attribute-snapshot.js';
import { collectHistoryParticipants } from './collect-history-participants.js';
import type { Involvement } from './collect-involvement.js';
import { agentOf } from './collect-involvement.js';
import { agentNames, shortSha } from './describe.js';

/** Someone who took part in the change and so may not approve it. */
export interface Participant {
  readonly login: string;
  readonly id: number | null;
  readonly delegator: boolean;
  /** Why they may not approve, e.g. `@alice co-authored 3f2a1b9 with Claude (delegator)`. */
  readonly detail: string;
}

export interface Participants {
  /** By numeric id where both sides know it, else by case-insensitive login. */
  find(account: Account): Participant | null;
}

interface Entry {
  readonly login: string;
  readonly id: number | null;
  /** Lower is the more telling reason (a delegator's beats "committed"). */
  rank: number;
  delegator: boolean;
  /** Built only when asked for: a 10,000-commit PR names the same few people thousands of times. */
  describe: () => string;
}

const RANK = { delegator: 0, opener: 1, author: 2, coAuthor: 3, committer: 4, pusher: 5 } as const;

/** `ID+login@users.noreply.github.com` (GitHub resolves it by id) or the old `login@users.noreply…`. */
const NOREPLY = /^(?:(\d+)\+)?([^@\s]+)@users\.noreply\.github\.com$/i;

type AccountKey = { readonly login: string; readonly id: number | null };

/** The account a noreply email names, if it is one (GitHub resolves `ID+login@…` by the id). */
function parseNoreply(email: string): AccountKey | null {
  const match = NOREPLY.exec(email.trim());
  if (match === null || match[2] === undefined) return null;
  const id = match[1] === undefined ? null : Number(match[1]);
  return { login: match[2], id: id !== null && Number.isSafeInteger(id) ? id : null };
}

class ParticipantRegistry {
  /** Unlinked emails repeat on every commit (Claude's `noreply@anthropic.com`): parse each once. */
  private readonly noreply = new Map<string, AccountKey | null>();
  private readonly byId = new Map<number, Entry>();
  private readonly byLoginWithoutId = new Map<string, Entry>();
  private readonly byLogin = new Map<string, Entry>();

  /** Records a role; the most telling one is kept per person, first seen wins among equals. */
  add(who: AccountKey, rank: number, delegator: boolean, describe: () => string): void {
    const existing =
      who.id === null ? this.byLoginWithoutId.get(who.login.toLowerCase()) : this.byId.get(who.id);
    if (existing !== undefined) {
      if (rank < existing.rank) Object.assign(existing, { rank, delegator, describe });
      return;
    }
    const login = who.login.toLowerCase();
    const entry: Entry = { login: who.login, id: who.id, rank, delegator, describe };
    if (who.id === null) this.byLoginWithoutId.set(login, entry);
    else this.byId.set(who.id, entry);
    if (!this.byLogin.has(login)) this.byLogin.set(login, entry);
  }

  /** Would `add` at this rank change anything? Lets hot loops skip building the reason. */
  improves(who: AccountKey, rank: number): boolean {
    const existing =
      who.id === null ? this.byLoginWithoutId.get(who.login.toLowerCase()) : this.byId.get(who.id);
    return existing === undefined || rank < existing.rank;
  }

  /** The account behind a git identity: the one GitHub linked, else the one its noreply email names. */
  accountOf(actor: GitActor): AccountKey | null {
    if (actor.account !== null) return actor.account;
    let parsed = this.noreply.get(actor.email);
    if (parsed === undefined) {
      parsed = parseNoreply(actor.email);
      this.noreply.set(actor.email, parsed);
    }
    return parsed;
  }

  find(account: Account): Entry | null {
    const login = account.login.toLowerCase();
    if (account.id === null) return this.byLogin.get(login) ?? null;
    return this.byId.get(account.id) ?? this.byLoginWithoutId.get(login) ?? null;
  }
}

const toParticipant = (entry: Entry): Participant => ({
  login: entry.login,
  id: entry.id,
  delegator: entry.delegator,
  detail: entry.describe(),
});

export function collectParticipants(
  snapshot: Snapshot,
  attribution: SnapshotAttribution,
  involvement: Involvement,
): Participants {
  const registry = new ParticipantRegistry();
  const pr = snapshot.pullRequest;
  const opener = pr.opener;
  if (opener !== null)
    registry.add(opener, RANK.opener, false, () => `@${opener.login} opened this pull request`);

  const commits = attribution.commits;
  for (let index = 0; index < commits.length; index += 1) {
    const commit = commits[index]!;
    const agents = involvement.commitAgents[index] ?? [];
    addGitActor(registry, commit.author, commit.sha, agents, RANK.author, 'authored');
    for (const coAuthor of commit.coAuthors) {
      addGitActor(registry, coAuthor, commit.sha, agents, RANK.coAuthor, 'co-authored');
    }
    const committer = registry.accountOf(commit.committer.actor);
    if (committer !== null && registry.improves(committer, RANK.committer)) {
      const sha = commit.sha;
      registry.add(committer, RANK.committer, false, () => `@${committer.login} committed ${shortSha(sha)}`);
    }
  }

  const pusher = snapshot.pusher?.account;
  if (pusher !== undefined) {
    const detail = `@${pusher.login} pushed the head commit ${shortSha(pr.headSha)}`;
    registry.add(pusher, RANK.pusher, false, () => detail);
  }
  const openerAgent = attribution.opener === null ? null : agentOf(attribution.opener.classification);
  if (openerAgent !== null) {
    for (const assignee of pr.assignees) {
      const detail = `@${assignee.login} is assigned to this pull request, opened by ${openerAgent.name} (delegator)`;
      registry.add(assignee, RANK.delegator, true, () => detail);
    }
  }
  const markerAgents: AgentRef[] = attribution.hints.bodyMarkers.map((marker) => marker.agent);
  const requestedFrom = markerAgents.length > 0 ? agentNames(uniqueByName(markerAgents)) : 'an agent';
  for (const requester of attribution.hints.requesters) {
    const login = requester.trim().replace(/^@/, '');
    if (login === '') continue;
    const detail = `@${login} requested this work from ${requestedFrom} (delegator)`;
    registry.add({ login, id: null }, RANK.delegator, true, () => detail);
  }

  collectHistoryParticipants(snapshot.history, (who, role, describe) =>
    registry.add(who, RANK[role], role === 'delegator', describe),
  );

  return {
    find: (account) => {
      const entry = registry.find(account);
      return entry === null ? null : toParticipant(entry);
    },
  };
}

/** The human whose commit names an agent, or who co-authored an agent's commit, delegated to it. */
function addGitActor(
  registry: ParticipantRegistry,
  actor: ActorAttribution,
  sha: string,
  agents: readonly AgentRef[],
  rank: number,
  verb: string,
): void {
  const who = registry.accountOf(actor.actor);
  if (who === null) return;
  if (actor.classification.kind === 'human' && agents.length > 0) {
    if (!registry.improves(who, RANK.delegator)) return;
    registry.add(
      who,
      RANK.delegator,
      true,
      () => `@${who.login} co-authored ${shortSha(sha)} with ${agentNames(agents)} (delegator)`,
    );
  } else if (registry.improves(who, rank)) {
    registry.add(who, rank, false, () => `@${who.login} ${verb} ${shortSha(sha)}`);
  }
}

function uniqueByName(agents: readonly AgentRef[]): AgentRef[] {
  const seen = new Set<string>();
  return agents.filter((agent) => !seen.has(agent.name) && seen.add(agent.name) !== undefined);
}
