import { describe, expect, test } from 'vitest';
import { editPullRequestBody } from '../../simulator/drivers/edit-pull-request.js';
import {
  dequeue,
  dismissStaleApprovals,
  squashMerge,
  suggestionCommit,
  updateBranch,
} from '../../simulator/drivers/web-actions.js';
import { useEnvironment } from './use-environment.js';

/** Paths only github.com produces: description edits, "Update branch", protection, the merge queue. */

const env = useEnvironment();

const approve = (as: string, number: number) =>
  env.act(() => env.sim.drivers.submitReview({ as, number, state: 'APPROVED' }));

async function openCopilotPr(branch: string) {
  return env.act(() =>
    env.sim.drivers.openPullRequest({
      as: 'Copilot',
      head: branch,
      title: `Change ${branch}`,
      assignees: ['alice'],
      commits: [
        { message: 'Change', author: 'Copilot', coAuthors: ['alice'], files: { [`${branch}.js`]: 'x\n' } },
      ],
    }),
  );
}

describe('paths github.com produces', () => {
  test('an agent marker added by editing the description gates a PR that looked human', async () => {
    const d = env.sim.drivers;
    const pr = await env.act(() =>
      d.openPullRequest({ as: 'alice', head: 'alice/tidy', title: 'Tidy', commits: [{ message: 'Tidy' }] }),
    );
    expect(env.view(pr.number).check?.conclusion).toBe('success');
    await env.act(() =>
      editPullRequestBody(env.sim, d.pull(pr.number), {
        as: 'alice',
        body: 'Tidy the module.\n\n🤖 Generated with [Claude Code](https://claude.com/claude-code)',
      }),
    );
    const view = env.view(pr.number);
    expect(view.checkRuns).toHaveLength(1);
    expect(view.check?.conclusion).toBe('action_required');
    expect(view.labels).toContain('agent:claude');
  }, 60_000);

  test('"Update branch" makes a web-flow merge commit; the check follows the new head', async () => {
    const d = env.sim.drivers;
    const pr = await openCopilotPr('copilot/update-me');
    await approve('bob', pr.number);
    expect(env.view(pr.number).check?.conclusion).toBe('success');
    await d.changePolicy({ as: 'erin', branch: 'main', text: 'approvals:\n  count: 1\n' });
    const { head } = await env.act(() => updateBranch(env.sim, d.pull(pr.number), { as: 'alice' }));
    const commit = env.sim.store.commit(head);
    expect(commit.committer.email).toBe('noreply@github.com');
    expect(commit.parents).toHaveLength(2);
    const view = env.view(pr.number);
    expect(view.headSha).toBe(head);
    expect(view.checkRuns).toHaveLength(1);
    // The default policy counts approvals of the head only: bob's approval of the commit before
    // the update is named as given before the latest commit, and the PR waits again.
    expect(view.check?.conclusion).toBe('action_required');
    expect(view.check?.summary).toMatch(/bob[^\n]*not counted \(given before the latest commit\)/);
    expect(view.check?.summary).toMatch(
      /\| committer \| @\u200dweb-flow \| unknown \|[^\n]*commits on the author/,
    );
  }, 60_000);

  test('branch protection dismissing stale approvals after an agent push keeps the PR waiting', async () => {
    const d = env.sim.drivers;
    const pr = await openCopilotPr('copilot/stale');
    const bob = await approve('bob', pr.number);
    expect(env.view(pr.number).check?.conclusion).toBe('success');
    await env.act(() =>
      d.push({
        as: 'Copilot',
        branch: 'copilot/stale',
        commits: [{ message: 'More', author: 'Copilot', coAuthors: ['alice'], files: { 'more.js': 'y\n' } }],
      }),
    );
    await env.act(() => dismissStaleApprovals(env.sim, d.pull(pr.number), { as: 'bob' }));
    expect(env.sim.store.pullReviews(d.pull(pr.number)).find((r) => r.id === bob.review.id)?.state).toBe(
      'DISMISSED',
    );
    let view = env.view(pr.number);
    expect(view.check?.conclusion).toBe('action_required');
    expect(view.check?.history.map((h) => h.conclusion)).not.toContain('failure');
    await approve('bob', pr.number);
    view = env.view(pr.number);
    expect(view.check?.conclusion).toBe('success');
  }, 60_000);

  test('the merge-queue branch push and merge_group.destroyed change nothing and fail nothing', async () => {
    const d = env.sim.drivers;
    const pr = await openCopilotPr('copilot/queued');
    await approve('bob', pr.number);
    const group = await env.act(() => d.enqueue({ as: 'bob', number: pr.number }));
    const groupRuns = () => env.sim.store.checkRunsFor(env.sim.world.repo.id, group.groupSha);
    expect(groupRuns().map((r) => r.conclusion)).toEqual(['success']);
    const mark = env.sim.store.requests.length;
    const logs = env.app.logs.length;
    await dequeue(env.sim, d.pull(pr.number), { as: 'bob' });
    await env.settle();
    const writes = env.sim.store.requests
      .slice(mark)
      .filter((r) => r.auth === 'installation' && r.kind === 'rest' && r.method !== 'GET');
    expect(writes).toEqual([]);
    expect(groupRuns().map((r) => r.conclusion)).toEqual(['success']);
    expect(env.view(pr.number).check?.conclusion).toBe('success');
    expect(env.app.logs.slice(logs).filter((l) => /"level":(50|60)/.test(l))).toEqual([]);
  }, 60_000);

  test('a suggestion committed from a review makes its author a co-author, whose approval no longer counts', async () => {
    const d = env.sim.drivers;
    const pr = await openCopilotPr('copilot/suggested');
    await approve('bob', pr.number);
    expect(env.view(pr.number).check?.conclusion).toBe('success');
    // bob suggested a change in his review; alice clicks "Commit suggestion".
    await env.act(() =>
      d.push({
        as: 'alice',
        branch: 'copilot/suggested',
        commits: [
          suggestionCommit({ as: 'alice', suggestedBy: 'bob', files: { 'copilot/suggested.js': 'z\n' } }),
        ],
      }),
    );
    const head = env.sim.store.commit(env.view(pr.number).headSha);
    expect(head.committer.email).toBe('noreply@github.com');
    expect(head.message).toMatch(/\n\nCo-authored-by: Bob Okafor </);
    await approve('bob', pr.number);
    const view = env.view(pr.number);
    expect(view.check?.conclusion).toBe('action_required');
    expect(view.check?.summary).toMatch(/@\u200dbob[^\n]*not counted \(took part in this pull request\)/);
    await approve('carol', pr.number);
    expect(env.view(pr.number).check?.conclusion).toBe('success');
  }, 60_000);

  test('a squash merge keeps the co-author lines: a backport of it is still an agent change', async () => {
    const d = env.sim.drivers;
    await d.changePolicy({ as: 'erin', branch: 'backports', text: 'approvals:\n  count: 1\n' });
    const claude = { name: 'Claude', email: 'noreply@anthropic.com' };
    const pr = await env.act(() =>
      d.openPullRequest({
        as: 'alice',
        head: 'alice/squashed',
        title: 'Cache lookups',
        commits: [
          { message: 'Cache lookups', coAuthors: [claude], files: { 'cache.js': 'a\n' } },
          { message: 'Evict entries', coAuthors: [claude], files: { 'evict.js': 'b\n' } },
        ],
      }),
    );
    await approve('bob', pr.number);
    // A merged PR and a push that changes no policy: nothing for the app to evaluate.
    const { sha } = await squashMerge(env.sim, d.pull(pr.number), { as: 'bob' });
    await env.settle();
    const message = env.sim.store.commit(sha).message;
    expect(message).toMatch(
      /\n\n---------\n\nCo-authored-by: Alice Martin <[^>]+>\nCo-authored-by: Claude <noreply@anthropic\.com>$/,
    );

    const backport = await env.act(() =>
      d.openPullRequest({
        as: 'erin',
        head: 'main',
        base: 'backports',
        title: 'Backport cache',
        commits: [],
      }),
    );
    let view = env.view(backport.number);
    expect(view.labels).toContain('agent:claude');
    expect(view.check?.conclusion).toBe('action_required');
    // bob squashed it (author of the commit) and alice co-wrote it: neither may approve.
    await approve('bob', backport.number);
    await approve('alice', backport.number);
    view = env.view(backport.number);
    expect(view.check?.conclusion).toBe('action_required');
    await approve('carol', backport.number);
    expect(env.view(backport.number).check?.conclusion).toBe('success');
  }, 60_000);
});
