/**
 * The shapes Custody's outputs take on GitHub: rendered by `core/render`, written as they are by
 * `src/github`, which never renders.
 */

export type CheckRunConclusion = 'success' | 'action_required' | 'failure';

export interface CheckRunOutput {
  readonly conclusion: CheckRunConclusion;
  readonly title: string;
  readonly summary: string;
  readonly text?: string;
}

/** Marks our sticky comment, so the read side can find it again among the PR's comments. */
export const COMMENT_MARKER = '<!-- custody:comment:v1 -->';

/** A label Custody may create, with how it looks. */
export interface LabelSpec {
  readonly name: string;
  readonly color: string;
  readonly description: string;
}

/** The label changes that make a PR carry exactly its wanted managed labels. */
export interface LabelChanges {
  readonly add: readonly LabelSpec[];
  readonly remove: readonly string[];
}

/** Everything one verdict shows on GitHub, rendered and ready to write. */
export interface VerdictOutputs {
  readonly checkRun: CheckRunOutput;
  /** Labels and the reviewer comment; null when only the check run is written. */
  readonly secondary: {
    readonly labels: LabelChanges;
    readonly comment: { readonly wanted: boolean; readonly body: string };
  } | null;
}

/** The repository's custody ledger chain head when the check was written (tamper evidence). */
export interface LedgerHead {
  readonly seq: number;
  readonly hash: string;
}

/** Opens the check run's footer line naming the ledger's chain head: a rewrite need not move it alone. */
export const LEDGER_HEAD_MARKER = '<sub>Custody ledger chain head';
