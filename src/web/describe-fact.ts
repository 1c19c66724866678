import type { Fact, FactOf } from '../core/ledger/facts.js';

/** One ledger fact as a line of the timeline, plain text (the page escapes it). */
export function describeFact(fact: Fact): { readonly what: string; readonly kind: string } {
  const short = (sha: string | null) => (sha === null ? '' : sha.slice(0, 7));
  const who = (account: { readonly login: string } | null) =>
    account === null ? 'someone' : `@${account.login}`;
  switch (fact.kind) {
    case 'push':
      return {
        kind: 'Push',
        what: `${who(fact.pusher)} pushed ${fact.commits.length} commit${fact.commits.length === 1 ? '' : 's'} to ${fact.ref.replace('refs/heads/', '')} (${short(fact.before)} → ${short(fact.after)})${fact.forced ? ', forced' : ''}`,
      };
    case 'synchronize':
      return { kind: 'Head moved', what: `${who(fact.sender)} moved the head to ${short(fact.after)}` };
    case 'pr-opened':
      return {
        kind: 'Opened',
        what: `${who(fact.opener)} opened it from ${fact.headRef} into ${fact.baseRef}`,
      };
    case 'pr-reopened':
      return { kind: 'Reopened', what: `${who(fact.sender)} reopened it` };
    case 'pr-closed':
      return { kind: fact.merged ? 'Closed (merged)' : 'Closed', what: `${who(fact.sender)} closed it` };
    case 'base-changed':
      return {
        kind: 'Base changed',
        what: `${who(fact.sender)} retargeted it from ${fact.from} to ${fact.to}`,
      };
    case 'assignment':
      return {
        kind: fact.assigned ? 'Assigned' : 'Unassigned',
        what: `${who(fact.sender)} ${fact.assigned ? 'assigned' : 'unassigned'} ${who(fact.assignee)}`,
      };
    case 'body-revision':
      return { kind: 'Description', what: `${who(fact.sender)} wrote a revision of the description` };
    case 'delegation':
      return { kind: 'Delegation', what: `${who(fact.delegator)} delegated to ${fact.agent} (${fact.via})` };
    case 'agent-involvement':
      return {
        kind: 'Agent',
        what: `${fact.agent}${fact.commitSha ? ` on ${short(fact.commitSha)}` : ''}: ${fact.evidence}`,
      };
    case 'review':
      return {
        kind: 'Review',
        what: `${who(fact.reviewer)} ${fact.state.toLowerCase().replace('_', ' ')}${fact.commitSha ? ` at ${short(fact.commitSha)}` : ''}`,
      };
    case 'verdict':
      return { kind: 'Verdict', what: `${fact.state} on ${short(fact.headSha)}` };
    case 'merge':
      return { kind: 'Merged', what: `${who(fact.mergedBy)} merged ${short(fact.headSha)}` };
    case 'bypass':
      return {
        kind: 'Bypass',
        what: `${who(fact.mergedBy)} merged ${short(fact.headSha)} without custody: ${fact.missing}`,
      };
    case 'override':
      return {
        kind: 'Override',
        what: `${who(fact.by)} overrode ${short(fact.headSha)} (${describeGrounds(fact.grounds)}): ${fact.reason}`,
      };
    case 'prune-summary':
      return { kind: 'Pruned', what: `${fact.removed} entries pruned after ${fact.retentionDays} days` };
  }
}

/** On what grounds an override was accepted, as recorded. */
function describeGrounds(grounds: FactOf<'override'>['grounds']): string {
  if (grounds === null) return 'grounds not recorded';
  const teams = grounds.teams.length > 0 ? `, ${grounds.teams.join(', ')}` : '';
  return `${grounds.permission}${teams}`;
}
