import type { PolicyError } from './parse-policy.js';

/**
 * One line per error, in the `file:line:column` form editors and terminals link to:
 * `.github/custody.yml:4:3 approvals.count: must be at least 1 (got 0): …`.
 */
export function formatPolicyError(error: PolicyError): string {
  const where = [error.file, error.line, error.line === null ? null : error.column]
    .filter((part) => part !== null)
    .join(':');
  return error.path === '' ? `${where} ${error.message}` : `${where} ${error.path}: ${error.message}`;
}

export function formatPolicyErrors(errors: readonly PolicyError[]): string {
  return errors.map(formatPolicyError).join('\n');
}
