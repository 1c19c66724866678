import type { Verdict } from '../verdict.js';

/** The verdict as JSON for scripts (`custody explain --json`): the verdict is plain data, so this is all it takes. */
export function renderJson(verdict: Verdict): string {
  return JSON.stringify(verdict, null, 2) + '\n';
}
