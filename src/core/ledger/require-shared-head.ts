import { isPassing, type Requirement, type Verdict } from '../verdict.js';
import type { SharedHeadPullRequest } from './find-shared-head.js';

/**
 * One check run serves every PR on a commit, so a head shared by several open PRs passes only
 * when each of them passes on its own: a PR waiting for approval (or never evaluated) makes the
 * shared check wait, a blocked one blocks it. The summary names the others either way.
 */
export function requireSharedHead(verdict: Verdict, others: readonly SharedHeadPullRequest[]): Verdict {
  if (others.length === 0) return verdict;
  const failing = others.filter((other) => other.state === null || !isPassing(other.state));
  const names = (prs: readonly SharedHeadPullRequest[]) => prs.map((pr) => `#${pr.number}`).join(', ');
  const blocked = failing.some((other) => other.state === 'blocked' || other.state === 'error');
  const requirement: Requirement = {
    id: 'shared-head',
    title: `Every open pull request on this commit passes (also ${names(others)})`,
    status: failing.length === 0 ? 'met' : blocked ? 'violated' : 'missing',
    satisfiedBy: [],
    missing:
      failing.length === 0
        ? ''
        : `${names(failing)} on the same head commit ${failing.length === 1 ? 'does' : 'do'} not pass yet: ${failing
            .map((pr) => `#${pr.number} ${pr.state === null ? 'is not evaluated yet' : `is ${pr.state}`}`)
            .join('; ')}`,
  };
  const requirements = [...verdict.requirements, requirement];
  if (failing.length === 0 || !isPassing(verdict.state)) return { ...verdict, requirements };
  return {
    ...verdict,
    state: blocked ? 'blocked' : 'waiting',
    headline: `Waiting: ${names(failing)} on the same commit must pass too`,
    requirements,
  };
}
