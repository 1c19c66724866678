import { describe, expect, it } from 'vitest';
import { errorVerdict, evaluate } from '../../../src/core/evaluate/index.js';
import { Snapshot } from '../../../src/core/snapshot.js';
import { alice, bob, claudeCoAuthor, unlinkedGit } from '../../builders/identities.js';
import { aPolicy } from '../../builders/policy.js';
import { aSnapshot } from '../../builders/snapshot.js';
import { claudePullRequest, requirement, verdictOf } from './helpers.js';

describe('inconsistent or odd snapshots', () => {
  it('a snapshot without commits is an error, never a pass', () => {
    const snapshot = claudePullRequest().build();
    const verdict = evaluate({ ...snapshot, commits: [] }, aPolicy());
    expect(verdict.state).toBe('error');
    expect(verdict.headline).toMatch(/lists no commits/);
  });

  it('a head commit missing from the commits is an error (incomplete data)', () => {
    const snapshot = claudePullRequest().build();
    const verdict = evaluate(
      { ...snapshot, pullRequest: { ...snapshot.pullRequest, headSha: 'f'.repeat(40) } },
      aPolicy(),
    );
    expect(verdict.state).toBe('error');
    expect(verdict.requirements[0]?.status).toBe('violated');
  });

  it('odd unicode, empty names and control characters still give a verdict', () => {
    const weird = { name: '', email: '\u202e@\u0000', account: null };
    const verdict = verdictOf(
      aSnapshot()
        .openedBy({ login: 'ﬁ\u200dlé', id: 1, type: 'User' })
        .body('\u0000'.repeat(10) + '🤖'.repeat(1000))
        .headRef('')
        .withCommit(weird, (c) => c.message('').line('Co-authored-by: <>').line('Co-authored-by:'))
        .withCommit(alice.git, (c) => c.coAuthoredBy(claudeCoAuthor).coAuthoredBy(weird))
        .approvedBy({ login: '', id: 0, type: 'User' })
        .approvedBy(bob.account),
    );
    expect(['waiting', 'satisfied']).toContain(verdict.state);
  });

  it('flags commits no account is linked to, and blocks them when the policy says so', () => {
    const pr = () =>
      claudePullRequest().withCommit(unlinkedGit).pushedBy(alice.account).approvedBy(bob.account);
    const flagged = verdictOf(pr());
    expect(flagged.state).toBe('satisfied');
    expect(flagged.notes).toContainEqual(
      expect.stringMatching(/^1 commit has an author or co-author GitHub links to no account/),
    );
    const blocked = verdictOf(pr(), { unattributed_commits: 'block' });
    expect(blocked.state).toBe('blocked');
    expect(requirement(blocked, 'unattributed').status).toBe('violated');
  });

  it('counts a co-author GitHub did not link (a trailer outside the final block) as unattributed', () => {
    // The trailer is only in the message: GitHub resolved no co-author, so none has an account.
    const pr = () =>
      aSnapshot()
        .openedBy(alice.account)
        .withCommit(alice.git, (c) =>
          c.coAuthoredBy(claudeCoAuthor).line('Co-authored-by: Bob <bob@home.example>'),
        )
        .pushedBy(alice.account)
        .approvedBy(bob.account);
    const flagged = verdictOf(pr());
    expect(flagged.chain).toContainEqual(
      expect.objectContaining({ role: 'co-author', actor: 'Bob <bob@home.example>', account: null }),
    );
    expect(flagged.notes).toContainEqual(
      expect.stringMatching(/^1 commit has an author or co-author GitHub links to no account/),
    );
    const blocked = verdictOf(pr(), { unattributed_commits: 'block' });
    expect(blocked.state).toBe('blocked');
    expect(requirement(blocked, 'unattributed').status).toBe('violated');
  });

  it('a review from a snapshot file in input form (defaults applied) is handled', () => {
    const input = claudePullRequest().approvedBy(bob.account).input();
    const verdict = evaluate(Snapshot.parse(JSON.parse(JSON.stringify(input))), aPolicy());
    expect(verdict.state).toBe('satisfied');
  });
});

describe('errorVerdict', () => {
  it('never passes, names the reason and wants nothing published but the check', () => {
    const verdict = errorVerdict(
      { repo: { owner: 'acme', name: 'widgets' }, pullNumber: 7, headSha: 'a'.repeat(40) },
      'the policy file is invalid',
      ['.github/custody.yml:4:3 approvals.count: must be at least 1'],
    );
    expect(verdict).toMatchObject({
      state: 'error',
      headline: 'Custody could not decide: the policy file is invalid',
      labels: [],
      comment: false,
      notes: ['.github/custody.yml:4:3 approvals.count: must be at least 1'],
    });
    expect(verdict.requirements).toEqual([
      {
        id: 'error',
        title: 'Custody can evaluate this pull request',
        status: 'violated',
        satisfiedBy: [],
        missing: 'the policy file is invalid',
      },
    ]);
  });
});
