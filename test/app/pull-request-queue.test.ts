import { describe, expect, it } from 'vitest';
import {
  createPullRequestQueue,
  type QueueOptions,
  type RunResult,
} from '../../src/app/queue/pull-request-queue.js';

interface Job {
  readonly key: string;
  readonly seq: number;
  readonly merged: number;
}

const silent = { debug: () => {}, warn: () => {}, error: () => {} };

/** A runner whose runs finish only when the test says so: no timers, fully deterministic. */
function controlledRunner() {
  const runs: Array<{ job: Job; attempt: number; finish: (result?: RunResult | Error) => void }> = [];
  const run = (job: Job, attempt: number) =>
    new Promise<RunResult>((resolve, reject) => {
      runs.push({
        job,
        attempt,
        finish: (result = 'done') => (result instanceof Error ? reject(result) : resolve(result)),
      });
    });
  return { runs, run };
}

/** A manual timer: scheduled callbacks run when the test fires them. */
function manualTimer() {
  const pending: Array<{ fn: () => void; ms: number; cancelled: boolean }> = [];
  return {
    pending,
    setTimer: (fn: () => void, ms: number) => {
      const timer = { fn, ms, cancelled: false };
      pending.push(timer);
      return () => {
        timer.cancelled = true;
      };
    },
    fireAll: () => {
      for (const timer of pending.splice(0)) if (!timer.cancelled) timer.fn();
    },
  };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

function queueWith(run: QueueOptions<Job>['run'], options: Partial<QueueOptions<Job>> = {}) {
  return createPullRequestQueue<Job>({
    keyOf: (job) => job.key,
    merge: (older, newer) => ({ ...newer, merged: older.merged + newer.merged }),
    run,
    concurrency: 2,
    backgroundConcurrency: 1,
    maxQueued: 100,
    maxAttempts: 1,
    retryDelayMs: () => 1_000,
    log: silent,
    ...options,
  });
}

const job = (key: string, seq: number): Job => ({ key, seq, merged: 1 });

describe('createPullRequestQueue', () => {
  it('coalesces a burst of 50 events for one PR into at most 2 evaluations of the latest state', async () => {
    const runner = controlledRunner();
    const queue = queueWith(runner.run);
    // The first event starts an evaluation; the other 49 arrive while it runs.
    queue.enqueue(job('pr#1', 0));
    await tick();
    for (let seq = 1; seq < 50; seq += 1) queue.enqueue(job('pr#1', seq));
    expect(runner.runs).toHaveLength(1);
    runner.runs[0]!.finish();
    await tick();
    expect(runner.runs).toHaveLength(2);
    expect(runner.runs[1]!.job).toEqual({ key: 'pr#1', seq: 49, merged: 49 });
    runner.runs[1]!.finish();
    await queue.drain();
    expect(runner.runs).toHaveLength(2);
    expect(queue.stats()).toMatchObject({ enqueued: 50, runs: 2, coalesced: 48, shed: 0 });
  });

  it('merges events that arrive before the evaluation starts into that one evaluation', async () => {
    const runner = controlledRunner();
    const queue = queueWith(runner.run);
    for (let seq = 0; seq < 50; seq += 1) queue.enqueue(job('pr#1', seq));
    await tick();
    expect(runner.runs.map((r) => r.job)).toEqual([{ key: 'pr#1', seq: 49, merged: 50 }]);
    runner.runs[0]!.finish();
    await queue.drain();
    expect(queue.stats().runs).toBe(1);
  });

  it('never runs more than `concurrency` evaluations, nor more background ones than their share', async () => {
    const runner = controlledRunner();
    const queue = queueWith(runner.run, { concurrency: 2, backgroundConcurrency: 1 });
    queue.enqueue(job('bg#1', 0), 'background');
    queue.enqueue(job('bg#2', 0), 'background');
    queue.enqueue(job('pr#1', 0));
    queue.enqueue(job('pr#2', 0));
    await tick();
    // Live work first; background waits for a free slot within its share.
    expect(runner.runs.map((r) => r.job.key)).toEqual(['pr#1', 'pr#2']);
    runner.runs[0]!.finish();
    await tick();
    expect(runner.runs.map((r) => r.job.key)).toEqual(['pr#1', 'pr#2', 'bg#1']);
    runner.runs[1]!.finish();
    await tick();
    // A second background run would exceed the background share of one slot.
    expect(runner.runs).toHaveLength(3);
    runner.runs[2]!.finish();
    await tick();
    expect(runner.runs.map((r) => r.job.key)).toEqual(['pr#1', 'pr#2', 'bg#1', 'bg#2']);
    runner.runs[3]!.finish();
    await queue.drain();
  });

  it('promotes waiting background work when a live event for the same PR arrives', async () => {
    const runner = controlledRunner();
    const queue = queueWith(runner.run, { concurrency: 1 });
    queue.enqueue(job('pr#0', 0));
    queue.enqueue(job('bg#1', 0), 'background');
    queue.enqueue(job('bg#2', 0), 'background');
    await tick();
    queue.enqueue(job('bg#2', 1));
    runner.runs[0]!.finish();
    await tick();
    expect(runner.runs[1]!.job).toEqual({ key: 'bg#2', seq: 1, merged: 2 });
    runner.runs[1]!.finish();
    await tick();
    runner.runs[2]!.finish();
    await queue.drain();
    expect(runner.runs.map((r) => r.job.key)).toEqual(['pr#0', 'bg#2', 'bg#1']);
  });

  it('sheds new PRs beyond its bound, counts them and says so, but still coalesces known ones', async () => {
    const runner = controlledRunner();
    const warnings: object[] = [];
    const queue = queueWith(runner.run, {
      concurrency: 1,
      maxQueued: 2,
      log: { ...silent, warn: (obj) => warnings.push(obj) },
    });
    expect(queue.enqueue(job('pr#1', 0))).toBe('queued');
    expect(queue.enqueue(job('pr#2', 0))).toBe('queued');
    expect(queue.enqueue(job('pr#3', 0))).toBe('shed');
    expect(queue.enqueue(job('pr#2', 1))).toBe('coalesced');
    expect(queue.stats().shed).toBe(1);
    expect(warnings).toEqual([expect.objectContaining({ key: 'pr#3', reason: 'queue full' })]);
    await tick();
    runner.runs[0]!.finish();
    await tick();
    runner.runs[1]!.finish();
    await queue.drain();
  });

  it('retries a failed evaluation after a delay, and a newer event supersedes the wait', async () => {
    const runner = controlledRunner();
    const timer = manualTimer();
    const queue = queueWith(runner.run, { maxAttempts: 3, setTimer: timer.setTimer });
    queue.enqueue(job('pr#1', 0));
    await tick();
    runner.runs[0]!.finish(new Error('GitHub 502'));
    await queue.drain();
    expect(queue.stats()).toMatchObject({ failures: 1, retries: 1, retrying: 1 });
    expect(timer.pending.map((t) => t.ms)).toEqual([1_000]);
    timer.fireAll();
    await tick();
    expect(runner.runs[1]).toMatchObject({ attempt: 1, job: { seq: 0 } });
    runner.runs[1]!.finish(new Error('GitHub 502'));
    await tick();
    // A new event arrives during the second wait: it runs now, merged, and the timer is void.
    queue.enqueue(job('pr#1', 1));
    await tick();
    // A fresh event earns fresh attempts.
    expect(runner.runs[2]).toMatchObject({ attempt: 0, job: { seq: 1, merged: 2 } });
    runner.runs[2]!.finish();
    await queue.drain();
    timer.fireAll();
    await tick();
    expect(runner.runs).toHaveLength(3);
  });

  it('gives up after the last attempt and logs it', async () => {
    const runner = controlledRunner();
    const errors: object[] = [];
    const queue = queueWith(runner.run, {
      maxAttempts: 1,
      log: { ...silent, error: (obj) => errors.push(obj) },
    });
    queue.enqueue(job('pr#1', 0));
    await tick();
    runner.runs[0]!.finish(new Error('boom'));
    await queue.drain();
    expect(errors).toEqual([expect.objectContaining({ key: 'pr#1', attempts: 1 })]);
    expect(queue.stats()).toMatchObject({ failures: 1, retrying: 0 });
  });

  it('on close refuses new work, drops scheduled retries as shed, and waits for running work', async () => {
    const runner = controlledRunner();
    const timer = manualTimer();
    const queue = queueWith(runner.run, { maxAttempts: 3, setTimer: timer.setTimer });
    queue.enqueue(job('pr#1', 0));
    queue.enqueue(job('pr#2', 0));
    await tick();
    runner.runs[0]!.finish(new Error('502'));
    await tick();
    let closed = false;
    const closing = queue.close().then(() => {
      closed = true;
    });
    expect(queue.enqueue(job('pr#3', 0))).toBe('shed');
    await tick();
    expect(closed).toBe(false);
    runner.runs[1]!.finish();
    await closing;
    expect(queue.stats()).toMatchObject({ shed: 2, retrying: 0, running: 0 });
  });
});

describe('settling', () => {
  /** A clock the test advances: timers fire in order of their due time. */
  function virtualClock() {
    let now = 0;
    const timers: Array<{ at: number; fn: () => void; cancelled: boolean }> = [];
    return {
      now: () => now,
      setTimer: (fn: () => void, ms: number) => {
        const timer = { at: now + ms, fn, cancelled: false };
        timers.push(timer);
        return () => {
          timer.cancelled = true;
        };
      },
      async advanceTo(target: number) {
        for (;;) {
          const due = timers.filter((t) => !t.cancelled && t.at <= target).sort((a, b) => a.at - b.at)[0];
          if (!due) break;
          timers.splice(timers.indexOf(due), 1);
          now = due.at;
          due.fn();
          await tick();
        }
        now = target;
      },
    };
  }

  it('a burst of 50 events over one second costs at most 3 evaluations of the latest state', async () => {
    const clock = virtualClock();
    const evaluated: Job[] = [];
    // Each evaluation takes 100 ms of virtual time, as a GitHub round trip might.
    const run = (job: Job) =>
      new Promise<RunResult>((resolve) => {
        evaluated.push(job);
        clock.setTimer(() => resolve('done'), 100);
      });
    const queue = queueWith(run, { settleMs: 500, setTimer: clock.setTimer });
    for (let i = 0; i < 50; i += 1) {
      await clock.advanceTo(i * 20);
      queue.enqueue({ key: 'pr-1', seq: i, merged: 1 });
      await tick();
    }
    await clock.advanceTo(10_000);
    await queue.drain();
    expect(evaluated.length).toBeLessThanOrEqual(3);
    expect(evaluated.at(-1)?.seq).toBe(49);
    expect(evaluated.reduce((sum, job) => sum + job.merged, 0)).toBe(50);
  });

  it('a follow-up settles until settleMs after its first event, not after the run before it', async () => {
    const clock = virtualClock();
    const started: Array<{ seq: number; at: number }> = [];
    // Each evaluation takes 400 ms of virtual time.
    const run = (job: Job) =>
      new Promise<RunResult>((resolve) => {
        started.push({ seq: job.seq, at: clock.now() });
        clock.setTimer(() => resolve('done'), 400);
      });
    const queue = queueWith(run, { settleMs: 500, setTimer: clock.setTimer, now: clock.now });
    queue.enqueue({ key: 'pr-1', seq: 1, merged: 1 });
    await tick();
    // The first run starts at 500 and ends at 900; events at 600 and 800 wait for it.
    await clock.advanceTo(600);
    queue.enqueue({ key: 'pr-1', seq: 2, merged: 1 });
    await clock.advanceTo(800);
    queue.enqueue({ key: 'pr-1', seq: 3, merged: 1 });
    // An event at 1,050 still merges into the settling follow-up.
    await clock.advanceTo(1_050);
    queue.enqueue({ key: 'pr-1', seq: 4, merged: 1 });
    await clock.advanceTo(10_000);
    await queue.drain();
    // The follow-up's first event came at 600: it starts at 1,100, not at 900 + 500.
    expect(started).toEqual([
      { seq: 1, at: 500 },
      { seq: 4, at: 1_100 },
    ]);
  });

  it('a follow-up whose first event is older than settleMs starts when the run before it ends', async () => {
    const clock = virtualClock();
    const started: Array<{ seq: number; at: number }> = [];
    const run = (job: Job) =>
      new Promise<RunResult>((resolve) => {
        started.push({ seq: job.seq, at: clock.now() });
        clock.setTimer(() => resolve('done'), 1_000);
      });
    const queue = queueWith(run, { settleMs: 500, setTimer: clock.setTimer, now: clock.now });
    queue.enqueue({ key: 'pr-1', seq: 1, merged: 1 });
    await tick();
    await clock.advanceTo(600);
    queue.enqueue({ key: 'pr-1', seq: 2, merged: 1 });
    await clock.advanceTo(10_000);
    await queue.drain();
    expect(started).toEqual([
      { seq: 1, at: 500 },
      { seq: 2, at: 1_500 },
    ]);
  });

  it('does not start a job before it has settled, and close() runs settling work at once', async () => {
    const timer = manualTimer();
    const { runs, run } = controlledRunner();
    const queue = queueWith(run, { settleMs: 250, setTimer: timer.setTimer });
    queue.enqueue({ key: 'pr-1', seq: 1, merged: 1 });
    await tick();
    expect(runs).toHaveLength(0);
    expect(queue.stats().waiting).toBe(1);
    const closing = queue.close();
    await tick();
    expect(runs).toHaveLength(1);
    runs[0]!.finish();
    await closing;
    expect(queue.stats().waiting).toBe(0);
  });
});
