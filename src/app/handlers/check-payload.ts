import { z } from 'zod';

/**
 * The fields each handler reads, checked before it reads them. GitHub always sends them, but a
 * signed payload that lacks one (a sender with the secret and a bug, a proxy that rewrote the
 * body) must answer a clear 400, not a TypeError echoed back as a 500. Extra fields pass (plain
 * objects ignore them; loose ones would copy every field of a large payload only to drop the copy).
 */

const Installation = z.object({ id: z.number() }).nullish();
const Repository = z
  .object({ name: z.string(), owner: z.object({ login: z.string() }).nullable() })
  .nullish();
const Base = { installation: Installation, repository: Repository };

const PullRequest = z.object({
  number: z.number(),
  state: z.string(),
  head: z.object({ sha: z.string() }),
});
const RerequestedSubject = {
  head_sha: z.string(),
  app: z.object({ id: z.number().nullable() }).nullable(),
  pull_requests: z.array(
    z.object({ number: z.number(), base: z.object({ repo: z.object({ id: z.number() }) }) }),
  ),
};
const Paths = z.array(z.string()).optional();
const InstalledRepositories = z.array(z.object({ name: z.string(), full_name: z.string() }));

const SHAPES: Readonly<Record<string, z.ZodType>> = {
  pull_request: z.object({ ...Base, pull_request: PullRequest }),
  pull_request_review: z.object({
    ...Base,
    pull_request: PullRequest,
    review: z.object({
      node_id: z.string(),
      state: z.string(),
      user: z.object({ login: z.string() }).nullable(),
    }),
  }),
  check_run: z.object({
    ...Base,
    repository: z.object({ id: z.number() }),
    check_run: z.object({ ...RerequestedSubject, name: z.string() }),
  }),
  check_suite: z.object({
    ...Base,
    repository: z.object({ id: z.number() }),
    check_suite: z.object(RerequestedSubject),
  }),
  merge_group: z.object({
    ...Base,
    merge_group: z.object({ head_sha: z.string(), base_ref: z.string() }),
  }),
  push: z.object({
    ...Base,
    ref: z.string(),
    after: z.string(),
    created: z.boolean(),
    deleted: z.boolean(),
    forced: z.boolean(),
    commits: z.array(z.object({ added: Paths, modified: Paths, removed: Paths })),
  }),
  installation: z.object({
    installation: z.object({ id: z.number() }),
    repositories: InstalledRepositories.optional(),
  }),
  member: z.object({ ...Base, action: z.string() }),
  membership: z.object({
    ...Base,
    action: z.string(),
    organization: z.object({ login: z.string() }),
  }),
  team: z.object({ ...Base, action: z.string(), organization: z.object({ login: z.string() }) }),
  organization: z.object({
    ...Base,
    action: z.string(),
    organization: z.object({ login: z.string() }),
  }),
  installation_repositories: z.object({
    installation: z.object({ id: z.number() }),
    repositories_added: InstalledRepositories,
  }),
};

/** A delivery whose payload lacks what its event always carries; answered with 400. */
export class MalformedPayloadError extends Error {
  override readonly name = 'MalformedPayloadError';
  readonly status = 400;
  constructor(
    readonly event: string,
    /** The missing or mistyped fields, for the log (never their values). */
    readonly fields: readonly string[],
  ) {
    super(`the ${event} payload lacks fields this event always carries`);
  }
}

/** Throws MalformedPayloadError when `payload` lacks a field the handler of `event` reads. */
export function checkPayload(event: string, payload: unknown): void {
  const shape = SHAPES[event];
  if (!shape) return;
  const parsed = shape.safeParse(payload);
  if (!parsed.success) {
    throw new MalformedPayloadError(
      event,
      parsed.error.issues.map((issue) => issue.path.join('.') || '(payload)'),
    );
  }
}
