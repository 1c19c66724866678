import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import {
  buildSchema,
  execute,
  GraphQLError,
  type GraphQLFieldResolver,
  GraphQLInt,
  GraphQLScalarType,
  type GraphQLSchema,
  type GraphQLTypeResolver,
  isInterfaceType,
  isObjectType,
  parse,
  validate,
} from 'graphql';
import { resolveConnectionField } from './connection.js';
import type { GqlContext, ResolverMap } from './context.js';
import { actorResolvers } from './resolvers/actors.js';
import { commitResolvers } from './resolvers/commit.js';
import { pullRequestResolvers } from './resolvers/pull-request.js';
import { repositoryResolvers } from './resolvers/repository.js';

const require = createRequire(import.meta.url);

let cached: GraphQLSchema | null = null;

/** GitHub's published schema (`@octokit/graphql-schema`), built once per process. */
export function githubSchema(): GraphQLSchema {
  if (!cached) {
    // The package's `exports` hide the file itself (and offer no `require` entry): look it up
    // in the node_modules folders Node would search.
    const path = (require.resolve.paths('@octokit/graphql-schema') ?? [])
      .map((dir) => join(dir, '@octokit', 'graphql-schema', 'schema.graphql'))
      .find((candidate) => existsSync(candidate));
    if (!path) throw new Error('simulator: @octokit/graphql-schema is not installed');
    cached = widenDatabaseIds(buildSchema(readFileSync(path, 'utf8'), { assumeValidSDL: true }));
  }
  return cached;
}

/**
 * GitHub's `databaseId` fields are typed `Int` (32-bit in the GraphQL spec), yet GitHub returns
 * ids beyond 2^31 in them (check runs passed 2^31 in 2021; clients typed i32 broke on real
 * responses, e.g. obmarg/cynic#711). graphql-js would refuse to serialise such ids, so these
 * fields get an `Int` that carries any safe integer, as GitHub's does.
 */
const GITHUB_DATABASE_ID = new GraphQLScalarType({
  name: 'Int',
  description: 'GitHub-style Int for database ids: any safe integer.',
  serialize(value) {
    if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
      throw new GraphQLError(`Int cannot represent non-integer value: ${String(value)}`);
    }
    return value;
  },
});

function widenDatabaseIds(schema: GraphQLSchema): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) && !isInterfaceType(type)) continue;
    const field = type.getFields().databaseId;
    if (field && field.type === GraphQLInt) field.type = GITHUB_DATABASE_ID;
  }
  return schema;
}

const RESOLVERS: ResolverMap = mergeResolvers([
  repositoryResolvers,
  pullRequestResolvers,
  commitResolvers,
  actorResolvers,
]);

function mergeResolvers(maps: readonly ResolverMap[]): ResolverMap {
  const out: ResolverMap = {};
  for (const map of maps)
    for (const [type, fields] of Object.entries(map)) out[type] = { ...out[type], ...fields };
  return out;
}

/** Every field either has a resolver or fails loudly with its name: never a silent null. */
const fieldResolver: GraphQLFieldResolver<unknown, GqlContext> = (source, args, ctx, info) => {
  const generic = resolveConnectionField(source, info);
  if (generic) return generic.value;
  const resolver = RESOLVERS[info.parentType.name]?.[info.fieldName];
  if (!resolver) {
    throw new GraphQLError(
      `field ${info.parentType.name}.${info.fieldName} is not implemented by the simulator`,
      {
        extensions: { type: 'SIMULATOR_NOT_IMPLEMENTED' },
      },
    );
  }
  return resolver(source, args, ctx, info);
};

const typeResolver: GraphQLTypeResolver<unknown, GqlContext> = (value) =>
  typeof value === 'object' && value !== null && '__typename' in value ? String(value.__typename) : undefined;

interface GithubError {
  message: string;
  locations?: ReadonlyArray<{ line: number; column: number }>;
  path?: ReadonlyArray<string | number>;
  type?: string;
  extensions?: Record<string, unknown>;
}

/** graphql-js messages, rephrased the way GitHub's GraphQL API words the common ones. */
function asGithubValidationError(error: GraphQLError): GithubError {
  const undefinedField = /^Cannot query field "(.+?)" on type "(.+?)"\./.exec(error.message);
  if (undefinedField) {
    return {
      message: `Field '${undefinedField[1]}' doesn't exist on type '${undefinedField[2]}'`,
      locations: error.locations,
      extensions: { code: 'undefinedField', typeName: undefinedField[2], fieldName: undefinedField[1] },
    };
  }
  const unknownArg = /^Unknown argument "(.+?)" on field "(.+?)\.(.+?)"\./.exec(error.message);
  if (unknownArg) {
    return {
      message: `Field '${unknownArg[3]}' doesn't accept argument '${unknownArg[1]}'`,
      locations: error.locations,
      extensions: {
        code: 'argumentNotAccepted',
        name: unknownArg[3],
        typeName: 'Field',
        argumentName: unknownArg[1],
      },
    };
  }
  return { message: error.message, locations: error.locations, extensions: { code: 'validationError' } };
}

const VALIDATED = new Map<string, ReturnType<typeof parse>>();

export interface GraphqlRequest {
  readonly query?: unknown;
  readonly variables?: unknown;
  readonly operationName?: unknown;
}

/**
 * Run one GraphQL request as GitHub does: a syntax or validation error rejects the whole
 * document (HTTP 200 with `errors` and no `data`); a failing field gives `data` with that
 * field null plus an `errors` entry carrying its `path` and `type`.
 */
export async function runGraphql(
  request: GraphqlRequest,
  ctx: GqlContext,
  /** Runs the execution (synchronous: every resolver is); replication lag serves a query old facts. */
  serve: <T>(execute: () => T) => T = (run) => run(),
): Promise<Record<string, unknown>> {
  if (typeof request.query !== 'string' || request.query.trim() === '') {
    return { errors: [{ message: 'A query attribute must be specified and must be a string.' }] };
  }
  const schema = githubSchema();
  let document = VALIDATED.get(request.query);
  if (!document) {
    try {
      document = parse(request.query);
    } catch (error) {
      const e = error as GraphQLError;
      return { errors: [{ message: `Parse error on ${e.message}`, locations: e.locations }] };
    }
    const invalid = validate(schema, document);
    if (invalid.length > 0) return { errors: invalid.map(asGithubValidationError) };
    // Validation against GitHub's whole schema is the costly part, and its outcome depends on
    // the text alone: remember valid documents (an app sends the same few again and again).
    if (VALIDATED.size >= 500) VALIDATED.clear();
    VALIDATED.set(request.query, document);
  }
  const result = await serve(() =>
    execute({
      schema,
      document,
      contextValue: ctx,
      rootValue: {},
      variableValues: (request.variables ?? undefined) as Record<string, unknown> | undefined,
      operationName: typeof request.operationName === 'string' ? request.operationName : undefined,
      fieldResolver,
      typeResolver,
    }),
  );
  const out: Record<string, unknown> = { data: result.data ?? null };
  if (result.errors && result.errors.length > 0) {
    out.errors = result.errors.map((e) => ({
      type: (e.extensions?.type as string | undefined) ?? 'INTERNAL',
      path: e.path,
      locations: e.locations,
      message: e.message,
    }));
  }
  return out;
}
