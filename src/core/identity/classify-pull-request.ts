import type { Snapshot } from '../snapshot.js';
import type { Catalogue } from './build-catalogue.js';
import { classifyAccount } from './classify-account.js';
import { type MarkerAttribution, MarkerSet, markTrailer } from './classify-commit.js';
import { matchText } from './match-text.js';
import { clip, normaliseText } from './normalise.js';
import { parseTrailers } from './parse-trailers.js';

export interface PullRequestHints {
  /** Agents named by the PR body: markers, footers, agent trailers (hints: anyone can write a body). */
  readonly bodyMarkers: readonly MarkerAttribution[];
  readonly branchPrefix: MarkerAttribution | null;
  /**
   * Logins named as requesters by an agent's own body text (Jules "started by @user", Devin
   * "Requested by: @user"), as written, without `@`. Read only for agents the body or the
   * opener already shows, so a human's prose cannot name one.
   */
  readonly requesters: readonly string[];
}

export function classifyPullRequestHints(
  pr: Snapshot['pullRequest'],
  catalogue: Catalogue,
): PullRequestHints {
  const body = normaliseText(pr.body);
  const markers = new MarkerSet();
  for (const { literal, target } of matchText(body, catalogue.bodyMarkers)) {
    markers.add(target, 'hint', 'body-marker', `PR body contains "${clip(literal)}"`);
  }
  for (const trailer of parseTrailers(pr.body)) {
    markTrailer(trailer, catalogue, markers, { strength: 'hint', coAuthors: true });
  }
  // One per agent: its marker text when there is one (found first), else its trailer.
  const byAgent = new Map<string, MarkerAttribution>();
  for (const marker of markers.list()) {
    if (!byAgent.has(marker.agent.id)) byAgent.set(marker.agent.id, asBodyMarker(marker));
  }
  const bodyMarkers = [...byAgent.values()];

  const agents = new Set(bodyMarkers.map((m) => m.agent.id));
  if (pr.opener !== null) {
    const opener = classifyAccount(pr.opener, catalogue);
    if (opener.kind === 'agent' && opener.agent !== null) agents.add(opener.agent.id);
  }
  return {
    bodyMarkers,
    branchPrefix: findBranchPrefix(pr.headRef, catalogue),
    requesters: findRequesters(pr.body, body, agents, catalogue),
  };
}

/** Trailers in a body are hints whatever they name; report them with the body-marker source. */
function asBodyMarker(marker: MarkerAttribution): MarkerAttribution {
  if (marker.evidence.source === 'body-marker') return marker;
  return {
    agent: marker.agent,
    evidence: { ...marker.evidence, source: 'body-marker', detail: `PR body ${marker.evidence.detail}` },
  };
}

function findBranchPrefix(headRef: string, catalogue: Catalogue): MarkerAttribution | null {
  const ref = normaliseText(
    headRef.startsWith('refs/heads/') ? headRef.slice('refs/heads/'.length) : headRef,
  );
  let best: { text: string; marker: MarkerAttribution } | null = null;
  for (const rule of catalogue.branchPrefixes) {
    if (!ref.startsWith(rule.text) || (best !== null && best.text.length >= rule.text.length)) continue;
    best = {
      text: rule.text,
      marker: {
        agent: rule.agent,
        evidence: { strength: 'hint', source: 'branch-prefix', detail: `head branch ${clip(headRef, 100)}` },
      },
    };
  }
  return best?.marker ?? null;
}

const MAX_REQUESTERS = 20;
const MAX_GAP = 8;
const LOGIN_CHAR = /[A-Za-z0-9-]/;

/**
 * `<phrase>` then up to a few spaces, colons or emphasis marks, then `@login`. Found with
 * indexOf in the normalised body; the login is read from the same offset of the raw body
 * when normalisation kept the length (ASCII), else from the normalised text.
 */
function findRequesters(
  raw: string,
  body: string,
  agents: ReadonlySet<string>,
  catalogue: Catalogue,
): string[] {
  // Logins keep their case when the body was plain text; after Unicode normalisation offsets
  // may shift, so they are read from the normalised (lower-case) body instead.
  const source = raw.length === body.length && raw.toLowerCase() === body ? raw : body;
  const found = new Map<string, string>();
  for (const agentId of agents) {
    for (const phrase of catalogue.requesterPhrases.get(agentId) ?? []) {
      for (
        let at = body.indexOf(phrase);
        at >= 0 && found.size < MAX_REQUESTERS;
        at = body.indexOf(phrase, at + 1)
      ) {
        const login = readLogin(source, at + phrase.length);
        if (login !== null && !found.has(login.toLowerCase())) found.set(login.toLowerCase(), login);
      }
    }
  }
  return [...found.values()];
}

function readLogin(text: string, from: number): string | null {
  let i = from;
  const gapEnd = Math.min(text.length, from + MAX_GAP);
  while (i < gapEnd && ' \t:*_'.includes(text.charAt(i))) i++;
  if (text.charAt(i) !== '@') return null;
  const start = ++i;
  while (i < text.length && i - start < 39 && LOGIN_CHAR.test(text.charAt(i))) i++;
  const login = text.slice(start, i).replace(/-+$/, '');
  return login.length > 0 && !login.startsWith('-') ? login : null;
}
