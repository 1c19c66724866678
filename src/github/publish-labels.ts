import type { LabelChanges } from '../core/output.js';
import { httpStatusOf } from './http-status.js';
import type { Octokit } from './octokit-types.js';

export interface LabelTarget {
  readonly owner: string;
  readonly repo: string;
  readonly number: number;
}

export interface LabelWrites {
  readonly added: readonly string[];
  readonly removed: readonly string[];
  readonly created: readonly string[];
}

/**
 * Provenance labels, writing only the difference (rendered by `renderLabelChanges`, which only
 * ever removes labels the app manages): labels to add are created first with their colour and
 * description (422 "already exists" is fine), then added in one request. `knownLabels`
 * remembers labels seen to exist so a busy repository does not pay a create per PR. Secondary
 * output: callers log and continue.
 */
export async function publishLabels(
  octokit: Octokit,
  target: LabelTarget,
  changes: LabelChanges,
  knownLabels?: Set<string>,
): Promise<LabelWrites> {
  const created: string[] = [];
  const { owner, repo, number } = target;
  for (const label of changes.add) {
    const key = `${owner}/${repo}:${label.name}`.toLowerCase();
    if (knownLabels?.has(key)) continue;
    try {
      await octokit.rest.issues.createLabel({ owner, repo, ...label });
      created.push(label.name);
    } catch (error) {
      if (httpStatusOf(error) !== 422) throw error;
    }
    knownLabels?.add(key);
  }
  const added = changes.add.map((label) => label.name);
  if (added.length > 0) {
    await octokit.rest.issues.addLabels({ owner, repo, issue_number: number, labels: added });
  }
  for (const name of changes.remove) {
    try {
      await octokit.rest.issues.removeLabel({ owner, repo, issue_number: number, name });
    } catch (error) {
      // Already gone (removed by a person meanwhile): the wanted state holds.
      if (httpStatusOf(error) !== 404) throw error;
    }
  }
  return { added, removed: [...changes.remove], created };
}
