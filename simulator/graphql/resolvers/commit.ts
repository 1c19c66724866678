import { coAuthorsOf } from '../../git/trailers.js';
import type { CheckRun, CheckSuite, CommitStatus, GitCommit, GitIdentity } from '../../state/types.js';
import { connection } from '../connection.js';
import { actorSource, type GqlContext, type ResolverMap, type Source } from '../context.js';

type CommitSource = { commit: GitCommit; repoId?: number };

/** GitActor.user is a `User`: GitHub links the email to an account, but a Bot is not a User. */
function linkedUser(ctx: GqlContext, identity: GitIdentity): Source | null {
  const account = ctx.site.store.accountForEmail(identity.email);
  return account && account.type === 'User' ? actorSource(account) : null;
}

/** Blob text GitHub shows in full; past this it is cut and `isTruncated` is set. */
const BLOB_TEXT_BYTES = 512 * 1024;

/** Git's own test: a NUL byte (in the first 8,000) makes a file binary. */
function isBinaryText(text: string): boolean {
  return text.slice(0, 8_000).includes('\u0000');
}

function cutBlobText(text: string): string {
  return Buffer.byteLength(text) <= BLOB_TEXT_BYTES
    ? text
    : Buffer.from(text)
        .subarray(0, BLOB_TEXT_BYTES)
        .toString('utf8')
        .replace(/\ufffd$/, '');
}

function headline(message: string): string {
  return message.split('\n')[0] ?? '';
}

function runStatus(run: CheckRun): string {
  return run.status.toUpperCase();
}

export const commitResolvers: ResolverMap = {
  Commit: {
    id: (s: CommitSource, _a, ctx) => ctx.site.store.nodeId('C', 0) + s.commit.sha,
    oid: (s: CommitSource) => s.commit.sha,
    abbreviatedOid: (s: CommitSource) => s.commit.sha.slice(0, 7),
    message: (s: CommitSource) => s.commit.message,
    messageHeadline: (s: CommitSource) => headline(s.commit.message),
    messageBody: (s: CommitSource) => s.commit.message.split('\n').slice(1).join('\n').trim(),
    authoredDate: (s: CommitSource) => s.commit.author.date,
    committedDate: (s: CommitSource) => s.commit.committer.date,
    pushedDate: (s: CommitSource) => s.commit.pushedAt,
    committedViaWeb: (s: CommitSource) => s.commit.committer.email === 'noreply@github.com',
    url: (s: CommitSource, _a, ctx) =>
      `${ctx.site.baseUrl}/${ctx.site.store.fullName(ctx.site.store.repo(s.commit.repoId))}/commit/${s.commit.sha}`,
    repository: (s: CommitSource, _a, ctx) =>
      ({ __typename: 'Repository', repo: ctx.site.store.repo(s.commit.repoId) }) satisfies Source,
    author: (s: CommitSource) => ({ __typename: 'GitActor', identity: s.commit.author }) satisfies Source,
    committer: (s: CommitSource) =>
      ({ __typename: 'GitActor', identity: s.commit.committer }) satisfies Source,
    authors: (s: CommitSource, args, _ctx, info) => {
      const identities: GitIdentity[] = [
        s.commit.author,
        ...coAuthorsOf(s.commit.message).map((c) => ({ ...c, date: s.commit.author.date })),
      ];
      return connection(
        identities.map((identity) => ({ __typename: 'GitActor', identity }) satisfies Source),
        args,
        info,
      );
    },
    parents: (s: CommitSource, args, ctx, info) =>
      connection(
        s.commit.parents.map(
          (sha) =>
            ({ __typename: 'Commit', commit: ctx.site.store.commit(sha), repoId: s.repoId }) satisfies Source,
        ),
        args,
        info,
      ),
    signature: (s: CommitSource) =>
      s.commit.signature
        ? ({
            __typename: s.commit.signature.kind === 'ssh' ? 'SshSignature' : 'GpgSignature',
            commit: s.commit,
          } satisfies Source)
        : null,
    file: (s: CommitSource, args: { path: string }) => {
      const text = s.commit.tree[args.path];
      return text === undefined
        ? null
        : ({ __typename: 'TreeEntry', commit: s.commit, path: args.path, text } satisfies Source);
    },
    status: (s: CommitSource, _a, ctx) => {
      const repoId = s.repoId ?? s.commit.repoId;
      const any = ctx.site.store.statuses.some((x) => x.repoId === repoId && x.sha === s.commit.sha);
      return any ? ({ __typename: 'Status', repoId, sha: s.commit.sha } satisfies Source) : null;
    },
    checkSuites: (s: CommitSource, args, ctx, info) => {
      const filter = (args.filterBy ?? {}) as { appId?: number; checkName?: string };
      const suites = ctx.site.store
        .suitesFor(s.repoId ?? s.commit.repoId, s.commit.sha)
        .filter((suite) => filter.appId == null || suite.appId === filter.appId)
        .filter(
          (suite) =>
            filter.checkName == null ||
            ctx.site.store.checkRuns.some((r) => r.suiteId === suite.id && r.name === filter.checkName),
        );
      return connection(
        suites.map((suite) => ({ __typename: 'CheckSuite', suite }) satisfies Source),
        args,
        info,
      );
    },
  },
  // GitHub shows the latest status of each context; the combined state is the worst of them.
  Status: {
    id: (s: StatusSource, _a, ctx) => ctx.site.store.nodeId('SC', 0) + s.sha,
    commit: (s: StatusSource, _a, ctx) =>
      ({ __typename: 'Commit', commit: ctx.site.store.commit(s.sha), repoId: s.repoId }) satisfies Source,
    contexts: (s: StatusSource, _a, ctx) => latestStatuses(ctx, s).map(statusContextSource),
    context: (s: StatusSource, args: { name: string }, ctx) => {
      const found = latestStatuses(ctx, s).find((x) => x.context === args.name);
      return found ? statusContextSource(found) : null;
    },
    state: (s: StatusSource, _a, ctx) => {
      const states = new Set(latestStatuses(ctx, s).map((x) => x.state));
      const worst = (['error', 'failure', 'pending'] as const).find((state) => states.has(state));
      return (worst ?? 'success').toUpperCase();
    },
  },
  StatusContext: {
    id: (s: { status: CommitStatus }, _a, ctx) => ctx.site.store.nodeId('SC', s.status.id),
    context: (s: { status: CommitStatus }) => s.status.context,
    state: (s: { status: CommitStatus }) => s.status.state.toUpperCase(),
    description: (s: { status: CommitStatus }) => s.status.description,
    targetUrl: () => null,
    createdAt: (s: { status: CommitStatus }) => s.status.createdAt,
    creator: (s: { status: CommitStatus }, _a, ctx) => {
      const account = ctx.site.store.accounts.get(s.status.creatorId);
      return account ? actorSource(account) : null;
    },
  },
  GitActor: {
    name: (s: { identity: GitIdentity }) => s.identity.name,
    email: (s: { identity: GitIdentity }) => s.identity.email,
    date: (s: { identity: GitIdentity }) => s.identity.date,
    avatarUrl: () => 'https://avatars.githubusercontent.com/u/0?v=4',
    user: (s: { identity: GitIdentity }, _a, ctx) => linkedUser(ctx, s.identity),
  },
  TreeEntry: {
    name: (s: { path: string }) => s.path.split('/').at(-1),
    path: (s: { path: string }) => s.path,
    type: () => 'blob',
    mode: () => 33188,
    extension: (s: { path: string }) => /\.[^./]+$/.exec(s.path)?.[0] ?? null,
    isGenerated: () => false,
    oid: (s: { commit: GitCommit; path: string }) =>
      `${s.commit.sha.slice(0, 20)}${Buffer.from(s.path).toString('hex').slice(0, 20).padEnd(20, '0')}`,
    size: (s: { text: string }) => Buffer.byteLength(s.text),
    object: (s: { commit: GitCommit; path: string; text: string }) =>
      ({ __typename: 'Blob', commit: s.commit, path: s.path, text: s.text }) satisfies Source,
  },
  Blob: {
    id: (s: { commit: GitCommit; path: string }, _a, ctx) =>
      ctx.site.store.nodeId('B', 0) + s.commit.sha + s.path,
    oid: (s: { commit: GitCommit; path: string }) =>
      `${s.commit.sha.slice(0, 20)}${Buffer.from(s.path).toString('hex').slice(0, 20).padEnd(20, '0')}`,
    abbreviatedOid: (s: { commit: GitCommit }) => s.commit.sha.slice(0, 7),
    // GitHub gives no text for a binary blob and cuts a large one's text, saying so.
    text: (s: { text: string }) => (isBinaryText(s.text) ? null : cutBlobText(s.text)),
    isBinary: (s: { text: string }) => isBinaryText(s.text),
    isTruncated: (s: { text: string }) => !isBinaryText(s.text) && cutBlobText(s.text) !== s.text,
    byteSize: (s: { text: string }) => Buffer.byteLength(s.text),
  },
  GpgSignature: signatureFields(),
  SshSignature: signatureFields(),
  CheckSuite: {
    id: (s: { suite: CheckSuite }) => s.suite.nodeId,
    databaseId: (s: { suite: CheckSuite }) => s.suite.id,
    app: (s: { suite: CheckSuite }, _a, ctx) =>
      ({ __typename: 'App', app: ctx.site.store.app(s.suite.appId) }) satisfies Source,
    commit: (s: { suite: CheckSuite }, _a, ctx) =>
      ({
        __typename: 'Commit',
        commit: ctx.site.store.commit(s.suite.headSha),
        repoId: s.suite.repoId,
      }) satisfies Source,
    repository: (s: { suite: CheckSuite }, _a, ctx) =>
      ({ __typename: 'Repository', repo: ctx.site.store.repo(s.suite.repoId) }) satisfies Source,
    status: (s: { suite: CheckSuite }, _a, ctx) => {
      const runs = ctx.site.store.checkRuns.filter((r) => r.suiteId === s.suite.id);
      if (runs.length === 0) return 'QUEUED';
      return runs.every((r) => r.status === 'completed') ? 'COMPLETED' : 'IN_PROGRESS';
    },
    conclusion: (s: { suite: CheckSuite }, _a, ctx) => {
      const runs = ctx.site.store.checkRuns.filter((r) => r.suiteId === s.suite.id);
      if (runs.length === 0 || runs.some((r) => r.status !== 'completed')) return null;
      return (runs.find((r) => r.conclusion !== 'success')?.conclusion ?? 'success').toUpperCase();
    },
    checkRuns: (s: { suite: CheckSuite }, args, ctx, info) => {
      const filter = (args.filterBy ?? {}) as {
        checkName?: string;
        appId?: number;
        status?: string;
        checkType?: string;
      };
      let runs = ctx.site.store.checkRuns
        .filter((r) => r.suiteId === s.suite.id)
        .filter((r) => filter.checkName == null || r.name === filter.checkName)
        .filter((r) => filter.appId == null || r.appId === filter.appId)
        .filter((r) => filter.status == null || runStatus(r) === filter.status)
        // GitHub lists the most recent run first.
        .reverse();
      if (filter.checkType === 'LATEST') {
        const seen = new Set<string>();
        runs = runs.filter((r) => !seen.has(r.name) && seen.add(r.name) !== undefined);
      }
      return connection(
        runs.map((run) => ({ __typename: 'CheckRun', run }) satisfies Source),
        args,
        info,
      );
    },
  },
  CheckRun: {
    id: (s: { run: CheckRun }) => s.run.nodeId,
    databaseId: (s: { run: CheckRun }) => s.run.id,
    name: (s: { run: CheckRun }) => s.run.name,
    status: (s: { run: CheckRun }) => runStatus(s.run),
    conclusion: (s: { run: CheckRun }) => s.run.conclusion?.toUpperCase() ?? null,
    title: (s: { run: CheckRun }) => s.run.title,
    summary: (s: { run: CheckRun }) => s.run.summary,
    text: (s: { run: CheckRun }) => s.run.text,
    externalId: (s: { run: CheckRun }) => s.run.externalId,
    detailsUrl: (s: { run: CheckRun }) => s.run.detailsUrl,
    startedAt: (s: { run: CheckRun }) => s.run.startedAt,
    completedAt: (s: { run: CheckRun }) => s.run.completedAt,
    checkSuite: (s: { run: CheckRun }, _a, ctx) =>
      ({
        __typename: 'CheckSuite',
        suite: ctx.site.store.checkSuites.find((x) => x.id === s.run.suiteId)!,
      }) satisfies Source,
    url: (s: { run: CheckRun }, _a, ctx) =>
      `${ctx.site.baseUrl}/${ctx.site.store.fullName(ctx.site.store.repo(s.run.repoId))}/runs/${s.run.id}`,
    permalink: (s: { run: CheckRun }, _a, ctx) =>
      `${ctx.site.baseUrl}/${ctx.site.store.fullName(ctx.site.store.repo(s.run.repoId))}/runs/${s.run.id}`,
  },
  App: {
    id: (s: Source & { __typename: 'App' }) => s.app.nodeId,
    databaseId: (s: Source & { __typename: 'App' }) => s.app.id,
    name: (s: Source & { __typename: 'App' }) => s.app.name,
    slug: (s: Source & { __typename: 'App' }) => s.app.slug,
    url: (s: Source & { __typename: 'App' }, _a, ctx) => `${ctx.site.baseUrl}/apps/${s.app.slug}`,
  },
};

function signatureFields(): ResolverMap[string] {
  const sig = (s: CommitSource) => s.commit.signature!;
  return {
    isValid: (s: CommitSource) => sig(s).state === 'VALID',
    state: (s: CommitSource) => sig(s).state,
    wasSignedByGitHub: (s: CommitSource) => sig(s).wasSignedByGitHub,
    email: (s: CommitSource) => s.commit.committer.email,
    payload: (s: CommitSource) =>
      `tree ${s.commit.sha}\nparent ${s.commit.parents[0] ?? ''}\n\n${s.commit.message}`,
    signature: () => '-----BEGIN PGP SIGNATURE-----\n\nsimulated\n-----END PGP SIGNATURE-----',
    keyId: (s: CommitSource) =>
      sig(s).wasSignedByGitHub ? 'B5690EEEBB952194' : `SIM${sig(s).signerId ?? 0}`,
    keyFingerprint: (s: CommitSource) => `SHA256:sim${sig(s).signerId ?? 0}`,
    signer: (s: CommitSource, _a: unknown, ctx: GqlContext) => {
      const id = sig(s).signerId;
      const account = id === null ? undefined : ctx.site.store.accounts.get(id);
      return account && account.type === 'User' ? actorSource(account) : null;
    },
  };
}

type StatusSource = { readonly repoId: number; readonly sha: string };

function latestStatuses(ctx: GqlContext, s: StatusSource): CommitStatus[] {
  const latest = new Map<string, CommitStatus>();
  for (const status of ctx.site.store.statuses)
    if (status.repoId === s.repoId && status.sha === s.sha) latest.set(status.context, status);
  return [...latest.values()];
}

const statusContextSource = (status: CommitStatus): Source => ({ __typename: 'StatusContext', status });
