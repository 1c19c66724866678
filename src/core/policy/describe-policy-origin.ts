import type { Verdict } from '../verdict.js';
import { formatPolicyError } from './format-policy-errors.js';
import type { PolicyError } from './parse-policy.js';
import { POLICY_PATH } from './schema.js';

/** Shown per proposed file at most; `custody validate` lists them all. */
const MAX_PROPOSED_ERRORS = 10;

/** Where the policy in force came from, for the check summary (never silent about the org). */
export interface PolicyOrigin {
  /** Names of the file read first, then of the one it extends; empty for the built-in defaults. */
  readonly files: readonly string[];
  /** `owner/.github`, the organisation's policy repository. */
  readonly orgRepository: string;
  /** GitHub answered NOT_FOUND for it: it does not exist, or the app is not installed on it. */
  readonly orgUnreadable: boolean;
}

/**
 * The summary's notes about the policy: which sources were used, in the
 * `acme/widgets@main:.github/custody.yml, extends acme/.github` form, and plainly whether the
 * organisation's repository could be read.
 */
export function describePolicyOrigin(origin: PolicyOrigin): string[] {
  const [first, extended] = origin.files;
  const used =
    first === undefined
      ? `Policy: built-in defaults (no ${POLICY_PATH} on the base branch${origin.orgUnreadable ? '' : ` or in ${origin.orgRepository}`})`
      : `Policy: ${first}${extended === undefined ? '' : `, extends ${extended}`}`;
  if (!origin.orgUnreadable) return [used];
  return [
    used,
    `The organisation policy repository ${origin.orgRepository} was not readable (it does not exist, or Custody is not installed on it), so any policy there was not applied. Install Custody on it, or set CUSTODY_REQUIRE_ORG_POLICY=true to fail instead.`,
  ];
}

/** With CUSTODY_REQUIRE_ORG_POLICY=true: why the organisation policy being unreadable fails the check. */
export function describeRequiredOrgPolicy(origin: PolicyOrigin): string | null {
  if (!origin.orgUnreadable) return null;
  return `the organisation policy repository ${origin.orgRepository} is not readable and CUSTODY_REQUIRE_ORG_POLICY=true requires it; install Custody on ${origin.orgRepository}`;
}

/** The errors of the policy file a PR proposes, as notes in `file:line:col` form. */
export function describeProposedPolicy(errors: readonly PolicyError[] | null): string[] {
  if (errors === null || errors.length === 0) return [];
  const more = errors.length - MAX_PROPOSED_ERRORS;
  return [
    `The ${POLICY_PATH} this pull request proposes is invalid (${errors.length} ${errors.length === 1 ? 'error' : 'errors'}); once merged it would fail every check until fixed:`,
    ...errors.slice(0, MAX_PROPOSED_ERRORS).map(formatPolicyError),
    ...(more > 0 ? [`… and ${more} more (\`custody validate ${POLICY_PATH}\` lists them all)`] : []),
  ];
}

/** The verdict with these notes first (where the policy came from reads before the details). */
export function withNotes(verdict: Verdict, notes: readonly string[]): Verdict {
  return notes.length === 0 ? verdict : { ...verdict, notes: [...notes, ...verdict.notes] };
}
