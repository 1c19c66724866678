import { OWN_NOTES, OWN_NOTES_PAGE } from './graphql/own-notes.js';
import { type Connection, type GraphqlOctokit, queryGraphql, readAllPages } from './octokit-types.js';

interface WireComment {
  readonly viewerDidAuthor: boolean;
  readonly body: string;
}

interface WireNotes {
  readonly repository: {
    readonly pullRequest: { readonly comments: Connection<WireComment> } | null;
  } | null;
}

/**
 * The bodies of the comments the app itself wrote on a PR (`viewerDidAuthor`, so a comment
 * anyone else writes with our marker in it is never taken for ours): how a retried one-off
 * note (a bypass, an override) finds out whether it was already posted.
 */
export async function fetchOwnNotes(
  octokit: GraphqlOctokit,
  ref: { readonly owner: string; readonly repo: string; readonly number: number },
): Promise<string[]> {
  const variables = { owner: ref.owner, name: ref.repo, number: ref.number };
  const what = 'comments on the pull request';
  const data = await queryGraphql<WireNotes>(octokit, OWN_NOTES, { ...variables, cursor: null }, what);
  const comments = await readAllPages(octokit, data.repository?.pullRequest?.comments, what, {
    document: OWN_NOTES_PAGE,
    variables,
    select: (page: WireNotes) => page.repository?.pullRequest?.comments,
  });
  return comments.filter((comment) => comment.viewerDidAuthor).map((comment) => comment.body);
}
