import { describe, expect, test } from 'vitest';
import { useEnvironment } from './use-environment.js';

/**
 * The app with Octokit's production throttle on (writes a second apart, secondary-limit answers
 * waited out) against a simulator that enforces a secondary rate limit tighter than that pacing:
 * a policy push that re-evaluates every open agent PR meets 403s with `retry-after`, and still
 * ends with a decided check on each PR, never a failure check.
 */

const env = useEnvironment({ appEnv: { SIMULATOR_THROTTLE: 'github' }, quietMs: 2_500 });

const PULLS = 5;

describe('request pacing under GitHub secondary rate limits', () => {
  test('a policy push re-evaluating many PRs completes without a failure check', async () => {
    const d = env.sim.drivers;
    // The PRs open while the app is not listening, so the fan-out is all the app has to do.
    const url = env.sim.app.webhookUrl;
    env.sim.app.webhookUrl = null;
    const numbers: number[] = [];
    for (let i = 0; i < PULLS; i += 1) {
      const pr = await d.openPullRequest({
        as: 'alice',
        head: `alice/paced-${i}`,
        title: `Paced ${i}`,
        commits: [{ message: `Step ${i}`, coAuthors: [{ name: 'Claude', email: 'noreply@anthropic.com' }] }],
      });
      numbers.push(pr.number);
    }
    env.sim.app.webhookUrl = url;
    env.sim.secondaryLimits.settings = {
      writesPerWindow: 3,
      windowMs: 5_000,
      concurrent: 100,
      retryAfterSeconds: 1,
      status: 403,
    };
    try {
      await env.act(
        () => d.changePolicy({ as: 'erin', branch: 'main', text: 'approvals:\n  count: 1\n' }),
        120_000,
      );
      for (const number of numbers) {
        await env.waitFor(number, (v) => v.check?.status === 'completed', `a check on #${number}`, 120_000);
      }
    } finally {
      env.sim.secondaryLimits.settings = null;
    }
    expect(env.sim.secondaryLimits.refused, 'the limit was met').toBeGreaterThan(0);
    for (const number of numbers) {
      const view = env.view(number);
      expect(view.checkRuns).toHaveLength(1);
      expect(view.check?.conclusion).toBe('action_required');
      expect(view.check?.history.map((h) => h.conclusion)).not.toContain('failure');
    }
  }, 240_000);
});
