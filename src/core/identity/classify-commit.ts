import type { Commit, GitActor } from '../snapshot.js';
import { type Catalogue, UNNAMED_AI } from './build-catalogue.js';
import { type ActorMemo, actorMemoFor, analyseGitActor, classifyGitActor } from './classify-git-actor.js';
import {
  findDisclosedTool,
  findRoleCoAuthor,
  findSessionTrailer,
  findToolFooters,
} from './find-generic-markers.js';
import { matchPlainText, matchText } from './match-text.js';
import { clip, isPlainText, normaliseEmail, normaliseText, plainStartsWith } from './normalise.js';
import { parseTrailers, type Trailer, type TrailerLines } from './parse-trailers.js';
import type { AgentRef, Classification, Evidence } from './types.js';

export interface ActorAttribution {
  readonly actor: GitActor;
  readonly classification: Classification;
}

/** An agent named by text in or around a commit (trailer, footer, name mark) rather than by an actor. */
export interface MarkerAttribution {
  readonly agent: AgentRef;
  readonly evidence: Evidence;
}

export interface CommitAttribution {
  readonly sha: string;
  readonly author: ActorAttribution;
  readonly committer: ActorAttribution;
  /** `Co-authored-by` trailers (with GitHub's linked account when the email matches) and GitHub's resolved co-authors. */
  readonly coAuthors: readonly ActorAttribution[];
  readonly markers: readonly MarkerAttribution[];
}

/**
 * Who took part in a commit and which agents it names. One pass over the message for
 * trailers and one for footers; everything else is a map lookup.
 */
export function classifyCommit(commit: Commit, catalogue: Catalogue): CommitAttribution {
  const markers = new MarkerSet();
  const memo = commitMemoFor(catalogue);
  const actors = actorMemoFor(catalogue);
  const trailers = parseTrailers(commit.message, memo.trailerLines);
  const coAuthors = attributeCoAuthors(commit, trailers, catalogue, memo, actors, markers);
  for (const trailer of trailers) {
    markTrailer(trailer, catalogue, markers, { strength: 'claim', coAuthors: false });
  }
  markMessage(commit.message, catalogue, markers);
  const author = analyseGitActor(commit.author, catalogue, actors);
  const committer = analyseGitActor(commit.committer, catalogue, actors);
  for (const mark of author.marks) markers.add(mark.agent, 'claim', mark.source, mark.detail);
  for (const mark of committer.marks) markers.add(mark.agent, 'claim', mark.source, mark.detail);
  return {
    sha: commit.sha,
    author: { actor: commit.author, classification: author.classification },
    committer: { actor: commit.committer, classification: committer.classification },
    coAuthors,
    markers: markers.list(),
  };
}

/**
 * What the commits classified with one catalogue (one evaluation) share: their trailer lines
 * repeat, and so do co-author emails. Keyed by the catalogue only so it goes with it.
 */
interface CommitMemo {
  readonly trailerLines: TrailerLines;
  /** Email as written → normaliseEmail of it. */
  readonly emails: Map<string, string>;
}
const commitMemos = new WeakMap<Catalogue, CommitMemo>();
const MAX_MEMO_EMAILS = 4096;

function commitMemoFor(catalogue: Catalogue): CommitMemo {
  let memo = commitMemos.get(catalogue);
  if (memo === undefined) {
    memo = { trailerLines: new Map(), emails: new Map() };
    commitMemos.set(catalogue, memo);
  }
  return memo;
}

function emailKey(email: string, memo: CommitMemo): string {
  let key = memo.emails.get(email);
  if (key === undefined) {
    key = normaliseEmail(email);
    if (memo.emails.size >= MAX_MEMO_EMAILS) memo.emails.clear();
    memo.emails.set(email, key);
  }
  return key;
}

/**
 * Co-author trailers joined by email with `commit.coAuthors`, which GitHub resolved to linked
 * accounts (stronger evidence than the trailer text); resolved co-authors whose trailer we did
 * not see (a rewritten message) are kept too, after the trailers.
 */
function attributeCoAuthors(
  commit: Commit,
  trailers: readonly Trailer[],
  catalogue: Catalogue,
  memo: CommitMemo,
  actors: ActorMemo,
  markers: MarkerSet,
): readonly ActorAttribution[] {
  const resolved = commit.coAuthors;
  let result: ActorAttribution[] | null = null;
  const taken = new KeySet();
  for (const trailer of trailers) {
    if (trailer.email === null || !catalogue.coAuthorTrailers.has(trailer.key)) continue;
    const key = emailKey(trailer.email, memo);
    if (!taken.add(key)) continue;
    const linked = findResolved(resolved, key, memo);
    const actor: GitActor = {
      name: trailer.name ?? '',
      email: trailer.email,
      account: linked?.account ?? null,
    };
    result ??= [];
    const attribution = attribute(actor, catalogue, actors, markers);
    result.push(attribution);
    if (attribution.classification.kind === 'human' && actor.account === null) {
      const role = findRoleCoAuthor(trailer.email, catalogue);
      if (role !== null) markers.add(role.agent, 'hint', 'trailer', role.detail);
    }
  }
  for (const actor of resolved) {
    if (!taken.add(emailKey(actor.email, memo))) continue;
    result ??= [];
    result.push(attribute(actor, catalogue, actors, markers));
  }
  return result ?? NO_CO_AUTHORS;
}

const NO_CO_AUTHORS: readonly ActorAttribution[] = Object.freeze([]);

/** The first resolved co-author with this (normalised) email. GitHub lists a handful at most. */
function findResolved(resolved: readonly GitActor[], key: string, memo: CommitMemo): GitActor | undefined {
  for (const actor of resolved) {
    if (emailKey(actor.email, memo) === key) return actor;
  }
  return undefined;
}

/**
 * Keys seen so far: a short list searched linearly (a commit has a co-author or two, and a
 * list costs less than a Set), indexed once a message names more.
 */
class KeySet {
  private keys: string[] | null = null;
  private index: Set<string> | null = null;

  /** Adds `key`; false when it was already there. */
  add(key: string): boolean {
    if (this.index !== null) {
      if (this.index.has(key)) return false;
      this.index.add(key);
      return true;
    }
    if (this.keys === null) {
      this.keys = [key];
      return true;
    }
    if (this.keys.includes(key)) return false;
    this.keys.push(key);
    if (this.keys.length > MAX_SCANNED_KEYS) this.index = new Set(this.keys);
    return true;
  }
}

const MAX_SCANNED_KEYS = 8;

function attribute(
  actor: GitActor,
  catalogue: Catalogue,
  actors: ActorMemo,
  markers: MarkerSet,
): ActorAttribution {
  const { classification, marks } = analyseGitActor(actor, catalogue, actors);
  for (const mark of marks) markers.add(mark.agent, 'claim', mark.source, mark.detail);
  return { actor, classification };
}

/**
 * Agent-specific trailer keys (`Claude-Session`, `Amp-Thread`, `Made-with: Cursor`), AI
 * disclosure trailers (`Assisted-by`, `Generated-by`, …) and any other trailer whose
 * `Name <email>` is an agent's (`Signed-off-by` by an agent, which kernel-style policies forbid).
 * Co-author trailers are left to the co-author list, except where there is none (PR bodies).
 */
export function markTrailer(
  trailer: Trailer,
  catalogue: Catalogue,
  markers: MarkerSet,
  options: { readonly strength: Evidence['strength']; readonly coAuthors: boolean },
): void {
  const { strength } = options;
  const rules = catalogue.trailerRules.get(trailer.key);
  let known = false;
  if (rules !== undefined) {
    const value = normaliseText(trailer.value);
    for (const rule of rules) {
      if (rule.value === null || value.startsWith(rule.value)) {
        markers.add(rule.agent, strength, 'trailer', describeTrailer(trailer));
        known = true;
      }
    }
  }
  const isDisclosure = catalogue.disclosureTrailers.has(trailer.key);
  if (trailer.email !== null && (options.coAuthors || !catalogue.coAuthorTrailers.has(trailer.key))) {
    const named = classifyGitActor(
      { name: trailer.name ?? '', email: trailer.email, account: null },
      catalogue,
    );
    if (named.kind === 'agent' && named.agent !== null) {
      markers.add(named.agent, strength, 'trailer', describeTrailer(trailer));
      return;
    }
  }
  if (!isDisclosure) {
    // A session or agent trailer of a tool the catalogue does not know: weaker than one it does.
    const session = known ? null : findSessionTrailer(trailer, catalogue);
    if (session !== null) markers.add(session.agent, 'hint', 'trailer', session.detail);
    return;
  }
  if (NEGATIVE_VALUES.has(normaliseText(trailer.value))) return;
  const tool =
    findToolName(trailer.value, catalogue) ?? findDisclosedTool(trailer.value, catalogue) ?? UNNAMED_AI;
  markers.add(tool, strength, 'trailer', describeTrailer(trailer));
}

function describeTrailer(trailer: Trailer): string {
  return `trailer ${clip(`${trailer.rawKey}: ${trailer.value}`)}`;
}

// `AI-assisted: no` discloses that no AI was used.
const NEGATIVE_VALUES = new Set(['no', 'none', 'false', '0', 'n/a', 'not used']);
const MAX_TOOL_WORDS = 16;

/** A catalogue tool name among the first words of a disclosure value (`Claude:claude-3-opus`, `GPT-5 via Crush`). */
function findToolName(value: string, catalogue: Catalogue): AgentRef | null {
  const words = normaliseText(value.slice(0, 200)).split(/[\s:/,;()<>[\]"'`*]+/, MAX_TOOL_WORDS);
  // `<model> via <tool>`: the tool is what follows `via` (`Claude Sonnet 4.5 via Crush`).
  const via = words.indexOf('via');
  if (via >= 0) words.unshift(...words.splice(via + 1));
  for (const word of words) {
    if (word.length === 0) continue;
    const exact = catalogue.toolNames.get(word);
    if (exact !== undefined) return exact;
    const dash = word.indexOf('-');
    const head = dash > 0 ? catalogue.toolNames.get(word.slice(0, dash)) : undefined;
    if (head !== undefined) return head;
    // `CursorAI`, `Cursor-AI`: a tool name with "AI" stuck on.
    const bare = word.endsWith('ai')
      ? catalogue.toolNames.get(word.slice(0, -2).replace(/-$/, ''))
      : undefined;
    if (bare !== undefined) return bare;
  }
  return null;
}

function markMessage(message: string, catalogue: Catalogue, markers: MarkerSet): void {
  // A plain message (nearly all) is matched in place; only others get a normalised copy.
  const text = isPlainText(message) ? null : normaliseText(message);
  const literals =
    text === null
      ? matchPlainText(message, catalogue.messageMarkers)
      : matchText(text, catalogue.messageMarkers);
  for (const { literal, target } of literals) {
    markers.add(target, 'claim', 'footer', `message contains "${clip(literal)}"`);
  }
  for (const footer of findToolFooters(message, catalogue)) {
    markers.add(footer.agent, 'hint', 'footer', footer.detail);
  }
  for (const rule of catalogue.messagePrefixes) {
    if (text === null ? plainStartsWith(message, rule.text, 0) : text.startsWith(rule.text)) {
      markers.add(rule.agent, 'claim', 'footer', `message starts with "${rule.text}"`);
    }
  }
}

/** Markers, one per agent and source, in the order found; bounded however often a footer repeats. */
export class MarkerSet {
  // Allocated on the first marker: most commits have none. Searched linearly while short (a
  // commit names an agent or two); a text naming every agent gets an index.
  private markers: MarkerAttribution[] | null = null;
  private index: Set<string> | null = null;

  add(agent: AgentRef, strength: Evidence['strength'], source: Evidence['source'], detail: string): void {
    if (this.has(agent, source)) return;
    this.markers ??= [];
    this.markers.push({ agent, evidence: { strength, source, detail } });
    this.index?.add(markerKey(agent, source));
  }

  list(): readonly MarkerAttribution[] {
    return this.markers ?? NO_MARKERS;
  }

  private has(agent: AgentRef, source: Evidence['source']): boolean {
    const markers = this.markers;
    if (markers === null) return false;
    if (this.index === null && markers.length > MAX_SCANNED_MARKERS) {
      this.index = new Set(markers.map((m) => markerKey(m.agent, m.evidence.source)));
    }
    if (this.index !== null) return this.index.has(markerKey(agent, source));
    return markers.some((m) => m.agent.id === agent.id && m.evidence.source === source);
  }
}

const MAX_SCANNED_MARKERS = 16;
const NO_MARKERS: readonly MarkerAttribution[] = Object.freeze([]);

function markerKey(agent: AgentRef, source: Evidence['source']): string {
  return `${agent.id}\u0000${source}`;
}
