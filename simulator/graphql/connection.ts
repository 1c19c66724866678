import { GraphQLError, type GraphQLResolveInfo } from 'graphql';

/**
 * Relay connections as GitHub serves them: `first`/`last` are required and capped at 100,
 * cursors are opaque, `pageInfo` and `totalCount` are exact. A resolver returns `connection(...)`;
 * the generic resolvers below answer the `*Connection`, `*Edge` and `PageInfo` fields.
 */

const CONNECTION = Symbol('connection');

export interface Connection<T> {
  readonly [CONNECTION]: true;
  readonly all: readonly T[];
  readonly start: number;
  readonly end: number;
}

interface PageArgs {
  first?: number | null;
  last?: number | null;
  after?: string | null;
  before?: string | null;
}

export function encodeCursor(index: number): string {
  return Buffer.from(`cursor:v2:${index}`).toString('base64');
}

function decodeCursor(cursor: string, field: string): number {
  const m = /^cursor:v2:(\d+)$/.exec(Buffer.from(cursor, 'base64').toString('utf8'));
  if (!m)
    throw new GraphQLError(`\`${cursor}\` does not appear to be a valid cursor.`, { extensions: { field } });
  return Number(m[1]);
}

export function connection<T>(all: readonly T[], args: PageArgs, info: GraphQLResolveInfo): Connection<T> {
  const field = info.fieldName;
  if (args.first == null && args.last == null) {
    throw new GraphQLError(
      `You must provide a \`first\` or \`last\` value to properly paginate the \`${field}\` connection.`,
      {
        extensions: { type: 'MISSING_PAGINATION_BOUNDARIES' },
      },
    );
  }
  for (const key of ['first', 'last'] as const) {
    const n = args[key];
    if (n != null && n > 100) {
      throw new GraphQLError(
        `Requesting ${n} records on the \`${field}\` connection exceeds the \`${key}\` limit of 100 records.`,
        { extensions: { type: 'EXCESSIVE_PAGINATION' } },
      );
    }
    if (n != null && n < 0) {
      throw new GraphQLError(`\`${key}\` on the \`${field}\` connection cannot be less than zero.`);
    }
  }
  let start = args.after ? decodeCursor(args.after, field) + 1 : 0;
  let end = args.before ? decodeCursor(args.before, field) : all.length;
  start = Math.min(Math.max(start, 0), all.length);
  end = Math.min(Math.max(end, start), all.length);
  if (args.first != null) end = Math.min(end, start + args.first);
  if (args.last != null) start = Math.max(start, end - args.last);
  return { [CONNECTION]: true, all, start, end };
}

export function isConnection(value: unknown): value is Connection<unknown> {
  return typeof value === 'object' && value !== null && CONNECTION in value;
}

interface EdgeSource {
  readonly node: unknown;
  readonly index: number;
}

/** Answers the fields of `XConnection`, `XEdge` and `PageInfo` types. Null when the field is not generic. */
export function resolveConnectionField(source: unknown, info: GraphQLResolveInfo): { value: unknown } | null {
  const type = info.parentType.name;
  const name = info.fieldName;
  if (type === 'PageInfo' && isConnection(source)) {
    switch (name) {
      case 'hasNextPage':
        return { value: source.end < source.all.length };
      case 'hasPreviousPage':
        return { value: source.start > 0 };
      case 'startCursor':
        return { value: source.end > source.start ? encodeCursor(source.start) : null };
      case 'endCursor':
        return { value: source.end > source.start ? encodeCursor(source.end - 1) : null };
    }
    return null;
  }
  if (type.endsWith('Connection') && isConnection(source)) {
    switch (name) {
      case 'nodes':
        return { value: source.all.slice(source.start, source.end) };
      case 'edges':
        return {
          value: source.all
            .slice(source.start, source.end)
            .map((node, i): EdgeSource => ({ node, index: source.start + i })),
        };
      case 'pageInfo':
        return { value: source };
      case 'totalCount':
        return { value: source.all.length };
    }
    return null;
  }
  if (type.endsWith('Edge') && typeof source === 'object' && source !== null && 'index' in source) {
    const edge = source as EdgeSource;
    if (name === 'node') return { value: edge.node };
    if (name === 'cursor') return { value: encodeCursor(edge.index) };
  }
  return null;
}
