import type { Account, GitActor } from '../snapshot.js';
import type { Catalogue, CatalogueIdentity } from './build-catalogue.js';
import { classifyAccount, findAccount } from './classify-account.js';
import { classifyUnknownBot } from './classify-unknown-bot.js';
import { clip, type NoreplyAddress, normaliseEmail, normaliseText, parseNoreplyEmail } from './normalise.js';
import type { AgentRef, Classification, Evidence } from './types.js';

/**
 * Classifies a git identity (author, committer or co-author). The account GitHub links to the
 * email is the strongest evidence; without one, a noreply address resolved by its numeric id,
 * then a vendor email, are claims. A display name alone never makes an agent: "Claude Shannon
 * <claude@uni.edu>" is a human.
 *
 * One exception to "the linked account wins", in the fail-closed direction: when GitHub links
 * a vendor email (say `cursoragent@cursor.com`) to an account not in the catalogue, the actor
 * is still the agent, with both facts in the evidence.
 */
export function classifyGitActor(actor: GitActor, catalogue: Catalogue): Classification {
  return analyseGitActor(actor, catalogue).classification;
}

/** A tool mark in a git identity that does not change who the actor is. */
export interface ActorMark {
  readonly agent: AgentRef;
  readonly source: Evidence['source'];
  readonly detail: string;
}

export interface ActorAnalysis {
  readonly classification: Classification;
  /** Aider's `Name (aider)`; a noreply address whose login text names an agent its id does not. */
  readonly marks: readonly ActorMark[];
}

/**
 * classifyGitActor plus the tool marks of the identity, computed once per distinct identity.
 * A caller analysing many actors passes the catalogue's memo (actorMemoFor) to look it up once.
 */
export function analyseGitActor(
  actor: GitActor,
  catalogue: Catalogue,
  memo: ActorMemo = actorMemoFor(catalogue),
): ActorAnalysis {
  const variants = memo.get(actor.email);
  if (variants !== undefined) {
    for (const cached of variants) {
      if (cached.name === actor.name && sameAccount(cached.account, actor.account)) return cached.analysis;
    }
  }
  const analysis: ActorAnalysis = {
    classification: classifyUncached(actor, catalogue),
    marks: findMarks(actor, catalogue),
  };
  const entry: CachedAnalysis = { name: actor.name, account: actor.account, analysis };
  if (variants === undefined) {
    if (memo.size >= MAX_CACHED) memo.clear();
    memo.set(actor.email, [entry]);
  } else if (variants.length < MAX_VARIANTS) {
    // One email under ever more names is not a handful of identities: stop caching it.
    variants.push(entry);
  }
  return analysis;
}

/**
 * Analyses already made with one catalogue. A PR's thousands of commits share a handful of
 * identities: keyed by email, then a short list of (name, account) variants, so one Map
 * lookup per actor. Results are immutable and a function of (actor, catalogue) only, so the
 * memo keeps this pure; it is keyed by the catalogue so it goes when the evaluation does.
 */
export type ActorMemo = Map<string, CachedAnalysis[]>;

export function actorMemoFor(catalogue: Catalogue): ActorMemo {
  let memo = memos.get(catalogue);
  if (memo === undefined) {
    memo = new Map();
    memos.set(catalogue, memo);
  }
  return memo;
}

interface CachedAnalysis {
  readonly name: string;
  readonly account: Account | null;
  readonly analysis: ActorAnalysis;
}

/** Field by field, with no key string built: evidence quotes the login and type, not just the id. */
function sameAccount(a: Account | null, b: Account | null): boolean {
  if (a === null || b === null) return a === b;
  return a.id === b.id && a.login === b.login && a.type === b.type;
}
const memos = new WeakMap<Catalogue, ActorMemo>();
const MAX_CACHED = 20_000;
const MAX_VARIANTS = 8;
const NO_MARKS: readonly ActorMark[] = [];

function findMarks(actor: GitActor, catalogue: Catalogue): readonly ActorMark[] {
  const marks: ActorMark[] = [];
  if (catalogue.nameSuffixes.length > 0) {
    const name = normaliseText(actor.name).trimEnd();
    for (const rule of catalogue.nameSuffixes) {
      if (name.endsWith(rule.text)) {
        marks.push({ agent: rule.agent, source: 'git-name', detail: `git name "${clip(actor.name, 80)}"` });
      }
    }
  }
  const named = findNoreplyLoginClaim(actor.email, catalogue);
  if (named !== null) {
    marks.push({
      agent: named,
      source: 'noreply-email',
      detail: `${clip(actor.email, 80)} names ${named.name} though its id belongs to another account`,
    });
  }
  return marks.length === 0 ? NO_MARKS : marks;
}

function classifyUncached(actor: GitActor, catalogue: Catalogue): Classification {
  const email = normaliseEmail(actor.email);
  const who = `${clip(actor.name, 60)} <${clip(actor.email, 80)}>`;
  if (actor.account !== null) {
    const linked = classifyAccount(actor.account, catalogue);
    if (linked.kind !== 'human') return linked;
    const claim = classifyEmail(email, catalogue);
    if (claim !== null && claim.identity.kind === 'agent') {
      return {
        kind: 'agent',
        agent: claim.identity.agent,
        evidence: [
          { strength: 'claim', source: claim.source, detail: `${who}: ${claim.detail}` },
          ...linked.evidence,
        ],
      };
    }
    return linked;
  }
  const claim = classifyEmail(email, catalogue);
  if (claim !== null) {
    return {
      kind: claim.identity.kind,
      agent: claim.identity.agent,
      evidence: [{ strength: 'claim', source: claim.source, detail: `${who}: ${claim.detail}` }],
    };
  }
  const noreply = parseNoreplyEmail(email);
  if (noreply?.isBotLogin) {
    return classifyUnknownBot(noreply.login, catalogue, { strength: 'claim', source: 'noreply-email', who });
  }
  return {
    kind: 'human',
    agent: null,
    evidence: [
      { strength: 'claim', source: 'email', detail: `${who} is linked to no account; taken as a person` },
    ],
  };
}

interface EmailClaim {
  readonly identity: CatalogueIdentity;
  readonly source: Evidence['source'];
  readonly detail: string;
}

/** What a (normalised) email claims: a noreply address by its id, a vendor email, a policy domain. */
function classifyEmail(email: string, catalogue: Catalogue): EmailClaim | null {
  const noreply = parseNoreplyEmail(email);
  if (noreply !== null) return classifyNoreply(noreply, catalogue);
  const exact = catalogue.emails.get(email);
  if (exact !== undefined) return { identity: exact, source: 'email', detail: emailDetail(exact) };
  const at = email.lastIndexOf('@');
  const domain = at >= 0 ? catalogue.emailDomains.get(email.slice(at + 1)) : undefined;
  if (domain !== undefined) return { identity: domain, source: 'policy', detail: emailDetail(domain) };
  return null;
}

function classifyNoreply(noreply: NoreplyAddress, catalogue: Catalogue): EmailClaim | null {
  if (noreply.id !== null) {
    // GitHub resolves the address by the id, not by the login text (§4 pitfall 8).
    const record = catalogue.accountsById.get(noreply.id);
    if (record === undefined) return null;
    return {
      identity: record,
      source: 'noreply-email',
      detail: `noreply address of id ${noreply.id}, ${label(record)}`,
    };
  }
  const match = findAccount(
    { login: noreply.login, id: null, type: noreply.isBotLogin ? 'Bot' : 'User' },
    catalogue,
  );
  if (match === null) return null;
  return {
    identity: match.record,
    source: 'noreply-email',
    detail: `noreply address of ${label(match.record)}`,
  };
}

/**
 * An agent named by the login text of a noreply address whose id resolves elsewhere, e.g.
 * claude-code-action's `claude[bot] <41898282+claude[bot]@…>`, which GitHub credits to
 * github-actions[bot]. Only logins no person can hold (apps) count; a claim either way.
 */
function findNoreplyLoginClaim(rawEmail: string, catalogue: Catalogue): AgentRef | null {
  const noreply = parseNoreplyEmail(normaliseEmail(rawEmail));
  if (noreply === null || noreply.id === null) return null;
  const candidates = catalogue.accountsByLogin.get(noreply.login);
  // `81847+claude@…` is a person's address (§4 pitfall 7): only `name[bot]` text, which no person
  // can hold, or the text of a Bot login without the suffix (`Copilot`) names an agent.
  const named = candidates?.find(
    (r) => r.kind === 'agent' && (noreply.isBotLogin ? r.type !== 'User' : r.type === 'Bot' && !r.appLogin),
  );
  if (named === undefined || named.agent === null) return null;
  const resolved = catalogue.accountsById.get(noreply.id);
  return resolved?.agent?.id === named.agent.id ? null : named.agent;
}

function label(identity: CatalogueIdentity): string {
  if (identity.kind === 'unknown') return 'GitHub (web-flow), which commits on the author’s behalf';
  return `${identity.kind} ${identity.agent?.name ?? ''}${identity.origin === 'policy' ? ' (policy)' : ''}`;
}

function emailDetail(identity: CatalogueIdentity): string {
  return `email of ${label(identity)}`;
}
