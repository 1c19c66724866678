import { factsOf } from '../../../src/app/handlers/record-facts.js';
import {
  deriveHistory,
  type Fact,
  Fact as FactSchema,
  readBodyRequesters,
} from '../../../src/core/ledger/index.js';
import type { SnapshotReader } from '../../../src/github/read-pull-request.js';

/**
 * The history the oracle judges with: the facts of every delivery that reached the app, each
 * from the step (version) in which it first arrived, whatever the app answered and whatever its
 * ledger did with it. A pusher or delegator the app was told about is a participant from then
 * on, so a false pass caused by a ledger fault (an append that failed, a read that failed, a
 * slow write overtaken by an evaluation) is judged as one.
 *
 * Deliveries GitHub never sent, or that failed before reaching the app, join when they first
 * arrive (a late delivery, a redelivery): the app cannot know what it was never told, and
 * reliability.md names that window. Only webhook facts are kept: what the app derives while
 * evaluating (agents seen, co-author delegators) comes from commits GitHub still shows in every
 * scenario of the mix, so the snapshot carries it anyway.
 */
export class TruthHistory {
  readonly #facts: { readonly version: number; readonly arrival: number; readonly fact: Fact }[] = [];
  readonly #arrived = new Set<string>();

  /** How many distinct deliveries have reached the app so far: a moment within a version. */
  get arrivals(): number {
    return this.#arrived.size;
  }

  /** A delivery reached the app (first arrival counts; a repeat adds nothing, as in the ledger). */
  arrive(version: number, headers: Record<string, string>, body: string): void {
    const id = headers['x-github-delivery'];
    const event = headers['x-github-event'];
    if (!id || !event || this.#arrived.has(id)) return;
    this.#arrived.add(id);
    const arrival = this.#arrived.size;
    for (const input of factsOf(event, JSON.parse(body), new Date().toISOString()))
      this.#facts.push({ version, arrival, fact: FactSchema.parse({ ...input, deliveryId: id }) });
  }

  /**
   * The snapshot reader for the truth at `version` (facts that had arrived by then), or, with
   * `arrivals`, at the moment only the first `arrivals` deliveries had reached the app.
   */
  readerAt(version: number, arrivals = Number.POSITIVE_INFINITY): SnapshotReader {
    return async (snapshot, { policy }) => {
      const { owner, name } = snapshot.repo;
      const repo = `${owner}/${name}`.toLowerCase();
      const pr = snapshot.pullRequest;
      const facts = this.#facts
        .filter(
          (f) =>
            f.version <= version &&
            f.arrival <= arrivals &&
            `${f.fact.repo.owner}/${f.fact.repo.name}`.toLowerCase() === repo,
        )
        .map((f) => f.fact);
      const history = deriveHistory(
        facts,
        { number: pr.number, headRef: pr.headRef, commitShas: snapshot.commits.map((c) => c.sha) },
        readBodyRequesters(pr, policy),
      );
      return { ...snapshot, history };
    };
  }
}
