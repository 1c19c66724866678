import { describe, expect, it } from 'vitest';
import {
  buildCatalogue,
  type Catalogue,
  classifyAccount,
  classifyCommit,
  classifyGitActor,
} from '../../../src/core/identity/index.js';
import { DEFAULT_POLICY, Policy } from '../../../src/core/policy/schema.js';
import type { GitActor } from '../../../src/core/snapshot.js';
import { claudeApp, webFlowGit } from '../../builders/identities.js';
import { aCommit } from './fixtures.js';

/**
 * How the policy's `agents`, `automation` and the built-in data combine into one catalogue,
 * seen through classification. Each test builds its catalogue (docs/mutation.md).
 */

const withPolicy = (fields: Record<string, unknown>): Catalogue =>
  buildCatalogue(Policy.parse({ ...DEFAULT_POLICY, ...fields }));

const markersOf = (author: GitActor | null, message: string, catalogue: Catalogue): string[] =>
  classifyCommit(aCommit({ message, ...(author === null ? {} : { author }) }), catalogue).markers.map(
    (m) => `${m.agent.id}:${m.evidence.source}`,
  );

/** Renovate's app, a built-in automation account (research §3). */
const renovate = { login: 'renovate', id: 29139614, type: 'Bot' } as const;

describe('policy agent logins', () => {
  it('a `[bot]` login is an app: a person with the same name is not the agent', () => {
    const catalogue = withPolicy({
      agents: [{ id: 'house-bot', logins: ['house-bot[bot]', 'house-runner'] }],
    });
    expect(classifyAccount({ login: 'house-bot', id: 111, type: 'Bot' }, catalogue)).toMatchObject({
      kind: 'agent',
      agent: { id: 'house-bot' },
    });
    expect(classifyAccount({ login: 'house-bot', id: 111, type: 'User' }, catalogue).kind).toBe('human');
    // A login written without `[bot]` may be a machine user: any account type matches it.
    expect(classifyAccount({ login: 'house-runner', id: 222, type: 'User' }, catalogue).agent?.id).toBe(
      'house-bot',
    );
  });

  it('a login the policy gives an agent makes the known account of that login, by its id, that agent', () => {
    // The policy names Renovate's app as one of its agents: wherever the app is seen, by id or
    // by its noreply address, it is that agent, never the built-in automation.
    const catalogue = withPolicy({ agents: [{ id: 'house-bot', logins: ['renovate[bot]'] }] });
    expect(classifyAccount(renovate, catalogue)).toMatchObject({ kind: 'agent', agent: { id: 'house-bot' } });
    const byNoreply = {
      name: 'renovate[bot]',
      email: '29139614+renovate[bot]@users.noreply.github.com',
      account: null,
    };
    expect(classifyGitActor(byNoreply, catalogue)).toMatchObject({
      kind: 'agent',
      agent: { id: 'house-bot' },
    });
    // A User of that login is another account: it stays a person.
    expect(classifyAccount({ login: 'renovate', id: 999, type: 'User' }, catalogue).kind).toBe('human');
    // Built-in agents keep their ids: the policy only ever makes the guarantee stricter.
    const claude = withPolicy({ automation: { logins: ['claude[bot]'], ids: [] } });
    expect(classifyAccount({ login: 'claude', id: 242468646, type: 'Bot' }, claude).kind).not.toBe(
      'automation',
    );
  });

  it('a `[bot]` login claims only an app by its id; a login without it claims the account of any type', () => {
    // Snyk's built-in automation account is a User (snyk-bot, 19733683), seen with its id.
    const snyk = { login: 'snyk-bot', id: 19733683, type: 'User' } as const;
    expect(classifyAccount(snyk, withPolicy({})).kind).toBe('automation');
    // `snyk-bot[bot]` names an app of that login: the User account is someone else.
    const app = withPolicy({ agents: [{ id: 'house-bot', logins: ['snyk-bot[bot]'] }] });
    expect(classifyAccount(snyk, app).kind).toBe('automation');
    // `snyk-bot` may be a machine user: the known account of that login becomes the agent.
    const user = withPolicy({ agents: [{ id: 'house-bot', logins: ['snyk-bot'] }] });
    expect(classifyAccount(snyk, user)).toMatchObject({ kind: 'agent', agent: { id: 'house-bot' } });
    expect(
      classifyAccount(renovate, withPolicy({ agents: [{ id: 'house-bot', logins: ['Renovate'] }] })),
    ).toMatchObject({
      kind: 'agent',
      agent: { id: 'house-bot' },
    });
  });

  it('without an id, a login the policy gives an agent resolves to it even where built-in automation has it', () => {
    const catalogue = withPolicy({ agents: [{ id: 'house-bot', logins: ['renovate[bot]'] }] });
    // Without an id (GraphQL can omit it; old-form noreply addresses have none) only the login decides.
    expect(classifyAccount({ ...renovate, id: null }, catalogue)).toMatchObject({
      kind: 'agent',
      agent: { id: 'house-bot' },
    });
    const actor = { name: 'renovate[bot]', email: 'renovate[bot]@users.noreply.github.com', account: null };
    expect(classifyGitActor(actor, catalogue)).toMatchObject({ kind: 'agent', agent: { id: 'house-bot' } });
  });
});

describe('policy automation', () => {
  it('is reported as the policy’s automation, in the result and in its evidence', () => {
    const catalogue = withPolicy({ automation: { logins: ['deploy-user'], ids: [] } });
    const result = classifyAccount({ login: 'deploy-user', id: 9, type: 'User' }, catalogue);
    expect(result).toEqual({
      kind: 'automation',
      agent: { id: 'policy-automation', name: 'automation (policy)' },
      evidence: [
        {
          strength: 'account',
          source: 'policy',
          detail: '@deploy-user (User, id 9) is automation (policy) (by login, from the policy)',
        },
      ],
    });
  });

  it('never takes an id from a built-in agent or from built-in automation', () => {
    const catalogue = withPolicy({ automation: { logins: [], ids: [claudeApp.id, renovate.id] } });
    expect(classifyAccount(claudeApp, catalogue)).toMatchObject({ kind: 'agent', agent: { id: 'claude' } });
    // Still Renovate, not re-labelled as the policy's automation.
    expect(classifyAccount(renovate, catalogue)).toMatchObject({
      kind: 'automation',
      agent: { id: 'renovate', name: 'Renovate' },
    });
  });
});

describe('ids and emails listed twice', () => {
  it('a policy agent may claim built-in automation: the account becomes an agent (stricter)', () => {
    const catalogue = withPolicy({
      agents: [{ id: 'house-bot', ids: [renovate.id], emails: ['bot@renovateapp.com'] }],
    });
    expect(classifyAccount(renovate, catalogue)).toMatchObject({ kind: 'agent', agent: { id: 'house-bot' } });
    const gitActor = { name: 'Renovate Bot', email: 'bot@renovateapp.com', account: null };
    expect(classifyGitActor(gitActor, catalogue)).toMatchObject({
      kind: 'agent',
      agent: { id: 'house-bot' },
    });
  });

  it('a built-in agent keeps its id and email when a policy agent lists them too', () => {
    const catalogue = withPolicy({
      agents: [{ id: 'house-bot', ids: [claudeApp.id], emails: ['noreply@anthropic.com'] }],
    });
    expect(classifyAccount(claudeApp, catalogue).agent?.id).toBe('claude');
    const gitActor = { name: 'Claude', email: 'noreply@anthropic.com', account: null };
    expect(classifyGitActor(gitActor, catalogue).agent?.id).toBe('claude');
  });

  it('the first policy agent to list an email or a domain keeps it', () => {
    const catalogue = withPolicy({
      agents: [
        { id: 'house-bot', emails: ['bot@house.example', '@agents.house.example'] },
        { id: 'night-shift', emails: ['bot@house.example', '@agents.house.example'] },
      ],
    });
    const byEmail = (email: string) => classifyGitActor({ name: 'x', email, account: null }, catalogue);
    expect(byEmail('bot@house.example').agent?.id).toBe('house-bot');
    expect(byEmail('run-7@agents.house.example')).toMatchObject({
      kind: 'agent',
      agent: { id: 'house-bot' },
      evidence: [{ strength: 'claim', source: 'policy' }],
    });
  });

  it('listing web-flow as an agent makes it one; listing it as automation changes nothing', () => {
    const asAgent = withPolicy({
      agents: [{ id: 'house-bot', ids: [19864447], emails: ['noreply@github.com'] }],
    });
    expect(classifyGitActor(webFlowGit, asAgent)).toMatchObject({
      kind: 'agent',
      agent: { id: 'house-bot' },
    });
    const unlinked = { ...webFlowGit, account: null };
    expect(classifyGitActor(unlinked, asAgent)).toMatchObject({ kind: 'agent', agent: { id: 'house-bot' } });

    // Automation would take web-flow's commits off the agent side of the ledger: refused.
    const asAutomation = withPolicy({ automation: { logins: [], ids: [19864447] } });
    expect(classifyGitActor(webFlowGit, asAutomation)).toMatchObject({ kind: 'unknown', agent: null });
  });
});

describe('noreply addresses among a policy agent’s emails', () => {
  it('one with an id names that account, not the login text it spells', () => {
    const catalogue = withPolicy({
      agents: [{ id: 'house-bot', emails: ['987654+housebot@users.noreply.github.com'] }],
    });
    expect(classifyAccount({ login: 'renamed', id: 987654, type: 'Bot' }, catalogue)).toMatchObject({
      kind: 'agent',
      agent: { id: 'house-bot' },
      evidence: [
        { source: 'policy', detail: '@renamed (Bot, id 987654) is house-bot (by id, from the policy)' },
      ],
    });
    // GitHub resolves such an address by its id (§4 pitfall 8): `housebot` itself may be anyone.
    expect(classifyAccount({ login: 'housebot', id: null, type: 'User' }, catalogue).kind).toBe('human');
    const oldForm = { name: 'housebot', email: 'housebot@users.noreply.github.com', account: null };
    expect(classifyGitActor(oldForm, catalogue).kind).toBe('human');
  });

  it('one without an id names its login, app or user', () => {
    const catalogue = withPolicy({
      agents: [
        {
          id: 'house-bot',
          emails: ['house-bot[bot]@users.noreply.github.com', 'house-runner@users.noreply.github.com'],
        },
      ],
    });
    expect(classifyAccount({ login: 'house-bot', id: 5555, type: 'Bot' }, catalogue).agent?.id).toBe(
      'house-bot',
    );
    expect(classifyAccount({ login: 'house-bot', id: 5555, type: 'User' }, catalogue).kind).toBe('human');
    expect(classifyAccount({ login: 'house-runner', id: 6666, type: 'User' }, catalogue).agent?.id).toBe(
      'house-bot',
    );
    const runner = { name: 'Runner', email: 'house-runner@users.noreply.github.com', account: null };
    expect(classifyGitActor(runner, catalogue)).toMatchObject({ kind: 'agent', agent: { id: 'house-bot' } });
  });

  it('a person’s noreply address spelling a policy app’s login without `[bot]` names no agent', () => {
    const catalogue = withPolicy({
      agents: [
        {
          id: 'house-bot',
          logins: ['house-bot[bot]'],
          emails: ['house-helper[bot]@users.noreply.github.com'],
        },
      ],
    });
    const by = (email: string): GitActor => ({ name: 'Someone', email, account: null });
    // No person can hold `house-bot`'s app login, so only the `[bot]` text is the app's.
    expect(markersOf(by('4242+house-bot@users.noreply.github.com'), 'Fix', catalogue)).toEqual([]);
    expect(markersOf(by('4242+house-helper@users.noreply.github.com'), 'Fix', catalogue)).toEqual([]);
    expect(markersOf(by('4242+house-bot[bot]@users.noreply.github.com'), 'Fix', catalogue)).toEqual([
      'house-bot:noreply-email',
    ]);
    expect(markersOf(by('4242+house-helper[bot]@users.noreply.github.com'), 'Fix', catalogue)).toEqual([
      'house-bot:noreply-email',
    ]);
  });
});

describe('co-author names of a policy agent', () => {
  it('match in disclosure trailers without the spaces written around them', () => {
    const catalogue = withPolicy({
      agents: [{ id: 'house-bot', emails: ['bot@house.example'], co_author_names: ['  HouseBot '] }],
    });
    expect(markersOf(null, 'Fix\n\nAssisted-by: HouseBot:house-model-2', catalogue)).toEqual([
      'house-bot:trailer',
    ]);
  });

  it('never take a tool name from a built-in agent', () => {
    const catalogue = withPolicy({
      agents: [{ id: 'house-bot', emails: ['bot@house.example'], co_author_names: ['Claude'] }],
    });
    expect(markersOf(null, 'Fix\n\nAssisted-by: Claude:claude-sonnet-4', catalogue)).toEqual([
      'claude:trailer',
    ]);
  });
});

describe('names of built-in automation', () => {
  it('a tool footer naming automation by its hyphenated name is not an unknown agent', () => {
    const catalogue = withPolicy({});
    // The all-contributors CLI's name, which is neither the entry's id nor its display name.
    const footer = '🤖 Generated with [all-contributors](https://allcontributors.org)';
    expect(markersOf(null, `docs: add @alice as a contributor\n\n${footer}`, catalogue)).toEqual([]);
    // An unknown tool's footer of the same shape does name an agent.
    expect(
      markersOf(null, 'Fix\n\n🤖 Generated with [acme-helper](https://acme.example)', catalogue),
    ).toEqual(['ai:acme-helper:footer']);
  });
});
