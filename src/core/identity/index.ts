/** The identity layer: who is an agent, with graded evidence. Pure; the catalogue is data. */
export { type AccountRecord, buildCatalogue, type Catalogue, UNNAMED_AI } from './build-catalogue.js';
export {
  AI_DISCLOSURE_TRAILERS,
  BUILT_IN_AGENTS,
  BUILT_IN_AUTOMATION,
  CO_AUTHOR_TRAILERS,
  WEB_FLOW,
} from './catalogue.js';
export { classifyAccount } from './classify-account.js';
export {
  type ActorAttribution,
  type CommitAttribution,
  classifyCommit,
  type MarkerAttribution,
} from './classify-commit.js';
export { classifyGitActor } from './classify-git-actor.js';
export { classifyPullRequestHints, type PullRequestHints } from './classify-pull-request.js';
export { normaliseLogin } from './normalise.js';
export { parseTrailers, type Trailer } from './parse-trailers.js';
export * from './types.js';
