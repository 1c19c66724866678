import type { CommitSpec, OpenPullRequest } from './drivers.js';

/**
 * How GitHub's Copilot coding agent opens a pull request for the human who assigned it an
 * issue: opened by `Copilot`, the requester and the agent assigned, a body carrying the
 * agent's hidden suffix, an "Initial plan" commit and then the work, every commit authored by
 * the agent, signed by GitHub and co-authored by the requester (docs/research/agent-identities.md).
 */
export function copilotAgentPullRequest(input: {
  readonly head: string;
  readonly title: string;
  /** The body's first line, before the agent's suffix. */
  readonly summary: string;
  /** The change itself: path → content. */
  readonly files: CommitSpec['files'];
  readonly message?: string;
  readonly requester?: string;
}): OpenPullRequest {
  const requester = input.requester ?? 'alice';
  const commit = (message: string, files: CommitSpec['files']): CommitSpec => ({
    message,
    author: 'Copilot',
    signature: 'github',
    coAuthors: [requester],
    files,
  });
  return {
    as: 'Copilot',
    head: input.head,
    title: input.title,
    body: `${input.summary}\n\n<!-- START COPILOT CODING AGENT SUFFIX -->\nCreated from an issue assigned by @${requester}.`,
    assignees: [requester, 'Copilot'],
    commits: [commit('Initial plan', {}), commit(input.message ?? input.title, input.files)],
  };
}
