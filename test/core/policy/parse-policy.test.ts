import { describe, expect, it } from 'vitest';
import {
  DEFAULT_POLICY,
  formatPolicyErrors,
  MAX_POLICY_ERRORS,
  MAX_POLICY_LENGTH,
  type PolicyParseResult,
  parsePolicy,
  parsePolicyValue,
} from '../../../src/core/policy/index.js';

const FILE = '.github/custody.yml';

/** The formatted errors, or a failure naming the unexpected success. */
function errorsOf(text: string): string[] {
  const result = parsePolicy(text, FILE);
  if (result.ok) throw new Error(`expected errors, got a policy: ${JSON.stringify(result.policy)}`);
  return formatPolicyErrors(result.errors).split('\n');
}

function policyOf(text: string) {
  const result = parsePolicy(text, FILE);
  if (!result.ok) throw new Error(formatPolicyErrors(result.errors));
  return result;
}

describe('parsePolicy: no configuration', () => {
  it.each([
    ['an empty file', ''],
    ['only whitespace', '\n  \n\t\n'],
    ['only comments', '# custody policy\n# nothing yet\n'],
    ['an empty document marker', '---\n'],
    ['an explicit null document', '~\n'],
    ['a byte-order mark', '\uFEFF# saved by Notepad\n'],
  ])('gives the documented defaults for %s', (_name, text) => {
    const result = policyOf(text);
    expect(result.policy).toEqual(DEFAULT_POLICY);
    expect(result.raw).toEqual({});
  });

  it('defaults require one approval with write permission on agent PRs only', () => {
    expect(DEFAULT_POLICY.approvals).toEqual({ count: 1, permission: 'write', teams: [], users: [] });
    expect(DEFAULT_POLICY.applies_to).toBe('agents');
    expect(DEFAULT_POLICY.invalidation).toBe('any_push');
    expect(DEFAULT_POLICY.unknown_bots).toBe('agent');
  });

  it('fills defaults around the keys a file sets, and keeps the raw input for _extends', () => {
    const result = policyOf('approvals:\n  count: 2\n');
    expect(result.policy.approvals).toEqual({ count: 2, permission: 'write', teams: [], users: [] });
    expect(result.policy.labels.prefix).toBe('agent:');
    expect(result.raw).toEqual({ approvals: { count: 2 } });
  });
});

describe('parsePolicy: every error names its key path and line:column', () => {
  it('reports YAML syntax errors at the unclosed bracket, not at the next key', () => {
    expect(errorsOf('approvals:\n  teams: [acme/platform\nlabels:\n  enabled: true\n')).toEqual([
      `${FILE}:2:23 approvals.teams[0]: YAML syntax: Flow sequence in block collection must be sufficiently indented and end with a ]`,
    ]);
  });

  it('reports an unclosed quote on the value that opened it', () => {
    expect(errorsOf('labels:\n  prefix: "agent:\n  enabled: true\n')).toEqual([
      `${FILE}:3:15 labels.prefix: YAML syntax: Missing closing "quote`,
    ]);
  });

  it('reports tabs used as indentation', () => {
    expect(errorsOf('approvals:\n\tcount: 2\n')).toEqual([
      `${FILE}:2:2 count: YAML syntax: Tabs are not allowed as indentation`,
    ]);
  });

  it('reports unknown keys at every level, with the allowed keys and a suggestion', () => {
    expect(errorsOf('approvals:\n  count: 2\n  cuont: 3\nlabel:\n  enabled: false\n')).toEqual([
      `${FILE}:3:3 approvals.cuont: unknown key "cuont" (did you mean "count"?); allowed keys here: count, permission, teams, users`,
      `${FILE}:4:1 label: unknown key "label" (did you mean "labels"?); allowed top-level keys: _extends, applies_to, agents, automation, unknown_bots, approvals, reviewer_agents, invalidation, paths, signatures, handoff, unattributed_commits, labels, overrides, comment`,
    ]);
  });

  it('says where a key belongs when it is written at the wrong level', () => {
    expect(errorsOf('approvals:\n  agent_commits: required\n')).toEqual([
      `${FILE}:2:3 approvals.agent_commits: unknown key "agent_commits" (it belongs at signatures.agent_commits); allowed keys here: count, permission, teams, users`,
    ]);
  });

  it('reports wrong types with what was found', () => {
    expect(errorsOf('approvals:\n  count: "2"\ncomment:\n  enabled: on\npaths: {}\n')).toEqual([
      `${FILE}:2:3 approvals.count: must be a number (got "2")`,
      `${FILE}:4:3 comment.enabled: must be true or false (got "on"); YAML 1.2 reads yes/no/on/off as text, write true or false`,
      `${FILE}:5:1 paths: must be a list (got an empty mapping)`,
    ]);
  });

  it('reports fractional and infinite numbers', () => {
    expect(errorsOf('approvals:\n  count: 1.5\nhandoff:\n  approvals: .inf\n')).toEqual([
      `${FILE}:2:3 approvals.count: must be a whole number (got 1.5)`,
      `${FILE}:4:3 handoff.approvals: must be a number (got Infinity)`,
    ]);
  });

  it('reports an empty value and says how to get the default', () => {
    expect(errorsOf('approvals:\n')).toEqual([
      `${FILE}:1:1 approvals: must be a mapping of keys (\`key: value\` lines) (got an empty value); remove the key to use the default`,
    ]);
  });

  it('refuses values below the floor of the guarantee, and says so', () => {
    expect(errorsOf('approvals:\n  count: 0\n  permission: read\n')).toEqual([
      `${FILE}:2:3 approvals.count: must be at least 1 (got 0): a policy cannot go below one independent human approval`,
      `${FILE}:3:3 approvals.permission: must be one of write, maintain, admin (got "read"): a policy cannot lower the floor`,
    ]);
    expect(errorsOf('approvals:\n  count: -3\n')[0]).toContain(
      'approvals.count: must be at least 1 (got -3)',
    );
    expect(errorsOf('approvals:\n  permission: triage\n')[0]).toContain('a policy cannot lower the floor');
  });

  it('reports values above the range', () => {
    expect(errorsOf('approvals:\n  count: 21\n')).toEqual([
      `${FILE}:2:3 approvals.count: must be at most 20 (got 21)`,
    ]);
  });

  it('reports duplicate keys at the repetition, together with schema errors', () => {
    expect(errorsOf('approvals:\n  count: 2\n  count: 0\ncolour: red\n')).toEqual([
      `${FILE}:3:3 approvals.count: is a duplicate key: each key may appear once in a mapping`,
      `${FILE}:3:3 approvals.count: must be at least 1 (got 0): a policy cannot go below one independent human approval`,
      `${FILE}:4:1 colour: unknown key "colour"; allowed top-level keys: _extends, applies_to, agents, automation, unknown_bots, approvals, reviewer_agents, invalidation, paths, signatures, handoff, unattributed_commits, labels, overrides, comment`,
    ]);
  });

  it('reports a missing required key at the item that lacks it', () => {
    expect(errorsOf('paths:\n  - globs: [src/**]\n')).toEqual([
      `${FILE}:2:5 paths[0].name: is required (text)`,
    ]);
  });

  it('refuses a top-level list or value with a clear message', () => {
    expect(errorsOf('- approvals: 2\n')).toEqual([
      `${FILE}:1:1 must be a mapping of keys such as \`approvals:\` at the top level (got a list)`,
    ]);
    expect(errorsOf('approvals is two\n')).toEqual([
      `${FILE}:1:1 must be a mapping of keys such as \`approvals:\` at the top level (got a single value)`,
    ]);
  });

  it('refuses several YAML documents in one file', () => {
    expect(errorsOf('approvals:\n  count: 2\n---\napprovals:\n  count: 1\n')).toEqual([
      `${FILE}:3:1 holds more than one YAML document (a second \`---\`); a policy is one`,
    ]);
  });

  it('refuses YAML tags, which could make a value mean something else', () => {
    expect(errorsOf('approvals:\n  count: !!str 2\n  permission: !admin write\n')).toEqual([
      `${FILE}:3:15 approvals.permission: uses a YAML tag (\`!something\`) that a policy does not allow`,
    ]);
  });

  it('refuses keys that are lists or mappings', () => {
    expect(errorsOf('? [approvals]\n: {count: 2}\n')).toEqual([
      `${FILE}:1:3 has a key that is a list or mapping: keys must be plain text`,
    ]);
  });

  it('reports every error in one pass, in file order', () => {
    const errors = errorsOf(
      [
        'approvals:',
        '  count: 0',
        'paths:',
        '  - name: Infra',
        "    globs: ['/infra/**']",
        '    teams: [platform]',
        'labels:',
        '  prefix: a',
        'unknown_bots: ignore',
      ].join('\n'),
    );
    expect(errors.map((line) => line.split(' ')[0])).toEqual([
      `${FILE}:2:3`,
      `${FILE}:5:13`,
      `${FILE}:6:13`,
      `${FILE}:8:3`,
      `${FILE}:9:1`,
    ]);
  });

  it('caps the list of errors and says how many more there are', () => {
    const text = Array.from({ length: 80 }, (_, index) => `unknown_${index}: 1`).join('\n');
    const result = parsePolicy(text, FILE) as Extract<PolicyParseResult, { ok: false }>;
    expect(result.errors).toHaveLength(MAX_POLICY_ERRORS + 1);
    expect(result.errors.at(-1)?.message).toBe(`has ${80 - MAX_POLICY_ERRORS} more errors not shown`);
  });
});

describe('parsePolicy: odd and hostile input', () => {
  it('shows a look-alike key escaped, so it cannot pass for the real one', () => {
    expect(errorsOf('\u0430pprovals:\n  count: 2\n')).toEqual([
      `${FILE}:1:1 ["\\u0430pprovals"]: unknown key "\\u0430pprovals" (did you mean "approvals"?); allowed top-level keys: _extends, applies_to, agents, automation, unknown_bots, approvals, reviewer_agents, invalidation, paths, signatures, handoff, unattributed_commits, labels, overrides, comment`,
    ]);
  });

  it('shows invisible characters in a key', () => {
    expect(errorsOf('approvals:\n  cou\u200bnt: 2\n')[0]).toContain(
      'approvals["cou\\u200bnt"]: unknown key "cou\\u200bnt"',
    );
  });

  it('refuses bidirectional overrides and invisible characters in text shown to reviewers', () => {
    expect(errorsOf('labels:\n  prefix: "agent\u202e:"\n  handoff: "hand\u200boff"\n')).toEqual([
      `${FILE}:2:3 labels.prefix: must not contain control, invisible or bidirectional-override characters`,
      `${FILE}:3:3 labels.handoff: must not contain control, invisible or bidirectional-override characters`,
    ]);
  });

  it('accepts non-Latin text and emoji where text is free', () => {
    const result = policyOf(
      "labels:\n  prefix: '🤖:'\n  handoff: 'агенты-передача'\npaths:\n  - name: 'Données sensibles 🔒'\n    globs: ['données/**']\n",
    );
    expect(result.policy.labels.prefix).toBe('🤖:');
    expect(result.policy.paths[0]?.name).toBe('Données sensibles 🔒');
  });

  it('escapes a lone surrogate in a message instead of printing it', () => {
    expect(errorsOf('approvals:\n  permission: "\\ud800"\n')[0]).toContain('(got "\\ud800")');
  });

  it('clips a very long value in a message', () => {
    const message = errorsOf(`approvals:\n  permission: "${'x'.repeat(10_000)}"\n`)[0]!;
    expect(message.length).toBeLessThan(300);
    expect(message).toContain('…');
  });

  it('refuses GitHub’s noreply domain as a whole, but takes an agent’s own noreply address', () => {
    expect(errorsOf('agents:\n  - id: acme\n    emails: ["@Users.NoReply.GitHub.com"]\n')).toEqual([
      `${FILE}:3:14 agents[0].emails[0]: is every GitHub user’s noreply domain: list the agent’s own address (\`<id>+<login>@users.noreply.github.com\`), its login or its id`,
    ]);
    const own = '41898282+acme-bot@users.noreply.github.com';
    expect(
      policyOf(`agents:\n  - id: acme\n    emails: ["${own}", "@acme.dev"]\n`).policy.agents[0]?.emails,
    ).toEqual([own, '@acme.dev']);
  });

  it('refuses a file beyond the size limit without parsing it', () => {
    const text = `# ${'x'.repeat(MAX_POLICY_LENGTH)}\n`;
    expect(errorsOf(text)).toEqual([
      `${FILE} is ${text.length} characters long; a policy may be at most ${MAX_POLICY_LENGTH}`,
    ]);
  });

  it('parses a large valid file within the limit', () => {
    const agents = Array.from(
      { length: 1500 },
      (_, index) => `  - id: agent-${index}\n    logins: [agent-${index}]\n    ids: [${index + 1}]\n`,
    );
    const text = `agents:\n${agents.join('')}`;
    expect(text.length).toBeLessThan(MAX_POLICY_LENGTH);
    // A check quadratic in the agents would make this run for minutes: the test's timeout is
    // the guard, never a measured time.
    const parsed = policyOf(text).policy.agents;
    expect(parsed).toHaveLength(1500);
    expect(parsed.at(-1)).toMatchObject({ id: 'agent-1499', logins: ['agent-1499'], ids: [1500] });
  }, 30_000);

  it.each([
    ['unclosed brackets', '['.repeat(100_000)],
    ['balanced brackets', `${'['.repeat(60_000)}${']'.repeat(60_000)}`],
    ['flow mappings', `a: ${'{a: '.repeat(30_000)}`],
    ['compact lists', `${'- '.repeat(60_000)}x`],
    ['explicit keys', '? '.repeat(60_000)],
    [
      'indentation',
      `a:\n${Array.from({ length: 300 }, (_, depth) => `${' '.repeat(depth + 1)}b:`).join('\n')}`,
    ],
  ])('refuses deep nesting (%s) before the YAML parser recurses into it', (_name, text) => {
    // Composing deeply nested YAML exhausts the stack, which can kill Node outright.
    const [error] = errorsOf(text);
    expect(error).toMatch(
      /^\.github\/custody\.yml:\d+:\d+ nests lists and mappings more than 64 levels deep/,
    );
  });

  it('accepts ordinary nesting', () => {
    const nested = `${'['.repeat(30)}${']'.repeat(30)}`;
    expect(errorsOf(`approvals:\n  teams: ${nested}\n`)[0]).toContain(
      'approvals.teams[0]: must be text (got a list)',
    );
  });

  it('refuses an alias that refers to itself', () => {
    expect(errorsOf('agents: &loop [*loop]\n')).toEqual([`${FILE} an alias refers to itself`]);
  });

  it('refuses an alias bomb instead of expanding it', () => {
    const levels = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let level = 1; level < 12; level++) {
      const previous = `*a${level - 1}`;
      levels.push(`a${level}: &a${level} [${Array.from({ length: 10 }, () => previous).join(', ')}]`);
    }
    const errors = errorsOf(levels.join('\n'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/could not be read: Excessive alias count/);
  });

  it('allows anchors and aliases used to repeat a list', () => {
    const result = policyOf(
      'approvals:\n  teams: &reviewers [acme/reviewers]\npaths:\n  - name: Infra\n    globs: [infra/**]\n    teams: *reviewers\n',
    );
    expect(result.policy.paths[0]?.teams).toEqual(['acme/reviewers']);
  });

  it('refuses a prototype-polluting key as unknown', () => {
    expect(errorsOf('__proto__:\n  count: 0\n')[0]).toContain('__proto__: unknown key "__proto__"');
    expect(Object.prototype).not.toHaveProperty('count');
  });
});

describe('parsePolicyValue', () => {
  it('checks an already-built value and reports errors without lines', () => {
    const result = parsePolicyValue({ approvals: { count: 0 } }, 'merged policy');
    expect(result).toEqual({
      ok: false,
      errors: [
        {
          file: 'merged policy',
          path: 'approvals.count',
          line: null,
          column: null,
          message: 'must be at least 1 (got 0): a policy cannot go below one independent human approval',
        },
      ],
    });
  });

  it('accepts a valid value', () => {
    const result = parsePolicyValue({ approvals: { count: 3 } }, 'merged policy');
    expect(result.ok && result.policy.approvals.count).toBe(3);
  });
});
