import { Probot } from 'probot';
import { describe, expect, it } from 'vitest';
import appFn from '../../src/index.js';

describe('the Probot app function', () => {
  it('loads under Probot and subscribes to the handled events', async () => {
    const probot = new Probot({ githubToken: 'test', logLevel: 'fatal' });
    const subscribed: string[] = [];
    const on = probot.on;
    probot.on = ((name: string | string[], handler: never) => {
      subscribed.push(...[name].flat());
      return on(name as never, handler);
    }) as typeof probot.on;
    await probot.load(appFn);
    expect(subscribed.sort()).toEqual(
      [
        'check_run.rerequested',
        'check_suite.rerequested',
        'installation.created',
        'installation_repositories.added',
        'member',
        'membership',
        'merge_group.checks_requested',
        'organization.member_removed',
        'pull_request.assigned',
        'pull_request.closed',
        'pull_request.converted_to_draft',
        'pull_request.edited',
        'pull_request.opened',
        'pull_request.ready_for_review',
        'pull_request.reopened',
        'pull_request.synchronize',
        'pull_request.unassigned',
        'pull_request_review.dismissed',
        'pull_request_review.edited',
        'pull_request_review.submitted',
        'push',
        'team',
      ].sort(),
    );
  });
});
