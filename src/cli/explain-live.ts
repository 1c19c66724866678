import { writeFile } from 'node:fs/promises';
import { paginateGraphQL } from '@octokit/plugin-paginate-graphql';
import { ProbotOctokit } from 'probot';
import type { SharedHeadPullRequest } from '../core/ledger/index.js';
import type { Policy } from '../core/policy/schema.js';
import type { Snapshot } from '../core/snapshot.js';
import type { PullRequestRef } from '../github/fetch-pull-request.js';
import type { LoadPolicyResult } from '../github/load-policy.js';
import { readPullRequest } from '../github/read-pull-request.js';
import type { Ledger } from '../ledger/ledger.js';
import { readSharedHead, readSnapshotHistory } from '../ledger/read-snapshot-history.js';

export interface ExplainLiveOptions {
  readonly token: string;
  /** `GITHUB_API_URL`: `https://ghe.example.com/api/v3` for GitHub Enterprise Server, or a local server. */
  readonly apiUrl?: string;
  /** Where to write the snapshot for `custody explain --snapshot`. */
  readonly saveSnapshot?: string;
  /** The app's id, so only its check run is read for the pusher; without it any app's run named `checkName` is. */
  readonly appId?: number;
  readonly checkName?: string;
  /** A local policy to use instead of the base branch's; approvers' access is looked up for it. */
  readonly policy?: Policy;
  /** The custody ledger (`--database`): its history joins the snapshot as the app's does. */
  readonly ledger?: Ledger;
}

const TARGET = /^([A-Za-z0-9-]+)\/([A-Za-z0-9._-]+)#(\d+)$/;
const PULL_URL = /^https?:\/\/[^/]+\/([A-Za-z0-9-]+)\/([A-Za-z0-9._-]+)\/pull\/(\d+)\/?$/;

/** `owner/repo#123`, or a pull request's web address. */
export function parseTarget(target: string): PullRequestRef {
  const match = TARGET.exec(target.trim()) ?? PULL_URL.exec(target.trim());
  if (!match) throw new Error(`"${target}" is not a pull request: write owner/repo#123`);
  return { owner: match[1]!, repo: match[2]!, number: Number(match[3]) };
}

/**
 * `custody explain owner/repo#123`: the app's fetch, read-only, with a token. Requests go to
 * `apiUrl` (GraphQL at `/graphql`, or `/api/graphql` for a GHES `/api/v3` address, which
 * Octokit derives itself). With a ledger, the PR's history joins the snapshot and the other
 * open PRs on its head are read, as the app does. Nothing is written to GitHub or the ledger;
 * the snapshot (history included) is written to disk when asked.
 */
export async function explainLive(
  target: string,
  options: ExplainLiveOptions,
): Promise<{ snapshot: Snapshot; policy: LoadPolicyResult; sharedWith: SharedHeadPullRequest[] }> {
  const ref = parseTarget(target);
  const Octokit = ProbotOctokit.plugin(paginateGraphQL);
  const octokit = new Octokit({
    auth: { token: options.token },
    baseUrl: (options.apiUrl ?? 'https://api.github.com').replace(/\/+$/, ''),
  });
  const ledger = options.ledger;
  const { snapshot, policy } = await readPullRequest(octokit, {
    ref,
    checkName: options.checkName ?? 'custody',
    appId: options.appId ?? null,
    ...(options.policy === undefined ? {} : { policy: options.policy }),
    readers: ledger ? [(read, { policy: inForce }) => readSnapshotHistory(ledger, read, inForce)] : [],
  });
  if (options.saveSnapshot !== undefined) {
    await writeFile(options.saveSnapshot, `${JSON.stringify(snapshot, null, 2)}\n`, 'utf8');
  }
  return { snapshot, policy, sharedWith: ledger ? await readSharedHead(ledger, snapshot) : [] };
}
