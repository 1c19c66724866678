import { readdirSync, readFileSync } from 'node:fs';
import { schema } from '@octokit/graphql-schema';
import { buildClientSchema, type GraphQLSchema, parse, validate } from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import { REVIEWER_ACCESS_EXAMPLES } from '../fixtures/graphql/reviewer-access-examples.js';

/**
 * Every GraphQL document in src/ is checked against GitHub's published schema. Documents are
 * discovered, not listed: every string export of src/github/graphql/*.ts is a document, every
 * function export there (a document builder) must have example arguments below, and any other
 * file of src/ whose text declares an operation (`query Name(`) must export each one as a
 * string, so no document can skip the check.
 */
const SRC = new URL('../../src/', import.meta.url);
const GRAPHQL_DIR = 'github/graphql/';
const OPERATION = /\b(query|mutation|subscription)\s+[A-Za-z_]\w*\s*[({]/g;
const HAS_OPERATION = new RegExp(OPERATION.source);

const BUILDER_EXAMPLES: Record<string, readonly (readonly unknown[])[]> = {
  buildReviewerAccessQuery: REVIEWER_ACCESS_EXAMPLES,
};

interface Found {
  readonly name: string;
  readonly document: string;
}

function sourceFiles(): string[] {
  return readdirSync(SRC, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts'))
    .map((file) => file.split('\\').join('/'))
    .sort();
}

async function exportsOf(file: string): Promise<Record<string, unknown>> {
  return import(new URL(file, SRC).href);
}

/** Documents of src/github/graphql/: all string exports, and builders run on their examples. */
async function graphqlModuleDocuments(file: string): Promise<Found[]> {
  const found: Found[] = [];
  for (const [name, value] of Object.entries(await exportsOf(file))) {
    if (typeof value === 'string') {
      found.push({ name: `${file}:${name}`, document: value });
    } else if (typeof value === 'function') {
      const examples = BUILDER_EXAMPLES[name];
      if (!examples) throw new Error(`${file}:${name} builds documents but has no examples in this test`);
      for (const [index, args] of examples.entries()) {
        found.push({ name: `${file}:${name}#${index}`, document: value(...args) });
      }
    }
  }
  return found;
}

/** Elsewhere in src/: each operation the text declares must be an exported string. */
async function otherModuleDocuments(file: string, text: string): Promise<Found[]> {
  const declared = text.match(OPERATION)?.length ?? 0;
  if (declared === 0) return [];
  const found = Object.entries(await exportsOf(file))
    .filter(
      (entry): entry is [string, string] => typeof entry[1] === 'string' && HAS_OPERATION.test(entry[1]),
    )
    .map(([name, document]) => ({ name: `${file}:${name}`, document }));
  const exported = found.reduce((sum, f) => sum + (f.document.match(OPERATION)?.length ?? 0), 0);
  if (exported < declared) {
    throw new Error(
      `${file} declares ${declared} GraphQL operation(s) but exports ${exported}; export each document`,
    );
  }
  return found;
}

let github: GraphQLSchema;
let documents: Found[];

beforeAll(async () => {
  github = buildClientSchema(schema.json as never);
  documents = [];
  for (const file of sourceFiles()) {
    documents.push(
      ...(file.startsWith(GRAPHQL_DIR)
        ? await graphqlModuleDocuments(file)
        : await otherModuleDocuments(file, readFileSync(new URL(file, SRC), 'utf8'))),
    );
  }
});

describe('GraphQL documents', () => {
  it('finds the documents of the read side', () => {
    const names = documents.map((d) => d.name);
    expect(names).toContain('github/graphql/pull-request.ts:PULL_REQUEST_QUERY');
    expect(
      names.some((n) => n.startsWith('github/graphql/reviewer-access.ts:buildReviewerAccessQuery#')),
    ).toBe(true);
    expect(documents.length).toBeGreaterThan(10);
  });

  it('validates every document against GitHub’s schema', () => {
    const failures = documents.flatMap(({ name, document }) =>
      validate(github, parse(document)).map((error) => `${name}: ${error.message}`),
    );
    expect(failures).toEqual([]);
  });

  it('rejects a document with a field GitHub does not have (the check can fail)', () => {
    const errors = validate(github, parse('query { viewer { login agentName } }'));
    expect(errors.map((e) => e.message)).toEqual([expect.stringContaining('agentName')]);
  });
});
