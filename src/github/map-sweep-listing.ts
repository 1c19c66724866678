import { z } from 'zod';

/**
 * The sweep's listings as GitHub sends them (REST installations and repositories, the GraphQL
 * page of open PRs with our check on each head), checked at the border, and what our check on
 * a PR's head says.
 */

/**
 * What our check on the PR's head says, in the order the sweep re-evaluates them:
 * `passing` (success/neutral/skipped: a required check is satisfied — the fail-open risk), `missing` (no
 * run of ours on the current head: a missed `opened`/`synchronize`, the check sits at "Expected"), `stale`
 * (our latest data is for an older commit than the head), `incomplete` (queued/in progress: a crash
 * mid-evaluation), `blocking` (failure/action_required: closed already; a missed approval only delays).
 */
export type CheckState = 'passing' | 'missing' | 'stale' | 'incomplete' | 'blocking';
export const Installation = z.object({ id: z.number(), suspended_at: z.string().nullish() });
export type Installation = z.infer<typeof Installation>;
export const Repository = z.object({
  id: z.number(),
  node_id: z.string(),
  name: z.string(),
  owner: z.object({ login: z.string() }),
  archived: z.boolean().optional(),
  disabled: z.boolean().optional(),
  open_issues_count: z.number().optional(),
});
export type Repository = z.infer<typeof Repository>;
export const RepositoryPage = z.object({ total_count: z.number(), repositories: z.array(Repository) });
export type RepositoryPage = z.infer<typeof RepositoryPage>;

const CheckRun = z.object({ status: z.string(), conclusion: z.string().nullable() });
export const PullRequestNode = z.object({
  number: z.number(),
  headRefOid: z.string(),
  commits: z.object({
    nodes: z.array(
      z
        .object({
          commit: z.object({
            oid: z.string(),
            checkSuites: z.object({
              nodes: z.array(
                z.object({ checkRuns: z.object({ nodes: z.array(CheckRun.nullable()) }) }).nullable(),
              ),
            }),
          }),
        })
        .nullable(),
    ),
  }),
});
export type PullRequestNode = z.infer<typeof PullRequestNode>;
export const SweepResponse = z.object({
  rateLimit: z.object({ cost: z.number(), remaining: z.number() }).nullish(),
  nodes: z.array(
    z
      .object({
        id: z.string(),
        pullRequests: z.object({
          pageInfo: z.object({ hasNextPage: z.boolean(), endCursor: z.string().nullable() }),
          nodes: z.array(PullRequestNode.nullable()),
        }),
      })
      .nullable(),
  ),
});
export type SweepResponse = z.infer<typeof SweepResponse>;

/** Reads our check on the PR's head from the listing. */
export function classifyCheck(pr: PullRequestNode): CheckState {
  const head = pr.commits.nodes[0]?.commit;
  if (!head) return 'missing';
  if (head.oid !== pr.headRefOid) return 'stale';
  const run = head.checkSuites.nodes[0]?.checkRuns.nodes[0];
  if (!run) return 'missing';
  if (run.status !== 'COMPLETED') return 'incomplete';
  // neutral and skipped satisfy a required check too (reliability.md §3.2); we never publish them, but
  // one found on a head is exactly as dangerous as a success.
  return run.conclusion === 'SUCCESS' || run.conclusion === 'NEUTRAL' || run.conclusion === 'SKIPPED'
    ? 'passing'
    : 'blocking';
}
