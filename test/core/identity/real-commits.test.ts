import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCorpus, scoreCorpus } from '../../../scripts/attribution/score-corpus.js';
import { classifyCommit } from '../../../src/core/identity/index.js';
import { catalogue } from './fixtures.js';

const corpus = loadCorpus(join(import.meta.dirname, '..', '..', 'fixtures', 'real-commits', 'commits.jsonl'));
type Score = ReturnType<typeof scoreCorpus>;
const describeRow = (o: Score['outcomes'][number]) =>
  `${o.row.repo}@${o.row.sha.slice(0, 10)} (${o.row.why}) → ${o.agents.join(', ') || 'none'}`;

describe('attribution on real commits, each a one-commit PR through evaluate() with the default policy', () => {
  it('is a corpus of the size and spread it claims', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(400);
    expect(new Set(corpus.map((row) => row.repo)).size).toBeGreaterThanOrEqual(20);
    expect(
      corpus.filter((row) => row.label === 'human' && row.tricky !== undefined).length,
    ).toBeGreaterThanOrEqual(100);
    expect(corpus.filter((row) => row.unseen === true).length).toBeGreaterThan(0);
    expect(new Set(corpus.map((row) => `${row.repo}@${row.sha}`)).size).toBe(corpus.length);
  });

  // Scored inside the test (about 1.5 s), not at import: mutation testing then runs it only for
  // the code it covers instead of running the whole suite for every change to that code.
  it('catches at least 99 % of agent commits, and of those the catalogue does not list; flags no human or automation', () => {
    const score = scoreCorpus(corpus);
    const missed = score.missed.map(describeRow).join('\n');
    expect(score.recall, missed).toBeGreaterThanOrEqual(0.99);
    // Unlisted agents are caught by the generic detectors or as fail-closed bots.
    expect(score.unseenRecall, missed).toBeGreaterThanOrEqual(0.99);
    expect(score.falseAlarms.map(describeRow)).toEqual([]);
  });

  it('never fires a generic (hint-strength) detector on a tricky human', () => {
    const fired = corpus
      .filter((row) => row.label === 'human')
      .flatMap((row) => {
        const commit = { ...row, parents: [], coAuthors: [], signature: null };
        const attribution = classifyCommit(
          {
            ...commit,
            author: { ...row.author, account: null },
            committer: { ...row.committer, account: null },
          },
          catalogue,
        );
        return attribution.markers.map(
          (m) => `${row.repo}@${row.sha.slice(0, 10)}: ${m.agent.id} ${m.evidence.detail}`,
        );
      });
    expect(fired).toEqual([]);
  });
});
