export { errorVerdict, type VerdictTarget } from './error-verdict.js';
export { evaluate } from './evaluate.js';
