import { describe, expect, it } from 'vitest';
import {
  planCheckRunRerequested,
  planCheckSuiteRerequested,
} from '../../src/app/handlers/check-rerequested.js';
import type { HandlerSettings } from '../../src/app/handlers/event.js';
import { planInstallation } from '../../src/app/handlers/installation.js';
import { planMergeGroup } from '../../src/app/handlers/merge-group.js';
import { planPullRequest } from '../../src/app/handlers/pull-request.js';
import { planPullRequestReview } from '../../src/app/handlers/pull-request-review.js';
import { planPush } from '../../src/app/handlers/push.js';
import { inRepository, loadWebhook } from '../fixtures/webhooks/load-webhook.js';

const settings: HandlerSettings = { appId: 2, checkName: 'custody', policyPath: '.github/custody.yml' };
const repo = inRepository('acme', 'rocket');
const target = { installationId: 7, owner: 'acme', repo: 'rocket' };

describe('planPullRequest', () => {
  it('binds the sender of a push to the head SHA it pushed', () => {
    const payload = loadWebhook('pull_request', 'synchronize', repo);
    expect(planPullRequest(payload, 'd-1')).toEqual([
      {
        priority: 'live',
        work: {
          kind: 'pull_request',
          target,
          number: payload.pull_request.number,
          headSha: payload.pull_request.head.sha,
          pusher: {
            headSha: payload.pull_request.head.sha,
            account: { login: 'Codertocat', id: 21031067, type: 'User' },
          },
          expected: { review: null, baseSha: null },
          trigger: { event: 'pull_request.synchronize', deliveryId: 'd-1', force: false },
          events: 1,
        },
      },
    ]);
  });

  it('drops the [bot] suffix of a bot pusher, as GraphQL spells it', () => {
    const payload = loadWebhook('pull_request', 'synchronize', {
      ...repo,
      sender: { login: 'copilot-swe-agent[bot]', id: 198982749, type: 'Bot' },
    });
    const [planned] = planPullRequest(payload, 'd-1');
    expect(planned?.work).toMatchObject({
      pusher: { account: { login: 'copilot-swe-agent', id: 198982749, type: 'Bot' } },
    });
  });

  it('never takes the `opened` sender for the pusher: opening a PR pushes nothing', () => {
    const payload = loadWebhook('pull_request', 'opened', {
      ...repo,
      sender: { login: 'erin', id: 77, type: 'User' },
    });
    const [planned] = planPullRequest(payload, 'd-1');
    expect(planned?.work).toMatchObject({ pusher: null });
  });

  it.each(['reopened', 'ready_for_review', 'converted_to_draft'])(
    'evaluates %s without a pusher',
    (action) => {
      const payload = loadWebhook('pull_request', action, repo);
      expect(planPullRequest(payload, 'd-1')).toEqual([
        expect.objectContaining({
          work: expect.objectContaining({ pusher: null, number: payload.pull_request.number }),
        }),
      ]);
    },
  );

  it('evaluates an edit only when the base or the body changed', () => {
    const edited = (changes: object) =>
      loadWebhook('pull_request', 'opened', { ...repo, action: 'edited', changes } as never);
    expect(planPullRequest(edited({ title: { from: 'old' } }), 'd-1')).toEqual([]);
    expect(planPullRequest(edited({ body: { from: 'old' } }), 'd-1')).toHaveLength(1);
    expect(
      planPullRequest(edited({ base: { ref: { from: 'dev' }, sha: { from: 'a'.repeat(40) } } }), 'd-1'),
    ).toHaveLength(1);
  });

  it('ignores PRs closed unmerged and actions it does not handle', () => {
    const closed = loadWebhook('pull_request', 'closed', { ...repo, pull_request: { merged: false } });
    expect(planPullRequest(closed, 'd-1')).toEqual([]);
    expect(planPullRequest(loadWebhook('pull_request', 'labeled', repo), 'd-1')).toEqual([]);
  });

  it('records a merged PR (who merged, the merge commit) so a merge without custody is caught', () => {
    const merged = loadWebhook('pull_request', 'closed', { ...repo, pull_request: { merged: true } });
    const pr = merged.pull_request;
    expect(planPullRequest(merged, 'd-1')).toEqual([
      {
        priority: 'live',
        work: {
          kind: 'merged',
          target,
          number: pr.number,
          headSha: pr.head.sha,
          mergeCommitSha: pr.merge_commit_sha ?? null,
          mergedBy: expect.objectContaining({ login: (pr.merged_by ?? merged.sender).login }),
          mergedAt: pr.merged_at ?? null,
          trigger: { event: 'pull_request.closed', deliveryId: 'd-1', force: false },
        },
      },
    ]);
  });

  it('needs an installation to act', () => {
    expect(planPullRequest(loadWebhook('pull_request', 'opened', { installation: null }), 'd-1')).toEqual([]);
  });
});

describe('planPullRequestReview', () => {
  it.each(['submitted', 'dismissed'])(
    're-evaluates the PR on %s, never naming the reviewer as pusher',
    (action) => {
      const payload = loadWebhook('pull_request_review', action, repo);
      expect(planPullRequestReview(payload, 'd-2')).toEqual([
        {
          priority: 'live',
          work: expect.objectContaining({
            number: payload.pull_request.number,
            headSha: payload.pull_request.head.sha,
            pusher: null,
            // What the event reported, so a read that does not show it yet is not trusted.
            expected: {
              review: {
                id: payload.review.node_id,
                state: payload.review.state,
                reviewer: payload.review.user.login,
              },
              baseSha: null,
            },
            trigger: { event: `pull_request_review.${action}`, deliveryId: 'd-2', force: false },
          }),
        },
      ]);
    },
  );
});

describe('planCheckRunRerequested', () => {
  it("ignores another app's check run", () => {
    const payload = loadWebhook('check_run', 'rerequested', repo);
    expect(planCheckRunRerequested(payload, 'd', { ...settings, appId: 99 })).toEqual([]);
  });

  it('ignores a run of ours under another name', () => {
    const payload = loadWebhook('check_run', 'rerequested', { ...repo, check_run: { name: 'lint' } });
    expect(planCheckRunRerequested(payload, 'd', settings)).toEqual([]);
  });

  it('finds the PR by head SHA when the payload lists none (a fork)', () => {
    const payload = loadWebhook('check_run', 'rerequested', { ...repo, check_run: { name: 'custody' } });
    expect(payload.check_run.pull_requests).toEqual([]);
    expect(planCheckRunRerequested(payload, 'd', settings)).toEqual([
      {
        priority: 'live',
        work: {
          kind: 'find_by_head_sha',
          target,
          headSha: payload.check_run.head_sha,
          trigger: { event: 'check_run.rerequested', deliveryId: 'd', force: true },
        },
      },
    ]);
  });

  it('re-runs a merge group check when the run sits on a merge-queue branch', () => {
    const branch = `gh-readonly-queue/release/v2/pr-104-${'9'.repeat(40)}`;
    const payload = loadWebhook('check_run', 'rerequested', {
      ...repo,
      check_run: { name: 'custody', check_suite: { head_branch: branch } },
    });
    expect(planCheckRunRerequested(payload, 'd', settings)).toEqual([
      expect.objectContaining({
        work: expect.objectContaining({ kind: 'merge_group', baseRef: 'release/v2' }),
      }),
    ]);
  });
});

describe('planCheckSuiteRerequested', () => {
  it('re-evaluates the listed PRs of this repository, with a forced write', () => {
    const payload = loadWebhook('check_suite', 'rerequested', repo);
    const pr = payload.check_suite.pull_requests[0]!;
    const ours = { ...settings, appId: payload.check_suite.app.id };
    const repositoryId = payload.repository.id;
    const planned = planCheckSuiteRerequested(
      {
        ...payload,
        check_suite: {
          ...payload.check_suite,
          pull_requests: [{ ...pr, base: { ...pr.base, repo: { ...pr.base.repo, id: repositoryId } } }],
        },
      },
      'd',
      ours,
    );
    expect(planned).toEqual([
      expect.objectContaining({
        work: expect.objectContaining({
          kind: 'pull_request',
          number: pr.number,
          trigger: expect.objectContaining({ force: true }),
        }),
      }),
    ]);
  });

  it('skips PRs whose base is another repository', () => {
    const payload = loadWebhook('check_suite', 'rerequested', repo);
    const ours = { ...settings, appId: payload.check_suite.app.id };
    const pr = payload.check_suite.pull_requests[0]!;
    const elsewhere = { ...pr, base: { ...pr.base, repo: { ...pr.base.repo, id: -1 } } };
    const planned = planCheckSuiteRerequested(
      { ...payload, check_suite: { ...payload.check_suite, pull_requests: [elsewhere] } },
      'd',
      ours,
    );
    expect(planned).toEqual([
      expect.objectContaining({ work: expect.objectContaining({ kind: 'find_by_head_sha' }) }),
    ]);
  });
});

describe('planMergeGroup', () => {
  it("posts on the group's head SHA for its base branch", () => {
    const payload = loadWebhook('merge_group', 'checks_requested', repo);
    expect(planMergeGroup(payload, 'd')).toEqual([
      {
        priority: 'live',
        work: {
          kind: 'merge_group',
          target,
          baseRef: 'main',
          headSha: payload.merge_group.head_sha,
          trigger: { event: 'merge_group.checks_requested', deliveryId: 'd', force: false },
        },
      },
    ]);
  });
});

describe('planPush', () => {
  const onBranch = (branch: string, defaultBranch: string, patch: object) =>
    loadWebhook('push', (p) => p.ref === 'refs/heads/master' && p.installation !== undefined, {
      ...repo,
      ref: `refs/heads/${branch}`,
      repository: { ...repo.repository, default_branch: defaultBranch },
      ...patch,
    } as never);
  // A release branch: its policy governs only the PRs that target it.
  const branchPush = (patch: object) => onBranch('release', 'master', patch);
  const policyChange = {
    created: false,
    commits: [{ added: [], removed: [], modified: ['.github/custody.yml'] }],
  };

  it('re-evaluates open PRs targeting the branch when the policy file changed', () => {
    const payload = branchPush(policyChange);
    expect(planPush(payload, 'd', settings)).toEqual([
      {
        priority: 'background',
        // The base head after the push: a read that still shows an older one is a lagging read.
        work: {
          kind: 'find_open',
          target,
          base: 'release',
          baseSha: payload.after,
          trigger: expect.any(Object),
        },
      },
    ]);
  });

  it('on a default branch, also re-evaluates every repository of the installation (others may extend it)', () => {
    const planned = planPush(onBranch('master', 'master', policyChange), 'd', settings);
    expect(planned.map((p) => [p.priority, p.work.kind])).toEqual([
      ['background', 'find_open'],
      ['background', 'find_governed'],
    ]);
    // Its own PRs are covered by the first, which knows the base head to expect.
    expect(planned[1]?.work).toEqual({
      kind: 'find_governed',
      target,
      except: 'acme/rocket',
      trigger: expect.any(Object),
    });
  });

  it('treats a custody*.yml elsewhere on a default branch as a possible _extends target', () => {
    const shared = {
      created: false,
      commits: [{ added: ['policies/custody-base.yml'], removed: [], modified: [] }],
    };
    expect(planPush(onBranch('master', 'master', shared), 'd', settings).map((p) => p.work.kind)).toEqual([
      'find_governed',
    ]);
    expect(planPush(branchPush(shared), 'd', settings)).toEqual([]);
  });

  it('treats a force-push as a possible policy change', () => {
    expect(planPush(branchPush({ created: false, forced: true, commits: [] }), 'd', settings)).toHaveLength(
      1,
    );
  });

  it('ignores pushes that do not touch the policy, tags, and new or deleted branches', () => {
    expect(planPush(branchPush({ created: false }), 'd', settings)).toEqual([]);
    expect(planPush(onBranch('master', 'master', { created: false }), 'd', settings)).toEqual([]);
    expect(planPush(branchPush({}), 'd', settings)).toEqual([]); // the example creates the branch
    const tag = loadWebhook(
      'push',
      (p) => p.ref.startsWith('refs/tags/') && p.installation !== undefined,
      repo,
    );
    expect(planPush(tag, 'd', settings)).toEqual([]);
  });
});

describe('planInstallation', () => {
  it('lists the open PRs of every new repository, in the background', () => {
    const created = loadWebhook('installation', 'created');
    expect(planInstallation(created, 'installation.created', 'd')).toEqual([
      {
        priority: 'background',
        work: {
          kind: 'find_open',
          target: { installationId: created.installation.id, owner: 'Codertocat', repo: 'Hello-World' },
          base: null,
          baseSha: null,
          trigger: { event: 'installation.created', deliveryId: 'd', force: false },
        },
      },
    ]);
    const added = loadWebhook('installation_repositories', 'added');
    expect(planInstallation(added, 'installation_repositories.added', 'd')).toEqual([
      expect.objectContaining({
        work: expect.objectContaining({ target: expect.objectContaining({ repo: 'Space' }) }),
      }),
    ]);
  });
});
