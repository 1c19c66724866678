import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { schedule } from '../../src/app/reconcile/scheduler.js';

const silent = { info: () => {}, warn: () => {}, error: () => {} };

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

describe('schedule', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('runs at start and then once per interval', async () => {
    const task = vi.fn(async () => {});
    const s = schedule({ name: 't', intervalMs: 60_000, jitter: 0, task, log: silent });
    await s.started;
    expect(task).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(59_999);
    expect(task).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(task).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(120_000);
    expect(task).toHaveBeenCalledTimes(4);
    await s.stop();
  });

  it('does not run at start when asked not to', async () => {
    const task = vi.fn(async () => {});
    const s = schedule({ name: 't', intervalMs: 1_000, jitter: 0, runAtStart: false, task, log: silent });
    await s.started;
    expect(task).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(task).toHaveBeenCalledTimes(1);
    await s.stop();
  });

  it('spreads ticks by the jitter, within bounds', async () => {
    const task = vi.fn(async () => {});
    // random() = 0 → the shortest delay: 10 s × (1 − 0.2) = 8 s.
    const s = schedule({ name: 't', intervalMs: 10_000, jitter: 0.2, random: () => 0, task, log: silent });
    await s.started;
    await vi.advanceTimersByTimeAsync(7_999);
    expect(task).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(task).toHaveBeenCalledTimes(2);
    await s.stop();
  });

  it('never overlaps: a tick during a slow run is skipped and counted', async () => {
    const gate = deferred();
    let calls = 0;
    const task = vi.fn(async () => {
      calls += 1;
      if (calls === 1) await gate.promise;
    });
    const warn = vi.fn();
    const s = schedule({ name: 't', intervalMs: 1_000, jitter: 0, task, log: { ...silent, warn } });
    await vi.advanceTimersByTimeAsync(3_000);
    expect(task).toHaveBeenCalledTimes(1);
    expect(s.stats()).toMatchObject({ skipped: 3, running: true });
    expect(warn).toHaveBeenCalledTimes(3);
    gate.resolve();
    await s.started;
    await vi.advanceTimersByTimeAsync(1_000);
    expect(task).toHaveBeenCalledTimes(2);
    await s.stop();
  });

  it('keeps going after a failed run and counts the failure', async () => {
    const error = vi.fn();
    const task = vi.fn(async () => {
      throw new Error('GitHub 502');
    });
    const s = schedule({ name: 't', intervalMs: 1_000, jitter: 0, task, log: { ...silent, error } });
    await expect(s.started).resolves.toBeUndefined();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(s.stats()).toMatchObject({ runs: 2, failures: 2 });
    expect(error).toHaveBeenCalledTimes(2);
    await s.stop();
  });

  it('stop() waits for the running task and cancels future ticks', async () => {
    const gate = deferred();
    let finished = false;
    const task = vi.fn(async () => {
      await gate.promise;
      finished = true;
    });
    const s = schedule({ name: 't', intervalMs: 1_000, jitter: 0, task, log: silent });
    const stopping = s.stop();
    let stoppedYet = false;
    void stopping.then(() => {
      stoppedYet = true;
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(stoppedYet).toBe(false);
    gate.resolve();
    await stopping;
    expect(finished).toBe(true);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(task).toHaveBeenCalledTimes(1);
    expect(s.stats().stopped).toBe(true);
  });

  it('stop() aborts the running task so a long sweep winds down at once', async () => {
    let seen: AbortSignal | null = null;
    const task = vi.fn(
      (signal: AbortSignal) =>
        new Promise<void>((resolve) => {
          seen = signal;
          signal.addEventListener('abort', () => resolve());
        }),
    );
    const s = schedule({ name: 't', intervalMs: 1_000, jitter: 0, task, log: silent });
    expect(seen!.aborted).toBe(false);
    await s.stop();
    expect(seen!.aborted).toBe(true);
  });

  it('stop() can bound its wait for a task stuck in a request', async () => {
    const warn = vi.fn();
    const s = schedule({
      name: 't',
      intervalMs: 60_000,
      jitter: 0,
      task: () => new Promise<void>(() => {}),
      log: { ...silent, warn },
    });
    const stopping = s.stop({ waitMs: 5_000 });
    await vi.advanceTimersByTimeAsync(5_000);
    await expect(stopping).resolves.toBeUndefined();
    expect(warn).toHaveBeenCalledWith(expect.objectContaining({ waitMs: 5_000 }), expect.any(String));
  });

  it('unrefs its timer so it never keeps the process alive', async () => {
    const unref = vi.spyOn(globalThis, 'setTimeout');
    const s = schedule({
      name: 't',
      intervalMs: 1_000,
      jitter: 0,
      runAtStart: false,
      task: async () => {},
      log: silent,
    });
    const handle = unref.mock.results.at(-1)?.value as NodeJS.Timeout;
    expect(handle.hasRef()).toBe(false);
    await s.stop();
    unref.mockRestore();
  });

  it('rejects a non-positive interval', () => {
    expect(() => schedule({ name: 't', intervalMs: 0, task: async () => {}, log: silent })).toThrow(
      /intervalMs/,
    );
  });
});
