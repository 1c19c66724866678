import type { Policy } from './schema.js';

/** Every team a policy names, as `org/slug` spelt as the policy first spells it, in a stable order. */
export function policyTeams(policy: Policy): string[] {
  const teams = new Map<string, string>();
  for (const team of [...policy.approvals.teams, ...policy.paths.flatMap((rule) => rule.teams)]) {
    if (!teams.has(team.toLowerCase())) teams.set(team.toLowerCase(), team);
  }
  return [...teams.values()];
}

/** Whether reviews alone (`authorCanPushToRepository`: write or not) answer what the policy asks. */
export function needsReviewerLookup(policy: Policy): boolean {
  return policy.approvals.permission !== 'write' || policyTeams(policy).length > 0;
}
