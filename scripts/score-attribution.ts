import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadCorpus, type RowOutcome, scoreCorpus } from './attribution/score-corpus.js';

/**
 * `npm run attribution`: scores detection on the real-commit corpus and prints the per-agent
 * table, recall (all agents, and agents the catalogue does not list) and every false alarm.
 */
const here = dirname(fileURLToPath(import.meta.url));
const corpus = loadCorpus(join(here, '..', 'test', 'fixtures', 'real-commits', 'commits.jsonl'));
const score = scoreCorpus(corpus);

const rows = score.perAgent.map((a) => [
  a.agent,
  a.unseen ? 'unseen' : 'catalogue',
  String(a.total),
  String(a.caught),
  String(a.named),
  percent(a.caught / a.total),
]);
console.log(table(['agent', 'kind', 'commits', 'caught', 'named right', 'recall'], rows));
const count = (label: string) => corpus.filter((row) => row.label === label).length;
console.log(
  `\n${corpus.length} commits from ${new Set(corpus.map((r) => r.repo)).size} repositories:`,
  `${count('agent')} agent, ${count('automation')} automation, ${count('human')} human`,
  `(${corpus.filter((r) => r.tricky !== undefined).length} tricky).`,
);
console.log(`Recall: ${percent(score.recall)}; unseen agents: ${percent(score.unseenRecall)}.`);
console.log(`Humans or automation flagged as agents: ${score.falseAlarms.length}.`);
for (const outcome of score.missed) console.log(`  missed   ${describe(outcome)}`);
for (const outcome of score.falseAlarms) console.log(`  flagged  ${describe(outcome)}`);
if (score.recall < 0.99 || score.falseAlarms.length > 0) process.exitCode = 1;

function describe({ row, agents }: RowOutcome): string {
  const got = agents.length > 0 ? ` as ${agents.join(', ')}` : '';
  return `${row.repo}@${row.sha.slice(0, 10)} ${row.label}${row.agent ? ` ${row.agent}` : ''}${got}: ${row.why}`;
}

function percent(value: number): string {
  return `${(value * 100).toFixed(1)} %`;
}

function table(header: readonly string[], body: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ');
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n');
}
