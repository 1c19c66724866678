import picomatch from 'picomatch';
import type { PathRule } from '../policy/schema.js';
import type { ChangedFile } from '../snapshot.js';

export interface PathRuleMatch {
  readonly rule: PathRule;
  /** Changed paths (or previous paths of renames) the rule's globs match, in file order. */
  readonly paths: readonly string[];
}

/** picomatch refuses longer patterns; such a glob matches everything (stricter, never looser). */
const MAX_GLOB_LENGTH = 65_536;

/**
 * The path rules a change falls under. A rename counts under both its old and new path,
 * so moving a file out of a protected folder still needs the protected folder's approvals.
 */
export function matchPathRules(files: readonly ChangedFile[], rules: readonly PathRule[]): PathRuleMatch[] {
  const matches: PathRuleMatch[] = [];
  for (const rule of rules) {
    const isMatch = compileGlobs(rule.globs);
    const paths: string[] = [];
    for (const file of files) {
      if (isMatch(file.path)) paths.push(file.path);
      else if (file.previousPath !== null && isMatch(file.previousPath)) paths.push(file.previousPath);
    }
    if (paths.length > 0) matches.push({ rule, paths });
  }
  return matches;
}

function compileGlobs(globs: readonly string[]): (path: string) => boolean {
  if (globs.some((glob) => glob.length >= MAX_GLOB_LENGTH)) return () => true;
  return picomatch([...globs], { dot: true });
}
