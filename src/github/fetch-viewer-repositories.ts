import { type GithubSite, getJson } from './fetch-viewer-access.js';
import { nextLinkOf } from './next-link.js';
import type { Octokit } from './octokit-types.js';

/** The installation of our app on an organisation (app-level Octokit); null when not installed. */
export async function findOrgInstallationId(appOctokit: Octokit, org: string): Promise<number | null> {
  try {
    const { data } = await appOctokit.rest.apps.getOrgInstallation({ org });
    return data.id;
  } catch (error) {
    if ((error as { status?: number }).status === 404) return null;
    throw error;
  }
}

/** Pages of `GET /user/installations/{id}/repositories` read before giving up (100 repositories each). */
const MAX_PAGES = 1_000;

/**
 * The installation's repositories the user can access (`owner/name`), with the user's token:
 * GitHub's "List repositories accessible to the user access token", every page (its `Link`
 * header's `next`). None when GitHub does not show the user the installation (404); any other
 * answer but 200 throws, so a caller never mistakes a failed read for a short list.
 */
export async function fetchViewerInstallationRepositories(
  site: GithubSite,
  token: string,
  installationId: number,
): Promise<string[]> {
  const names: string[] = [];
  let next: string | null = `/user/installations/${installationId}/repositories?per_page=100`;
  for (let page = 0; next !== null; page += 1) {
    if (page === MAX_PAGES) throw new Error('GitHub listed more repositories than Custody reads');
    const { status, body, headers } = await getJson(site, token, next);
    if (status === 404 && page === 0) return [];
    if (status !== 200) throw new Error(`GitHub answered ${status} to the accessible-repositories read`);
    const repositories = (body as { repositories?: unknown } | null)?.repositories;
    if (!Array.isArray(repositories))
      throw new Error('GitHub answered the accessible-repositories read without repositories');
    for (const repository of repositories) {
      const name = (repository as { full_name?: unknown } | null)?.full_name;
      if (typeof name !== 'string') throw new Error('GitHub listed a repository without its name');
      names.push(name);
    }
    next = nextLinkOf(headers.get('link'));
  }
  return names;
}
