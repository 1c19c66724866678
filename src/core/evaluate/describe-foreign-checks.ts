import type { ForeignCheck } from '../snapshot.js';

/**
 * A check named like Custody's that Custody did not write is a way around it: branch protection
 * that requires the check by name alone accepts a `success` from any source, so a writer can post
 * a commit status `custody: success` on an agent's commit. It does not change Custody's verdict;
 * the notes tell the reviewer and the admin to pin the required check to the Custody app.
 */
export function describeForeignChecks(checks: readonly ForeignCheck[]): string[] {
  return checks.map((check) => {
    const what =
      check.kind === 'status'
        ? `A commit status named "${check.name}"${check.by === null ? '' : ` posted by @${check.by}`}${check.state === null ? '' : ` (${check.state})`}`
        : `A check run named "${check.name}" from the app ${check.by ?? 'of another account'}`;
    return `${what} is on this commit and does not come from Custody. Unless branch protection requires "${check.name}" from the Custody app (the required check's expected source), GitHub accepts it in place of this check.`;
  });
}
