import { paginateGraphQL } from '@octokit/plugin-paginate-graphql';
import type { ProbotOctokit } from 'probot';
import { IncompleteDataError, RETRY_HINT } from './incomplete-data-error.js';

/**
 * The slice of Octokit the read side uses: `graphql` for facts, `request` for the one REST
 * read GraphQL cannot do well (`_extends` targets on another repository's default branch).
 * A Probot `context.octokit` fits as is, so does a `ProbotOctokit` built by the CLI.
 */
export type GraphqlOctokit = Pick<Octokit, 'graphql' | 'request'>;

/** An installation (or app) Octokit as Probot builds it: the one type of client every call takes. */
export type Octokit = InstanceType<typeof ProbotOctokit>;

type Paginate = ReturnType<typeof paginateGraphQL>['graphql']['paginate'];

/**
 * `octokit.graphql.paginate` from `@octokit/plugin-paginate-graphql`, whether or not the
 * Octokit class was built with the plugin. The plugin only ever calls `octokit.graphql`, so
 * it is applied to a shim rather than asking every caller to build a special class.
 */
export function graphqlPaginator(octokit: GraphqlOctokit): Paginate {
  const existing = (octokit.graphql as { paginate?: Paginate }).paginate;
  if (existing) return existing;
  const graphql = (query: string, parameters?: Record<string, unknown>) => octokit.graphql(query, parameters);
  const shim = { graphql } as unknown as Parameters<typeof paginateGraphQL>[0];
  return paginateGraphQL(shim).graphql.paginate;
}

/** One error of a GraphQL response (`errors[]` in a 200). */
export interface GraphqlError {
  readonly message: string;
  readonly type?: string;
  readonly path?: readonly (string | number)[];
}

interface GraphqlResponseErrorLike extends Error {
  readonly errors?: readonly GraphqlError[];
  readonly data?: unknown;
}

function isGraphqlResponseError(error: unknown): error is GraphqlResponseErrorLike {
  return error instanceof Error && error.name === 'GraphqlResponseError';
}

/**
 * Runs one GraphQL document. A 200 that carries `errors` is never partial success: it becomes
 * an IncompleteDataError, unless every error is one the caller expects (`tolerate`, e.g. the
 * organisation having no `.github` repository), in which case the data is returned as is.
 */
export async function queryGraphql<T>(
  octokit: GraphqlOctokit,
  document: string,
  variables: Record<string, unknown>,
  what: string,
  tolerate: (error: GraphqlError) => boolean = () => false,
): Promise<T> {
  try {
    return (await octokit.graphql(document, variables)) as T;
  } catch (error) {
    if (isGraphqlResponseError(error)) {
      const errors = error.errors ?? [];
      if (errors.length > 0 && errors.every(tolerate) && error.data) return error.data as T;
    }
    throw asIncompleteData(error, what);
  }
}

/** GraphQL errors in a 200 become IncompleteDataError; HTTP and network failures pass through unchanged. */
export function asIncompleteData(error: unknown, what: string): unknown {
  if (isGraphqlResponseError(error)) {
    const messages = (error.errors ?? []).map((e) => e.message);
    return new IncompleteDataError(
      `GitHub answered with errors while reading ${what} (${messages.join('; ') || 'no message'}), so the data may be partial and nothing was decided. ${RETRY_HINT}`,
      messages,
    );
  }
  // The pagination plugin's own errors (no pageInfo, a cursor that does not move) mean the
  // same for us: the list cannot be read to its end.
  if (
    error instanceof Error &&
    (error.name === 'MissingPageInfo' || error.name === 'MissingCursorChangeError')
  ) {
    return new IncompleteDataError(
      `GitHub's pages of ${what} did not advance (${error.name}). ${RETRY_HINT}`,
    );
  }
  return error;
}

/** A connection as the documents select it: `totalCount`, forward `pageInfo`, `nodes`. */
export interface Connection<T> {
  readonly totalCount: number;
  readonly pageInfo: { readonly hasNextPage: boolean; readonly endCursor: string | null };
  readonly nodes: readonly (T | null)[] | null;
}

/** How to read the pages after the first: a `$cursor` document and where its connection sits. */
export interface NextPages<T> {
  readonly document: string;
  readonly variables: Record<string, unknown>;
  readonly select: (data: never) => Connection<T> | null | undefined;
}

/**
 * The whole list behind a connection whose first page has arrived: later pages come from
 * `octokit.graphql.paginate.iterator`, and each one is checked, because the plugin silently
 * skips a page whose `nodes` is null. The count must hold from first page to last and match
 * what was collected, or the list changed or was cut short while being read.
 */
export async function readAllPages<T>(
  octokit: GraphqlOctokit,
  first: Connection<T> | null | undefined,
  what: string,
  next: NextPages<T>,
): Promise<T[]> {
  const nodes = pageNodes(first, what);
  const expected = first?.totalCount ?? 0;
  if (first?.pageInfo.hasNextPage) {
    const pages = graphqlPaginator(octokit).iterator(next.document, {
      ...next.variables,
      cursor: first.pageInfo.endCursor,
    });
    try {
      for await (const response of pages) {
        const page = next.select(response as never);
        nodes.push(...pageNodes(page, what));
        if (page?.totalCount !== expected) {
          throw new IncompleteDataError(`The ${what} changed while Custody was reading them. ${RETRY_HINT}`);
        }
      }
    } catch (error) {
      throw asIncompleteData(error, what);
    }
  }
  if (nodes.length !== expected) {
    throw new IncompleteDataError(
      `GitHub listed ${nodes.length} of ${expected} ${what}, so Custody decides nothing on a partial list. ${RETRY_HINT}`,
    );
  }
  return nodes;
}

function pageNodes<T>(page: Connection<T> | null | undefined, what: string): T[] {
  const nodes = page?.nodes;
  if (!nodes || nodes.some((node) => node === null)) {
    throw new IncompleteDataError(
      `GitHub returned an empty page where it had ${what} to list. ${RETRY_HINT}`,
    );
  }
  return [...(nodes as readonly T[])];
}
