export { formatPolicyError, formatPolicyErrors } from './format-policy-errors.js';
export { type ExtendsTargetResult, mergePolicies, parseExtendsTarget } from './merge-policies.js';
export {
  formatKeyPath,
  MAX_POLICY_ERRORS,
  MAX_POLICY_LENGTH,
  type PolicyError,
  type PolicyParseResult,
  parsePolicy,
  parsePolicyValue,
} from './parse-policy.js';
export { renderPolicyReference } from './render-policy-reference.js';
export {
  AgentDefinition,
  ApproverPermission,
  AutomationDefinition,
  DEFAULT_POLICY,
  PathRule,
  POLICY_PATH,
  Policy,
  type PolicyInput,
  renderPolicyJsonSchema,
} from './schema.js';
