import { describe, expect, test } from 'vitest';
import { useEnvironment } from './use-environment.js';

/** Prometheus scrapes `/metrics`: after one evaluated PR, every documented metric is there. */

const METRICS = [
  'custody_webhook_deliveries_total',
  'custody_evaluations_total',
  'custody_evaluation_duration_seconds',
  'custody_github_requests_total',
  'custody_github_rate_limit_remaining',
  'custody_queue_depth',
  'custody_queue_oldest_seconds',
  'custody_bypasses_total',
  'custody_ledger_append_duration_seconds',
  'custody_overrides_total',
];

const env = useEnvironment();

describe('metrics, against the simulator', () => {
  test('after one evaluated PR, /metrics has a sample of every Custody metric', async () => {
    const pr = await env.act(() =>
      env.sim.drivers.openPullRequest({
        as: 'alice',
        head: 'alice/metrics',
        title: 'Metrics',
        commits: [
          {
            message: 'Change with Claude',
            coAuthors: [{ name: 'Claude', email: 'noreply@anthropic.com' }],
            files: { 'm.txt': 'm\n' },
          },
        ],
      }),
    );
    expect(env.view(pr.number).check?.conclusion).toBe('action_required');

    const response = await fetch(`${env.app.url}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await response.text();
    const sample = (name: string) =>
      text.split('\n').find((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `)) ?? null;
    for (const name of METRICS) {
      const line =
        name.endsWith('_seconds') && name.includes('duration') ? sample(`${name}_count`) : sample(name);
      expect(line, `a sample of ${name}`).not.toBeNull();
    }
    expect(
      sample('custody_webhook_deliveries_total{event="pull_request",outcome="accepted"}'),
    ).not.toBeNull();
    expect(sample('custody_evaluations_total{state="waiting"}')).not.toBeNull();
    expect(sample('custody_github_requests_total{kind="graphql",status="200"}')).not.toBeNull();
    expect(sample('custody_bypasses_total')).toBe('custody_bypasses_total 0');
    expect(sample('custody_ledger_append_duration_seconds_count{outcome="ok"}')).toMatch(/ [1-9]\d*$/);
    expect(sample('custody_overrides_total')).toBe('custody_overrides_total 0');
  }, 60_000);
});
