import { MAX_OVERRIDE_REASON_CHARS } from '../evaluate/decide-override.js';
import type { Account } from '../snapshot.js';
import type { Verdict } from '../verdict.js';
import { escapeMarkdown, formatSha } from './escape-markdown.js';

/** The label an overridden PR carries for good: the override stays part of its record. */
export const OVERRIDE_LABEL = {
  name: 'custody:override',
  color: 'd93f0b',
  description: 'Custody’s check was overridden for a head commit (break-glass, recorded)',
} as const;

/** The hidden first line of the one comment an override of `headSha` gets (how a retry finds it). */
export function overrideMarker(headSha: string): string {
  return `<!-- custody:override:v1 ${headSha.replace(/[^0-9a-f]/gi, '')} -->`;
}

/** What custody still required when the check was overridden, one line each. */
export function listMissing(verdict: Verdict): string[] {
  return verdict.requirements
    .filter((requirement) => requirement.status !== 'met')
    .map((requirement) => requirement.missing || requirement.title);
}

/** The one comment an override gets: who, on which head, why, and what was missing. */
export function renderOverrideComment(override: {
  readonly by: Account;
  readonly reason: string;
  readonly headSha: string;
  readonly missing: readonly string[];
}): string {
  const missing = override.missing.length > 0 ? override.missing : ['nothing Custody could name'];
  return [
    overrideMarker(override.headSha),
    `**Custody was overridden** by @${escapeMarkdown(override.by.login, 100)} for ${formatSha(override.headSha)}: the check passes on this commit only, and a new push ends it.`,
    '',
    `> ${escapeMarkdown(override.reason, MAX_OVERRIDE_REASON_CHARS)}`,
    '',
    'Custody still required:',
    ...missing.map((line) => `- ${escapeMarkdown(line)}`),
    '',
    'The override, its reason and who gave it are recorded in the custody ledger.',
  ].join('\n');
}
