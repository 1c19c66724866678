/** Open PRs of several repositories with our check run on each head commit: one query, no N+1. */
export const SWEEP_OPEN_PULL_REQUESTS_QUERY = /* GraphQL */ `
  query SweepOpenPullRequests($ids: [ID!]!, $first: Int!, $after: String, $appId: Int!, $checkName: String!) {
    rateLimit { cost remaining }
    nodes(ids: $ids) {
      ... on Repository {
        id
        pullRequests(states: OPEN, first: $first, after: $after) {
          pageInfo { hasNextPage endCursor }
          nodes {
            number
            headRefOid
            commits(last: 1) {
              nodes {
                commit {
                  oid
                  checkSuites(first: 1, filterBy: { appId: $appId }) {
                    nodes {
                      checkRuns(first: 1, filterBy: { checkName: $checkName, checkType: LATEST }) {
                        nodes { status conclusion }
                      }
                    }
                  }
                }
              }
            }
          }
        }
      }
    }
  }
`;
