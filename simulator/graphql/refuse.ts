import { GraphQLError } from 'graphql';
import type { Caller } from '../http/auth.js';

/**
 * GitHub's answer to a GraphQL field the caller may not read: the field is null and `errors`
 * holds `type: FORBIDDEN` with its path (the rest of the query still answers). For an
 * installation token that is missing a permission, or write access for lists GitHub keeps
 * to people who can push ("the authenticated user must have write, maintain, or admin
 * privileges on the repository", List repository collaborators).
 */
export function forbiddenField(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { type: 'FORBIDDEN' } });
}

/** The installation's granted permissions (every app holds `metadata: read`); null: any. */
function grantedTo(caller: Caller): Readonly<Record<string, string>> | null {
  if (caller.kind !== 'installation' || caller.app.permissions === null) return null;
  return { metadata: 'read', ...caller.app.permissions };
}

/**
 * `Repository.collaborators`: refused unless the caller can push, which for an installation we
 * take as write on contents or pull requests (GitHub documents only `metadata: read` for
 * installation tokens, and the push-access rule for people).
 */
export function requireCollaboratorsAccess(caller: Caller): void {
  const granted = grantedTo(caller);
  if (granted === null || granted.contents === 'write' || granted.pull_requests === 'write') return;
  throw forbiddenField('You do not have permission to view repository collaborators.');
}

/** `Organization.team` and its members: refused without the `members` organisation permission. */
export function requireMembersAccess(caller: Caller): void {
  const granted = grantedTo(caller);
  if (granted === null || granted.members === 'read' || granted.members === 'write') return;
  throw forbiddenField('Resource not accessible by integration');
}
