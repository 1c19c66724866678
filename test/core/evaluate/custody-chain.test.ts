import { describe, expect, it } from 'vitest';
import { evaluate } from '../../../src/core/evaluate/index.js';
import type { GitActor, Snapshot } from '../../../src/core/snapshot.js';
import type { ChainRow } from '../../../src/core/verdict.js';
import {
  alice,
  bob,
  CLAUDE_FOOTER,
  carol,
  claudeCoAuthor,
  coderabbit,
  copilotReviewer,
  devin,
  devinGit,
  unlinkedGit,
  webFlowGit,
} from '../../builders/identities.js';
import { aPolicy } from '../../builders/policy.js';
import { aSnapshot, type SnapshotBuilder } from '../../builders/snapshot.js';

/** The chain as a reviewer reads it: role, who, on which commit, what they are. */
function chainOf(builder: SnapshotBuilder): { snapshot: Snapshot; rows: readonly ChainRow[] } {
  const snapshot = builder.build();
  return { snapshot, rows: evaluate(snapshot, aPolicy()).chain };
}

function summary(row: ChainRow): [string, string, string | null, string, string | null] {
  return [row.role, row.actor, row.commitSha, row.kind, row.agent?.id ?? null];
}

/** Devin opened it for carol, alice is assigned; Devin and alice (with Claude) committed. */
function delegatedDevinPullRequest(): SnapshotBuilder {
  return aSnapshot()
    .openedBy(devin)
    .assignedTo(alice.account)
    .body('Requested by: @carol\n\nLink to Devin run: https://app.devin.ai/sessions/abc')
    .headRef('devin/1234-fix-retry')
    .withCommit(devinGit, (c) =>
      c.committedBy(webFlowGit).line('Agent-Logs-Url: https://github.com/acme/widgets/tasks/1'),
    )
    .withCommit(alice.git, (c) => c.coAuthoredBy(claudeCoAuthor).line(CLAUDE_FOOTER))
    .pushedBy(devin)
    .reviewedBy(coderabbit, 'COMMENTED', 0)
    .reviewedBy(copilotReviewer, 'COMMENTED', null)
    .approvedBy(bob.account)
    .approvedBy(null);
}

describe('the custody chain', () => {
  it('lists PR-level roles, then each commit, then the pusher and the agents that reviewed', () => {
    const { snapshot, rows } = chainOf(delegatedDevinPullRequest());
    const [first, head] = snapshot.commits.map((commit) => commit.sha);
    expect(rows.map(summary)).toEqual([
      ['opener', '@devin-ai-integration', null, 'agent', 'devin'],
      ['assignee', '@alice', null, 'human', null],
      ['requester', '@carol', null, 'human', null],
      ['marker', 'Devin', null, 'agent', 'devin'],
      ['marker', 'Devin', null, 'agent', 'devin'],
      ['author', '@devin-ai-integration', first, 'agent', 'devin'],
      ['committer', '@web-flow', first, 'unknown', null],
      ['trailer', 'GitHub Copilot', first, 'agent', 'copilot'],
      ['author', '@alice', head, 'human', null],
      ['co-author', 'Claude Opus 4.6 <noreply@anthropic.com>', head, 'agent', 'claude'],
      ['marker', 'Claude Code', head, 'agent', 'claude'],
      ['pusher', '@devin-ai-integration', head, 'agent', 'devin'],
      ['reviewer', '@coderabbitai', first, 'agent', 'coderabbit'],
      // Reviewed no commit GitHub still knows of.
      ['reviewer', '@copilot-pull-request-reviewer', null, 'agent', 'copilot'],
    ]);
  });

  it('links account rows to the account and git rows to the linked account, if any', () => {
    const { rows } = chainOf(delegatedDevinPullRequest());
    const opener = rows.find((row) => row.role === 'opener');
    expect(opener?.account).toEqual(devin);
    expect(opener?.evidence.map((evidence) => evidence.source)).toEqual(['account-id']);
    const alicesCommit = rows.find((row) => row.role === 'author' && row.actor === '@alice');
    expect(alicesCommit?.account).toEqual(alice.account);
    const coAuthor = rows.find((row) => row.role === 'co-author');
    expect(coAuthor?.account).toBeNull();
    for (const row of rows.filter((entry) => entry.role === 'marker' || entry.role === 'trailer')) {
      expect(row.account).toBeNull();
      expect(row.evidence).toHaveLength(1);
    }
    const sources = rows
      .filter((row) => row.role === 'marker' || row.role === 'trailer')
      .map((row) => row.evidence[0]?.source);
    expect(sources).toEqual(['body-marker', 'branch-prefix', 'trailer', 'footer']);
  });

  it('names the requester as a hint from the body, never as an account', () => {
    const { rows } = chainOf(delegatedDevinPullRequest());
    expect(rows.filter((row) => row.role === 'requester')).toEqual([
      {
        commitSha: null,
        role: 'requester',
        actor: '@carol',
        account: null,
        kind: 'human',
        agent: null,
        evidence: [
          { strength: 'hint', source: 'body-marker', detail: 'named as the requester in the PR body' },
        ],
      },
    ]);
  });

  it('lists assignees only when an agent opened the PR (they delegated to it)', () => {
    const { rows } = chainOf(
      aSnapshot().openedBy(carol.account).assignedTo(alice.account).withCommit(carol.git),
    );
    expect(rows.map(summary)).toEqual([
      ['opener', '@carol', null, 'human', null],
      ['author', '@carol', expect.any(String), 'human', null],
    ]);
  });

  it('has no opener, pusher or reviewer rows when GitHub reported none', () => {
    const { rows } = chainOf(aSnapshot().openedBy(null).withCommit(alice.git).approvedBy(null));
    expect(rows.map((row) => row.role)).toEqual(['author']);
  });

  it('does not list human reviewers (their approvals are judged, not chained)', () => {
    const { rows } = chainOf(
      aSnapshot().openedBy(alice.account).withCommit(alice.git).reviewedBy(bob.account, 'COMMENTED'),
    );
    expect(rows.some((row) => row.role === 'reviewer')).toBe(false);
  });
});

describe('a commit committed by its author', () => {
  const committerRows = (author: GitActor, committer: GitActor): number =>
    chainOf(
      aSnapshot()
        .openedBy(alice.account)
        .withCommit(author, (c) => c.committedBy(committer)),
    ).rows.filter((row) => row.role === 'committer').length;

  it('has no committer row, whatever case GitHub reports the login in', () => {
    const shouting: GitActor = { ...alice.git, account: { ...alice.account, login: 'ALICE' } };
    expect(committerRows(alice.git, shouting)).toBe(0);
  });

  it('has no committer row after a rename: the account id is the person', () => {
    const renamed: GitActor = {
      name: 'Alice L.',
      email: 'alice@example.com',
      account: { ...alice.account, login: 'alice-liddell' },
    };
    expect(committerRows(alice.git, renamed)).toBe(0);
  });

  it('has a committer row for another account, even with the same name and email', () => {
    const impostor: GitActor = { ...alice.git, account: bob.account };
    expect(committerRows(alice.git, impostor)).toBe(1);
  });

  it('compares logins when an account has no id, in any case', () => {
    const noId = (login: string): GitActor => ({ ...alice.git, account: { login, id: null, type: 'User' } });
    expect(committerRows(noId('alice'), noId('Alice'))).toBe(0);
    expect(committerRows(noId('alice'), noId('alicia'))).toBe(1);
    expect(committerRows(alice.git, noId('alice'))).toBe(0);
    expect(committerRows(noId('alice'), alice.git)).toBe(0);
    expect(committerRows(alice.git, noId('bob'))).toBe(1);
  });

  it('compares name and email for identities GitHub links to no account', () => {
    const upper: GitActor = { ...unlinkedGit, email: unlinkedGit.email.toUpperCase() };
    expect(committerRows(unlinkedGit, upper)).toBe(0);
    expect(committerRows(unlinkedGit, { ...unlinkedGit, name: 'deploy' })).toBe(1);
    expect(committerRows(unlinkedGit, { ...unlinkedGit, email: 'ci@localhost.localdomain' })).toBe(1);
    // Linked on one side only: two identities, even with the same name and email.
    expect(committerRows(unlinkedGit, { ...unlinkedGit, account: alice.account })).toBe(1);
    expect(committerRows({ ...unlinkedGit, account: alice.account }, unlinkedGit)).toBe(1);
  });

  it('shows an unlinked committer as written, name and email', () => {
    const { rows } = chainOf(
      aSnapshot()
        .openedBy(alice.account)
        .withCommit(alice.git, (c) => c.committedBy(unlinkedGit)),
    );
    expect(rows.find((row) => row.role === 'committer')?.actor).toBe('build <build@localhost.localdomain>');
  });
});
