/**
 * The comments on a PR, with whether the app wrote each (`viewerDidAuthor`): how a one-off note
 * finds out it was already posted. The first page and the later ones (`$cursor`) are one shape.
 */
const ownNotes = (
  name: string,
) => `query ${name}($owner: String!, $name: String!, $number: Int!, $cursor: String) {
  repository(owner: $owner, name: $name) {
    pullRequest(number: $number) {
      comments(first: 100, after: $cursor) {
        totalCount
        pageInfo { hasNextPage endCursor }
        nodes { viewerDidAuthor body }
      }
    }
  }
}`;

export const OWN_NOTES = ownNotes('CustodyOwnNotes');
export const OWN_NOTES_PAGE = ownNotes('CustodyOwnNotesPage');
