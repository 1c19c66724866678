import { readdirSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type Benchmark, type Measurement, measure } from './benchmark.js';

/**
 * `npm run bench`: runs every `bench/*.bench.ts` (each exports `benchmarks`) and prints one
 * table. `npm run bench -- evaluate` runs only the suites or cases whose name contains
 * `evaluate`; `--check` exits 1 when a benchmark misses its goal (timings on a shared
 * machine are noisy, so this is opt-in).
 */
async function main(): Promise<void> {
  const here = dirname(fileURLToPath(import.meta.url));
  const args = process.argv.slice(2);
  const filter = args.find((arg) => !arg.startsWith('--'))?.toLowerCase() ?? '';
  const files = readdirSync(here)
    .filter((file) => file.endsWith('.bench.ts'))
    .sort();
  const results: Measurement[] = [];
  for (const file of files) {
    const module = (await import(pathToFileURL(join(here, file)).href)) as { benchmarks?: Benchmark[] };
    for (const benchmark of module.benchmarks ?? []) {
      if (!`${benchmark.suite} ${benchmark.name}`.toLowerCase().includes(filter)) continue;
      results.push(measure(benchmark));
    }
  }
  console.log(
    `Node ${process.version}, ${cpus().length} CPU(s): ${cpus()[0]?.model ?? 'unknown'}, load ${loadavg()[0]?.toFixed(1)}\n`,
  );
  console.log(formatTable(results));
  console.log(
    '\nGoals are judged on the median wall time and on the extra heap: the heap used right after one run',
    '\n(its result held, no GC) minus the heap before it (after a full GC). On a busy machine, re-run.',
  );
  if (args.includes('--check') && results.some((result) => result.ok === false)) process.exitCode = 1;
}

function formatTable(results: readonly Measurement[]): string {
  const header = [
    'suite',
    'case',
    'runs',
    'median ms',
    'min ms',
    'max ms',
    'median CPU ms',
    'extra heap MB',
    'goal',
    'ok',
  ];
  const rows = results.map((result) => [
    result.suite,
    result.name,
    String(result.runs),
    result.medianMs.toFixed(2),
    result.minMs.toFixed(2),
    result.maxMs.toFixed(2),
    result.medianCpuMs.toFixed(2),
    result.extraHeapMb.toFixed(1),
    result.goal === null ? '' : `< ${result.goal.ms} ms, < ${result.goal.heapMb} MB`,
    result.ok === null ? '' : result.ok ? 'yes' : 'NO',
  ]);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => row[column]!.length)),
  );
  const line = (cells: readonly string[]) =>
    `| ${cells.map((cell, column) => (column >= 2 && column <= 7 ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!))).join(' | ')} |`;
  return [
    line(header),
    `|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`,
    ...rows.map(line),
  ].join('\n');
}

await main();
