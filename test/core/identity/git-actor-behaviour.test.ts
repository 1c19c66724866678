import { describe, expect, it } from 'vitest';
import { buildCatalogue, classifyCommit, classifyGitActor } from '../../../src/core/identity/index.js';
import { Policy } from '../../../src/core/policy/schema.js';
import type { GitActor } from '../../../src/core/snapshot.js';
import { alice, devinGit } from '../../builders/identities.js';
import { aCommit, catalogue, webFlow } from './fixtures.js';

/**
 * What a git identity's classification shows a reviewer (the evidence line in the custody
 * chain), the tool marks a commit's author carries, and that analysing the same email again
 * never hands one identity another's answer.
 */

const house = () =>
  buildCatalogue(
    Policy.parse({
      agents: [
        { id: 'house-bot', name: 'House Bot', emails: ['bot@house.example', '@agents.house.example'] },
      ],
    }),
  );

/** The markers a commit authored by `author` carries, as `agent:source`. */
const marksOf = (author: GitActor) =>
  classifyCommit(aCommit({ author }), catalogue).markers.map((m) => `${m.agent.id}:${m.evidence.source}`);

describe('the evidence of a git identity', () => {
  it('an unlinked ordinary identity is a person, quoted as name and email', () => {
    expect(
      classifyGitActor({ name: 'Mona', email: 'mona@example.com', account: null }, catalogue).evidence,
    ).toEqual([
      {
        strength: 'claim',
        source: 'email',
        detail: 'Mona <mona@example.com> is linked to no account; taken as a person',
      },
    ]);
  });

  it('a vendor email names the agent it belongs to', () => {
    expect(
      classifyGitActor({ name: 'Claude', email: 'noreply@anthropic.com', account: null }, catalogue).evidence,
    ).toEqual([
      {
        strength: 'claim',
        source: 'email',
        detail: 'Claude <noreply@anthropic.com>: email of agent Claude Code',
      },
    ]);
  });

  it('a noreply address resolved by its id quotes the id', () => {
    expect(classifyGitActor({ ...devinGit, name: 'Devin', account: null }, catalogue).evidence).toEqual([
      {
        strength: 'claim',
        source: 'noreply-email',
        detail:
          'Devin <158243242+devin-ai-integration[bot]@users.noreply.github.com>: noreply address of id 158243242, agent Devin',
      },
    ]);
  });

  it('an old-style noreply address without an id is resolved by its login', () => {
    const result = classifyGitActor(
      { name: 'Devin', email: 'devin-ai-integration[bot]@users.noreply.github.com', account: null },
      catalogue,
    );
    expect(result).toMatchObject({ kind: 'agent', agent: { id: 'devin' } });
    expect(result.evidence[0]?.detail).toBe(
      'Devin <devin-ai-integration[bot]@users.noreply.github.com>: noreply address of agent Devin',
    );
  });

  it('web-flow’s address, unlinked, is named as GitHub committing on the author’s behalf', () => {
    expect(classifyGitActor({ ...webFlow, account: null }, catalogue).evidence[0]?.detail).toBe(
      'GitHub <noreply@github.com>: email of GitHub (web-flow), which commits on the author’s behalf',
    );
  });

  it('a vendor email linked to an uncatalogued account shows the claim first, then the account', () => {
    const result = classifyGitActor(
      {
        name: 'Cursor Agent',
        email: 'cursoragent@cursor.com',
        account: { login: 'cursoragent', id: 5551, type: 'User' },
      },
      catalogue,
    );
    expect(result.evidence.map((e) => e.detail)).toEqual([
      'Cursor Agent <cursoragent@cursor.com>: email of agent Cursor',
      '@cursoragent (User, id 5551) is a User account',
    ]);
  });

  it('an email the policy adds is marked as from the policy', () => {
    const result = classifyGitActor({ name: 'CI', email: 'bot@house.example', account: null }, house());
    expect(result).toMatchObject({ kind: 'agent', agent: { id: 'house-bot' } });
    expect(result.evidence).toEqual([
      {
        strength: 'claim',
        source: 'email',
        detail: 'CI <bot@house.example>: email of agent House Bot (policy)',
      },
    ]);
  });
});

describe('policy email domains', () => {
  it('any address at the domain is the agent, named as from the policy', () => {
    const result = classifyGitActor({ name: 'ci', email: 'ci@agents.house.example', account: null }, house());
    expect(result).toMatchObject({ kind: 'agent', agent: { id: 'house-bot' } });
    expect(result.evidence[0]).toEqual({
      strength: 'claim',
      source: 'policy',
      detail: 'ci <ci@agents.house.example>: email of agent House Bot (policy)',
    });
  });

  it('an address with nothing before the @ still belongs to the domain (fail closed)', () => {
    expect(
      classifyGitActor({ name: 'ci', email: '@agents.house.example', account: null }, house()).agent?.id,
    ).toBe('house-bot');
  });

  it('a bare domain with no @ is not an address at that domain', () => {
    expect(classifyGitActor({ name: 'ci', email: 'agents.house.example', account: null }, house()).kind).toBe(
      'human',
    );
  });
});

describe('a linked person', () => {
  it('stays that person when the email is an automation’s or web-flow’s, not an agent’s', () => {
    // Only an agent's email overrides a linked human (fail closed); automation's does not.
    for (const email of ['49699333+dependabot[bot]@users.noreply.github.com', 'noreply@github.com']) {
      const result = classifyGitActor({ name: 'Alice', email, account: alice.account }, catalogue);
      expect(result, email).toMatchObject({ kind: 'human', agent: null });
      expect(result.evidence, email).toEqual([
        { strength: 'account', source: 'account-type', detail: '@alice (User, id 583231) is a User account' },
      ]);
    }
  });
});

describe('tool marks in an author identity', () => {
  it('Aider’s `(aider)` suffix counts with trailing spaces, and the marker quotes the name', () => {
    const markers = classifyCommit(
      aCommit({ author: { name: 'Paul Gauthier (aider)  ', email: 'paul@example.com', account: null } }),
      catalogue,
    ).markers;
    expect(markers).toEqual([
      {
        agent: expect.objectContaining({ id: 'aider' }),
        evidence: { strength: 'claim', source: 'git-name', detail: 'git name "Paul Gauthier (aider)"' },
      },
    ]);
  });

  it('a noreply address naming an app its id does not belong to says so', () => {
    // claude-code-action's default identity: GitHub credits the id to github-actions[bot].
    const markers = classifyCommit(
      aCommit({
        author: {
          name: 'claude[bot]',
          email: '41898282+claude[bot]@users.noreply.github.com',
          account: null,
        },
      }),
      catalogue,
    ).markers;
    expect(markers).toEqual([
      {
        agent: expect.objectContaining({ id: 'claude' }),
        evidence: {
          strength: 'claim',
          source: 'noreply-email',
          detail:
            '41898282+claude[bot]@users.noreply.github.com names Claude Code though its id belongs to another account',
        },
      },
    ]);
  });

  it('the login text names an app agent only through its Bot account', () => {
    const underActions = (login: string): GitActor => ({
      name: login,
      email: `41898282+${login}@users.noreply.github.com`,
      account: null,
    });
    // Devin has only an app (Bot) account: `devin-ai-integration[bot]` names it.
    expect(marksOf(underActions('devin-ai-integration[bot]'))).toEqual(['devin:noreply-email']);
    // Codex's only `codex` accounts are machine users: `codex[bot]` is no login of theirs.
    expect(marksOf(underActions('codex[bot]'))).toEqual([]);
    // Dependabot is automation, not an agent: its login text marks nothing.
    expect(marksOf(underActions('dependabot[bot]'))).toEqual([]);
    // Whatever the text says, the address is github-actions'.
    expect(classifyGitActor(underActions('codex[bot]'), catalogue).agent?.id).toBe('github-actions');
  });
});

describe('one email seen again', () => {
  it('gives the same answer the second time, linked or not', () => {
    const actor: GitActor = { name: 'Mona', email: 'mona@example.com', account: null };
    const first = classifyGitActor(actor, catalogue);
    expect(classifyGitActor({ ...actor }, catalogue)).toEqual(first);
    expect(classifyGitActor(alice.git, catalogue)).toEqual(classifyGitActor({ ...alice.git }, catalogue));
  });

  it('under one id, a renamed login or another account type is judged afresh', () => {
    const base = { name: 'Alice', email: 'alice@corp.example' };
    const accounts = [
      { login: 'alice', id: 5, type: 'User' },
      { login: 'alice-renamed', id: 5, type: 'User' },
      { login: 'alice', id: 5, type: 'Bot' },
    ] as const;
    const shared = buildCatalogue(Policy.parse({}));
    for (const account of accounts) {
      const actor: GitActor = { ...base, account };
      expect(classifyGitActor(actor, shared)).toEqual(
        classifyGitActor(actor, buildCatalogue(Policy.parse({}))),
      );
    }
    expect(classifyGitActor({ ...base, account: accounts[2] }, shared).kind).toBe('agent');
  });

  it('linked by GitHub in one place and not in another, is judged by each', () => {
    // A co-author trailer GitHub did not resolve, then the same identity as a linked author.
    const unlinked: GitActor = { name: 'Alice', email: 'alice@corp.example', account: null };
    const linked: GitActor = { ...unlinked, account: alice.account };
    for (const order of [
      [unlinked, linked],
      [linked, unlinked],
    ]) {
      const fresh = buildCatalogue(Policy.parse({}));
      const [a, b] = order.map((actor) => classifyGitActor(actor, fresh));
      expect(a?.evidence[0]?.strength).toBe(order[0]?.account === null ? 'claim' : 'account');
      expect(b?.evidence[0]?.strength).toBe(order[1]?.account === null ? 'claim' : 'account');
    }
  });

  it('under one login, accounts with different ids are different actors', () => {
    // `Claude` id 242468646 is Anthropic's machine user; another id under that login is not it.
    const as = (id: number): GitActor => ({
      name: 'Claude',
      email: 'claude@example.com',
      account: { login: 'Claude', id, type: 'User' },
    });
    for (const ids of [
      [81847, 242468646],
      [242468646, 81847],
    ]) {
      const fresh = buildCatalogue(Policy.parse({}));
      const kinds = ids.map((id) => classifyGitActor(as(id), fresh).kind);
      expect(kinds, ids.join(' then ')).toEqual(ids.map((id) => (id === 242468646 ? 'agent' : 'human')));
    }
  });

  it('under many names, each name keeps its own marks', () => {
    // More names than one email's variants are cached for: each still gets its own answer.
    const names = Array.from({ length: 12 }, (_, i) => (i % 2 === 0 ? `Dev ${i}` : `Dev ${i} (aider)`));
    for (let round = 0; round < 2; round++) {
      for (const name of names) {
        const marks = marksOf({ name, email: 'dev@example.com', account: null });
        expect(marks, name).toEqual(name.endsWith('(aider)') ? ['aider:git-name'] : []);
      }
    }
  });
});
