import { describe, expect, it } from 'vitest';
import {
  mergePolicies,
  POLICY_PATH,
  type PolicyInput,
  parseExtendsTarget,
  parsePolicy,
  parsePolicyValue,
} from '../../../src/core/policy/index.js';

function raw(text: string): PolicyInput {
  const result = parsePolicy(text, 'test.yml');
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.raw;
}

const ORG_POLICY = raw(`
approvals:
  count: 2
  teams: [acme/reviewers]
agents:
  - id: acme-assistant
    logins: [acme-assistant]
  - id: scribe
    emails: [scribe@acme.example]
automation:
  logins: [acme-deploy-bot]
paths:
  - name: Infrastructure
    globs: ['infra/**']
    approvals: 2
labels:
  prefix: 'ai:'
`);

describe('mergePolicies (_extends)', () => {
  it('keeps the base where the extending policy says nothing', () => {
    expect(mergePolicies(ORG_POLICY, {})).toEqual(ORG_POLICY);
  });

  it('lets local keys win, key by key inside sections', () => {
    const merged = mergePolicies(ORG_POLICY, raw('approvals:\n  count: 3\nlabels:\n  enabled: false\n'));
    expect(merged.approvals).toEqual({ count: 3, teams: ['acme/reviewers'] });
    expect(merged.labels).toEqual({ prefix: 'ai:', enabled: false });
  });

  it('merges the overrides section key by key: naming teams locally keeps overrides off', () => {
    const off = raw('overrides:\n  allowed: false\n');
    const merged = mergePolicies(off, raw('overrides:\n  teams: [acme/release]\n'));
    expect(merged.overrides).toEqual({ allowed: false, teams: ['acme/release'] });
  });

  it('replaces approver lists instead of uniting them, which would widen who may approve', () => {
    const merged = mergePolicies(ORG_POLICY, raw('approvals:\n  teams: [acme/security]\n'));
    expect(merged.approvals?.teams).toEqual(['acme/security']);
  });

  it('concatenates agents by id, the local definition replacing the base one', () => {
    const merged = mergePolicies(
      ORG_POLICY,
      raw(
        'agents:\n  - id: scribe\n    emails: [scribe@new.example]\n  - id: helper\n    logins: [helper-bot]\n',
      ),
    );
    expect(merged.agents).toEqual([
      { id: 'acme-assistant', logins: ['acme-assistant'] },
      { id: 'scribe', emails: ['scribe@new.example'] },
      { id: 'helper', logins: ['helper-bot'] },
    ]);
  });

  it('unites automation and adds path rules by name', () => {
    const merged = mergePolicies(
      ORG_POLICY,
      raw(
        "automation:\n  logins: [acme-deploy-bot, renovate-acme]\n  ids: [7]\npaths:\n  - name: Billing\n    globs: ['billing/**']\n",
      ),
    );
    expect(merged.automation).toEqual({ logins: ['acme-deploy-bot', 'renovate-acme'], ids: [7] });
    expect(merged.paths?.map((rule) => rule.name)).toEqual(['Infrastructure', 'Billing']);
  });

  it('drops _extends from the result: the chain is resolved', () => {
    const merged = mergePolicies(
      { ...ORG_POLICY, _extends: 'policies' },
      { _extends: '.github', applies_to: 'all' },
    );
    expect(merged).not.toHaveProperty('_extends');
    expect(merged.applies_to).toBe('all');
  });

  it('gives a policy that is checked again and keeps the floor', () => {
    const merged = mergePolicies(ORG_POLICY, raw('approvals:\n  count: 1\n'));
    const result = parsePolicyValue(merged, 'merged');
    expect(result.ok && result.policy.approvals).toEqual({
      count: 1,
      permission: 'write',
      teams: ['acme/reviewers'],
      users: [],
    });
  });

  it('does not modify its inputs', () => {
    const base = structuredClone(ORG_POLICY);
    const local = raw('agents:\n  - id: helper\n    logins: [helper-bot]\n');
    const localCopy = structuredClone(local);
    mergePolicies(base, local);
    expect(base).toEqual(ORG_POLICY);
    expect(local).toEqual(localCopy);
  });
});

describe('parseExtendsTarget', () => {
  it.each([
    ['.github', { repo: '.github', path: POLICY_PATH }],
    ['policies', { repo: 'policies', path: POLICY_PATH }],
    ['policies:custody/strict.yml', { repo: 'policies', path: 'custody/strict.yml' }],
    ['acme/policies', { repo: 'policies', path: POLICY_PATH }],
    ['ACME/.github:org/custody.yaml', { repo: '.github', path: 'org/custody.yaml' }],
  ])('reads %s within the organisation', (value, expected) => {
    expect(parseExtendsTarget(value, 'acme')).toEqual({ ok: true, ...expected });
  });

  it('refuses another organisation', () => {
    expect(parseExtendsTarget('other-org/policies', 'acme')).toEqual({
      ok: false,
      error:
        'names another organisation ("other-org"): _extends may only point inside the same organisation ("acme")',
    });
    expect(parseExtendsTarget('other-org/.github:custody.yml', 'acme').ok).toBe(false);
  });

  it.each([
    ['', 'is not a repository name'],
    ['a/b/c', 'has more than one "/"'],
    ['policies:', 'path is empty after ":"'],
    ['policies:/etc/custody.yml', 'drop the leading "/"'],
    ['policies:../secrets/custody.yml', 'must not contain empty, "." or ".." segments'],
    ['policies:custody.json', 'must name a .yml or .yaml file'],
    ['policies:my policy.yml', 'must not contain spaces'],
    ['..', 'is not a repository name'],
    ['-bad-org-/x', 'is not an organisation name'],
  ])('refuses %j', (value, reason) => {
    const result = parseExtendsTarget(value, 'acme');
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toContain(reason);
  });

  it('is checked by the schema too, so `custody validate` reports a malformed _extends with its line', () => {
    const result = parsePolicy('approvals:\n  count: 2\n_extends: "policies:../x.yml"\n', 'custody.yml');
    expect(!result.ok && result.errors).toEqual([
      {
        file: 'custody.yml',
        path: '_extends',
        line: 3,
        column: 1,
        message: 'path must not contain empty, "." or ".." segments',
      },
    ]);
  });
});
