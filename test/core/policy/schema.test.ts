import { describe, expect, it } from 'vitest';
import {
  DEFAULT_POLICY,
  MAX_POLICY_ERRORS,
  POLICY_PATH,
  Policy,
  parsePolicy,
  renderPolicyJsonSchema,
} from '../../../src/core/policy/index.js';

type JsonNode = { [key: string]: unknown };

/** Every object schema in the JSON Schema, with where it sits. */
function objectSchemas(node: unknown, where = '#'): { where: string; node: JsonNode }[] {
  if (node === null || typeof node !== 'object') return [];
  const found = Object.entries(node).flatMap(([key, child]) => objectSchemas(child, `${where}/${key}`));
  const self = (node as JsonNode).type === 'object' ? [{ where, node: node as JsonNode }] : [];
  return [...self, ...found];
}

describe('the policy schema', () => {
  it('lives at .github/custody.yml', () => {
    expect(POLICY_PATH).toBe('.github/custody.yml');
  });

  it('makes no file a useful policy: one independent approval with write access, on agent PRs', () => {
    expect(DEFAULT_POLICY).toEqual({
      applies_to: 'agents',
      agents: [],
      automation: { logins: [], ids: [] },
      unknown_bots: 'agent',
      approvals: { count: 1, permission: 'write', teams: [], users: [] },
      invalidation: 'any_push',
      paths: [],
      reviewer_agents: 'reviewers',
      signatures: { agent_commits: 'off' },
      handoff: { block: false },
      unattributed_commits: 'flag',
      labels: { enabled: true, prefix: 'agent:', handoff: 'agent-handoff' },
      overrides: { allowed: true, permission: 'admin', teams: [] },
      comment: { enabled: true },
    });
  });

  it('rejects unknown keys in every object, in the JSON Schema as in the parser', () => {
    const objects = objectSchemas(renderPolicyJsonSchema());
    expect(objects.length).toBeGreaterThanOrEqual(9);
    for (const { where, node } of objects) expect(node.additionalProperties, where).toBe(false);
  });

  it('holds the floor of the guarantee in the JSON Schema too', () => {
    const schema = renderPolicyJsonSchema() as { $defs: Record<string, JsonNode> };
    const policy = schema.$defs.CustodyPolicy as { properties: Record<string, { properties: JsonNode }> };
    const approvals = policy.properties.approvals!.properties;
    expect(approvals.count).toMatchObject({ type: 'integer', minimum: 1 });
    expect(approvals.permission).toMatchObject({ enum: ['write', 'maintain', 'admin'] });
    expect(policy.properties.handoff!.properties.approvals).toMatchObject({ minimum: 1 });
    expect(schema.$defs.PathRule).toMatchObject({ properties: { approvals: { minimum: 1 } } });
  });

  it('describes every key, for the generated reference', () => {
    const missing: string[] = [];
    const visit = (node: unknown, where: string) => {
      if (node === null || typeof node !== 'object') return;
      const properties = (node as { properties?: Record<string, JsonNode> }).properties ?? {};
      for (const [key, child] of Object.entries(properties)) {
        const hasDescription = typeof child.description === 'string' || typeof child.$ref === 'string';
        if (!hasDescription) missing.push(`${where}.${key}`);
      }
      for (const [key, child] of Object.entries(node)) visit(child, `${where}/${key}`);
    };
    visit(renderPolicyJsonSchema(), '#');
    expect(missing).toEqual([]);
  });

  it('has no permission below write, and no count below one, whatever the input', () => {
    for (const permission of ['read', 'triage', 'none', 'WRITE', '']) {
      expect(Policy.safeParse({ approvals: { permission } }).success, permission).toBe(false);
    }
    for (const count of [0, -1, 0.5, Number.NaN]) {
      expect(Policy.safeParse({ approvals: { count } }).success, String(count)).toBe(false);
      expect(Policy.safeParse({ handoff: { approvals: count } }).success, String(count)).toBe(false);
      expect(Policy.safeParse({ paths: [{ name: 'x', globs: ['x'], approvals: count }] }).success).toBe(
        false,
      );
    }
  });
});

describe('parse results', () => {
  it('are fresh objects: changing one policy does not change the defaults of the next', () => {
    const first = parsePolicy('', 'a.yml');
    if (!first.ok) throw new Error('expected a policy');
    first.policy.approvals.count = 5;
    first.policy.agents.push({
      id: 'x',
      logins: ['x'],
      ids: [],
      emails: [],
      trailers: [],
      co_author_names: [],
      markers: [],
      branch_prefixes: [],
    });
    const second = parsePolicy('# nothing\n', 'b.yml');
    expect(second.ok && second.policy).toEqual(DEFAULT_POLICY);
    expect(DEFAULT_POLICY.approvals.count).toBe(1);
  });

  it('count every duplicate key, even past the number shown', () => {
    const text = `approvals:\n${'  count: 1\n'.repeat(MAX_POLICY_ERRORS + 31)}`;
    const result = parsePolicy(text, 'f.yml');
    expect(!result.ok && result.errors.at(-1)?.message).toBe('has 30 more errors not shown');
  });

  it('suggest removing an empty key only where the key has a default', () => {
    const result = parsePolicy('handoff:\npaths:\n  - name:\n    globs: [a]\n', 'f.yml');
    expect(!result.ok && result.errors.map((error) => `${error.path}: ${error.message}`)).toEqual([
      'handoff: must be a mapping of keys (`key: value` lines) (got an empty value); remove the key to use the default',
      'paths[0].name: must be text (got an empty value)',
    ]);
  });
});
