export { collectKnownInvolvement } from './collect-known-involvement.js';
export { errorVerdict, type KnownInvolvement, type VerdictTarget } from './error-verdict.js';
export { evaluate } from './evaluate.js';
