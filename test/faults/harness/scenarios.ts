import { copilotAgentPullRequest } from '../../../simulator/drivers/copilot-agent.js';
import type { CommitSpec, OpenPullRequest } from '../../../simulator/drivers/drivers.js';
import type { Step } from './world.js';

/**
 * The scenario mix of the seeded runs, from the research's test list (reliability.md, "Tests our
 * app should pass"): C1–C3, C8, C13, C15, D1, B9, G1, and two moves that wash a participant out
 * of what GitHub shows (only the ledger remembers them). Each builds its steps for one PR; steps
 * share the PR's number and review ids through the context once the PR is opened.
 */
export interface ScenarioContext {
  number: number;
  readonly reviews: Map<string, number>;
  readonly heads: string[];
}

export interface Scenario {
  readonly name: string;
  readonly steps: (ctx: ScenarioContext, tag: string) => Step[];
}

const file = (tag: string, n: number) => ({ [`src/${tag}-${n}.js`]: `export const v = ${n};\n` });

function review(ctx: ScenarioContext, as: string, state: 'APPROVED' | 'CHANGES_REQUESTED'): Step {
  return {
    get name() {
      return `${as} ${state === 'APPROVED' ? 'approves' : 'requests changes on'} #${ctx.number}`;
    },
    staleSafe: true,
    act: async (d) => {
      const result = await d.submitReview({ as, number: ctx.number, state });
      ctx.reviews.set(as, result.review.id);
      return result;
    },
  };
}

function dismiss(ctx: ScenarioContext, whose: string): Step {
  return {
    get name() {
      return `erin dismisses ${whose}'s review on #${ctx.number}`;
    },
    // Served stale, the app reads the approval still standing and must not trust it.
    staleSafe: true,
    act: (d) => d.dismissReview({ as: 'erin', number: ctx.number, reviewId: ctx.reviews.get(whose)! }),
  };
}

function open(ctx: ScenarioContext, input: OpenPullRequest): Step {
  return {
    name: `${input.as} opens ${input.head}`,
    pushedBy: input.pushedBy ?? input.as,
    staleSafe: true,
    act: async (d) => {
      const result = await d.openPullRequest(input);
      ctx.number = result.number;
      ctx.heads.push(result.head);
      return result;
    },
  };
}

function pushAs(ctx: ScenarioContext, as: string, branch: string, commit: CommitSpec): Step {
  return {
    name: `${as} pushes to ${branch}`,
    pushedBy: as,
    staleSafe: true,
    act: async (d) => {
      const result = await d.push({ as, branch, commits: [commit] });
      ctx.heads.push(result.head);
      return result;
    },
  };
}

function tightenPolicy(count: number): Step {
  return {
    name: `erin sets approvals.count: ${count} on main`,
    staleSafe: true,
    act: (d) => d.changePolicy({ as: 'erin', branch: 'main', text: `approvals:\n  count: ${count}\n` }),
  };
}

/** A Copilot PR of one commit, co-authored by alice, without the agent's body suffix. */
function openOneCommitCopilotPr(ctx: ScenarioContext, tag: string): Step {
  return open(ctx, {
    as: 'Copilot',
    head: `copilot/${tag}`,
    title: `Fix ${tag}`,
    body: 'Created from an issue assigned by @alice.',
    commits: [
      { message: 'Fix', author: 'Copilot', signature: 'github', coAuthors: ['alice'], files: file(tag, 1) },
    ],
  });
}

export const SCENARIOS: readonly Scenario[] = [
  {
    name: 'Copilot agent PR',
    steps: (ctx, tag) => [
      open(
        ctx,
        copilotAgentPullRequest({
          head: `copilot/${tag}`,
          title: `Fix ${tag}`,
          summary: 'Fixes it.',
          message: 'Fix',
          files: file(tag, 1),
        }),
      ),
      review(ctx, 'alice', 'APPROVED'),
      review(ctx, 'bob', 'APPROVED'),
      pushAs(ctx, 'Copilot', `copilot/${tag}`, {
        message: 'Address review',
        author: 'Copilot',
        signature: 'github',
        coAuthors: ['alice'],
        files: file(tag, 2),
      }),
      review(ctx, 'carol', 'APPROVED'),
    ],
  },
  {
    name: 'Claude co-authored',
    steps: (ctx, tag) => [
      open(ctx, {
        as: 'alice',
        head: `alice/${tag}`,
        title: `Refactor ${tag}`,
        commits: [
          {
            message: 'Refactor',
            coAuthors: [{ name: 'Claude', email: 'noreply@anthropic.com' }],
            files: file(tag, 1),
          },
        ],
      }),
      review(ctx, 'bob', 'APPROVED'),
      dismiss(ctx, 'bob'),
      review(ctx, 'carol', 'APPROVED'),
    ],
  },
  {
    name: 'Devin to Copilot handoff',
    steps: (ctx, tag) => [
      open(ctx, {
        as: 'devin-ai-integration[bot]',
        head: `devin/${tag}`,
        title: `Add ${tag}`,
        body: 'Requested by: @bob',
        commits: [{ message: 'Add feature', author: 'devin-ai-integration[bot]', files: file(tag, 1) }],
      }),
      pushAs(ctx, 'Copilot', `devin/${tag}`, {
        message: 'Continue the work',
        author: 'Copilot',
        signature: 'github',
        coAuthors: ['bob'],
        files: file(tag, 2),
      }),
      review(ctx, 'coderabbitai[bot]', 'APPROVED'),
      review(ctx, 'carol', 'APPROVED'),
    ],
  },
  {
    name: 'dependabot',
    steps: (ctx, tag) => [
      open(ctx, {
        as: 'dependabot[bot]',
        head: `dependabot/npm_and_yarn/${tag}`,
        title: `Bump ${tag} from 1.0.0 to 1.0.1`,
        commits: [
          {
            message: `Bump ${tag} from 1.0.0 to 1.0.1`,
            author: 'dependabot[bot]',
            signature: 'github',
            files: { [`deps/${tag}.json`]: '{"version":"1.0.1"}\n' },
          },
        ],
      }),
      pushAs(ctx, 'alice', `dependabot/npm_and_yarn/${tag}`, {
        message: 'Fix lockfile',
        files: file(tag, 2),
      }),
      review(ctx, 'bob', 'APPROVED'),
    ],
  },
  {
    name: 'policy tightened on base',
    steps: (ctx, tag) => [
      open(ctx, {
        as: 'alice',
        head: `alice/${tag}`,
        title: `Tweak ${tag}`,
        commits: [{ message: 'Tweak', trailers: ['Assisted-by: Claude:claude-opus-4'], files: file(tag, 1) }],
      }),
      review(ctx, 'bob', 'APPROVED'),
      tightenPolicy(2),
      review(ctx, 'carol', 'APPROVED'),
    ],
  },
  {
    name: 'review dismissed',
    steps: (ctx, tag) => [
      openOneCommitCopilotPr(ctx, tag),
      review(ctx, 'bob', 'APPROVED'),
      dismiss(ctx, 'bob'),
      review(ctx, 'carol', 'CHANGES_REQUESTED'),
      review(ctx, 'erin', 'APPROVED'),
    ],
  },
  {
    name: 'force-push back to an approved head',
    steps: (ctx, tag) => [
      openOneCommitCopilotPr(ctx, tag),
      review(ctx, 'bob', 'APPROVED'),
      pushAs(ctx, 'Copilot', `copilot/${tag}`, {
        message: 'More',
        author: 'Copilot',
        signature: 'github',
        coAuthors: ['alice'],
        files: file(tag, 2),
      }),
      dismiss(ctx, 'bob'),
      {
        name: `Copilot force-pushes copilot/${tag} back to its first head`,
        pushedBy: 'Copilot',
        staleSafe: true,
        act: (d) => d.resetBranch({ as: 'Copilot', branch: `copilot/${tag}`, sha: ctx.heads[0]! }),
      },
    ],
  },
  {
    name: 'pusher forced out of the branch',
    steps: (ctx, tag) => [
      openOneCommitCopilotPr(ctx, tag),
      pushAs(ctx, 'bob', `copilot/${tag}`, {
        message: 'Quick fix',
        author: { name: 'bob', email: 'bob@laptop.local' },
        committer: { name: 'bob', email: 'bob@laptop.local' },
        files: file(tag, 2),
      }),
      {
        name: `Copilot force-pushes copilot/${tag} back to its first head`,
        pushedBy: 'Copilot',
        staleSafe: true,
        act: (d) => d.resetBranch({ as: 'Copilot', branch: `copilot/${tag}`, sha: ctx.heads[0]! }),
      },
      // Only the ledger knows bob pushed: his approval never counts.
      review(ctx, 'bob', 'APPROVED'),
      review(ctx, 'carol', 'APPROVED'),
    ],
  },
  {
    name: 'requester edits themself out',
    steps: (ctx, tag) => [
      open(ctx, {
        as: 'devin-ai-integration[bot]',
        head: `devin/${tag}`,
        title: `Add ${tag}`,
        body: 'Requested by: @bob',
        assignees: ['bob'],
        commits: [{ message: 'Add feature', author: 'devin-ai-integration[bot]', files: file(tag, 1) }],
      }),
      {
        get name() {
          return `bob unassigns himself from #${ctx.number}`;
        },
        staleSafe: true,
        act: (d) => d.assign({ as: 'bob', number: ctx.number, assignee: 'bob', assigned: false }),
      },
      {
        get name() {
          return `bob edits himself out of #${ctx.number}'s body`;
        },
        staleSafe: true,
        act: (d) => d.editBody({ as: 'bob', number: ctx.number, body: 'Adds the feature.' }),
      },
      // Only the ledger knows bob asked for the work: his approval never counts.
      review(ctx, 'bob', 'APPROVED'),
      review(ctx, 'carol', 'APPROVED'),
    ],
  },
];
