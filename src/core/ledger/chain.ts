import { hash } from 'node:crypto';
import canonicalize from 'canonicalize';
import type { PrunedRun } from './facts.js';

/**
 * The per-repository hash chain: `hash = sha256(prevHash || canonical(content))` where the
 * content is the entry without its hashes (repository, position, time recorded, fact) in RFC
 * 8785 canonical JSON. The first entry of every chain links to GENESIS_HASH.
 */
export const GENESIS_HASH = '0'.repeat(64);

/** An entry as stored and exported. `fact` stays `unknown` here: a tampered row is still checked. */
export interface ChainEntry<F = unknown> {
  /** The chain: `owner/name`, lower-cased. */
  readonly repo: string;
  /** Position in the repository's chain, from 1. */
  readonly seq: number;
  readonly recordedAt: string;
  readonly prevHash: string;
  readonly hash: string;
  readonly fact: F;
}

/** An entry as stored: the fact still as its canonical JSON text, so verify and export need not parse it. */
export interface StoredEntry {
  readonly repo: string;
  readonly seq: number;
  readonly recordedAt: string;
  readonly prevHash: string;
  readonly hash: string;
  readonly factJson: string;
}

export interface ChainHead {
  readonly repo: string;
  readonly seq: number;
  readonly hash: string;
}

export interface ChainProblem {
  readonly repo: string;
  /** The first position that does not hold. */
  readonly seq: number;
  readonly reason: string;
}

/** RFC 8785 (JCS) canonical JSON. */
export function canonicalJson(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) throw new TypeError('canonicalJson: the value has no JSON form');
  return text;
}

export function hashEntryContent(
  prevHash: string,
  content: { repo: string; seq: number; recordedAt: string; fact: unknown },
): string {
  return hashStoredContent(prevHash, { ...content, factJson: canonicalJson(content.fact) });
}

/**
 * The same hash from the fact's stored canonical text, without parsing it: the canonical
 * form of `{ repo, seq, recordedAt, fact }` is these pieces in JCS key order (strings and
 * integers serialise as JSON.stringify does). Stored text that is not the canonical form the
 * entry was hashed over fails, as any other change does.
 */
export function hashStoredContent(
  prevHash: string,
  content: { repo: string; seq: number; recordedAt: string; factJson: string },
): string {
  const canonical = `{"fact":${content.factJson},"recordedAt":${JSON.stringify(content.recordedAt)},"repo":${JSON.stringify(content.repo)},"seq":${content.seq}}`;
  // One-shot: the same digest as hashing the two strings in turn, without a Hash object per entry.
  return hash('sha256', prevHash + canonical, 'hex');
}

/** Links a new entry after `head` (null: the chain is empty). */
export function chainEntry<F>(
  head: ChainHead | null,
  repo: string,
  recordedAt: string,
  fact: F,
): ChainEntry<F> {
  return linkFact(head, repo, recordedAt, fact).entry;
}

/** The same, with the fact's canonical text the hash was made over (what a row stores: made once). */
export function linkFact<F>(
  head: ChainHead | null,
  repo: string,
  recordedAt: string,
  fact: F,
): { readonly entry: ChainEntry<F>; readonly factJson: string } {
  const seq = (head?.seq ?? 0) + 1;
  const prevHash = head?.hash ?? GENESIS_HASH;
  const factJson = canonicalJson(fact);
  const hash = hashStoredContent(prevHash, { repo, seq, recordedAt, factJson });
  return { entry: { repo, seq, recordedAt, prevHash, fact, hash }, factJson };
}

/** The runs a `prune-summary` fact lists, if this entry is one (read defensively: it may be tampered). */
export function prunedRunsOf(entry: ChainEntry): readonly PrunedRun[] {
  const fact = entry.fact as { kind?: unknown; runs?: unknown } | null;
  if (fact === null || typeof fact !== 'object' || fact.kind !== 'prune-summary') return [];
  return Array.isArray(fact.runs) ? (fact.runs as PrunedRun[]) : [];
}

/**
 * Checks entries one at a time, in chain order per repository (repositories may follow one
 * another or interleave), so a stored chain of any length streams through in constant memory.
 * Pruned runs (from every prune-summary entry) must be known up front to bridge their gaps.
 */
export class ChainVerifier {
  private readonly tips = new Map<string, { seq: number; hash: string }>();
  private readonly runs = new Map<string, Map<number, PrunedRun>>();
  private problem: ChainProblem | null = null;
  private count = 0;

  constructor(pruned: Iterable<{ readonly repo: string; readonly run: PrunedRun }> = []) {
    for (const { repo, run } of pruned) {
      const byStart = this.runs.get(repo) ?? new Map<number, PrunedRun>();
      byStart.set(run.fromSeq, run);
      this.runs.set(repo, byStart);
    }
  }

  /** The first problem found so far; later entries are not checked once one is found. */
  get firstProblem(): ChainProblem | null {
    return this.problem;
  }

  get checked(): number {
    return this.count;
  }

  check(entry: ChainEntry | StoredEntry): ChainProblem | null {
    if (this.problem !== null) return this.problem;
    this.count += 1;
    const tip = this.tips.get(entry.repo) ?? { seq: 0, hash: GENESIS_HASH };
    const fail = (reason: string): ChainProblem => {
      this.problem = { repo: entry.repo, seq: entry.seq, reason };
      return this.problem;
    };
    if (entry.seq <= tip.seq) return fail(`entry ${entry.seq} is out of order (after ${tip.seq})`);
    const expectedPrev = this.bridge(entry.repo, tip, entry.seq);
    if (expectedPrev === null) {
      this.problem = {
        repo: entry.repo,
        seq: tip.seq + 1,
        reason: `entries ${tip.seq + 1}–${entry.seq - 1} are missing and no prune summary accounts for them`,
      };
      return this.problem;
    }
    if (entry.prevHash !== expectedPrev) return fail('its previous hash does not match the entry before it');
    const recomputed =
      'factJson' in entry
        ? hashStoredContent(entry.prevHash, entry)
        : hashEntryContent(entry.prevHash, entry);
    if (recomputed !== entry.hash)
      return fail('its content does not match its hash (changed after it was written)');
    this.tips.set(entry.repo, { seq: entry.seq, hash: entry.hash });
    return null;
  }

  /** After the last entry: every expected head (e.g. the stored chain heads) must be the tip reached. */
  finish(heads: Iterable<ChainHead> = []): ChainProblem | null {
    if (this.problem !== null) return this.problem;
    for (const head of heads) {
      const tip = this.tips.get(head.repo) ?? { seq: 0, hash: GENESIS_HASH };
      if (tip.seq === head.seq && tip.hash === head.hash) continue;
      const bridged = this.bridge(head.repo, tip, head.seq + 1);
      if (bridged === head.hash) continue;
      this.problem = {
        repo: head.repo,
        seq: Math.min(tip.seq + 1, head.seq),
        reason: `the chain ends at entry ${tip.seq} but its head is entry ${head.seq}`,
      };
      return this.problem;
    }
    return null;
  }

  /** The hash the entry at `seq` must link to, crossing pruned runs; null if a gap is unexplained. */
  private bridge(repo: string, tip: { seq: number; hash: string }, seq: number): string | null {
    let at = tip.seq + 1;
    let hash = tip.hash;
    const runs = this.runs.get(repo);
    while (at < seq) {
      const run = runs?.get(at);
      if (run === undefined || run.prevHash !== hash || run.toSeq >= seq) return null;
      hash = run.lastHash;
      at = run.toSeq + 1;
    }
    return hash;
  }
}

/** Verifies a whole chain held in memory (tests, small exports): the first broken entry, or null. */
export function verifyChain(
  entries: readonly ChainEntry[],
  heads: Iterable<ChainHead> = [],
): ChainProblem | null {
  const verifier = new ChainVerifier(
    entries.flatMap((entry) => prunedRunsOf(entry).map((run) => ({ repo: entry.repo, run }))),
  );
  for (const entry of entries) if (verifier.check(entry) !== null) break;
  return verifier.finish(heads);
}
