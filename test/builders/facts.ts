import { type Fact, type FactInput, Fact as FactSchema } from '../../src/core/ledger/index.js';
import type { Account } from '../../src/core/snapshot.js';
import { fakeSha } from './snapshot.js';

/**
 * Custody facts as the ledger records them, with a clock that moves one minute per fact so
 * their order is their time order. `facts.push(bob.account, { after })` etc.; every fact goes
 * through the real zod schema.
 */
/** A fact without what the clock supplies (distributes over the union, so each kind keeps its fields). */
type FactBody = FactInput extends infer F
  ? F extends unknown
    ? Omit<F, 'repo' | 'occurredAt'>
    : never
  : never;

export class FactClock {
  private minute = 0;
  constructor(
    readonly repo: { owner: string; name: string; id: number | null } = {
      owner: 'acme',
      name: 'widgets',
      id: 1296269,
    },
  ) {}

  private base(pr: number | null) {
    this.minute += 1;
    return { repo: this.repo, pr, occurredAt: new Date(Date.UTC(2026, 10, 1, 9, this.minute)).toISOString() };
  }

  fact(input: FactBody): Fact {
    return FactSchema.parse({ ...this.base(input.pr ?? null), ...input });
  }

  push(
    pusher: Account,
    after: string,
    options: { ref?: string; forced?: boolean; commits?: string[]; before?: string } = {},
  ): Fact {
    return this.fact({
      kind: 'push',
      ref: `refs/heads/${options.ref ?? 'feature'}`,
      before: options.before ?? fakeSha(900, this.minute),
      after,
      forced: options.forced ?? false,
      pusher,
      commits: (options.commits ?? [after]).map((sha) => ({
        sha,
        author: { name: pusher.login, email: `${pusher.login}@laptop.local`, account: null },
      })),
    });
  }

  opened(pr: number, opener: Account, headSha: string, headRef = 'feature'): Fact {
    return this.fact({ kind: 'pr-opened', pr, opener, headRef, headSha, baseRef: 'main' });
  }

  synchronize(pr: number, sender: Account, after: string, headRef = 'feature'): Fact {
    return this.fact({ kind: 'synchronize', pr, headRef, before: fakeSha(901, this.minute), after, sender });
  }

  delegation(
    pr: number,
    delegator: Account,
    via: 'assignee' | 'requester' | 'co-author',
    agent = 'Devin',
  ): Fact {
    return this.fact({ kind: 'delegation', pr, delegator, via, agent });
  }

  verdict(pr: number, headSha: string, state: 'satisfied' | 'waiting' | 'overridden' = 'waiting'): Fact {
    return this.fact({
      kind: 'verdict',
      pr,
      headSha,
      state,
      snapshotDigest: `sha256:${fakeSha(pr, 1)}`,
      policyDigest: `sha256:${fakeSha(pr, 2)}`,
      checkRunId: 4000 + pr,
    });
  }
}
