import type { Store } from './store.js';
import type { Account, Repository } from './types.js';

/**
 * The seeded world: one organisation (`acme`) with one repository (`acme/widgets`), humans with
 * different permissions, and the real agent accounts. Agent ids and logins come from
 * docs/research/agent-identities.md (§1, §3, §4): REST logins keep `[bot]`, GraphQL drops
 * it, and Copilot's coding agent is `Copilot` in REST but `copilot-swe-agent` in GraphQL.
 */
export const SEED_AGENTS = {
  copilot: { id: 198982749, login: 'Copilot', graphqlLogin: 'copilot-swe-agent', type: 'Bot' },
  copilotReviewer: {
    id: 175728472,
    login: 'copilot-pull-request-reviewer[bot]',
    graphqlLogin: 'copilot-pull-request-reviewer',
    type: 'Bot',
  },
  devin: {
    id: 158243242,
    login: 'devin-ai-integration[bot]',
    graphqlLogin: 'devin-ai-integration',
    type: 'Bot',
  },
  coderabbit: { id: 136622811, login: 'coderabbitai[bot]', graphqlLogin: 'coderabbitai', type: 'Bot' },
  claudeApp: { id: 209825114, login: 'claude[bot]', graphqlLogin: 'claude', type: 'Bot' },
  dependabot: { id: 49699333, login: 'dependabot[bot]', graphqlLogin: 'dependabot', type: 'Bot' },
  webFlow: { id: 19864447, login: 'web-flow', graphqlLogin: 'web-flow', type: 'User' },
} as const;

/** Humans of `acme`: `alice` and `bob` develop, `carol` maintains and reviews, `dave` can only read, `erin` owns the organisation. */
export const SEED_HUMANS = {
  alice: { id: 5_811_201, login: 'alice', name: 'Alice Martin', permission: 'write' },
  // bob also commits from a personal address he never verified: GitHub links it to nobody.
  bob: {
    id: 6_024_117,
    login: 'bob',
    name: 'Bob Okafor',
    permission: 'write',
    unverifiedEmails: ['bob.okafor@home.example'],
  },
  carol: { id: 4_402_913, login: 'carol', name: 'Carol Nguyen', permission: 'maintain' },
  dave: { id: 7_305_288, login: 'dave', name: 'Dave Silva', permission: 'read' },
  erin: { id: 8_117_640, login: 'erin', name: 'Erin Kowalski', permission: 'admin' },
} as const;

/** A GitHub user outside `acme`: no access to its private repository, not a member. */
export const SEED_OUTSIDER = { id: 9_220_314, login: 'oscar', name: 'Oscar Reyes' } as const;

export const SEED_ORG = { id: 91_482_004, login: 'acme' } as const;
export const SEED_REPO = { owner: 'acme', name: 'widgets' } as const;

const README = '# widgets\n\nSmall widgets for the acme platform.\n';
const INDEX = "export function widget(name) {\n  return { name, size: 'm' };\n}\n";

export interface SeededWorld {
  readonly org: Account;
  readonly repo: Repository;
}

export function seedWorld(store: Store): SeededWorld {
  const org = store.addAccount({ ...SEED_ORG, type: 'Organization', name: 'Acme Corp' });
  for (const agent of Object.values(SEED_AGENTS)) {
    store.addAccount({
      ...agent,
      name: null,
      emails: agent.login === 'web-flow' ? ['noreply@github.com'] : [],
    });
  }
  for (const human of Object.values(SEED_HUMANS)) {
    store.addAccount({
      id: human.id,
      login: human.login,
      type: 'User',
      name: human.name,
      emails: [`${human.login}@acme.example`],
      unverifiedEmails: 'unverifiedEmails' in human ? human.unverifiedEmails : [],
    });
  }

  store.addAccount({
    ...SEED_OUTSIDER,
    type: 'User',
    emails: [`${SEED_OUTSIDER.login}@example.com`],
    unverifiedEmails: [],
  });

  const repoId = store.nextId('repo', 812_330_000);
  const repo: Repository = {
    id: repoId,
    nodeId: store.nodeId('R', repoId),
    ownerId: org.id,
    name: SEED_REPO.name,
    isPrivate: true,
    defaultBranch: 'main',
    createdAt: store.now(),
    branches: new Map(),
    labels: new Map(),
    collaborators: new Map(),
    nextNumber: 1,
  };
  store.repos.set(repo.id, repo);
  store.orgOwners.set(org.id, new Set([SEED_HUMANS.erin.id]));
  for (const human of Object.values(SEED_HUMANS)) repo.collaborators.set(human.id, human.permission);
  for (const [name, color, description] of [
    ['bug', 'd73a4a', "Something isn't working"],
    ['enhancement', 'a2eeef', 'New feature or request'],
  ] as const) {
    const id = store.nextId('label', 6_100_000_000);
    repo.labels.set(name, { id, nodeId: store.nodeId('LA', id), name, color, description, isDefault: true });
  }

  const erin = store.accountByLogin('erin');
  const identity = { name: erin.name ?? erin.login, email: store.noreplyEmail(erin), date: store.now() };
  const root = store.createCommit({
    repoId: repo.id,
    parents: [],
    author: identity,
    committer: identity,
    message: 'Initial commit',
    signature: null,
    changes: { 'README.md': README, 'src/widget.js': INDEX },
  });
  repo.branches.set('main', root.sha);

  const reviewersId = store.nextId('team', 3_500_000);
  store.teams.push({
    id: reviewersId,
    nodeId: store.nodeId('T', reviewersId),
    orgId: org.id,
    slug: 'reviewers',
    name: 'Reviewers',
    members: new Map([
      [SEED_HUMANS.carol.id, 'maintainer'],
      [SEED_HUMANS.bob.id, 'member'],
    ]),
  });
  const platformId = store.nextId('team', 3_500_000);
  store.teams.push({
    id: platformId,
    nodeId: store.nodeId('T', platformId),
    orgId: org.id,
    slug: 'platform',
    name: 'Platform',
    members: new Map([
      [SEED_HUMANS.alice.id, 'member'],
      [SEED_HUMANS.erin.id, 'maintainer'],
    ]),
  });
  return { org, repo };
}
