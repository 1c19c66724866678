import { describe, expect, it } from 'vitest';
import { explainLive } from '../../src/cli/explain-live.js';
import { buildReviewerAccessQuery } from '../../src/github/graphql/reviewer-access.js';
import { executeAgainstSchema } from '../fixtures/graphql/execute-against-schema.js';
import { commit, pullRequestExchanges, review, user } from '../fixtures/graphql/pull-request-fixture.js';
import { interceptGraphql, useStrictNock } from '../fixtures/graphql/strict-nock.js';
import { run } from './fake-io.js';

useStrictNock();

const TEAM_POLICY = 'approvals:\n  teams: [acme/release]\n';
const claudeCommit = commit(1, {
  message: 'Fix the parser\n\nCo-authored-by: Claude <noreply@anthropic.com>',
});
const graceApproves = review(1, user('grace', 2), 'APPROVED');

/** GitHub's answer to the reviewer-access query: @grace is in acme/release. */
function graceInRelease() {
  const document = buildReviewerAccessQuery(1, 1, false);
  const variables = { login0: 'grace', org0: 'acme', team0: 'release' };
  const root = { t0: { team: { m0: { totalCount: 1, nodes: [{ login: 'grace', databaseId: 2 }] } } } };
  return { document, variables, response: { data: executeAgainstSchema(document, variables, root) } };
}

const options = { env: { GITHUB_TOKEN: 't' }, files: { 'team.yml': TEAM_POLICY }, explainLive };

describe('custody explain owner/repo#n --policy', () => {
  it('counts a team approver the same whether the team policy is on the base branch or given locally', async () => {
    interceptGraphql([
      ...pullRequestExchanges(
        { commits: [claudeCommit], reviews: [graceApproves], repoPolicy: TEAM_POLICY },
        null,
      ),
      graceInRelease(),
    ]);
    const onBase = await run(['explain', 'acme/rocket#42'], options);
    expect(onBase.stdout).toMatch(/\+ @grace on \w{7} — counted/);
    expect(onBase.code).toBe(0);

    // The base branch has no policy: the access lookup must follow team.yml, not the defaults.
    interceptGraphql([
      ...pullRequestExchanges({ commits: [claudeCommit], reviews: [graceApproves] }, null),
      graceInRelease(),
    ]);
    const local = await run(['explain', 'acme/rocket#42', '--policy', 'team.yml'], options);
    expect(local.stdout).toContain("Policy: team.yml (instead of the base branch's)");
    expect(local.stdout).toMatch(/\+ @grace on \w{7} — counted/);
    expect(local.stdout).not.toContain('not one of the approvers the policy names');
    expect(local.code).toBe(0);
  });
});
