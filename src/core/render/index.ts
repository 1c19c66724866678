export { clip, escapeMarkdown, formatSha, sanitizeLine } from './escape-markdown.js';
export { type LabelPlan, planLabels } from './plan-labels.js';
export {
  CHECK_RUN_FIELD_LIMIT,
  CHECK_RUN_TITLE_LIMIT,
  type CheckRunConclusion,
  type CheckRunOutput,
  clampField,
  conclusionFor,
  fitCheckRunOutput,
  renderCheckRun,
  TRUNCATION_NOTE,
} from './render-check-run.js';
export { COMMENT_MARKER, renderComment } from './render-comment.js';
export { renderJson } from './render-json.js';
export { describeLabel, renderLabelChanges } from './render-labels.js';
export { renderMergeGroupCheck } from './render-merge-group-check.js';
export { renderOutputs } from './render-outputs.js';
export { renderText } from './render-text.js';
