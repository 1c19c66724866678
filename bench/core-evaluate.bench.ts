import { evaluate } from '../src/core/evaluate/index.js';
import { Policy } from '../src/core/policy/schema.js';
import type { Benchmark } from './benchmark.js';
import { BENCH_POLICY, syntheticPullRequest } from './synthetic-pull-request.js';

/** The core's budget: a 10,000-commit PR in under 50 ms and 50 MB of extra heap (issue 2). */
const GOAL = { ms: 50, heapMb: 50 };

const policy = Policy.parse(BENCH_POLICY);

export const benchmarks: Benchmark[] = [10, 250, 3_000, 10_000].map((commits) => ({
  suite: 'core evaluate',
  name: `${commits.toLocaleString('en-US')} commits, 100 reviews, 3,000 files`,
  setup: () => syntheticPullRequest(commits),
  run: (snapshot: ReturnType<typeof syntheticPullRequest>) => evaluate(snapshot, policy),
  runs: commits >= 3_000 ? 15 : 25,
  ...(commits === 10_000 ? { goal: GOAL } : {}),
}));
