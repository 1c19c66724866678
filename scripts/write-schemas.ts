import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { renderEnvironmentReference } from '../src/app/server/environment.js';
import { renderCatalogueReference } from '../src/core/identity/render-catalogue-reference.js';
import { renderPolicyJsonSchema, renderPolicyReference } from '../src/core/policy/index.js';
import { renderSnapshotJsonSchema } from '../src/core/snapshot.js';

/**
 * Writes every artefact generated from the zod schemas and the agent catalogue: the two JSON
 * Schemas, docs/catalogue.md, and the generated sections of docs/policy.md and README.md (the
 * key reference, the environment variables, and example policies copied from test/fixtures/policies/valid so the
 * documented examples are the tested ones). `npm run schemas` writes; `--check` only reports
 * drift (exit 1). test/core/policy/generated-files.test.ts fails when a committed file is stale.
 */

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

const BEGIN = /<!-- BEGIN GENERATED: (.+?) -->\n[\s\S]*?<!-- END GENERATED -->/g;

/** Path (relative to the repository root) → the content it must have. */
export function renderGeneratedFiles(read: (path: string) => string): Record<string, string> {
  return {
    'schema/custody.schema.json': renderJson(renderPolicyJsonSchema()),
    'schema/snapshot.schema.json': renderJson(renderSnapshotJsonSchema()),
    'docs/policy.md': fillGeneratedSections(read('docs/policy.md'), read),
    'README.md': fillGeneratedSections(read('README.md'), read),
    'docs/catalogue.md': renderCataloguePage(),
  };
}

/**
 * Replaces the body of each `<!-- BEGIN GENERATED: what -->` … `<!-- END GENERATED -->`
 * block: `reference` is the key table, `environment` the table of environment variables,
 * `example <path>` the YAML file at that path.
 */
export function fillGeneratedSections(markdown: string, read: (path: string) => string): string {
  return markdown.replace(BEGIN, (_block, what: string) => {
    const body =
      what === 'reference'
        ? renderPolicyReference()
        : what === 'environment'
          ? renderEnvironmentReference()
          : renderExample(what, read);
    return `<!-- BEGIN GENERATED: ${what} -->\n${body}\n<!-- END GENERATED -->`;
  });
}

function renderExample(what: string, read: (path: string) => string): string {
  const match = /^example (\S+\.ya?ml)$/.exec(what);
  if (match === null) throw new Error(`docs/policy.md: unknown generated section "${what}"`);
  return ['```yaml', read(match[1]!).trimEnd(), '```'].join('\n');
}

function renderCataloguePage(): string {
  return [
    '# The built-in catalogue',
    '',
    '<!-- Generated from src/core/identity/catalogue.ts by `npm run schemas`; do not edit. -->',
    '',
    'Every agent and automation account Custody knows without configuration, and the signals',
    'it looks for. Sources (§ rows, with the confidence V verified, E evidence, T third-party,',
    'G guess) refer to [research/agent-identities.md](research/agent-identities.md). How the',
    'signals are weighed: [detection.md](detection.md).',
    '',
    renderCatalogueReference(),
    '',
  ].join('\n');
}

function renderJson(value: object): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

function main(argv: readonly string[]): number {
  const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');
  const check = argv.includes('--check');
  const stale: string[] = [];
  for (const [path, content] of Object.entries(renderGeneratedFiles(read))) {
    let current: string | null = null;
    try {
      current = read(path);
    } catch {
      current = null;
    }
    if (current === content) continue;
    stale.push(path);
    if (check) continue;
    mkdirSync(dirname(join(ROOT, path)), { recursive: true });
    writeFileSync(join(ROOT, path), content);
  }
  const verb = check ? 'stale (run npm run schemas)' : 'written';
  console.log(stale.length === 0 ? 'Generated files are up to date.' : `${verb}: ${stale.join(', ')}`);
  return check && stale.length > 0 ? 1 : 0;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = main(process.argv.slice(2));
}
