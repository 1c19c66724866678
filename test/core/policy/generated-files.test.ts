import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, renderGeneratedFiles } from '../../../scripts/write-schemas.js';
import { parsePolicy, renderPolicyJsonSchema } from '../../../src/core/policy/index.js';

const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

describe('files generated from the schemas', () => {
  // Rendered inside the test, not while the file loads: mutation testing can then judge the
  // renderers (code run at load counts as static, judged by every test or not at all).
  it('are current (run npm run schemas)', () => {
    for (const [path, expected] of Object.entries(renderGeneratedFiles(read))) {
      expect(read(path) === expected, `${path} is stale: run npm run schemas`).toBe(true);
    }
  });
});

describe('docs/policy.md', () => {
  const docs = read('docs/policy.md');

  it('documents every key of the schema', () => {
    const keys: string[] = [];
    const visit = (node: Record<string, unknown>, prefix: string, defs: Record<string, unknown>) => {
      const resolved = (
        typeof node.$ref === 'string' ? defs[node.$ref.replace('#/$defs/', '')] : node
      ) as Record<string, unknown>;
      for (const [key, child] of Object.entries(
        (resolved.properties ?? {}) as Record<string, Record<string, unknown>>,
      )) {
        const path = prefix === '' ? key : `${prefix}.${key}`;
        keys.push(path);
        visit(child, path, defs);
        if (child.items !== undefined) visit(child.items as Record<string, unknown>, `${path}[]`, defs);
      }
    };
    const schema = renderPolicyJsonSchema() as Record<string, unknown>;
    visit(schema, '', schema.$defs as Record<string, unknown>);
    expect(keys.length).toBeGreaterThan(30);
    const documented = new Set([...docs.matchAll(/^\| `([^`]+)` +\|/gm)].map((match) => match[1]));
    expect(keys.filter((key) => !documented.has(key))).toEqual([]);
  });

  it('shows only YAML examples that parse', () => {
    const blocks = [...docs.matchAll(/```yaml\n([\s\S]*?)```/g)].map((match) => match[1]!);
    expect(blocks.length).toBeGreaterThanOrEqual(4);
    for (const block of blocks) expect(parsePolicy(block, 'docs/policy.md').ok, block).toBe(true);
  });
});
