import { evaluate } from '../src/core/evaluate/index.js';
import { deriveHistory, type Fact } from '../src/core/ledger/index.js';
import { Policy } from '../src/core/policy/schema.js';
import type { Snapshot } from '../src/core/snapshot.js';
import { FactClock } from '../test/builders/facts.js';
import { HUMANS } from '../test/builders/identities.js';
import { fakeSha } from '../test/builders/snapshot.js';
import type { Benchmark } from './benchmark.js';
import { BENCH_POLICY, syntheticPullRequest } from './synthetic-pull-request.js';

/** A PR whose ledger holds 1,000 facts: deriving its history and evaluating it stays under 50 ms. */
const GOAL = { ms: 50, heapMb: 50 };
const policy = Policy.parse(BENCH_POLICY);

function pullRequestWithFacts(count: number): { snapshot: Snapshot; facts: Fact[] } {
  const snapshot = syntheticPullRequest(250);
  const pr = snapshot.pullRequest;
  const clock = new FactClock({ owner: snapshot.repo.owner, name: snapshot.repo.name, id: null });
  const facts: Fact[] = [];
  for (let index = 0; facts.length < count; index += 1) {
    const who = HUMANS[index % HUMANS.length]!.account;
    const sha = snapshot.commits[index % snapshot.commits.length]!.sha;
    if (index % 4 === 0) facts.push(clock.push(who, sha, { ref: pr.headRef }));
    else if (index % 4 === 1) facts.push(clock.synchronize(pr.number, who, sha, pr.headRef));
    else if (index % 4 === 2) facts.push(clock.verdict(pr.number, fakeSha(index)));
    else facts.push(clock.delegation(pr.number, who, index % 8 === 3 ? 'assignee' : 'requester'));
  }
  return { snapshot, facts };
}

export const benchmarks: Benchmark[] = [
  {
    suite: 'ledger history',
    name: '250-commit PR with 1,000 ledger facts: derive history + evaluate',
    setup: () => pullRequestWithFacts(1_000),
    run: ({ snapshot, facts }: ReturnType<typeof pullRequestWithFacts>) => {
      const history = deriveHistory(facts, {
        number: snapshot.pullRequest.number,
        headRef: snapshot.pullRequest.headRef,
        commitShas: snapshot.commits.map((commit) => commit.sha),
      });
      return evaluate({ ...snapshot, history }, policy);
    },
    runs: 25,
    goal: GOAL,
  },
];
