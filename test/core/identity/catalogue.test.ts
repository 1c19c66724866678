import { describe, expect, it } from 'vitest';
import {
  BUILT_IN_AGENTS,
  BUILT_IN_AUTOMATION,
  buildCatalogue,
  type Catalogue,
  classifyAccount,
  classifyCommit,
  classifyGitActor,
  classifyPullRequestHints,
} from '../../../src/core/identity/index.js';
import { DEFAULT_POLICY, Policy } from '../../../src/core/policy/schema.js';
import { aCommit, aPullRequest, catalogue, octocatActor } from './fixtures.js';

/**
 * Reads the catalogue data and checks that every signal of every entry is detected as that
 * entry, so adding an agent is one entry of data and this test covers it.
 */

const markerIds = (message: string): string[] =>
  classifyCommit(aCommit({ message }), catalogue).markers.map((m) => m.agent.id);

describe('built-in catalogue data', () => {
  const entries = [...BUILT_IN_AGENTS, ...BUILT_IN_AUTOMATION];

  it('has unique, label-safe ids', () => {
    const ids = entries.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9][a-z0-9._-]*$/);
  });

  it('never gives one numeric id to two entries', () => {
    const owner = new Map<number, string>();
    for (const entry of entries) {
      for (const account of entry.accounts ?? []) {
        if (account.id === null) continue;
        expect(owner.get(account.id) ?? entry.id, `id ${account.id}`).toBe(entry.id);
        owner.set(account.id, entry.id);
      }
    }
  });

  it('cites the research for every entry and gives each at least one signal', () => {
    for (const entry of BUILT_IN_AGENTS) {
      expect(entry.source.length, entry.id).toBeGreaterThan(0);
      const signals =
        (entry.accounts?.length ?? 0) +
        (entry.emails?.length ?? 0) +
        (entry.coAuthors?.length ?? 0) +
        (entry.trailers?.length ?? 0) +
        (entry.toolNames?.length ?? 0) +
        (entry.footers?.length ?? 0) +
        (entry.bodyMarkers?.length ?? 0) +
        (entry.branchPrefixes?.length ?? 0);
      expect(signals, entry.id).toBeGreaterThan(0);
    }
  });
});

describe.each(BUILT_IN_AGENTS.map((entry) => [entry.id, entry] as const))('agent %s', (id, entry) => {
  it.each((entry.accounts ?? []).map((a) => [a.login ?? `id ${a.id}`, a] as const))(
    'account %s is this agent by id and by each login form',
    (_, account) => {
      const type = account.type ?? 'Bot';
      if (account.id !== null) {
        const byId = classifyAccount({ login: account.login ?? 'renamed', id: account.id, type }, catalogue);
        expect(byId).toMatchObject({ kind: 'agent', agent: { id } });
        expect(byId.evidence[0]).toMatchObject({ strength: 'account', source: 'account-id' });
      }
      for (const login of [account.login, ...(account.aliases ?? [])]) {
        if (login === null) continue;
        // REST form as written, and the GraphQL form without `[bot]`.
        for (const form of [login, login.replace(/\[bot\]$/, '')]) {
          expect(classifyAccount({ login: form, id: null, type }, catalogue), form).toMatchObject({
            kind: 'agent',
            agent: { id },
          });
          if (account.id !== null) {
            expect(classifyAccount({ login: form, id: account.id, type }, catalogue).agent?.id).toBe(id);
          }
        }
      }
    },
  );

  it.each((entry.emails ?? []).map((e) => [e]))('email %s is this agent (a claim)', (email) => {
    const result = classifyGitActor({ name: 'Anyone', email, account: null }, catalogue);
    expect(result).toMatchObject({ kind: 'agent', agent: { id } });
    expect(result.evidence[0]?.strength).toBe('claim');
  });

  it.each((entry.coAuthors ?? []).map((c) => [`${c.name} <${c.email}>`]))(
    'co-author %s is this agent',
    (line) => {
      const attribution = classifyCommit(
        aCommit({ message: `Do the thing\n\nCo-authored-by: ${line}` }),
        catalogue,
      );
      expect(attribution.coAuthors).toHaveLength(1);
      expect(attribution.coAuthors[0]?.classification).toMatchObject({ kind: 'agent', agent: { id } });
    },
  );

  it.each((entry.trailers ?? []).map((t) => [`${t.key}: ${t.value ?? 'https://example.test/run/1'}`]))(
    'trailer %s marks this agent',
    (line) => {
      expect(markerIds(`Do the thing\n\n${line}`)).toContain(id);
    },
  );

  it.each((entry.toolNames ?? []).map((t) => [t]))('Assisted-by naming %s marks this agent', (tool) => {
    expect(markerIds(`Do the thing\n\nAssisted-by: ${tool}:some-model-1`)).toContain(id);
  });

  it.each((entry.footers ?? []).map((f) => [f]))(
    'footer %s marks this agent in commits and PR bodies',
    (footer) => {
      expect(markerIds(`Do the thing\n\n🤖 ${footer}(https://example.test)\n`)).toContain(id);
      const hints = classifyPullRequestHints(aPullRequest({ body: `Summary\n\n${footer}` }), catalogue);
      expect(hints.bodyMarkers.map((m) => m.agent.id)).toContain(id);
    },
  );

  it.each((entry.messagePrefixes ?? []).map((p) => [p]))('message prefix %s marks this agent', (prefix) => {
    expect(markerIds(`${prefix}fix the widget`)).toContain(id);
  });

  it.each((entry.nameSuffixes ?? []).map((s) => [s]))('git name suffix %s marks this agent', (suffix) => {
    const author = { ...octocatActor, name: `Paul Gauthier${suffix}` };
    const attribution = classifyCommit(aCommit({ author }), catalogue);
    expect(attribution.markers.map((m) => m.agent.id)).toContain(id);
    // The person behind the name is still the author.
    expect(attribution.author.classification.kind).toBe('human');
  });

  it.each((entry.bodyMarkers ?? []).map((m) => [m]))(
    'PR body marker %s is a hint for this agent',
    (marker) => {
      const hints = classifyPullRequestHints(
        aPullRequest({ body: `Some text\n${marker}abc123\nmore` }),
        catalogue,
      );
      const found = hints.bodyMarkers.find((m) => m.agent.id === id);
      expect(found?.evidence).toMatchObject({ strength: 'hint', source: 'body-marker' });
    },
  );

  it.each((entry.branchPrefixes ?? []).map((p) => [p]))(
    'head branch %s… is a hint for this agent',
    (prefix) => {
      const hints = classifyPullRequestHints(
        aPullRequest({ headRef: `${prefix}fix-widget-1a2b` }),
        catalogue,
      );
      expect(hints.branchPrefix).toMatchObject({ agent: { id }, evidence: { strength: 'hint' } });
    },
  );

  it.each((entry.requesterPhrases ?? []).map((p) => [p]))('"%s @user" names the requester', (phrase) => {
    const body = `${entry.bodyMarkers?.[0] ?? ''}\n\n${phrase}: @hubot`;
    expect(classifyPullRequestHints(aPullRequest({ body }), catalogue).requesters).toEqual(['hubot']);
  });
});

describe.each(BUILT_IN_AUTOMATION.map((entry) => [entry.id, entry] as const))(
  'automation %s',
  (id, entry) => {
    it.each(entry.accounts.map((a) => [a.login ?? `id ${a.id}`, a] as const))(
      'account %s is automation',
      (_, account) => {
        const type = account.type ?? 'Bot';
        if (account.id !== null) {
          expect(classifyAccount({ login: 'renamed', id: account.id, type }, catalogue)).toMatchObject({
            kind: 'automation',
            agent: { id },
          });
        }
        if (account.login !== null) {
          expect(classifyAccount({ login: account.login, id: null, type }, catalogue)).toMatchObject({
            kind: 'automation',
            agent: { id },
          });
        }
      },
    );
  },
);

describe('policy extras', () => {
  const policy = Policy.parse({
    agents: [
      {
        id: 'house-bot',
        name: 'House Bot',
        logins: ['house-bot[bot]', 'house-machine-user'],
        ids: [424242],
        emails: ['bot@house.example', '@agents.house.example'],
        trailers: ['X-House-Run'],
        co_author_names: ['HouseBot'],
        markers: ['Drafted by House Bot'],
        branch_prefixes: ['house/'],
      },
      { id: 'claude', emails: ['claude@house.example'] },
    ],
    automation: { logins: ['deploy-user', 'Copilot'], ids: [515151, 209825114] },
  });
  // Built in each test, not while collecting them, so the catalogue code it runs is the test's.
  const extended = (): Catalogue => buildCatalogue(policy);
  const house = { kind: 'agent', agent: { id: 'house-bot', name: 'House Bot' } };

  it('adds an agent with each kind of signal', () => {
    expect(classifyAccount({ login: 'house-bot', id: 1, type: 'Bot' }, extended())).toMatchObject(house);
    expect(classifyAccount({ login: 'house-machine-user', id: 2, type: 'User' }, extended())).toMatchObject(
      house,
    );
    expect(classifyAccount({ login: 'renamed', id: 424242, type: 'User' }, extended())).toMatchObject(house);
    expect(
      classifyGitActor({ name: 'x', email: 'BOT@house.example', account: null }, extended()),
    ).toMatchObject(house);
    expect(
      classifyGitActor({ name: 'x', email: 'run-7@agents.house.example', account: null }, extended()),
    ).toMatchObject(house);
    const commit = aCommit({
      message: 'Do it\n\nx-house-run: 77\nAssisted-by: HouseBot\n\nDrafted by House Bot',
    });
    const markers = classifyCommit(commit, extended()).markers;
    expect(markers.filter((m) => m.agent.id === 'house-bot').map((m) => m.evidence.source)).toEqual([
      'trailer',
      'footer',
    ]);
    expect(
      classifyPullRequestHints(aPullRequest({ headRef: 'house/x' }), extended()).branchPrefix?.agent.id,
    ).toBe('house-bot');
  });

  it('extends a built-in agent when the policy reuses its id', () => {
    expect(
      classifyGitActor({ name: 'x', email: 'claude@house.example', account: null }, extended()),
    ).toMatchObject({
      kind: 'agent',
      agent: { id: 'claude', name: 'Claude Code' },
    });
  });

  it('adds automation, but never turns a built-in agent into automation', () => {
    expect(classifyAccount({ login: 'deploy-user', id: 9, type: 'User' }, extended()).kind).toBe(
      'automation',
    );
    expect(classifyAccount({ login: 'x', id: 515151, type: 'User' }, extended()).kind).toBe('automation');
    expect(classifyAccount({ login: 'claude', id: 209825114, type: 'Bot' }, extended())).toMatchObject({
      kind: 'agent',
      agent: { id: 'claude' },
    });
    expect(classifyAccount({ login: 'Copilot', id: null, type: 'Bot' }, extended()).kind).toBe('agent');
  });

  it('leaves the built-in catalogue alone', () => {
    expect(
      classifyAccount({ login: 'deploy-user', id: 9, type: 'User' }, buildCatalogue(DEFAULT_POLICY)).kind,
    ).toBe('human');
  });
});
