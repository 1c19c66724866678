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
  | 'policy';

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
}

export interface Classification {
  readonly kind: Kind;
  /** Set when kind is `agent` or `automation` and the actor matched an entry (or a synthetic one for unknown bots). */
  readonly agent: AgentRef | null;
  readonly evidence: readonly Evidence[];
}
