import type { ScenarioContext } from './scenarios.js';
import type { Step } from './world.js';

/** Small building blocks for the deterministic fault-class tests. */

export function newContext(): ScenarioContext {
  return { number: 0, reviews: new Map(), heads: [] };
}

export function openCopilotPr(ctx: ScenarioContext, branch: string): Step {
  return {
    name: `Copilot opens ${branch}`,
    pushedBy: 'Copilot',
    act: async (d) => {
      const result = await d.openPullRequest({
        as: 'Copilot',
        head: branch,
        title: `Fix ${branch}`,
        body: 'Fixes it.\n\n<!-- START COPILOT CODING AGENT SUFFIX -->\nCreated from an issue assigned by @alice.',
        assignees: ['alice', 'Copilot'],
        commits: [
          {
            message: 'Fix',
            author: 'Copilot',
            signature: 'github',
            coAuthors: ['alice'],
            files: { [`src/${branch.replace(/\W/g, '-')}.js`]: 'export const v = 1;\n' },
          },
        ],
      });
      ctx.number = result.number;
      ctx.heads.push(result.head);
      return result;
    },
  };
}

export function copilotPush(ctx: ScenarioContext, branch: string, n: number): Step {
  return {
    name: `Copilot pushes ${n} to ${branch}`,
    pushedBy: 'Copilot',
    act: async (d) => {
      const result = await d.push({
        as: 'Copilot',
        branch,
        commits: [
          {
            message: `Change ${n}`,
            author: 'Copilot',
            signature: 'github',
            coAuthors: ['alice'],
            files: { [`src/${branch.replace(/\W/g, '-')}.js`]: `export const v = ${n};\n` },
          },
        ],
      });
      ctx.heads.push(result.head);
      return result;
    },
  };
}

export function approve(ctx: ScenarioContext, as: string): Step {
  return {
    get name() {
      return `${as} approves #${ctx.number}`;
    },
    act: async (d) => {
      const result = await d.submitReview({ as, number: ctx.number, state: 'APPROVED' });
      ctx.reviews.set(as, result.review.id);
      return result;
    },
  };
}

export function dismiss(ctx: ScenarioContext, whose: string): Step {
  return {
    get name() {
      return `erin dismisses ${whose}'s review on #${ctx.number}`;
    },
    act: (d) => d.dismissReview({ as: 'erin', number: ctx.number, reviewId: ctx.reviews.get(whose)! }),
  };
}

/** The app's main read of one PR (`CustodyPullRequest`). */
export const isPullRequestRead = (r: { path: string; body: string }) =>
  r.path === '/api/graphql' && r.body.includes('CustodyPullRequest');

export const isCheckWrite = (r: { method: string; path: string }) =>
  (r.method === 'POST' || r.method === 'PATCH') && /\/check-runs(\/\d+)?$/.test(r.path);
