import type { OverriderAccess } from '../core/evaluate/decide-override.js';
import type { Policy } from '../core/policy/schema.js';
import { fetchAccountAccess } from './fetch-reviewer-access.js';
import type { GraphqlOctokit } from './octokit-types.js';

/**
 * A would-be overrider's repository permission and which of the policy's `overrides.teams`
 * they belong to, as the installation's token sees them (never the user's own token): the
 * reviewer-access lookup, for one account. Matched by numeric id when given, else by login.
 */
export async function fetchOverriderAccess(
  octokit: GraphqlOctokit,
  repo: { readonly owner: string; readonly name: string },
  account: { readonly login: string; readonly id: number | null },
  policy: Policy,
): Promise<OverriderAccess> {
  const [access] = await fetchAccountAccess(
    octokit,
    repo,
    [{ login: account.login, id: account.id, permission: 'none', teams: [] }],
    { teams: policy.overrides.teams, permission: true },
  );
  return { permission: access?.permission ?? 'none', teams: access?.teams ?? [] };
}
