import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The suites that take longest start first. Vitest orders by the durations it cached on an
 * earlier run, but CI runs a clean checkout with no cache: it then starts larger files first,
 * and the fault schedules (a small file, three minutes of seeds) began two minutes into the run
 * and set its length. Listed longest first; every other file keeps Vitest's order.
 */
const LONGEST = ['test/faults/random-schedules.test.ts', 'test/cluster/replicas.test.ts'];

function rank(file: TestSpecification): number {
  const index = LONGEST.findIndex((path) => file.moduleId.endsWith(path));
  return index === -1 ? LONGEST.length : index;
}

export class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    return (await super.sort(files)).sort((a, b) => rank(a) - rank(b));
  }
}
