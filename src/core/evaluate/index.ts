export { collectKnownInvolvement } from './collect-known-involvement.js';
export { describeLag, type Expected, NOTHING_EXPECTED } from './describe-lag.js';
export {
  errorVerdict,
  type KnownInvolvement,
  policyErrorVerdict,
  type VerdictTarget,
} from './error-verdict.js';
export { type EvaluateOptions, evaluate } from './evaluate.js';
export { type EventPusher, mergeEventPusher } from './merge-event-pusher.js';
