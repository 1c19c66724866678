import { createHash } from 'node:crypto';
import type {
  Account,
  ApiRequest,
  App,
  CheckRun,
  CheckSuite,
  CommitSignature,
  CommitStatus,
  Credential,
  Delivery,
  GitCommit,
  GitIdentity,
  Installation,
  IssueComment,
  Label,
  MergeQueueEntry,
  PullRequest,
  Repository,
  Review,
  Team,
  Tree,
} from './types.js';

/** Base64 node ids in GitHub's newer `PREFIX_kwDO…` style: opaque, unique, stable. */
function nodeId(prefix: string, id: number): string {
  return `${prefix}_kwDO${Buffer.from(`sim:${prefix}:${id}`).toString('base64url')}`;
}

/**
 * The simulator's whole world, in memory. Time is simulated: it starts at a fixed instant and
 * moves one minute per user action (`tick`), so timelines are deterministic and ordered.
 */
export class Store {
  readonly accounts = new Map<number, Account>();
  readonly repos = new Map<number, Repository>();
  readonly commits = new Map<string, GitCommit>();
  readonly pulls: PullRequest[] = [];
  readonly reviews: Review[] = [];
  readonly comments: IssueComment[] = [];
  readonly checkSuites: CheckSuite[] = [];
  readonly checkRuns: CheckRun[] = [];
  readonly statuses: CommitStatus[] = [];
  readonly apps = new Map<number, App>();
  readonly installations = new Map<number, Installation>();
  readonly teams: Team[] = [];
  /** Organisation id → its owners' account ids (GitHub's `admin` role in the organisation). */
  readonly orgOwners = new Map<number, Set<number>>();
  readonly credentials = new Map<string, Credential>();
  readonly deliveries: Delivery[] = [];
  readonly requests: ApiRequest[] = [];
  readonly mergeQueue: MergeQueueEntry[] = [];

  #time = Date.parse('2026-05-04T09:00:00Z');
  #seq = 0;
  #ids = new Map<string, number>();
  readonly #commitOrder = new Map<string, number>();

  /** Advance the simulated clock by one minute (one user action) and return the new time. */
  tick(): string {
    this.#time += 60_000;
    return this.now();
  }

  now(): string {
    return new Date(this.#time).toISOString().replace('.000Z', 'Z');
  }

  /** Realistic-looking ids: each kind counts up from its own base. */
  nextId(kind: string, base: number): number {
    const next = (this.#ids.get(kind) ?? base) + 1;
    this.#ids.set(kind, next);
    return next;
  }

  nodeId(prefix: string, id: number): string {
    return nodeId(prefix, id);
  }

  // ── accounts ──────────────────────────────────────────────────────────────

  addAccount(input: Omit<Account, 'nodeId' | 'graphqlLogin' | 'emails'> & Partial<Account>): Account {
    const prefix = input.type === 'Bot' ? 'BOT' : input.type === 'Organization' ? 'O' : 'U';
    const account: Account = {
      graphqlLogin: input.login.replace(/\[bot\]$/, ''),
      emails: [],
      nodeId: nodeId(prefix, input.id),
      ...input,
    };
    this.accounts.set(account.id, account);
    return account;
  }

  account(id: number): Account {
    const found = this.accounts.get(id);
    if (!found) throw new Error(`simulator: no account with id ${id}`);
    return found;
  }

  /** By REST login or GraphQL login, case-insensitively (`Copilot`, `copilot-swe-agent`, `x[bot]`, `x`). */
  findAccount(login: string): Account | undefined {
    const wanted = login.toLowerCase();
    const bare = wanted.replace(/\[bot\]$/, '');
    for (const a of this.accounts.values()) {
      if (a.login.toLowerCase() === wanted || a.graphqlLogin.toLowerCase() === bare) return a;
    }
    return undefined;
  }

  accountByLogin(login: string): Account {
    const found = this.findAccount(login);
    if (!found) throw new Error(`simulator: no account @${login}`);
    return found;
  }

  /**
   * The account GitHub links to a commit email: noreply addresses resolve by id, others by
   * verified email only (an unverified one links nobody, so its commits show unlinked).
   */
  accountForEmail(email: string): Account | undefined {
    const lower = email.toLowerCase();
    const noreply = /^(\d+)\+[^@]+@users\.noreply\.github\.com$/.exec(lower);
    if (noreply) return this.accounts.get(Number(noreply[1]));
    const legacy = /^([^@+]+)@users\.noreply\.github\.com$/.exec(lower);
    if (legacy) return this.findAccount(legacy[1]!);
    for (const a of this.accounts.values()) {
      if (a.emails.some((e) => e.toLowerCase() === lower)) return a;
    }
    return undefined;
  }

  noreplyEmail(account: Account): string {
    return `${account.id}+${account.login}@users.noreply.github.com`;
  }

  // ── repositories and git ─────────────────────────────────────────────────

  repo(id: number): Repository {
    const found = this.repos.get(id);
    if (!found) throw new Error(`simulator: no repository with id ${id}`);
    return found;
  }

  findRepo(owner: string, name: string): Repository | undefined {
    for (const r of this.repos.values()) {
      const o = this.account(r.ownerId);
      if (o.login.toLowerCase() === owner.toLowerCase() && r.name.toLowerCase() === name.toLowerCase())
        return r;
    }
    return undefined;
  }

  fullName(repo: Repository): string {
    return `${this.account(repo.ownerId).login}/${repo.name}`;
  }

  commit(sha: string): GitCommit {
    const found = this.commits.get(sha);
    if (!found) throw new Error(`simulator: no commit ${sha}`);
    return found;
  }

  createCommit(input: {
    repoId: number;
    parents: readonly string[];
    author: GitIdentity;
    committer: GitIdentity;
    message: string;
    signature: CommitSignature | null;
    changes: Readonly<Record<string, string | null>>;
  }): GitCommit {
    const base: Tree = input.parents[0] ? this.commit(input.parents[0]).tree : {};
    const tree: Record<string, string> = { ...base };
    for (const [path, content] of Object.entries(input.changes)) {
      if (content === null) delete tree[path];
      else tree[path] = content;
    }
    this.#seq += 1;
    const sha = createHash('sha1')
      .update(JSON.stringify([this.#seq, input.parents, input.author, input.committer, input.message, tree]))
      .digest('hex');
    const commit: GitCommit = {
      sha,
      repoId: input.repoId,
      parents: [...input.parents],
      author: input.author,
      committer: input.committer,
      message: input.message,
      signature: input.signature,
      tree,
      pushedAt: this.now(),
    };
    this.commits.set(sha, commit);
    this.#commitOrder.set(sha, this.#seq);
    return commit;
  }

  /** Every commit reachable from `sha` (inclusive). */
  ancestors(sha: string): Set<string> {
    const seen = new Set<string>();
    const stack = [sha];
    while (stack.length > 0) {
      const next = stack.pop()!;
      if (seen.has(next)) continue;
      seen.add(next);
      stack.push(...this.commit(next).parents);
    }
    return seen;
  }

  /** Resolve a branch name, `refs/heads/x`, or a (full or abbreviated) sha in a repository. */
  resolveRef(repo: Repository, ref: string): string | undefined {
    const branch = ref.replace(/^refs\/heads\//, '');
    const head = repo.branches.get(branch);
    if (head) return head;
    if (/^[0-9a-f]{7,40}$/i.test(ref)) {
      for (const sha of this.commits.keys()) if (sha.startsWith(ref.toLowerCase())) return sha;
    }
    return undefined;
  }

  /** A commit belongs to a repository when pushed there or reachable from one of its PRs (forks). */
  repoHasCommit(repo: Repository, sha: string): boolean {
    if (this.commits.get(sha)?.repoId === repo.id) return true;
    return this.pulls.some((p) => p.repoId === repo.id && this.ancestors(this.headSha(p)).has(sha));
  }

  // ── pull requests ─────────────────────────────────────────────────────────

  pull(repoId: number, number: number): PullRequest | undefined {
    return this.pulls.find((p) => p.repoId === repoId && p.number === number);
  }

  headSha(pr: PullRequest): string {
    const sha = this.repo(pr.headRepoId).branches.get(pr.headRef) ?? pr.lastHeadSha;
    if (!sha) throw new Error(`simulator: PR #${pr.number} head branch ${pr.headRef} is gone`);
    return sha;
  }

  baseHeadSha(pr: PullRequest): string {
    const sha = this.repo(pr.repoId).branches.get(pr.baseRef);
    if (!sha) throw new Error(`simulator: PR #${pr.number} base branch ${pr.baseRef} is gone`);
    return sha;
  }

  /**
   * The PR's commits as GitHub lists them: reachable from head, not from base, ordered by
   * author date (which git lets anyone forge), then by push order. So the last one listed is
   * not always the head.
   */
  pullCommits(pr: PullRequest): GitCommit[] {
    const onBase = this.ancestors(this.baseHeadSha(pr));
    return [...this.ancestors(this.headSha(pr))]
      .filter((sha) => !onBase.has(sha))
      .map((sha) => this.commit(sha))
      .sort(
        (a, b) =>
          Date.parse(a.author.date) - Date.parse(b.author.date) ||
          (this.#commitOrder.get(a.sha) ?? 0) - (this.#commitOrder.get(b.sha) ?? 0),
      );
  }

  /** The newest common ancestor of the PR's head and its base branch. */
  mergeBase(pr: PullRequest): GitCommit | null {
    const onHead = this.ancestors(this.headSha(pr));
    let best: string | null = null;
    for (const sha of this.ancestors(this.baseHeadSha(pr))) {
      if (!onHead.has(sha)) continue;
      if (best === null || (this.#commitOrder.get(sha) ?? 0) > (this.#commitOrder.get(best) ?? 0)) best = sha;
    }
    return best ? this.commit(best) : null;
  }

  /** Changed files, three-dot diff (merge base → head), sorted by path. */
  pullFiles(pr: PullRequest): Array<{
    path: string;
    changeType: 'ADDED' | 'MODIFIED' | 'DELETED';
    additions: number;
    deletions: number;
  }> {
    const before = this.mergeBase(pr)?.tree ?? {};
    const after = this.commit(this.headSha(pr)).tree;
    const paths = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    const lines = (text: string | undefined) =>
      text === undefined || text === '' ? 0 : text.split('\n').length;
    const files = [];
    for (const path of paths) {
      const a = before[path];
      const b = after[path];
      if (a === b) continue;
      const changeType = a === undefined ? 'ADDED' : b === undefined ? 'DELETED' : 'MODIFIED';
      files.push({ path, changeType, additions: lines(b), deletions: lines(a) } as const);
    }
    return files;
  }

  pullReviews(pr: PullRequest): Review[] {
    return this.reviews.filter((r) => r.repoId === pr.repoId && r.pullNumber === pr.number);
  }

  issueComments(repoId: number, number: number): IssueComment[] {
    return this.comments.filter((c) => c.repoId === repoId && c.issueNumber === number);
  }

  pullLabels(pr: PullRequest): Label[] {
    const repo = this.repo(pr.repoId);
    return pr.labelNames.map((n) => repo.labels.get(n)).filter((l): l is Label => l !== undefined);
  }

  // ── checks ────────────────────────────────────────────────────────────────

  checkRunsFor(repoId: number, sha: string): CheckRun[] {
    return this.checkRuns.filter((r) => r.repoId === repoId && r.headSha === sha);
  }

  suitesFor(repoId: number, sha: string): CheckSuite[] {
    return this.checkSuites.filter((s) => s.repoId === repoId && s.headSha === sha);
  }

  // ── apps and installations ────────────────────────────────────────────────

  app(id: number): App {
    const found = this.apps.get(id);
    if (!found) throw new Error(`simulator: no app ${id}`);
    return found;
  }

  installationFor(appId: number, repoId: number): Installation | undefined {
    for (const i of this.installations.values()) {
      if (i.appId === appId && i.repoIds.includes(repoId)) return i;
    }
    return undefined;
  }

  permissionOf(
    repo: Repository,
    accountId: number,
  ): 'admin' | 'maintain' | 'write' | 'triage' | 'read' | 'none' {
    if (repo.ownerId === accountId) return 'admin';
    // An organisation's owners administer every one of its repositories.
    if (this.orgOwners.get(repo.ownerId)?.has(accountId)) return 'admin';
    const explicit = repo.collaborators.get(accountId);
    if (explicit) return explicit;
    return repo.isPrivate ? 'none' : 'read';
  }
}
