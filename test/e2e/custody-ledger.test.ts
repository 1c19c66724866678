import { describe, expect, test } from 'vitest';
import { copilotAgentPullRequest } from '../../simulator/drivers/copilot-agent.js';
import type { CommitSpec } from '../../simulator/drivers/drivers.js';
import { useEnvironment } from './use-environment.js';

/**
 * The custody ledger against an attacker with ordinary write access: the real app, in its own
 * process, against the simulator. Each sequence once ended in `success`, because Custody only
 * knew what GitHub shows now; with the ledger, nobody washes out of the chain.
 */

const env = useEnvironment();

let branches = 0;
const d = () => env.sim.drivers;
const approve = (as: string, number: number) =>
  env.act(() => d().submitReview({ as, number, state: 'APPROVED' }));
const conclusion = (number: number) => env.view(number).check?.conclusion;

/** A Copilot coding-agent PR requested by alice, on a fresh branch. */
async function openCopilotPullRequest(): Promise<{ number: number; branch: string }> {
  const branch = `copilot/ledger-${++branches}`;
  const pr = await env.act(() =>
    d().openPullRequest(
      copilotAgentPullRequest({
        head: branch,
        title: `Ledger scenario ${branches}`,
        summary: 'Tunes the widget size.',
        files: { [`src/size-${branches}.js`]: 'export const SIZE = 1;\n' },
      }),
    ),
  );
  return { number: pr.number, branch };
}

const copilotTweak = (n: number): CommitSpec => ({
  message: `Tweak ${n}`,
  author: 'Copilot',
  signature: 'github',
  coAuthors: ['alice'],
  files: { [`src/tweak-${n}.js`]: `export const TWEAK = ${n};\n` },
});

/** bob's own commit, from an email GitHub links to no account, co-authored by Claude. */
const bobsCommit = (
  n: number,
  author: CommitSpec['author'] = { name: 'bob', email: 'bob@laptop.local' },
) => ({
  message: `Quick fix ${n}`,
  author,
  committer: author,
  coAuthors: [{ name: 'Claude', email: 'noreply@anthropic.com' }],
  files: { [`src/fix-${n}.js`]: `export const FIX = ${n};\n` },
});

async function bobPushesThenCopilot(branch: string, author?: CommitSpec['author']): Promise<void> {
  await env.act(() => d().push({ as: 'bob', branch, commits: [bobsCommit(branches, author)] }));
  await env.act(() => d().push({ as: 'Copilot', branch, commits: [copilotTweak(branches)] }));
}

describe('the five ways to a false success, each closed by the ledger', () => {
  test('1. the earlier pusher is remembered after an agent pushes on top', async () => {
    const { number, branch } = await openCopilotPullRequest();
    await bobPushesThenCopilot(branch);
    await approve('bob', number);
    expect(conclusion(number)).toBe('action_required');
    expect(env.view(number).check?.summary).toMatch(/bob[^\n]*not counted/);
    expect(env.view(number).check?.summary).toMatch(
      /Custody ledger chain head: entry \d+, hash `[0-9a-f]{16}`/,
    );
  }, 60_000);

  test('2. forged authorship: the pusher of a commit claiming Copilot is remembered', async () => {
    const { number, branch } = await openCopilotPullRequest();
    await bobPushesThenCopilot(branch, 'Copilot');
    await approve('bob', number);
    expect(conclusion(number)).toBe('action_required');
  }, 60_000);

  test('3. the delegator who unassigns herself and edits the body stays a delegator', async () => {
    const branch = `devin/ledger-${++branches}`;
    const pr = await env.act(() =>
      d().openPullRequest({
        as: 'devin-ai-integration[bot]',
        head: branch,
        title: 'Devin: tune the widget',
        body: 'Link to Devin run: https://app.devin.ai/sessions/abc123\n\nRequested by: @alice',
        assignees: ['alice'],
        commits: [
          {
            message: 'Tune the widget',
            author: 'devin-ai-integration[bot]',
            files: { [`src/devin-${branches}.js`]: 'export const D = 1;\n' },
          },
        ],
      }),
    );
    await env.act(() => d().assign({ as: 'alice', number: pr.number, assignee: 'alice', assigned: false }));
    await env.act(() =>
      d().editBody({
        as: 'alice',
        number: pr.number,
        body: 'Link to Devin run: https://app.devin.ai/sessions/abc123',
      }),
    );
    await approve('alice', pr.number);
    expect(conclusion(pr.number)).toBe('action_required');
    expect(env.view(pr.number).check?.summary).toMatch(/alice[^\n]*delegator/);
  }, 60_000);

  test('4. two PRs on one head: an approval on one does not pass the other', async () => {
    const { number, branch } = await openCopilotPullRequest();
    const scratch = `scratch-${branches}`;
    await d().push({
      as: 'bob',
      branch: scratch,
      commits: [{ message: 'Scratch', files: { 'y.txt': 'y\n' } }],
    });
    const second = await env.act(() =>
      d().openPullRequest({ as: 'bob', head: branch, base: scratch, title: 'Same head', commits: [] }),
    );
    await approve('carol', second.number);
    expect(conclusion(number)).toBe('action_required');
    // The one check on the shared commit names the other PR, whichever PR wrote it last.
    expect(env.view(number).check?.summary).toMatch(new RegExp(`also \\\\?#${second.number}\\b`));

    // Once the first PR has its own independent approval, the shared check passes.
    await approve('carol', number);
    await env.settle();
    expect(conclusion(number)).toBe('success');
  }, 60_000);

  test('5. a second PR opened by someone else does not launder the earlier pusher', async () => {
    const { number, branch } = await openCopilotPullRequest();
    await env.act(() => d().push({ as: 'bob', branch, commits: [bobsCommit(branches)] }));
    const scratch = `scratch-${branches}`;
    await d().push({
      as: 'erin',
      branch: scratch,
      commits: [{ message: 'Scratch', files: { 'x.txt': 'x\n' } }],
    });
    await env.act(() =>
      d().openPullRequest({ as: 'erin', head: branch, base: scratch, title: 'Again', commits: [] }),
    );
    await approve('bob', number);
    expect(conclusion(number)).toBe('action_required');
  }, 60_000);
});

describe('merged without custody', () => {
  test('an admin merge of a waiting agent PR is caught: labelled, one comment, recorded', async () => {
    const { number } = await openCopilotPullRequest();
    await d().merge({ as: 'erin', number });
    await env.settle();
    const view = env.view(number);
    expect(view.labels).toContain('custody:bypassed');
    const bypass = view.comments.filter((c) => c.body.includes('custody:bypass'));
    expect(bypass).toHaveLength(1);
    expect(bypass[0]?.body).toMatch(/@erin merged[^\n]*waiting for an independent human approval/);
  }, 60_000);

  test('a merge after an independent approval is no bypass', async () => {
    const { number } = await openCopilotPullRequest();
    await approve('carol', number);
    expect(conclusion(number)).toBe('success');
    await d().merge({ as: 'erin', number });
    await env.settle();
    expect(env.view(number).labels).not.toContain('custody:bypassed');
  }, 60_000);
});

describe('wash yourself out: moves that never remove a participant', () => {
  test('a force-push back to the agent’s commit keeps the earlier pusher', async () => {
    const { number, branch } = await openCopilotPullRequest();
    const agentHead = env.view(number).headSha;
    await env.act(() => d().push({ as: 'bob', branch, commits: [bobsCommit(branches)] }));
    await env.act(() => d().resetBranch({ as: 'Copilot', branch, sha: agentHead }));
    await approve('bob', number);
    expect(conclusion(number)).toBe('action_required');
  }, 60_000);

  test('closing and reopening the PR keeps the earlier pusher', async () => {
    const { number, branch } = await openCopilotPullRequest();
    await bobPushesThenCopilot(branch);
    await d().setPullRequestState({ as: 'bob', number, action: 'closed' });
    await env.act(() => d().setPullRequestState({ as: 'bob', number, action: 'reopened' }));
    await approve('bob', number);
    expect(conclusion(number)).toBe('action_required');
  }, 60_000);

  test('deleting the head branch and pushing it again keeps the earlier pusher', async () => {
    const { number, branch } = await openCopilotPullRequest();
    await bobPushesThenCopilot(branch);
    const head = env.view(number).headSha;
    await d().deleteBranch({ as: 'bob', branch });
    await d().push({ as: 'Copilot', branch, commits: [copilotTweak(branches + 100)], from: head });
    await env.act(() => d().setPullRequestState({ as: 'Copilot', number, action: 'reopened' }));
    await approve('bob', number);
    expect(conclusion(number)).toBe('action_required');
  }, 60_000);

  test('an unassigned delegator of an agent PR stays one', async () => {
    const { number } = await openCopilotPullRequest();
    await env.act(() => d().assign({ as: 'alice', number, assignee: 'carol', assigned: true }));
    await env.act(() => d().assign({ as: 'carol', number, assignee: 'carol', assigned: false }));
    await approve('carol', number);
    expect(conclusion(number)).toBe('action_required');
    expect(env.view(number).check?.summary).toMatch(/carol[^\n]*delegator/);
  }, 60_000);
});
