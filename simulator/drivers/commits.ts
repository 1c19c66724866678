import type { Store } from '../state/store.js';
import type {
  Account,
  CommitSignature,
  GitCommit,
  GitIdentity,
  Repository,
  SignatureState,
} from '../state/types.js';

/** A git identity: a seeded login (its name and noreply email) or an explicit name and email. */
export type IdentitySpec = string | { readonly name: string; readonly email: string };

export interface CommitSpec {
  readonly message: string;
  /** Defaults to the pusher. */
  readonly author?: IdentitySpec;
  /** Defaults to the author. `web-flow` is GitHub's committer for web edits. */
  readonly committer?: IdentitySpec;
  /** Appended as `Co-authored-by:` trailers (GitHub reads them into `Commit.authors`). */
  readonly coAuthors?: readonly IdentitySpec[];
  /** Extra trailer lines, verbatim (`Assisted-by: Claude:claude-opus-4`). */
  readonly trailers?: readonly string[];
  /** `github`: signed by GitHub's key (web edits, Copilot); or a signer's login; null/absent: unsigned. */
  readonly signature?:
    | 'github'
    | { readonly signer: string; readonly state?: SignatureState; readonly kind?: 'gpg' | 'ssh' }
    | null;
  /** path → new content, or null to delete. */
  readonly files?: Readonly<Record<string, string | null>>;
  /** The author date (ISO 8601), default now: git lets anyone write any date. */
  readonly authorDate?: string;
}

/** GitHub's own identity on the commits it makes (web edits, merges, merge-queue groups). */
export const GITHUB_SIGNED: CommitSignature = {
  kind: 'gpg',
  state: 'VALID',
  signerId: null,
  wasSignedByGitHub: true,
};

/** A login's git identity as its tools write it: bots as `login[bot]`, everyone with their noreply email. */
export function gitIdentity(store: Store, spec: IdentitySpec, date: string): GitIdentity {
  if (typeof spec !== 'string') return { ...spec, date };
  const account = store.accountByLogin(spec);
  if (account.login === 'web-flow') return { name: 'GitHub', email: 'noreply@github.com', date };
  const name = account.type === 'Bot' ? `${account.graphqlLogin}[bot]` : (account.name ?? account.login);
  return { name, email: store.noreplyEmail(account), date };
}

function commitSignature(store: Store, spec: CommitSpec['signature']): CommitSignature | null {
  if (!spec) return null;
  if (spec === 'github') return GITHUB_SIGNED;
  const signer = store.accountByLogin(spec.signer);
  return {
    kind: spec.kind ?? 'ssh',
    state: spec.state ?? 'VALID',
    signerId: signer.id,
    wasSignedByGitHub: false,
  };
}

function commitMessage(store: Store, spec: CommitSpec, date: string): string {
  const trailers = [
    ...(spec.trailers ?? []),
    ...(spec.coAuthors ?? []).map((c) => {
      const id = gitIdentity(store, c, date);
      return `Co-authored-by: ${id.name} <${id.email}>`;
    }),
  ];
  return trailers.length === 0 ? spec.message : `${spec.message.trimEnd()}\n\n${trailers.join('\n')}`;
}

/** Create the commits of one push, each on the previous one, dated now. */
export function createCommits(
  store: Store,
  repo: Repository,
  parent: string,
  pusher: Account,
  specs: readonly CommitSpec[],
): GitCommit[] {
  const commits: GitCommit[] = [];
  let head = parent;
  for (const spec of specs) {
    const date = store.now();
    const author = gitIdentity(store, spec.author ?? pusher.login, spec.authorDate ?? date);
    const commit = store.createCommit({
      repoId: repo.id,
      parents: [head],
      author,
      committer: gitIdentity(store, spec.committer ?? spec.author ?? pusher.login, date),
      message: commitMessage(store, spec, date),
      signature: commitSignature(store, spec.signature),
      changes: spec.files ?? { [`notes/${commits.length}-${Date.now()}.md`]: `${spec.message}\n` },
    });
    commits.push(commit);
    head = commit.sha;
  }
  return commits;
}
