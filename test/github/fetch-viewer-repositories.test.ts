import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { issuePersonalToken } from '../../simulator/http/auth.js';
import { type Simulator, startSimulator } from '../../simulator/server.js';
import type { Repository } from '../../simulator/state/types.js';
import { fetchViewerOrgRole, type GithubSite } from '../../src/github/fetch-viewer-access.js';
import { fetchViewerInstallationRepositories } from '../../src/github/fetch-viewer-repositories.js';

/**
 * What the organisation report asks GitHub about its reader, with the reader's own token,
 * against the simulator over HTTP (its answers checked against GitHub's REST description):
 * their role in the organisation, and the installation's repositories they can access, every page.
 */

let sim: Simulator;
let site: GithubSite;
let installationId: number;
const token = (login: string) => issuePersonalToken(sim.store, sim.store.accountByLogin(login));

beforeAll(async () => {
  sim = await startSimulator();
  site = { webUrl: sim.site.baseUrl, apiUrl: `${sim.site.baseUrl}/api/v3` };
  const installation = [...sim.store.installations.values()][0]!;
  installationId = installation.id;
  // 160 more repositories in the installation; bob cannot read every third, and still has two pages of 100.
  for (let i = 0; i < 160; i += 1) {
    const repo: Repository = sim.drivers.createRepository({ owner: 'acme', name: `service-${i}` });
    if (i % 3 === 0) repo.collaborators.delete(sim.store.accountByLogin('bob').id);
    installation.repoIds.push(repo.id);
  }
  // One the installation does not cover: nobody sees it through the installation.
  sim.drivers.createRepository({ owner: 'acme', name: 'outside-the-app' });
});

afterAll(async () => {
  sim.contract.assertClean();
  await sim.close();
});

describe('fetchViewerOrgRole', () => {
  it("names the organisation's owner, a member, and nobody for an outsider", async () => {
    expect(await fetchViewerOrgRole(site, token('erin'), 'acme')).toBe('owner');
    expect(await fetchViewerOrgRole(site, token('bob'), 'acme')).toBe('member');
    expect(await fetchViewerOrgRole(site, token('oscar'), 'acme')).toBeNull();
  });
});

describe('fetchViewerInstallationRepositories', () => {
  it('lists every page of what the user can access, and nothing they cannot', async () => {
    const before = sim.store.requests.length;
    const names = await fetchViewerInstallationRepositories(site, token('bob'), installationId);
    const pages = sim.store.requests
      .slice(before)
      .filter((request) => request.path.includes(`/user/installations/${installationId}/repositories`));
    expect(pages).toHaveLength(2);
    expect(names).toHaveLength(1 + 160 - 54);
    expect(names).toContain('acme/widgets');
    expect(names).toContain('acme/service-1');
    expect(names).not.toContain('acme/service-0');
    expect(names).not.toContain('acme/outside-the-app');
  });

  it("gives the organisation's owner every repository of the installation", async () => {
    const names = await fetchViewerInstallationRepositories(site, token('erin'), installationId);
    expect(names).toHaveLength(161);
  });

  it('gives nothing to a user GitHub does not show the installation', async () => {
    expect(await fetchViewerInstallationRepositories(site, token('oscar'), installationId)).toEqual([]);
    expect(await fetchViewerInstallationRepositories(site, token('bob'), 999_999)).toEqual([]);
  });

  it('throws on any other answer, and never follows a link outside the API with the token', async () => {
    const answers = [
      new Response('{}', { status: 500 }),
      new Response(JSON.stringify({ total_count: 2, repositories: [{ full_name: 'acme/a' }] }), {
        status: 200,
        headers: { link: '<https://elsewhere.example/steal?page=2>; rel="next"' },
      }),
    ];
    const fetched = vi.fn(async () => answers.shift()!);
    vi.stubGlobal('fetch', fetched);
    try {
      await expect(fetchViewerInstallationRepositories(site, 'secret', 1)).rejects.toThrow(/answered 500/);
      await expect(fetchViewerInstallationRepositories(site, 'secret', 1)).rejects.toThrow(/outside its API/);
      expect(fetched).toHaveBeenCalledTimes(2);
    } finally {
      vi.unstubAllGlobals();
    }
  });
});
