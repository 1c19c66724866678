import { type Caller, requirePermission } from '../http/auth.js';

/**
 * The permission each endpoint needs from an installation token, as GitHub documents it
 * ("Fine-grained access tokens / GitHub Apps" on each endpoint). Any one listed scope at the
 * level is enough; `metadata: read` is granted to every app. Endpoints not listed need none
 * beyond that (app-JWT endpoints, users, rate limit).
 */
const RULES: Readonly<Record<string, readonly ['read' | 'write', ...string[]]>> = {
  'POST /repos/:owner/:repo/check-runs': ['write', 'checks'],
  'PATCH /repos/:owner/:repo/check-runs/:id': ['write', 'checks'],
  'POST /repos/:owner/:repo/check-runs/:id/rerequest': ['write', 'checks'],
  'GET /repos/:owner/:repo/check-runs/:id': ['read', 'checks'],
  'GET /repos/:owner/:repo/commits/:ref/check-runs': ['read', 'checks'],
  'GET /repos/:owner/:repo/commits/:ref/check-suites': ['read', 'checks'],
  'GET /repos/:owner/:repo/labels': ['read', 'issues', 'pull_requests'],
  'GET /repos/:owner/:repo/labels/:name': ['read', 'issues', 'pull_requests'],
  'POST /repos/:owner/:repo/labels': ['write', 'issues', 'pull_requests'],
  'PATCH /repos/:owner/:repo/labels/:name': ['write', 'issues', 'pull_requests'],
  'GET /repos/:owner/:repo/issues/:number/labels': ['read', 'issues', 'pull_requests'],
  'POST /repos/:owner/:repo/issues/:number/labels': ['write', 'issues', 'pull_requests'],
  'PUT /repos/:owner/:repo/issues/:number/labels': ['write', 'issues', 'pull_requests'],
  'DELETE /repos/:owner/:repo/issues/:number/labels/:name': ['write', 'issues', 'pull_requests'],
  'GET /repos/:owner/:repo/issues/:number/comments': ['read', 'issues', 'pull_requests'],
  'POST /repos/:owner/:repo/issues/:number/comments': ['write', 'issues', 'pull_requests'],
  'GET /repos/:owner/:repo/issues/comments/:id': ['read', 'issues', 'pull_requests'],
  'PATCH /repos/:owner/:repo/issues/comments/:id': ['write', 'issues', 'pull_requests'],
  'DELETE /repos/:owner/:repo/issues/comments/:id': ['write', 'issues', 'pull_requests'],
  'GET /repos/:owner/:repo/contents/*path': ['read', 'contents'],
  'GET /repos/:owner/:repo/commits/:ref': ['read', 'contents'],
  'GET /orgs/:org/teams/:slug/memberships/:username': ['read', 'members'],
  'GET /repos/:owner/:repo/pulls': ['read', 'pull_requests'],
  'GET /repos/:owner/:repo/pulls/:number': ['read', 'pull_requests'],
  'GET /repos/:owner/:repo/pulls/:number/reviews': ['read', 'pull_requests'],
  'GET /repos/:owner/:repo/pulls/:number/files': ['read', 'pull_requests'],
  'GET /repos/:owner/:repo/commits/:sha/pulls': ['read', 'pull_requests', 'contents'],
};

/** Refuse the request (403) when the caller's installation lacks the endpoint's permission. */
export function checkPermission(caller: Caller, method: string, route: string): void {
  const rule = RULES[`${method} ${route}`];
  if (!rule) return;
  const [level, ...scopes] = rule;
  requirePermission(caller, level, ...scopes);
}
