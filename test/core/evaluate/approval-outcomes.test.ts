import { describe, expect, it } from 'vitest';
import type { Account } from '../../../src/core/snapshot.js';
import { bob, carol } from '../../builders/identities.js';
import { approvalBy, claudePullRequest, verdictOf } from './helpers.js';

/**
 * Every approval a reviewer sees listed: which ones, in what order, and the reason given for
 * each one that does not count. A reviewer acts on that reason (ask someone else, re-approve,
 * grant access), so a wrong or empty one is a bug even when the verdict is right.
 */

const user = (login: string, id: number | null): Account => ({ login, id, type: 'User' });
const logins = (approvals: readonly { reviewer: Account | null }[]) =>
  approvals.map((a) => a.reviewer?.login ?? '(ghost)');

describe('which approvals are listed, in which order', () => {
  it('a deleted account requesting changes lists nothing; one approving is listed as unidentifiable', () => {
    const verdict = verdictOf(
      claudePullRequest()
        .reviewedBy(null, 'CHANGES_REQUESTED')
        .reviewedBy(null, 'DISMISSED')
        .approvedBy(bob.account),
    );
    expect(logins(verdict.approvals)).toEqual(['bob']);
    const ghost = verdictOf(claudePullRequest().approvedBy(null)).approvals[0];
    expect(ghost).toMatchObject({ reviewer: null, counted: false, reason: 'unknown-account' });
    expect(ghost?.detail).toBe('A deleted account (ghost) approved; it cannot be identified');
  });

  it('approvals are listed in the order they were given, ghosts included', () => {
    const verdict = verdictOf(
      claudePullRequest().approvedBy(carol.account).approvedBy(null).approvedBy(bob.account).approvedBy(null),
    );
    expect(logins(verdict.approvals)).toEqual(['carol', '(ghost)', 'bob', '(ghost)']);
  });

  it('two reviewers without an id are two reviewers, each listed and neither counted', () => {
    const verdict = verdictOf(claudePullRequest().approvedBy(user('mx', null)).approvedBy(user('my', null)));
    expect(logins(verdict.approvals)).toEqual(['mx', 'my']);
    expect(approvalBy(verdict, 'mx')).toMatchObject({
      counted: false,
      reason: 'unknown-account',
      detail: '@mx is not an identifiable human account (User)',
    });
    expect(verdict.state).toBe('waiting');
  });
});

describe('the reason given for each approval', () => {
  it('a User account the catalogue does not call human (web-flow) never counts', () => {
    const webFlowUser = user('web-flow', 19864447);
    const verdict = verdictOf(claudePullRequest().approvedBy(webFlowUser).withAccess(webFlowUser, 'admin'));
    expect(approvalBy(verdict, 'web-flow')).toMatchObject({
      counted: false,
      reason: 'unknown-account',
      detail: '@web-flow is not an identifiable human account (User)',
    });
    expect(verdict.state).toBe('waiting');
  });

  it('an account the policy names as automation is named with its entry', () => {
    const releaser = user('release-captain', 777001);
    const verdict = verdictOf(claudePullRequest().approvedBy(releaser).withAccess(releaser, 'write'), {
      automation: { logins: ['release-captain'] },
    });
    const outcome = approvalBy(verdict, 'release-captain');
    expect(outcome).toMatchObject({ counted: false, reason: 'automation' });
    expect(outcome.detail).toMatch(
      /^@release-captain is automation \((?!automation\)).+\); automation approvals never count$/,
    );
  });

  it('a Bot account the catalogue calls neither agent nor automation says it is a Bot', () => {
    const webFlowBot: Account = { login: 'web-flow', id: 19864447, type: 'Bot' };
    expect(approvalBy(verdictOf(claudePullRequest().approvedBy(webFlowBot)), 'web-flow').detail).toBe(
      '@web-flow is a Bot account; bot approvals never count',
    );
  });

  it('an approval followed by a request for changes is superseded, and says so', () => {
    const verdict = verdictOf(
      claudePullRequest().approvedBy(bob.account).reviewedBy(bob.account, 'CHANGES_REQUESTED'),
    );
    expect(approvalBy(verdict, 'bob')).toMatchObject({
      counted: false,
      reason: 'superseded',
      detail: '@bob later requested changes or had the approval dismissed',
    });
  });

  it('an approval whose permission GitHub did not give says it is unknown', () => {
    const verdict = verdictOf(claudePullRequest().approvedBy(bob.account).withoutAccessData());
    expect(approvalBy(verdict, 'bob')).toMatchObject({
      counted: false,
      reason: 'permission',
      detail: "@bob's permission on the repository is unknown, so it cannot count",
    });
  });

  it('a counted approval names the commit and the access it counted with', () => {
    const snapshot = claudePullRequest().approvedBy(bob.account).withAccess(bob.account, 'maintain');
    const verdict = verdictOf(snapshot);
    const head = snapshot.build().pullRequest.headSha;
    expect(approvalBy(verdict, 'bob')).toMatchObject({
      counted: true,
      detail: `@bob approved ${head.slice(0, 7)} (maintain access)`,
    });
  });

  it('an approval naming no commit cannot be tied to the head', () => {
    const snapshot = claudePullRequest().approvedBy(bob.account, null);
    const head = snapshot.build().pullRequest.headSha;
    expect(approvalBy(verdictOf(snapshot), 'bob')).toMatchObject({
      counted: false,
      reason: 'stale',
      detail: `@bob's approval names no commit, so it cannot be tied to the head ${head.slice(0, 7)}`,
    });
  });

  it('under agent_push, an approval of a commit force-pushed out of the pull request never counts', () => {
    const gone = 'f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0';
    const verdict = verdictOf(claudePullRequest().approvedBy(bob.account, { sha: gone }), {
      invalidation: 'agent_push',
    });
    expect(approvalBy(verdict, 'bob')).toMatchObject({
      counted: false,
      reason: 'stale',
      detail: '@bob approved f0f0f0f, which is no longer in this pull request',
    });
    expect(verdict.state).toBe('waiting');
  });
});
