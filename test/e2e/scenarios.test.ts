import { describe, expect, test } from 'vitest';
import { copilotAgentPullRequest } from '../../simulator/drivers/copilot-agent.js';
import { useEnvironment } from './use-environment.js';

/**
 * The real app, in its own process, against the simulator over real HTTP: each scenario acts
 * as GitHub's users would and asserts only on what GitHub would show afterwards (the check run
 * on the head commit, the labels, the app's comment).
 */

const env = useEnvironment();

const approve = (as: string, number: number) =>
  env.act(() => env.sim.drivers.submitReview({ as, number, state: 'APPROVED' }));

async function openWidePullRequest(head: string): Promise<number> {
  const files = Object.fromEntries(Array.from({ length: 3_001 }, (_, i) => [`gen/${i}.txt`, `${i}\n`]));
  const pr = await env.act(() =>
    env.sim.drivers.openPullRequest({
      as: 'alice',
      head,
      title: 'Wide',
      commits: [{ message: 'Generate', files }],
    }),
  );
  return pr.number;
}

function expectOneCheck(number: number, conclusion: string) {
  const view = env.view(number);
  expect(view.checkRuns, 'one check run per head commit, updated in place').toHaveLength(1);
  expect(view.check?.status).toBe('completed');
  expect(view.check?.conclusion).toBe(conclusion);
  return view;
}

describe('end to end, against the simulator', () => {
  test('a Copilot coding-agent PR waits for a teammate, not for the developer who asked for it', async () => {
    const d = env.sim.drivers;
    const pr = await env.act(() =>
      d.openPullRequest(
        copilotAgentPullRequest({
          head: 'copilot/fix-widget-size',
          title: 'Fix the default widget size',
          summary: 'Fixes the default size.',
          message: 'Use size l by default',
          files: { 'src/widget.js': "export function widget(name) {\n  return { name, size: 'l' };\n}\n" },
        }),
      ),
    );
    let view = expectOneCheck(pr.number, 'action_required');
    expect(view.labels).toContain('agent:copilot');
    expect(view.comments).toHaveLength(1);
    expect(view.comments[0]?.body).toMatch(/alice/);

    const mark = env.sim.store.requests.length;
    await approve('alice', pr.number);
    view = expectOneCheck(pr.number, 'action_required');
    expect(view.check?.summary).toMatch(/alice[^\n]*not counted/);
    // API economy: one GraphQL read, and one write (the check's summary now lists alice's approval).
    const used = env.sim.store.requests.slice(mark).filter((r) => r.auth === 'installation');
    expect(used.filter((r) => r.kind === 'graphql')).toHaveLength(1);
    expect(
      used.filter((r) => r.method !== 'GET' && r.kind === 'rest').map((r) => `${r.method} ${r.path}`),
    ).toEqual([expect.stringMatching(/^PATCH \/api\/v3\/repos\/acme\/widgets\/check-runs\/\d+$/)]);

    await approve('bob', pr.number);
    view = expectOneCheck(pr.number, 'success');
    expect(view.check?.title).toMatch(/bob/);

    await env.act(() =>
      d.push({
        as: 'Copilot',
        branch: 'copilot/fix-widget-size',
        commits: [
          {
            message: 'Address review feedback',
            author: 'Copilot',
            signature: 'github',
            coAuthors: ['alice'],
            files: { 'src/widget.test.js': "import { widget } from './widget.js';\n" },
          },
        ],
      }),
    );
    view = expectOneCheck(pr.number, 'action_required');
    expect(view.comments, 'the sticky comment is edited, not duplicated').toHaveLength(1);
  }, 60_000);

  test("a developer's commits co-authored by Claude need a colleague, not the developer", async () => {
    const d = env.sim.drivers;
    const claude = { name: 'Claude Opus 4.6', email: 'noreply@anthropic.com' };
    // alice wrote the branch with Claude Code; bob opens the pull request from it.
    await d.push({
      as: 'alice',
      branch: 'alice/retry-budget',
      commits: [
        {
          message:
            'Add a retry budget to the widget client\n\n🤖 Generated with [Claude Code](https://claude.com/claude-code)',
          coAuthors: [claude],
          files: { 'src/retry.js': 'export const RETRY_BUDGET = 3;\n' },
        },
        {
          message: 'Document the retry budget',
          coAuthors: [claude],
          files: { 'docs/retry.md': '# Retries\n' },
        },
      ],
    });
    const pr = await env.act(() =>
      d.openPullRequest({
        as: 'bob',
        head: 'alice/retry-budget',
        title: 'Retry budget for the widget client',
        commits: [],
      }),
    );
    let view = expectOneCheck(pr.number, 'action_required');
    expect(view.labels).toContain('agent:claude');

    await approve('alice', pr.number);
    view = expectOneCheck(pr.number, 'action_required');
    expect(view.check?.summary).toMatch(/alice[^\n]*not counted/);

    const carol = await approve('carol', pr.number);
    view = expectOneCheck(pr.number, 'success');
    expect(view.check?.title).toMatch(/carol/);

    // A maintainer dismisses carol's review: the approval no longer stands.
    await env.act(() => d.dismissReview({ as: 'erin', number: pr.number, reviewId: carol.review.id }));
    expectOneCheck(pr.number, 'action_required');
  }, 60_000);

  test('a handoff between Devin and Copilot needs a human after the last agent push', async () => {
    const d = env.sim.drivers;
    const devinCommit = (message: string, files: Record<string, string>) => ({
      message,
      author: 'devin-ai-integration[bot]',
      files,
    });
    await d.push({
      as: 'devin-ai-integration[bot]',
      branch: 'devin/1714000000-cache-widgets',
      commits: [devinCommit('Cache widget lookups', { 'src/cache.js': 'export const cache = new Map();\n' })],
    });
    const pr = await env.act(() =>
      d.openPullRequest({
        as: 'Copilot',
        head: 'devin/1714000000-cache-widgets',
        title: 'Cache widget lookups',
        body: 'Link to Devin run: https://app.devin.ai/sessions/0123456789abcdef0123456789abcdef\nRequested by: @erin',
        commits: [],
      }),
    );
    let view = expectOneCheck(pr.number, 'action_required');
    expect(view.labels).toEqual(expect.arrayContaining(['agent:devin', 'agent:copilot', 'agent-handoff']));

    await approve('coderabbitai[bot]', pr.number);
    view = expectOneCheck(pr.number, 'action_required');
    expect(view.check?.summary).toMatch(/coderabbitai[^\n]*not counted/);

    await approve('carol', pr.number);
    expectOneCheck(pr.number, 'success');

    await env.act(() =>
      d.push({
        as: 'devin-ai-integration[bot]',
        branch: 'devin/1714000000-cache-widgets',
        commits: [
          devinCommit('Evict stale widgets', {
            'src/cache.js': 'export const cache = new Map();\nexport const TTL = 60;\n',
          }),
        ],
      }),
    );
    view = expectOneCheck(pr.number, 'action_required');

    await approve('carol', pr.number);
    view = expectOneCheck(pr.number, 'success');
    expect(view.labels).toEqual(expect.arrayContaining(['agent:devin', 'agent:copilot', 'agent-handoff']));
  }, 60_000);

  test("the merge queue gets the check on each group's commit, judged from the PRs in it", async () => {
    const d = env.sim.drivers;
    const open = (branch: string, file: string) =>
      env.act(() =>
        d.openPullRequest({
          as: 'Copilot',
          head: branch,
          title: `Queue ${file}`,
          assignees: ['alice'],
          commits: [
            { message: `Add ${file}`, author: 'Copilot', coAuthors: ['alice'], files: { [file]: 'x\n' } },
          ],
        }),
      );
    const first = await open('copilot/queue-one', 'one.js');
    const second = await open('copilot/queue-two', 'two.js');
    await approve('bob', first.number);
    expectOneCheck(first.number, 'success');

    const group1 = await env.act(() => d.enqueue({ as: 'bob', number: first.number }));
    const run1 = env.sim.store.checkRunsFor(env.sim.world.repo.id, group1.groupSha);
    expect(run1.map((r) => r.conclusion)).toEqual(['success']);

    // The second group contains an unapproved agent PR: it must not pass.
    const group2 = await env.act(() => d.enqueue({ as: 'alice', number: second.number }));
    const run2 = env.sim.store.checkRunsFor(env.sim.world.repo.id, group2.groupSha);
    expect(run2).toHaveLength(1);
    expect(run2[0]?.conclusion).not.toBe('success');
  }, 60_000);

  test('a 260-commit PR is read to its end, and a PR over 3,000 files fails closed', async () => {
    const d = env.sim.drivers;
    const commits = Array.from({ length: 260 }, (_, i) => ({
      message: `Step ${i + 1}`,
      files: { [`steps/${i}.txt`]: `${i}\n` },
      // Only one commit, far past the first page of 100, was written with an agent.
      ...(i === 249 ? { coAuthors: [{ name: 'Claude', email: 'noreply@anthropic.com' }] } : {}),
    }));
    const long = await env.act(() =>
      d.openPullRequest({ as: 'alice', head: 'alice/long', title: 'Long', commits }),
    );
    const view = expectOneCheck(long.number, 'action_required');
    expect(view.labels).toContain('agent:claude');

    const wide = await openWidePullRequest('alice/wide');
    const runs = env.view(wide).checkRuns;
    expect(runs.length).toBeGreaterThan(0);
    expect(runs.every((r) => r.status === 'completed' && r.conclusion === 'failure')).toBe(true);
    expect(runs.at(-1)?.title).toMatch(/3001 files/);
    // Permanent: the run says what to do, not "re-run".
    expect(runs.at(-1)?.summary).toMatch(/split the pull request/);
    expect(runs.at(-1)?.summary).not.toMatch(/Re-run the check/);
  }, 60_000);

  // Every attempt fails before the app has read its own check run (over 3,000 files): the
  // retries must update the one run on the head, not add a run per attempt.
  test('retries of a failing evaluation keep one check run on the head', async () => {
    const wide = await openWidePullRequest('alice/wide-again');
    expect(env.view(wide).checkRuns).toHaveLength(1);
  }, 60_000);

  test('a policy naming a team and a permission counts only approvers who have both', async () => {
    const d = env.sim.drivers;
    const policy = 'approvals:\n  count: 1\n  permission: maintain\n  teams: [acme/reviewers]\n';
    await d.changePolicy({ as: 'erin', branch: 'secure', text: policy });
    const pr = await env.act(() =>
      d.openPullRequest({
        as: 'Copilot',
        head: 'copilot/secure-fix',
        base: 'secure',
        title: 'Harden the widget parser',
        commits: [
          {
            message: 'Harden parser',
            author: 'Copilot',
            coAuthors: ['alice'],
            files: { 'src/parse.js': 'x\n' },
          },
        ],
      }),
    );
    expectOneCheck(pr.number, 'action_required');

    // bob is in acme/reviewers but has only write access; erin is an admin outside the team.
    await approve('bob', pr.number);
    await approve('erin', pr.number);
    const view = expectOneCheck(pr.number, 'action_required');
    expect(view.check?.summary).toMatch(/bob[^\n]*not counted/);
    expect(view.check?.summary).toMatch(/erin[^\n]*not counted/);

    // carol maintains the repository and is in acme/reviewers.
    await approve('carol', pr.number);
    expectOneCheck(pr.number, 'success');
  }, 60_000);

  test('a repository added to the installation gets the check on its open agent PRs', async () => {
    const d = env.sim.drivers;
    d.createRepository({ owner: 'acme', name: 'gadgets' });
    const pr = await d.openPullRequest({
      repo: 'acme/gadgets',
      as: 'Copilot',
      head: 'copilot/add-gadget',
      title: 'Add a gadget',
      commits: [
        {
          message: 'Add a gadget',
          author: 'Copilot',
          coAuthors: ['bob'],
          files: { 'gadget.js': 'export {};\n' },
        },
      ],
    });
    expect(pr.deliveries, 'the app is not installed there yet').toEqual([]);
    // The PR is older than GitHub's replication lag when the repository is added (one opened
    // within the lag may be missing from the listing: the open-PR sweep finds it later).
    await env.settle();

    await env.act(() => d.addToInstallation({ as: 'erin', repo: 'acme/gadgets' }));
    const head = env.sim.store.headSha(d.pull(pr.number, 'acme/gadgets'));
    const runs = env.sim.store.checkRunsFor(d.repo('acme/gadgets').id, head);
    expect(runs.map((r) => r.conclusion)).toEqual(['action_required']);
  }, 60_000);

  test("a PR that weakens .github/custody.yml is judged by the base branch's policy", async () => {
    const d = env.sim.drivers;
    // A release branch whose policy asks for two approvals (its own base: other scenarios use main).
    await d.changePolicy({ as: 'erin', branch: 'release', text: 'approvals:\n  count: 2\n' });
    await d.push({
      as: 'alice',
      branch: 'alice/relax-policy',
      from: 'release',
      commits: [
        {
          message: 'Relax the approval count',
          coAuthors: [{ name: 'Claude', email: 'noreply@anthropic.com' }],
          files: { '.github/custody.yml': 'approvals:\n  count: 1\n' },
        },
      ],
    });
    const pr = await env.act(() =>
      d.openPullRequest({
        as: 'alice',
        head: 'alice/relax-policy',
        base: 'release',
        title: 'Relax policy',
        commits: [],
      }),
    );
    let view = expectOneCheck(pr.number, 'action_required');
    expect(view.check?.title).toMatch(/2 approvals/);

    await approve('bob', pr.number);
    view = expectOneCheck(pr.number, 'action_required');
    expect(view.check?.title).toMatch(/1 more approval/);

    await approve('carol', pr.number);
    expectOneCheck(pr.number, 'success');

    // The base branch's policy gets stricter while the PR is open: the app re-evaluates it.
    await env.act(() => d.changePolicy({ as: 'erin', branch: 'release', text: 'approvals:\n  count: 3\n' }));
    view = expectOneCheck(pr.number, 'action_required');
    expect(view.check?.title).toMatch(/1 more approval/);

    // Retargeted to main (no policy file: the defaults), the two approvals are enough again.
    await env.act(() => d.retargetBase({ as: 'alice', number: pr.number, base: 'main' }));
    expectOneCheck(pr.number, 'success');

    // Without any agent, a change to the policy file is still gated.
    await d.push({
      as: 'bob',
      branch: 'bob/policy-tweak',
      from: 'release',
      commits: [
        { message: 'Tweak the policy', files: { '.github/custody.yml': 'approvals:\n  count: 2\n' } },
      ],
    });
    const human = await env.act(() =>
      d.openPullRequest({
        as: 'bob',
        head: 'bob/policy-tweak',
        base: 'release',
        title: 'Tweak policy',
        commits: [],
      }),
    );
    view = expectOneCheck(human.number, 'action_required');
    expect(view.check?.title).toMatch(/polic/i);
  }, 60_000);
});
