import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatPolicyErrors, parsePolicy } from '../../../src/core/policy/index.js';

const DIR = join(import.meta.dirname, '../../fixtures/policies');
const read = (name: string) => readFileSync(join(DIR, name), 'utf8');
/** `.yml.txt`: YAML broken beyond what the formatter (biome) can parse, so it skips them. */
const list = (folder: string) => readdirSync(join(DIR, folder)).filter((name) => /\.yml(\.txt)?$/.test(name));

describe('valid policy fixtures (the documented examples)', () => {
  it.each(list('valid'))('%s parses', (name) => {
    const result = parsePolicy(read(`valid/${name}`), name);
    expect(result.ok ? [] : formatPolicyErrors(result.errors).split('\n')).toEqual([]);
  });

  it('path-rule-team.yml needs two approvals from the platform team for infrastructure', () => {
    const result = parsePolicy(read('valid/path-rule-team.yml'), 'path-rule-team.yml');
    expect(result.ok && result.policy.paths).toEqual([
      {
        name: 'Infrastructure',
        globs: ['infra/**', '**/*.tf', '.github/workflows/**'],
        approvals: 2,
        teams: ['acme/platform'],
        users: [],
      },
    ]);
  });

  it('signed-agent-commits.yml requires signatures and blocks handoffs and unattributed commits', () => {
    const result = parsePolicy(read('valid/signed-agent-commits.yml'), 'signed-agent-commits.yml');
    if (!result.ok) throw new Error('expected a policy');
    expect(result.policy.signatures.agent_commits).toBe('required');
    expect(result.policy.handoff.block).toBe(true);
    expect(result.policy.unattributed_commits).toBe('block');
  });

  it('in-house-agent.yml adds one agent with every kind of evidence', () => {
    const result = parsePolicy(read('valid/in-house-agent.yml'), 'in-house-agent.yml');
    if (!result.ok) throw new Error('expected a policy');
    expect(result.policy.agents.map((agent) => agent.id)).toEqual(['acme-assistant']);
    expect(result.policy.agents[0]?.ids).toEqual([98765432]);
    expect(result.policy.automation.logins).toEqual(['acme-deploy-bot']);
  });
});

/** Every malformed fixture, with exactly what a policy author is told. */
const EXPECTED: Record<string, string[]> = {
  'yaml-syntax.yml.txt': [
    'yaml-syntax.yml.txt:3:23 approvals.teams[0]: YAML syntax: Flow sequence in block collection must be sufficiently indented and end with a ]',
  ],
  'unknown-keys.yml': [
    'unknown-keys.yml:1:1 aprovals: unknown key "aprovals" (did you mean "approvals"?); allowed top-level keys: _extends, applies_to, agents, automation, unknown_bots, approvals, reviewer_agents, invalidation, paths, signatures, handoff, unattributed_commits, labels, overrides, comment',
    'unknown-keys.yml:4:3 approvals.cuont: unknown key "cuont" (did you mean "count"?); allowed keys here: count, permission, teams, users',
    'unknown-keys.yml:5:1 count: unknown key "count" (it belongs at approvals.count); allowed top-level keys: _extends, applies_to, agents, automation, unknown_bots, approvals, reviewer_agents, invalidation, paths, signatures, handoff, unattributed_commits, labels, overrides, comment',
    'unknown-keys.yml:7:3 labels.colour: unknown key "colour"; allowed keys here: enabled, prefix, handoff',
  ],
  'wrong-types.yml': [
    'wrong-types.yml:2:3 approvals.count: must be a number (got "two")',
    'wrong-types.yml:3:3 approvals.teams: must be a list (got "acme/platform")',
    'wrong-types.yml:5:3 comment.enabled: must be true or false (got "yes"); YAML 1.2 reads yes/no/on/off as text, write true or false',
    'wrong-types.yml:6:1 labels: must be a mapping of keys (`key: value` lines) (got an empty value); remove the key to use the default',
    'wrong-types.yml:7:1 paths: must be a list (got an empty mapping)',
  ],
  'below-the-floor.yml': [
    'below-the-floor.yml:2:3 approvals.count: must be at least 1 (got 0): a policy cannot go below one independent human approval',
    'below-the-floor.yml:3:3 approvals.permission: must be one of write, maintain, admin (got "read"): a policy cannot lower the floor',
    'below-the-floor.yml:5:3 handoff.approvals: must be at least 1 (got 0): a policy cannot go below one independent human approval',
    'below-the-floor.yml:9:5 paths[0].approvals: must be at most 20 (got 50)',
  ],
  'duplicate-keys.yml': [
    'duplicate-keys.yml:3:3 approvals.count: is a duplicate key: each key may appear once in a mapping',
    'duplicate-keys.yml:6:1 comment: is a duplicate key: each key may appear once in a mapping',
  ],
  'top-level-list.yml': [
    'top-level-list.yml:1:1 must be a mapping of keys such as `approvals:` at the top level (got a list)',
  ],
  'multiple-documents.yml': [
    'multiple-documents.yml:3:1 holds more than one YAML document (a second `---`); a policy is one',
  ],
  'agents.yml': [
    'agents.yml:2:5 agents[0].id: must be lower-case letters, digits, ".", "_" or "-" (got "Acme Assistant")',
    'agents.yml:3:14 agents[0].logins[0]: must be a GitHub login such as `my-agent` or `my-agent[bot]` (without `@`) (got "@acme-assistant")',
    'agents.yml:4:5 agents[1]: gives no way to recognise the agent: list at least one of logins, ids, emails, trailers, markers or branch_prefixes',
    'agents.yml:7:5 agents[2].co_author_names: only match together with one of the agent’s emails: add `emails`',
    'agents.yml:9:5 agents[3].id: repeats the id "scribe" of agents[2]: each must be unique',
    'agents.yml:10:16 agents[3].trailers[0]: must be a trailer key such as `X-Agent-Run` (no colon, no spaces) (got "Assisted-by:")',
    'agents.yml:11:14 agents[3].emails[0]: must be an email such as `bot@example.com`, or `@example.com` for a domain (got "scribe")',
  ],
  'automation-overlap.yml': [
    'automation-overlap.yml:6:12 automation.logins[0]: "Helper-Bot" is also listed under agents: an account cannot be both, and it stays an agent',
    'automation-overlap.yml:7:9 automation.ids[0]: 1234 is also listed under agents: an account cannot be both, and it stays an agent',
  ],
  'path-rules.yml': [
    'path-rules.yml:2:5 paths[0].name: is required (text)',
    'path-rules.yml:4:13 paths[1].globs[0]: is matched against repository-relative paths such as `src/app.ts`: drop the leading `/` or `./`',
    'path-rules.yml:4:30 paths[1].globs[1]: is matched against repository-relative paths such as `src/app.ts`: drop the leading `/` or `./`',
    'path-rules.yml:6:5 paths[2].globs: must list at least 1 item (got an empty list)',
    'path-rules.yml:7:13 paths[2].teams[0]: must be a team as `org/team-slug` (got "platform")',
    'path-rules.yml:8:13 paths[2].users[0]: must be a GitHub login such as `octocat` (without `@`) (got "@alice")',
  ],
  'unicode-lookalikes.yml': [
    'unicode-lookalikes.yml:3:1 ["\\u0430pprovals"]: unknown key "\\u0430pprovals" (did you mean "approvals"?); allowed top-level keys: _extends, applies_to, agents, automation, unknown_bots, approvals, reviewer_agents, invalidation, paths, signatures, handoff, unattributed_commits, labels, overrides, comment',
    'unicode-lookalikes.yml:6:3 labels.prefix: must not contain control, invisible or bidirectional-override characters',
    'unicode-lookalikes.yml:7:3 labels.handoff: must not contain control, invisible or bidirectional-override characters',
  ],
  'extends-syntax.yml': [
    'extends-syntax.yml:1:1 _extends: must be `repo`, `repo:path/to/file.yml` or `org/repo:path` in the same organisation; "other-org/team/policies" has more than one "/"',
  ],
};

describe('invalid policy fixtures', () => {
  it('has an expectation for every fixture', () => {
    expect(list('invalid').sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(Object.entries(EXPECTED))('%s reports each error with path, line and message', (name, expected) => {
    const result = parsePolicy(read(`invalid/${name}`), name);
    expect(result.ok ? [] : formatPolicyErrors(result.errors).split('\n')).toEqual(expected);
  });
});
