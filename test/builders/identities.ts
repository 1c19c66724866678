import type { Account, GitActor } from '../../src/core/snapshot.js';

/**
 * Real identity shapes, as GitHub's GraphQL API reports them (logins without the `[bot]`
 * suffix REST adds). Numeric ids and emails come from docs/research/agent-identities.md.
 */

const bot = (login: string, id: number): Account => ({ login, id, type: 'Bot' });
const noreply = (id: number, login: string): string => `${id}+${login}@users.noreply.github.com`;

/** A person: an account and the git identity GitHub links to it (privacy noreply email). */
export interface Human {
  readonly account: Account;
  readonly git: GitActor;
}

export function human(login: string, id: number, name = login[0]!.toUpperCase() + login.slice(1)): Human {
  const account: Account = { login, id, type: 'User' };
  return { account, git: { name, email: noreply(id, login), account } };
}

export const alice = human('alice', 583231, 'Alice Liddell');
export const bob = human('bob', 1024025, 'Bob Marley');
export const carol = human('carol', 2345671, 'Carol Shaw');
export const dave = human('dave', 3456789, 'Dave Cutler');
export const erin = human('erin', 4567890, 'Erin Catto');
/** A human whose display name collides with an agent's ("Claude Shannon <claude@uni.edu>"). */
export const claudeShannon: Human = {
  account: { login: 'cshannon', id: 5551212, type: 'User' },
  git: { name: 'Claude', email: 'claude@uni.edu', account: { login: 'cshannon', id: 5551212, type: 'User' } },
};
export const HUMANS: readonly Human[] = [alice, bob, carol, dave, erin];

/** Copilot coding agent: REST `Copilot` (type Bot, id 198982749), GraphQL `copilot-swe-agent`. */
export const copilotAgent = bot('Copilot', 198982749);
export const copilotAgentGit: GitActor = {
  name: 'copilot-swe-agent[bot]',
  email: noreply(198982749, 'Copilot'),
  account: bot('copilot-swe-agent', 198982749),
};
/** Copilot code review: reviews as `copilot-pull-request-reviewer[bot]`, id 175728472. */
export const copilotReviewer = bot('copilot-pull-request-reviewer', 175728472);
export const coderabbit = bot('coderabbitai', 136622811);
export const devin = bot('devin-ai-integration', 158243242);
export const devinGit: GitActor = {
  name: 'devin-ai-integration[bot]',
  email: noreply(158243242, 'devin-ai-integration[bot]'),
  account: devin,
};
export const claudeApp = bot('claude', 209825114);
export const jules = bot('google-labs-jules', 161369871);
/** An app nobody catalogued: counts as an agent unless the policy says `unknown_bots: automation`. */
export const mysteryBot = bot('acme-release-helper', 99887766);

export const dependabot = bot('dependabot', 49699333);
export const dependabotGit: GitActor = {
  name: 'dependabot[bot]',
  email: noreply(49699333, 'dependabot[bot]'),
  account: dependabot,
};

/** GitHub's committer for web edits, merges and app commits; neither agent nor automation. */
export const webFlowGit: GitActor = {
  name: 'GitHub',
  email: 'noreply@github.com',
  account: { login: 'web-flow', id: 19864447, type: 'User' },
};

/** Claude Code's default co-author trailer value (model name inside the name). */
export const CLAUDE_TRAILER = 'Co-Authored-By: Claude Opus 4.6 <noreply@anthropic.com>';
export const claudeCoAuthor: GitActor = {
  name: 'Claude Opus 4.6',
  email: 'noreply@anthropic.com',
  account: null,
};
export const CLAUDE_FOOTER = '🤖 Generated with [Claude Code](https://claude.com/claude-code)';

/** A git identity GitHub links to no account (a laptop's default config). */
export const unlinkedGit: GitActor = { name: 'build', email: 'build@localhost.localdomain', account: null };

export function coAuthorTrailer(actor: GitActor): string {
  return `Co-authored-by: ${actor.name} <${actor.email}>`;
}
