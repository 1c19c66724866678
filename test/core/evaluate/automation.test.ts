import { describe, expect, it } from 'vitest';
import { bob, dependabot, dependabotGit, mysteryBot } from '../../builders/identities.js';
import { aSnapshot } from '../../builders/snapshot.js';
import { approvalBy, verdictOf } from './helpers.js';

function dependabotPullRequest() {
  return aSnapshot()
    .openedBy(dependabot)
    .headRef('dependabot/npm_and_yarn/zod-4.6.7')
    .withCommit(dependabotGit, (c) => c.message('Bump zod from 4.6.6 to 4.6.7'))
    .withFiles('package.json', 'package-lock.json')
    .pushedBy(dependabot);
}

describe('a dependabot pull request', () => {
  it('is automation, not gated by default, with no label and no comment', () => {
    const verdict = verdictOf(dependabotPullRequest());
    expect(verdict.state).toBe('not_applicable');
    expect(verdict.automation.map((entry) => entry.id)).toEqual(['dependabot']);
    expect(verdict.agents).toEqual([]);
    expect(verdict.labels).toEqual([]);
    expect(verdict.comment).toBe(false);
    expect(verdict.headline).toBe('No agent involvement');
  });

  it('is gated under applies_to: agents_and_automation, and a human approval satisfies it', () => {
    const policy = { applies_to: 'agents_and_automation' } as const;
    const waiting = verdictOf(dependabotPullRequest().approvedBy(dependabot), policy);
    expect(waiting.state).toBe('waiting');
    expect(approvalBy(waiting, 'dependabot').reason).toBe('automation');
    expect(waiting.labels).toEqual([]);
    expect(verdictOf(dependabotPullRequest().approvedBy(bob.account), policy).state).toBe('satisfied');
  });
});

describe('an uncatalogued Bot account', () => {
  const pr = () => aSnapshot().openedBy(mysteryBot).withCommit(bob.git).pushedBy(mysteryBot);

  it('counts as an agent by default (fail closed)', () => {
    const verdict = verdictOf(pr());
    expect(verdict.state).toBe('waiting');
    expect(verdict.agents.map((agent) => agent.id)).toEqual(['unknown-bot']);
    // Its label names the bot, sanitised.
    expect(verdict.labels).toContain('agent:acme-release-helper');
    expect(verdict.labels).not.toContain('agent:unknown-bot');
  });

  it('counts as automation under unknown_bots: automation', () => {
    expect(verdictOf(pr(), { unknown_bots: 'automation' }).state).toBe('not_applicable');
  });
});
