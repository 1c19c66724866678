import { describe, expect, test } from 'vitest';
import { useEnvironment } from './use-environment.js';

/**
 * Lookups GitHub refuses to the app's token: an installation whose owner has not accepted a
 * permission the app asks for. The check fails closed and says which permission to grant;
 * once granted, a re-run decides.
 */

const env = useEnvironment();

/** Run `body` while the installation holds `permissions` instead of what app.yml asks for. */
async function withPermissions(
  permissions: Record<string, 'read' | 'write'>,
  body: () => Promise<void>,
): Promise<void> {
  const app = env.sim.app;
  const requested = app.permissions;
  app.permissions = permissions;
  try {
    await body();
  } finally {
    app.permissions = requested;
  }
}

async function openCopilotPr(branch: string, base: string) {
  const d = env.sim.drivers;
  return env.act(() =>
    d.openPullRequest({
      as: 'Copilot',
      head: branch,
      base,
      title: 'Harden the parser',
      assignees: ['alice'],
      commits: [
        { message: 'Harden', author: 'Copilot', coAuthors: ['alice'], files: { [`${branch}.js`]: 'x\n' } },
      ],
    }),
  );
}

describe('permission lookups GitHub refuses', () => {
  test('team members refused without "Members: read": a failure naming it, then a pass once granted', async () => {
    const d = env.sim.drivers;
    await d.changePolicy({ as: 'erin', branch: 'teams', text: 'approvals:\n  teams: [acme/reviewers]\n' });
    const pr = await openCopilotPr('copilot/teams', 'teams');
    const { members: _members, ...withoutMembers } = env.sim.app.permissions ?? {};
    await withPermissions(withoutMembers, async () => {
      await env.act(() => d.submitReview({ as: 'bob', number: pr.number, state: 'APPROVED' }));
      const view = env.view(pr.number);
      expect(view.checkRuns).toHaveLength(1);
      expect(view.check?.conclusion).toBe('failure');
      expect(view.check?.summary).toMatch(
        /members of team acme\/reviewers[^\n]*FORBIDDEN[^\n]*"Members: read"/,
      );
    });
    await env.act(() => d.rerequestCheck({ as: 'bob', number: pr.number }));
    expect(env.view(pr.number).check?.conclusion).toBe('success');
  }, 60_000);

  test('collaborators refused without write on pull requests: a failure naming the permissions', async () => {
    const d = env.sim.drivers;
    await d.changePolicy({ as: 'erin', branch: 'maintainers', text: 'approvals:\n  permission: maintain\n' });
    const pr = await openCopilotPr('copilot/maintainers', 'maintainers');
    // The owner has not accepted the upgrade of "Pull requests" from read to write.
    await withPermissions({ ...env.sim.app.permissions, pull_requests: 'read' }, async () => {
      await env.act(() => d.submitReview({ as: 'carol', number: pr.number, state: 'APPROVED' }));
      const view = env.view(pr.number);
      expect(view.check?.conclusion).toBe('failure');
      expect(view.check?.summary).toMatch(
        /refused to list this repository's collaborators[^\n]*FORBIDDEN[^\n]*"Metadata: read" and "Pull requests: write"/,
      );
    });
    await env.act(() => d.rerequestCheck({ as: 'carol', number: pr.number }));
    expect(env.view(pr.number).check?.conclusion).toBe('success');
  }, 60_000);
});
