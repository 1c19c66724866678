import {
  type Account,
  type ChangedFile,
  type GitActor,
  type Permission,
  type ReviewState,
  SNAPSHOT_SCHEMA_VERSION,
  Snapshot,
  type SnapshotInput,
} from '../../src/core/snapshot.js';
import { coAuthorTrailer } from './identities.js';

/**
 * Typed builders for snapshots: `aSnapshot().openedBy(copilotAgent).withCommit((c) => …).build()`.
 * `build()` runs the real zod schema, so every snapshot a test uses is one the app could load.
 */

/** A deterministic, realistic-looking 40-hex SHA. */
export function fakeSha(n: number, salt = 0): string {
  const mix = (Math.imul(n + 1, 2654435761) ^ Math.imul(salt + 7, 40503)) >>> 0;
  return `${mix.toString(16).padStart(8, '0')}${(n + 1).toString(16).padStart(16, '0')}${salt.toString(16).padStart(16, 'c')}`;
}

export class CommitBuilder {
  private author: GitActor;
  private committer: GitActor | null = null;
  private readonly coAuthors: GitActor[] = [];
  private headline = 'Update code';
  private readonly bodyLines: string[] = [];
  private signature: Snapshot['commits'][number]['signature'] = null;
  private shaValue: string | null = null;

  constructor(author: GitActor) {
    this.author = author;
  }

  by(author: GitActor): this {
    this.author = author;
    return this;
  }

  committedBy(committer: GitActor): this {
    this.committer = committer;
    return this;
  }

  /** A `Co-authored-by` trailer in the message, and the co-author as GraphQL resolves it. */
  coAuthoredBy(actor: GitActor): this {
    this.coAuthors.push(actor);
    this.bodyLines.push(coAuthorTrailer(actor));
    return this;
  }

  /** A line in the message only (a trailer, a footer); GitHub resolves nothing from it. */
  line(text: string): this {
    this.bodyLines.push(text);
    return this;
  }

  message(headline: string): this {
    this.headline = headline;
    return this;
  }

  signed(isValid = true, state = isValid ? 'VALID' : 'BAD_EMAIL'): this {
    this.signature = { isValid, state, signer: this.author.account, wasSignedByGitHub: false };
    return this;
  }

  signedByGitHub(): this {
    this.signature = { isValid: true, state: 'VALID', signer: null, wasSignedByGitHub: true };
    return this;
  }

  sha(sha: string): this {
    this.shaValue = sha;
    return this;
  }

  build(defaultSha: string, parent: string | null): SnapshotInput['commits'][number] {
    const body = this.bodyLines.length === 0 ? '' : `\n\n${this.bodyLines.join('\n')}`;
    return {
      sha: this.shaValue ?? defaultSha,
      parents: parent === null ? [] : [parent],
      author: this.author,
      committer: this.committer ?? this.author,
      coAuthors: [...this.coAuthors],
      message: `${this.headline}${body}`,
      signature: this.signature,
    };
  }
}

/** Which commit a review was given on: an index into the commits, the head, or none. */
export type ReviewedCommit = number | 'head' | null | { sha: string };

interface PendingReview {
  author: Account | null;
  state: ReviewState;
  on: ReviewedCommit;
}

interface AccessEntry {
  permission: Permission;
  teams: string[];
}

export class SnapshotBuilder {
  private repo = { owner: 'acme', name: 'widgets' };
  private number = 42;
  private title = 'Fix the flaky retry logic';
  private bodyText = '';
  private headRefName = 'fix/retry';
  private opener: Account | null = null;
  private readonly assignees: Account[] = [];
  private readonly commits: CommitBuilder[] = [];
  private readonly reviews: PendingReview[] = [];
  private files: ChangedFile[] = [{ path: 'src/retry.ts', previousPath: null }];
  private pusher: Snapshot['pusher'] = null;
  private readonly access = new Map<string, AccessEntry>();
  private accessData = true;
  private salt = 0;

  openedBy(account: Account | null): this {
    this.opener = account;
    return this;
  }

  assignedTo(...accounts: Account[]): this {
    this.assignees.push(...accounts);
    return this;
  }

  body(text: string): this {
    this.bodyText = text;
    return this;
  }

  headRef(name: string): this {
    this.headRefName = name;
    return this;
  }

  /** Salts generated SHAs so two snapshots built alike still differ in SHAs. */
  shaSalt(salt: number): this {
    this.salt = salt;
    return this;
  }

  withCommit(author: GitActor, configure: (commit: CommitBuilder) => CommitBuilder = (c) => c): this {
    this.commits.push(configure(new CommitBuilder(author)));
    return this;
  }

  pushedBy(account: Account, source: 'event' | 'check-run' = 'event'): this {
    this.pusher = { account, source };
    return this;
  }

  reviewedBy(author: Account | null, state: ReviewState, on: ReviewedCommit = 'head'): this {
    this.reviews.push({ author, state, on });
    return this;
  }

  approvedBy(author: Account | null, on: ReviewedCommit = 'head'): this {
    return this.reviewedBy(author, 'APPROVED', on);
  }

  withFiles(...paths: string[]): this {
    this.files = paths.map((path) => ({ path, previousPath: null }));
    return this;
  }

  withRename(previousPath: string, path: string): this {
    this.files.push({ path, previousPath });
    return this;
  }

  /** Overrides the default `write` access every approving user gets. */
  withAccess(account: Account, permission: Permission, teams: string[] = []): this {
    this.access.set(account.login.toLowerCase(), { permission, teams });
    return this;
  }

  /** No `reviewerAccess` at all, as when the lookup failed. */
  withoutAccessData(): this {
    this.accessData = false;
    return this;
  }

  /** Through JSON, as the app and the CLI receive snapshots (flat strings, no shared objects). */
  build(): Snapshot {
    return Snapshot.parse(JSON.parse(JSON.stringify(this.input())));
  }

  input(): SnapshotInput {
    const commits: SnapshotInput['commits'] = [];
    this.commits.forEach((commit, index) => {
      const parent = commits[index - 1]?.sha ?? null;
      commits.push(commit.build(fakeSha(index, this.salt), parent));
    });
    const headSha = commits[commits.length - 1]?.sha ?? fakeSha(0, this.salt);
    const shaOf = (on: ReviewedCommit): string | null => {
      if (on === null) return null;
      if (on === 'head') return headSha;
      if (typeof on === 'number') return commits[on]?.sha ?? null;
      return on.sha;
    };
    const reviews = this.reviews.map((review, index) => ({
      id: `PRR_${index + 1}`,
      author: review.author,
      state: review.state,
      commitSha: shaOf(review.on),
      submittedAt: new Date(Date.UTC(2026, 10, 1, 12, index)).toISOString(),
      authorAssociation: review.author?.type === 'User' ? 'MEMBER' : 'NONE',
    }));
    return {
      schemaVersion: SNAPSHOT_SCHEMA_VERSION,
      repo: this.repo,
      pullRequest: {
        number: this.number,
        title: this.title,
        body: this.bodyText,
        state: 'OPEN',
        isDraft: false,
        baseRef: 'main',
        baseSha: fakeSha(9999, this.salt),
        headRef: this.headRefName,
        headSha,
        isFork: false,
        opener: this.opener,
        assignees: this.assignees,
        labels: [],
      },
      commits,
      reviews,
      files: this.files,
      pusher: this.pusher,
      reviewerAccess: this.accessData ? this.reviewerAccess() : [],
    };
  }

  /** Access for every user who approved, as the shell looks it up (write unless overridden). */
  private reviewerAccess(): SnapshotInput['reviewerAccess'] {
    const seen = new Set<string>();
    const entries: NonNullable<SnapshotInput['reviewerAccess']> = [];
    for (const review of this.reviews) {
      const author = review.author;
      if (author === null || author.type !== 'User' || review.state !== 'APPROVED') continue;
      const key = author.login.toLowerCase();
      if (seen.has(key)) continue;
      seen.add(key);
      const access = this.access.get(key) ?? { permission: 'write', teams: [] };
      entries.push({
        login: author.login,
        id: author.id,
        permission: access.permission,
        teams: access.teams,
      });
    }
    return entries;
  }
}

export function aSnapshot(): SnapshotBuilder {
  return new SnapshotBuilder();
}
