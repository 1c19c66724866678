import type { GithubSite } from '../../github/fetch-viewer-access.js';
import type { Octokit } from '../../github/octokit-types.js';
import type { Ledger } from '../../ledger/index.js';
import type { Custody } from '../handlers/register-handlers.js';
import type { Log } from '../log.js';
import type { CustodyConfig } from '../server/config.js';
import type { Sealer } from './session.js';

/** What the web pages need from the running app. */
export interface WebDeps {
  /** Where people reach this server, without a trailing slash. */
  readonly publicUrl: string;
  readonly site: GithubSite;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly sealer: Sealer;
  readonly ledger: Ledger;
  /** An app-level (JWT) Octokit, to find the installation on a repository. */
  readonly appOctokit: () => Promise<Octokit>;
  readonly installationOctokit: (installationId: number) => Promise<Octokit>;
  readonly custody: Pick<Custody, 'evaluateLater' | 'overrideDeps'>;
  readonly config: CustodyConfig;
  readonly now: () => number;
  readonly log: Pick<Log, 'info' | 'warn' | 'error'>;
}

/** The custody page of a pull request: the check run's details link. */
export function pullRequestPath(owner: string, repo: string, number: number): string {
  return `/custody/${encodeURIComponent(owner)}/${encodeURIComponent(repo)}/pull/${number}`;
}

export function reportPath(org: string): string {
  return `/custody/orgs/${encodeURIComponent(org)}/report`;
}
