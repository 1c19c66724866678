/**
 * Words of the identity layer. Every classification says what kind of actor something is,
 * which agent when it is one, and the evidence, each piece graded by how hard it is to forge.
 */
export type Kind = 'human' | 'agent' | 'automation' | 'unknown';

/**
 * How strong a piece of evidence is, strongest first:
 * - `account`: an API identity (numeric id, login, account type) GitHub vouches for;
 * - `signature`: a verified signature;
 * - `claim`: text anyone can write (git email, trailer, footer);
 * - `hint`: circumstantial (PR-body marker, head-branch prefix).
 */
export type EvidenceStrength = 'account' | 'signature' | 'claim' | 'hint';
export const EVIDENCE_STRENGTHS: readonly EvidenceStrength[] = ['account', 'signature', 'claim', 'hint'];

export type EvidenceSource =
  | 'account-id'
  | 'login'
  | 'account-type'
  | 'noreply-email'
  | 'email'
  | 'trailer'
  | 'footer'
  | 'body-marker'
  | 'branch-prefix'
  | 'signature'
  | 'policy'
  /** A tool-written mark in a git name, e.g. Aider's `Alice (aider)`. */
  | 'git-name';

export interface Evidence {
  readonly strength: EvidenceStrength;
  readonly source: EvidenceSource;
  /** Human-readable: what was seen, e.g. `login Copilot (id 198982749)` or `trailer Co-authored-by: Claude <noreply@anthropic.com>`. */
  readonly detail: string;
}

/** A catalogue entry's identity as it appears in verdicts and labels. */
export interface AgentRef {
  /** Stable, label-safe id, e.g. `claude`, `copilot`, `devin`. */
  readonly id: string;
  /** Display name, e.g. `Claude Code`. */
  readonly name: string;
  /** For a bot missing from the catalogue: its login, which its label names. */
  readonly login?: string;
}

export interface Classification {
  readonly kind: Kind;
  /** Set when kind is `agent` or `automation` and the actor matched an entry (or a synthetic one for unknown bots). */
  readonly agent: AgentRef | null;
  readonly evidence: readonly Evidence[];
}

/** Account types a catalogue entry can pin (others never match a catalogue account). */
export type CatalogueAccountType = 'Bot' | 'User';

/** One GitHub account of a catalogue entry. */
export interface CatalogueAccount {
  /** Login as REST shows it (apps end in `[bot]`); null when only the numeric id is known. */
  readonly login: string | null;
  /** Other logins the same account shows on some surface (the GraphQL form is derived: `[bot]` dropped). */
  readonly aliases?: readonly string[];
  /** Numeric id; the strongest identity. Null when no source gave one (never invented). */
  readonly id: number | null;
  /** Null when the research does not say (then a login match ignores the type). */
  readonly type: CatalogueAccountType | null;
}

/** A name + email pair as an agent writes it in a `Co-authored-by` trailer (the email decides). */
export interface CoAuthorIdentity {
  readonly name: string;
  readonly email: string;
}

/** A trailer that marks an agent by its key, optionally only when its value starts with `value`. */
export interface TrailerSignal {
  readonly key: string;
  readonly value?: string;
}

/**
 * An AI agent in the catalogue. Every list is optional; adding an agent is one entry of data.
 * Text signals are compared case-insensitively after NFKC normalisation.
 */
export interface AgentEntry {
  /** Stable, label-safe id (`agent:<id>`). */
  readonly id: string;
  readonly name: string;
  /** The research row(s) this entry comes from, with the confidence grade (V/E/T/G). */
  readonly source: string;
  readonly accounts?: readonly CatalogueAccount[];
  /** Git emails that only this agent writes (exact). Noreply forms belong in `accounts`/`coAuthors`. */
  readonly emails?: readonly string[];
  /** Co-author trailer identities the agent writes; their emails (or noreply ids) identify it. */
  readonly coAuthors?: readonly CoAuthorIdentity[];
  /** Trailers whose key (and optional value prefix) belong to this agent alone. */
  readonly trailers?: readonly TrailerSignal[];
  /** Words naming the tool inside AI-disclosure trailers (`Assisted-by: Claude:claude-3-opus`). */
  readonly toolNames?: readonly string[];
  /** Text in a commit message (also looked for in PR bodies), e.g. `Generated with [Claude Code]`. */
  readonly footers?: readonly string[];
  /** Text a commit message starts with, e.g. Aider's `aider: `. */
  readonly messagePrefixes?: readonly string[];
  /** Text a git author/committer name ends with, e.g. ` (aider)`. */
  readonly nameSuffixes?: readonly string[];
  /** Text in a PR body (a hint). */
  readonly bodyMarkers?: readonly string[];
  /** Head-branch prefixes (a hint). */
  readonly branchPrefixes?: readonly string[];
  /** Phrases in a PR body followed by `@login` naming the human who requested the work. */
  readonly requesterPhrases?: readonly string[];
}

/** Non-AI automation (dependabot, renovate, …): never an approver, not agent involvement. */
export interface AutomationEntry {
  readonly id: string;
  readonly name: string;
  readonly source: string;
  readonly accounts: readonly CatalogueAccount[];
  readonly emails?: readonly string[];
}
