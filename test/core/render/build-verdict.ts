import type { Account } from '../../../src/core/snapshot.js';
import type { ApprovalOutcome, ChainRow, Verdict } from '../../../src/core/verdict.js';

/** Hand-built verdicts shaped like evaluate's output, so renderer tests need no engine. */

export const HEAD = '9f4c2a1b7e3d5c6f8a9b0c1d2e3f4a5b6c7d8e9f';
export const copilot = { id: 'copilot', name: 'GitHub Copilot coding agent' };
export const claude = { id: 'claude', name: 'Claude Code' };

export function user(login: string, id = 1000): Account {
  return { login, id, type: 'User' };
}

export function row(partial: Partial<ChainRow> & Pick<ChainRow, 'role' | 'actor'>): ChainRow {
  return { commitSha: HEAD, account: null, kind: 'human', agent: null, evidence: [], ...partial };
}

export function approval(partial: Partial<ApprovalOutcome>): ApprovalOutcome {
  return {
    reviewer: user('bob', 2),
    commitSha: HEAD,
    submittedAt: '2026-11-20T10:00:00Z',
    counted: true,
    reason: null,
    detail: '',
    ...partial,
  };
}

/** A Copilot coding-agent PR requested by @alice, waiting for an independent approval. */
export function waitingVerdict(overrides: Partial<Verdict> = {}): Verdict {
  return {
    state: 'waiting',
    headline: 'Waiting for 1 approval from a human who took no part (write access); @alice may not approve',
    repo: { owner: 'acme', name: 'widgets' },
    pullNumber: 42,
    headSha: HEAD,
    agents: [copilot],
    automation: [],
    handoff: false,
    chain: [
      row({
        commitSha: null,
        role: 'opener',
        actor: '@copilot-swe-agent',
        account: { login: 'copilot-swe-agent', id: 198982749, type: 'Bot' },
        kind: 'agent',
        agent: copilot,
        evidence: [
          { strength: 'account', source: 'account-id', detail: 'account id 198982749 (copilot-swe-agent)' },
        ],
      }),
      row({
        role: 'author',
        actor: 'copilot-swe-agent[bot] <198982749+Copilot@users.noreply.github.com>',
        kind: 'agent',
        agent: copilot,
        evidence: [{ strength: 'claim', source: 'noreply-email', detail: 'noreply email id 198982749' }],
      }),
      row({
        role: 'co-author',
        actor: '@alice',
        account: user('alice', 1),
        evidence: [{ strength: 'account', source: 'login', detail: 'linked account @alice' }],
      }),
    ],
    requirements: [
      {
        id: 'approvals',
        title: '1 approval from a human who took no part (write access)',
        status: 'missing',
        satisfiedBy: [],
        missing: '1 more approval needed',
      },
    ],
    approvals: [
      approval({
        reviewer: user('alice', 1),
        counted: false,
        reason: 'participant',
        detail: '@alice co-authored 9f4c2a1 with GitHub Copilot coding agent (delegator)',
      }),
    ],
    labels: ['agent:copilot'],
    comment: true,
    notes: [],
    ...overrides,
  };
}

/** A verdict with `commits` commits, each with an agent author and a human co-author: a huge chain. */
export function hugeVerdict(commits: number): Verdict {
  const chain: ChainRow[] = [];
  for (let i = 0; i < commits; i += 1) {
    const sha = i.toString(16).padStart(40, '0');
    chain.push(
      row({
        commitSha: sha,
        role: 'author',
        actor: `Claude <noreply@anthropic.com>`,
        kind: 'agent',
        agent: claude,
        evidence: [
          { strength: 'claim', source: 'email', detail: `email noreply@anthropic.com on commit ${i} | <b>` },
        ],
      }),
    );
  }
  return waitingVerdict({ agents: [claude], chain });
}
