import { copilotAgentPullRequest } from '../drivers/copilot-agent.js';
import type { Environment } from '../environment.js';
import { overrideOnCustodyPage } from '../web-client.js';

/**
 * A repository worth looking at on the custody pages: a waiting Copilot PR that Devin took
 * over (its delegator and an AI reviewer approved, neither counts), a Copilot PR an admin
 * merged past the check (a bypass), a Copilot PR a teammate approved and that merged, and a
 * Copilot hotfix an admin overrode on its custody page and merged.
 */
export const WAITING_PR = 1;
export const BYPASSED_PR = 2;
export const APPROVED_PR = 3;
export const OVERRIDDEN_PR = 4;

/** A Copilot hotfix for an outage: what an admin overrides when no reviewer is awake. */
export const hotfixPullRequest = () =>
  copilotAgentPullRequest({
    head: 'copilot/hotfix-widget-crash',
    title: 'Hotfix: widgets crash on an empty name',
    summary: 'Guards against an empty name.',
    files: { 'src/widget.js': "export function widget(name) {\n  return { name: name || 'widget' };\n}\n" },
  });

/** @erin, an admin, overrides the hotfix `number` on its custody page, with a reason. */
export const overrideHotfix = (env: Environment, number: number) =>
  overrideOnCustodyPage(
    env.app.url,
    { owner: 'acme', repo: 'widgets', number },
    'erin',
    'Production is down; reviewed after merge in the incident review.',
  );

export async function playCustodyPagesWorld(env: Environment): Promise<void> {
  const { drivers } = env.sim;
  await env.act(() =>
    drivers.openPullRequest(
      copilotAgentPullRequest({
        head: 'copilot/fix-widget-size',
        title: 'Fix the default widget size',
        summary: 'Fixes #12.',
        files: { 'src/widget.js': "export function widget(name) {\n  return { name, size: 'l' };\n}\n" },
      }),
    ),
  );
  await env.act(() =>
    drivers.push({
      as: 'devin-ai-integration[bot]',
      branch: 'copilot/fix-widget-size',
      commits: [
        {
          message: 'Add a test for the default size',
          author: 'devin-ai-integration[bot]',
          files: { 'src/widget.test.js': "import { widget } from './widget.js';\n" },
        },
      ],
    }),
  );
  await env.act(() => drivers.submitReview({ as: 'alice', number: WAITING_PR, state: 'APPROVED' }));
  await env.act(() =>
    drivers.submitReview({ as: 'coderabbitai[bot]', number: WAITING_PR, state: 'APPROVED' }),
  );

  await env.act(() =>
    drivers.openPullRequest(
      copilotAgentPullRequest({
        head: 'copilot/tune-widget-colour',
        title: 'Tune the default widget colour',
        summary: 'Tunes the default colour.',
        files: { 'src/colour.js': "export const COLOUR = 'teal';\n" },
      }),
    ),
  );
  await drivers.merge({ as: 'erin', number: BYPASSED_PR });
  await env.settle();

  await env.act(() =>
    drivers.openPullRequest(
      copilotAgentPullRequest({
        head: 'copilot/document-sizes',
        title: 'Document the widget sizes',
        summary: 'Documents the sizes.',
        files: { 'docs/sizes.md': '# Sizes\n\ns, m, l\n' },
      }),
    ),
  );
  await env.act(() => drivers.submitReview({ as: 'bob', number: APPROVED_PR, state: 'APPROVED' }));
  await drivers.merge({ as: 'carol', number: APPROVED_PR });
  await env.settle();

  await env.act(() => drivers.openPullRequest(hotfixPullRequest()));
  await env.act(() => overrideHotfix(env, OVERRIDDEN_PR));
  await drivers.merge({ as: 'erin', number: OVERRIDDEN_PR });
  await env.settle();
}
