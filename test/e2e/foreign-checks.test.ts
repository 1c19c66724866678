import { describe, expect, test } from 'vitest';
import { useEnvironment } from './use-environment.js';

/**
 * Someone with write access posts a commit status named like Custody's check. Branch protection
 * that requires `custody` by name only (no expected source) would take that status as the
 * required check: GitHub's combined state for `custody` says success while Custody's own check
 * run says the PR waits. Custody cannot stop the status, so it says so in its summary.
 */

const env = useEnvironment();

/** What an unpinned required check named `custody` would see: every source's latest state. */
async function statesNamedCustody(sha: string): Promise<string[]> {
  const response = await fetch(`${env.sim.url}/api/graphql`, {
    method: 'POST',
    headers: { authorization: `token ${env.sim.personalToken('erin')}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      query: `query($oid: GitObjectID!) { repository(owner: "acme", name: "widgets") { object(oid: $oid) { ... on Commit {
        status { context(name: "custody") { state creator { login } } }
        checkSuites(first: 10) { nodes { checkRuns(first: 10, filterBy: { checkName: "custody" }) { nodes { conclusion } } } }
      } } } }`,
      variables: { oid: sha },
    }),
  });
  const { data } = (await response.json()) as {
    data: {
      repository: {
        object: {
          status: { context: { state: string } | null } | null;
          checkSuites: { nodes: { checkRuns: { nodes: { conclusion: string | null }[] } }[] };
        };
      };
    };
  };
  const commit = data.repository.object;
  return [
    ...(commit.status?.context ? [`status ${commit.status.context.state}`] : []),
    ...commit.checkSuites.nodes.flatMap((s) => s.checkRuns.nodes.map((r) => `check run ${r.conclusion}`)),
  ];
}

describe('a foreign check named like ours', () => {
  test('a commit status "custody: success" from a writer is named in our summary; our check still waits', async () => {
    const d = env.sim.drivers;
    const pr = await env.act(() =>
      d.openPullRequest({
        as: 'Copilot',
        head: 'copilot/foreign-status',
        title: 'Agent change',
        assignees: ['alice'],
        commits: [{ message: 'Change', author: 'Copilot', coAuthors: ['alice'], files: { 'f.js': 'x\n' } }],
      }),
    );
    expect(env.view(pr.number).check?.conclusion).toBe('action_required');
    const { sha } = d.postStatus({ as: 'alice', number: pr.number, context: 'custody', state: 'success' });
    // Unpinned, a required `custody` has a success to take.
    expect(await statesNamedCustody(sha)).toEqual(['status SUCCESS', 'check run ACTION_REQUIRED']);
    // The status sends Custody nothing; the next evaluation (any event, the sweep) sees it.
    await env.act(() => d.rerequestCheck({ as: 'alice', number: pr.number }));
    const check = env.view(pr.number).check;
    expect(check?.conclusion).toBe('action_required');
    expect(check?.summary).toMatch(
      /A commit status named "custody" posted by @\u200d?alice \(success\) is on this commit and does not come from Custody/,
    );
    expect(check?.summary).toMatch(/expected source/);
  }, 60_000);

  test('a PR without one carries no such note', async () => {
    const d = env.sim.drivers;
    const pr = await env.act(() =>
      d.openPullRequest({
        as: 'alice',
        head: 'alice/plain',
        title: 'Plain',
        commits: [{ message: 'Plain' }],
      }),
    );
    const { sha } = d.postStatus({ as: 'alice', number: pr.number, context: 'ci/build', state: 'success' });
    await env.act(() => d.rerequestCheck({ as: 'alice', number: pr.number }));
    expect(await statesNamedCustody(sha)).toEqual(['check run SUCCESS']);
    expect(env.view(pr.number).check?.summary).not.toMatch(/does not come from Custody/);
  }, 60_000);
});
