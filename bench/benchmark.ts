import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * What a bench module exports: `export const benchmarks: Benchmark[]`. `bench/run.ts` finds
 * every `bench/*.bench.ts`, so adding a benchmark is adding a file.
 */
export interface Benchmark<State = unknown> {
  /** Group shown in the table, e.g. `core evaluate`. */
  readonly suite: string;
  /** The case, e.g. `10,000 commits`. */
  readonly name: string;
  /** Builds the input once, outside the measurement. */
  setup(): State;
  /** The measured work; its result is kept alive while the heap is read. */
  run(state: State): unknown;
  /** Timed runs after warm-up (median reported). */
  readonly runs?: number;
  readonly goal?: { readonly ms: number; readonly heapMb: number };
}

export interface Measurement {
  readonly suite: string;
  readonly name: string;
  readonly runs: number;
  /** Wall-clock time per run: the goal is judged on its median. */
  readonly medianMs: number;
  readonly minMs: number;
  readonly maxMs: number;
  /** CPU time of this process per run, all threads (parallel GC helpers count, so it can exceed wall time). */
  readonly medianCpuMs: number;
  /** Heap used right after one run (result held, no GC) minus the heap before it (after a GC). */
  readonly extraHeapMb: number;
  readonly goal: NonNullable<Benchmark['goal']> | null;
  readonly ok: boolean | null;
}

const WARM_UP_RUNS = 3;

/** `global.gc` without asking for `--expose-gc` on the command line. */
function obtainGc(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

export function measure<State>(benchmark: Benchmark<State>): Measurement {
  const gc = obtainGc();
  const state = benchmark.setup();
  for (let i = 0; i < WARM_UP_RUNS; i += 1) benchmark.run(state);

  const runs = benchmark.runs ?? 15;
  const times: number[] = [];
  const cpuTimes: number[] = [];
  // One collection before the timed runs, not one per run: a forced full GC shrinks the young
  // generation and makes the next run pay for regrowing it, which no real evaluation does.
  gc();
  for (let i = 0; i < runs; i += 1) {
    const cpu = process.cpuUsage();
    const start = process.hrtime.bigint();
    benchmark.run(state);
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
    const used = process.cpuUsage(cpu);
    cpuTimes.push((used.user + used.system) / 1000);
  }
  times.sort((a, b) => a - b);
  cpuTimes.sort((a, b) => a - b);

  const heaps: number[] = [];
  for (let i = 0; i < 3; i += 1) {
    gc();
    const before = process.memoryUsage().heapUsed;
    const result = benchmark.run(state);
    heaps.push(process.memoryUsage().heapUsed - before);
    keepAlive(result);
  }
  const medianMs = times[Math.floor(times.length / 2)] ?? Number.NaN;
  const medianCpuMs = cpuTimes[Math.floor(cpuTimes.length / 2)] ?? Number.NaN;
  const extraHeapMb = Math.max(...heaps) / 2 ** 20;
  const goal = benchmark.goal ?? null;
  return {
    suite: benchmark.suite,
    name: benchmark.name,
    runs,
    medianMs,
    minMs: times[0] ?? Number.NaN,
    maxMs: times[times.length - 1] ?? Number.NaN,
    medianCpuMs,
    extraHeapMb,
    goal,
    ok: goal === null ? null : medianMs < goal.ms && extraHeapMb < goal.heapMb,
  };
}

let sink: unknown;
function keepAlive(value: unknown): void {
  sink = value;
  if (sink === Symbol.for('never')) console.log(sink);
}
