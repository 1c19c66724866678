import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/** docs/architecture.md is the design of record: every file it names must exist, in the order it says. */
const doc = readFileSync('docs/architecture.md', 'utf8');
const section = (title: string) => {
  const start = doc.indexOf(`## ${title}`);
  const end = doc.indexOf('\n## ', start + 1);
  return doc.slice(start, end === -1 ? undefined : end);
};
const pathsIn = (text: string) => [...text.matchAll(/`((?:src|test)\/[\w./-]+\.ts)`/g)].map((m) => m[1]!);

describe('docs/architecture.md', () => {
  it('names only files that exist', () => {
    const named = pathsIn(doc);
    expect(named.length).toBeGreaterThan(20);
    expect(named.filter((path) => !existsSync(path))).toEqual([]);
  });

  it('lists the stages of one webhook as the pipeline imports them', () => {
    const pipeline = readFileSync('src/app/pipeline/evaluate-pull-request.ts', 'utf8');
    const stages = section('One webhook, from arrival to check run').match(/\*\*(\w+)\*\*: `([^`]+)`/g) ?? [];
    expect(stages.map((s) => s.match(/\*\*(\w+)\*\*/)![1])).toEqual([
      'read',
      'evaluate',
      'render',
      'publish',
      'record',
      'log',
    ]);
    for (const stage of stages) {
      const file = stage.match(/`src\/([^`]+)\.ts`/)![1]!;
      const module = file.split('/').at(-1)!;
      expect(pipeline, `${file} is a stage`).toContain(`/${module}.js'`);
    }
  });

  it('names the steps in the order a webhook passes them', () => {
    const steps = section('One webhook, from arrival to check run')
      .split('\n')
      .filter((line) => /^\d+\. /.test(line))
      .map((line) => line.match(/`([^`]+)`/)![1]);
    expect(steps).toEqual([
      'src/app/server/start-server.ts',
      'src/app/handlers/register-handlers.ts',
      'src/app/handlers/pull-request.ts',
      'src/app/queue/pull-request-queue.ts',
      'src/app/queue/run-work.ts',
      'src/app/pipeline/evaluate-pull-request.ts',
      'src/app/pipeline/describe-failure.ts',
    ]);
    const imports = (from: string, to: string) =>
      readFileSync(from, 'utf8').includes(`/${to.split('/').at(-1)!.replace(/\.ts$/, '.js')}'`);
    expect(imports(steps[0]!, steps[1]!)).toBe(true);
    expect(imports(steps[1]!, steps[2]!)).toBe(true);
    expect(imports(steps[1]!, steps[3]!)).toBe(true);
    expect(imports(steps[1]!, steps[4]!)).toBe(true);
    expect(imports(steps[4]!, steps[5]!)).toBe(true);
    expect(imports(steps[5]!, steps[6]!)).toBe(true);
  });
});
