import type { Octokit } from '../../github/octokit-types.js';

export interface RequestCount {
  readonly reads: number;
  readonly writes: number;
  readonly total: number;
}

/**
 * Counts every request this Octokit sends, answered or failed, split into reads (GET and
 * GraphQL queries) and writes, for the decision log and the API-economy tests. The hooks are
 * per instance, so each evaluation gets its own Octokit and its own count. The hooks sit outside
 * Octokit's retry plugin, so a request retried after a 5xx counts once.
 */
export function countRequests(octokit: Octokit): () => RequestCount {
  let reads = 0;
  let writes = 0;
  const tally = (options: { method: string; url: string; query?: unknown }) => {
    // GraphQL's URL is `/graphql` on github.com but absolute (`…/api/graphql`) on GitHub
    // Enterprise Server, where Probot sets a full base URL.
    const isGraphql = /\/graphql$/.test(options.url);
    const isRead =
      options.method === 'GET' || (isGraphql && !/^\s*mutation\b/.test(String(options.query ?? '')));
    if (isRead) reads += 1;
    else writes += 1;
  };
  octokit.hook.after('request', (_response, options) => tally(options as never));
  octokit.hook.error('request', (error, options) => {
    tally(options as never);
    throw error;
  });
  return () => ({ reads, writes, total: reads + writes });
}
