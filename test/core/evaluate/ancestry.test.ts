import { describe, expect, it } from 'vitest';
import { evaluate } from '../../../src/core/evaluate/index.js';
import { traceAncestry } from '../../../src/core/evaluate/trace-ancestry.js';
import type { Commit, Snapshot } from '../../../src/core/snapshot.js';
import { alice, bob, claudeCoAuthor } from '../../builders/identities.js';
import { aPolicy } from '../../builders/policy.js';
import { aSnapshot, fakeSha } from '../../builders/snapshot.js';
import { approvalBy } from './helpers.js';

const sha = (n: number): string => fakeSha(n, 77);

function commit(n: number, ...parents: number[]): Commit {
  return {
    sha: sha(n),
    parents: parents.map(sha),
    author: alice.git,
    committer: alice.git,
    coAuthors: [],
    message: `Change ${n}`,
    signature: null,
  };
}

describe('the ancestry of a pull request’s commits', () => {
  //   0 ─ 1 ─ 3 (merge of 1 and 2) ─ 4
  //    └─ 2 ┘
  const diamond = [commit(0), commit(1, 0), commit(2, 0), commit(3, 1, 2), commit(4, 3)];

  it('contains the commit itself and every ancestor, through both sides of a merge', () => {
    const ancestry = traceAncestry(diamond);
    expect([...ancestry.ancestorsOf(sha(4))].sort()).toEqual([0, 1, 2, 3, 4].map(sha).sort());
    expect([...ancestry.ancestorsOf(sha(3))].sort()).toEqual([0, 1, 2, 3].map(sha).sort());
  });

  it('does not contain siblings or descendants', () => {
    const ancestry = traceAncestry(diamond);
    expect([...ancestry.ancestorsOf(sha(2))].sort()).toEqual([0, 2].map(sha).sort());
    expect([...ancestry.ancestorsOf(sha(0))]).toEqual([sha(0)]);
  });

  it('is the same when asked twice, whatever was asked in between', () => {
    const ancestry = traceAncestry(diamond);
    const before = [...ancestry.ancestorsOf(sha(1))].sort();
    ancestry.ancestorsOf(sha(4));
    expect([...ancestry.ancestorsOf(sha(1))].sort()).toEqual(before);
    expect(before).toEqual([0, 1].map(sha).sort());
  });

  it('does not follow parents outside the pull request (the base branch behind a merge)', () => {
    const base = fakeSha(500, 3);
    const ancestry = traceAncestry([commit(0), { ...commit(1, 0), parents: [sha(0), base] }]);
    expect([...ancestry.ancestorsOf(sha(1))].sort()).toEqual([0, 1].map(sha).sort());
    expect(ancestry.includes(base)).toBe(false);
  });

  it('knows which commits belong to the pull request, in any listed order', () => {
    const ancestry = traceAncestry([...diamond].reverse());
    for (const n of [0, 1, 2, 3, 4]) expect(ancestry.includes(sha(n))).toBe(true);
    expect(ancestry.includes(sha(5))).toBe(false);
    expect([...ancestry.ancestorsOf(sha(4))]).toHaveLength(5);
  });

  it('walks a 10,000-commit chain without overflowing the stack', () => {
    const chain = Array.from({ length: 10_000 }, (_, n) => (n === 0 ? commit(0) : commit(n, n - 1)));
    expect(traceAncestry(chain).ancestorsOf(sha(9_999)).size).toBe(10_000);
  });
});

describe('under agent_push, an approval of a merge', () => {
  /** alice's 0, then Claude-assisted 1 on a side branch, merged by alice in 2; bob approves. */
  function sideBranch(approved: 'merge' | 'before-merge'): Snapshot {
    const built = aSnapshot()
      .openedBy(alice.account)
      .withCommit(alice.git)
      .withCommit(alice.git, (c) => c.coAuthoredBy(claudeCoAuthor))
      .withCommit(alice.git, (c) => c.message('Merge the side branch'))
      .withCommit(alice.git, (c) => c.message('Tidy up'))
      .pushedBy(alice.account)
      .build();
    const [first, agent, merge, head] = built.commits as [Commit, Commit, Commit, Commit];
    // The agent commit sits on a side branch off the first commit; the merge joins it back.
    const commits = [
      first,
      { ...agent, parents: [first.sha] },
      { ...merge, parents: [first.sha, agent.sha] },
      { ...head, parents: [merge.sha] },
    ];
    const onSha = approved === 'merge' ? merge.sha : first.sha;
    const reviews = [
      {
        id: 'PRR_1',
        author: bob.account,
        state: 'APPROVED' as const,
        commitSha: onSha,
        submittedAt: '2026-11-01T12:00:00.000Z',
        authorAssociation: 'MEMBER',
      },
    ];
    const reviewerAccess = [{ login: 'bob', id: bob.account.id, permission: 'write' as const, teams: [] }];
    return { ...built, commits, reviews, reviewerAccess };
  }

  it('stands when the agent commit came in through that merge', () => {
    const verdict = evaluate(sideBranch('merge'), aPolicy({ invalidation: 'agent_push' }));
    expect(approvalBy(verdict, 'bob')).toMatchObject({ counted: true, reason: null });
    expect(verdict.state).toBe('satisfied');
  });

  it('is stale when the approved commit does not contain the agent commit', () => {
    const verdict = evaluate(sideBranch('before-merge'), aPolicy({ invalidation: 'agent_push' }));
    expect(approvalBy(verdict, 'bob')).toMatchObject({ counted: false, reason: 'stale' });
    expect(verdict.state).toBe('waiting');
  });
});
