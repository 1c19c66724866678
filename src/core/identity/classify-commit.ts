import type { Commit, GitActor } from '../snapshot.js';
import { type Catalogue, UNNAMED_AI } from './build-catalogue.js';
import { analyseGitActor, classifyGitActor } from './classify-git-actor.js';
import { matchText } from './match-text.js';
import { clip, normaliseEmail, normaliseText } from './normalise.js';
import { parseTrailers, type Trailer } from './parse-trailers.js';
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
  const trailers = parseTrailers(commit.message);
  const coAuthors = attributeCoAuthors(commit, trailers, catalogue, markers);
  for (const trailer of trailers) {
    markTrailer(trailer, catalogue, markers, { strength: 'claim', coAuthors: false });
  }
  markMessage(commit.message, catalogue, markers);
  const author = analyseGitActor(commit.author, catalogue);
  const committer = analyseGitActor(commit.committer, catalogue);
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
 * Co-author trailers joined by email with `commit.coAuthors`, which GitHub resolved to linked
 * accounts (stronger evidence than the trailer text); resolved co-authors whose trailer we did
 * not see (a rewritten message) are kept too.
 */
function attributeCoAuthors(
  commit: Commit,
  trailers: readonly Trailer[],
  catalogue: Catalogue,
  markers: MarkerSet,
): ActorAttribution[] {
  const resolved = new Map<string, GitActor>();
  for (const actor of commit.coAuthors) {
    const key = normaliseEmail(actor.email);
    if (!resolved.has(key)) resolved.set(key, actor);
  }
  const seen = new Set<string>();
  const result: ActorAttribution[] = [];
  for (const trailer of trailers) {
    if (trailer.email === null || !catalogue.coAuthorTrailers.has(trailer.key)) continue;
    const key = normaliseEmail(trailer.email);
    if (seen.has(key)) continue;
    seen.add(key);
    const linked = resolved.get(key);
    const actor: GitActor = {
      name: trailer.name ?? '',
      email: trailer.email,
      account: linked?.account ?? null,
    };
    result.push(attribute(actor, catalogue, markers));
  }
  for (const [key, actor] of resolved) {
    if (seen.has(key)) continue;
    seen.add(key);
    result.push(attribute(actor, catalogue, markers));
  }
  return result;
}

function attribute(actor: GitActor, catalogue: Catalogue, markers: MarkerSet): ActorAttribution {
  const { classification, marks } = analyseGitActor(actor, catalogue);
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
  if (rules !== undefined) {
    const value = normaliseText(trailer.value);
    for (const rule of rules) {
      if (rule.value === null || value.startsWith(rule.value)) {
        markers.add(rule.agent, strength, 'trailer', describeTrailer(trailer));
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
  if (!isDisclosure) return;
  const tool = findToolName(trailer.value, catalogue);
  if (tool !== null) {
    markers.add(tool, strength, 'trailer', describeTrailer(trailer));
  } else if (!NEGATIVE_VALUES.has(normaliseText(trailer.value))) {
    markers.add(UNNAMED_AI, strength, 'trailer', describeTrailer(trailer));
  }
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
  for (const word of words) {
    if (word.length === 0) continue;
    const exact = catalogue.toolNames.get(word);
    if (exact !== undefined) return exact;
    const dash = word.indexOf('-');
    const head = dash > 0 ? catalogue.toolNames.get(word.slice(0, dash)) : undefined;
    if (head !== undefined) return head;
  }
  return null;
}

function markMessage(message: string, catalogue: Catalogue, markers: MarkerSet): void {
  const text = normaliseText(message);
  for (const { literal, target } of matchText(text, catalogue.messageMarkers)) {
    markers.add(target, 'claim', 'footer', `message contains "${clip(literal)}"`);
  }
  for (const rule of catalogue.messagePrefixes) {
    if (text.startsWith(rule.text)) {
      markers.add(rule.agent, 'claim', 'footer', `message starts with "${rule.text}"`);
    }
  }
}

/** Markers, one per agent and source, in the order found; bounded however often a footer repeats. */
export class MarkerSet {
  // Allocated on the first marker: most commits have none.
  private markers: Map<string, MarkerAttribution> | null = null;

  add(agent: AgentRef, strength: Evidence['strength'], source: Evidence['source'], detail: string): void {
    const key = `${agent.id}\u0000${source}`;
    this.markers ??= new Map();
    if (!this.markers.has(key)) this.markers.set(key, { agent, evidence: { strength, source, detail } });
  }

  list(): MarkerAttribution[] {
    return this.markers === null ? [] : [...this.markers.values()];
  }
}
