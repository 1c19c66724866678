import { describe, expect, it } from 'vitest';
import { issueInstallationToken } from '../../simulator/http/auth.js';
import { createSimulator, type Simulator } from '../../simulator/server.js';
import { ReplicationLag } from '../../simulator/state/replication-lag.js';
import { seedWorld } from '../../simulator/state/seed.js';
import { Store } from '../../simulator/state/store.js';

/**
 * GitHub's replication lag as the simulator's default condition: reads just after an event are
 * served the state before it (old head, no new review, a new PR not found), writes and the
 * app's own objects are not, and the windows replay from their seed.
 */

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function client(sim: Simulator) {
  const installation = [...sim.store.installations.values()][0]!;
  const auth = `token ${issueInstallationToken(sim.store, installation).token}`;
  const call = async (method: string, path: string, body?: unknown) => {
    const response = await sim.dispatch({
      method,
      url: path,
      headers: { authorization: auth, 'content-type': 'application/json' },
      body: body === undefined ? '' : JSON.stringify(body),
    });
    return { status: response.status, body: response.body ? JSON.parse(response.body) : undefined };
  };
  const headOid = async (number: number) => {
    const { body } = await call('POST', '/api/graphql', {
      query:
        'query($n: Int!) { repository(owner: "acme", name: "widgets") { pullRequest(number: $n) { headRefOid } } }',
      variables: { n: number },
    });
    return body as {
      data: { repository: { pullRequest: { headRefOid: string } | null } };
      errors?: unknown[];
    };
  };
  return { call, headOid };
}

const commit = (file: string) => [{ message: `Add ${file}`, author: 'alice', files: { [file]: 'x\n' } }];

describe('replication lag in the simulator', () => {
  it('is on by default, short', () => {
    const sim = createSimulator();
    expect(sim.lag.settings?.maxMs).toBeGreaterThan(0);
    expect(sim.lag.settings?.maxMs).toBeLessThanOrEqual(1_000);
  });

  it('serves a new PR as not found, then an old head and no new review, until the window ends', async () => {
    // Windows of up to 60 s: every read below falls inside one, until the lag is set shorter.
    const sim = createSimulator({ lag: { maxMs: 60_000, seed: 3 } });
    const { call, headOid } = client(sim);
    const d = sim.drivers;
    const opened = await d.openPullRequest({
      as: 'alice',
      head: 'alice/x',
      title: 'x',
      commits: commit('a'),
    });

    const missing = await headOid(opened.number);
    expect(missing.data.repository.pullRequest).toBeNull();
    expect(missing.errors).toEqual([expect.objectContaining({ type: 'NOT_FOUND' })]);
    expect((await call('GET', `/api/v3/repos/acme/widgets/pulls/${opened.number}`)).status).toBe(404);

    sim.lag.set({ maxMs: 60_000, seed: 3 });
    const first = sim.store.headSha(d.pull(opened.number));
    await d.push({ as: 'alice', branch: 'alice/x', commits: commit('b') });
    await d.submitReview({ as: 'bob', number: opened.number, state: 'APPROVED' });
    const second = sim.store.headSha(d.pull(opened.number));
    expect(second).not.toBe(first);
    expect((await headOid(opened.number)).data.repository.pullRequest?.headRefOid).toBe(first);
    const pull = await call('GET', `/api/v3/repos/acme/widgets/pulls/${opened.number}`);
    expect(pull.body.head.sha).toBe(first);
    expect((await call('GET', `/api/v3/repos/acme/widgets/pulls/${opened.number}/reviews`)).body).toEqual([]);
    expect(sim.lag.lateReads).toBeGreaterThan(0);

    // Writes go to the primary (the new head's commit exists), and what was written reads back.
    const run = await call('POST', '/api/v3/repos/acme/widgets/check-runs', {
      name: 'custody',
      head_sha: second,
    });
    expect(run.status).toBe(201);
    expect((await call('GET', `/api/v3/repos/acme/widgets/check-runs/${run.body.id}`)).body.head_sha).toBe(
      second,
    );
    // The state itself was never rolled back.
    expect(sim.store.headSha(d.pull(opened.number))).toBe(second);
    expect(sim.store.pullReviews(d.pull(opened.number))).toHaveLength(1);

    sim.lag.set({ maxMs: 20, seed: 3 });
    await d.submitReview({ as: 'carol', number: opened.number, state: 'APPROVED' });
    await sleep(40);
    expect((await headOid(opened.number)).data.repository.pullRequest?.headRefOid).toBe(second);
    const reviews = await call('GET', `/api/v3/repos/acme/widgets/pulls/${opened.number}/reviews`);
    expect(reviews.body.map((r: { user: { login: string } }) => r.user.login)).toEqual(['bob', 'carol']);
  });

  it('is off with lag: null', async () => {
    const sim = createSimulator({ lag: null });
    const { headOid } = client(sim);
    const opened = await sim.drivers.openPullRequest({
      as: 'alice',
      head: 'alice/y',
      title: 'y',
      commits: commit('c'),
    });
    expect((await headOid(opened.number)).data.repository.pullRequest?.headRefOid).toBe(opened.head);
    expect(sim.lag.lateReads).toBe(0);
  });

  it('opens no window for the events about an app’s own check runs', () => {
    let clock = 0;
    const store = new Store();
    seedWorld(store);
    const repo = [...store.repos.values()][0]!;
    const lag = new ReplicationLag(store, { maxMs: 1_000, seed: 5 }, () => clock);
    repo.branches.set('main', 'a');
    lag.recordEvent('push');
    clock = 1_000;
    expect(lag.serve(() => repo.branches.get('main'))).toBe('a');
    lag.recordEvent('check_run');
    lag.recordEvent('check_suite');
    expect(lag.serve(() => repo.branches.get('main'))).toBe('a');
    expect(lag.lateReads).toBe(0);
    // Any other event does, and a change made before a check-run event is lagged by the next one.
    repo.branches.set('main', 'b');
    lag.recordEvent('check_run');
    repo.branches.set('main', 'c');
    lag.recordEvent('push');
    expect(lag.serve(() => repo.branches.get('main'))).toBe('a');
    clock = 2_000;
    expect(lag.serve(() => repo.branches.get('main'))).toBe('c');
    expect(lag.lateReads).toBe(1);
  });

  /** When each of three events' changes becomes visible, on a clock the test moves. */
  function visibleAt(seed: number): number[] {
    let clock = 0;
    const store = new Store();
    seedWorld(store);
    const repo = [...store.repos.values()][0]!;
    const lag = new ReplicationLag(store, { maxMs: 1_000, seed }, () => clock);
    const heads = ['a', 'b', 'c'].map((sha, i) => {
      clock = i * 100;
      repo.branches.set('main', sha);
      lag.recordEvent();
      return sha;
    });
    return heads.map((sha) => {
      for (clock = 0; clock < 5_000; clock += 1) {
        const seen = lag.serve(() => repo.branches.get('main'));
        if (heads.indexOf(seen!) >= heads.indexOf(sha)) return clock;
      }
      return -1;
    });
  }

  it('replays its windows from the seed, and applies events in order', () => {
    const once = visibleAt(11);
    expect(visibleAt(11)).toEqual(once);
    expect(visibleAt(12)).not.toEqual(once);
    for (const [i, at] of once.entries()) {
      expect(at).toBeGreaterThanOrEqual(i * 100);
      expect(at).toBeLessThanOrEqual(i * 100 + 1_000);
      if (i > 0) expect(at).toBeGreaterThanOrEqual(once[i - 1]!);
    }
  });
});
