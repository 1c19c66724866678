import { createRequire } from 'node:module';
import type { Store } from '../state/store.js';

/**
 * The real payloads of `@octokit/webhooks-examples`: every REST representation and webhook
 * payload of the simulator starts from one of them (deep-copied, URLs retargeted at the
 * simulator) and is filled from state, so no field is invented and none is missing.
 */

export type Json = Record<string, unknown>;
interface ExampleGroup {
  name: string;
  examples: Json[];
}

const require = createRequire(import.meta.url);
const EXAMPLES = require('@octokit/webhooks-examples/api.github.com/index.json') as ExampleGroup[];

export function example(event: string, pick: (e: Json) => boolean = () => true): Json {
  const found = EXAMPLES.find((g) => g.name === event)?.examples.find(pick);
  if (!found) throw new Error(`simulator: no @octokit/webhooks-examples example for ${event}`);
  return structuredClone(found);
}

const PR_EXAMPLE = example('pull_request', (e) => e.action === 'synchronize' && e.installation !== undefined);
export const TEMPLATES = {
  user: PR_EXAMPLE.sender as Json,
  repository: PR_EXAMPLE.repository as Json,
  pullRequest: PR_EXAMPLE.pull_request as Json,
  review: example('pull_request_review', (e) => e.action === 'submitted' && e.installation !== undefined)
    .review as Json,
  comment: example('issue_comment', (e) => e.action === 'created' && e.installation !== undefined)
    .comment as Json,
  label: (PR_EXAMPLE.pull_request as { labels: Json[] }).labels[0]!,
  checkRun: example('check_run', (e) => e.action === 'rerequested').check_run as Json,
  checkSuite: example('check_suite', (e) => e.action === 'rerequested').check_suite as Json,
  installation: example('installation', (e) => e.action === 'created').installation as Json,
};

/** Where the simulator lives: API and web URLs in payloads point here, as on GitHub Enterprise Server. */
export interface Site {
  readonly store: Store;
  readonly baseUrl: string;
}

/** Copy a template, pointing every URL at the simulator and swapping the example's names for ours. */
export function retarget(site: Site, template: Json, swaps: ReadonlyArray<readonly [string, string]>): Json {
  // Templates are constants: remember each retargeted text (callers change the copy, never the text).
  const key = `${site.baseUrl}\n${swaps.map(([from, to]) => `${from}\u0000${to}`).join('\n')}`;
  let texts = RETARGETED.get(template);
  if (!texts) {
    texts = new Map();
    RETARGETED.set(template, texts);
  }
  let text = texts.get(key);
  if (text === undefined) {
    text = JSON.stringify(template)
      .replaceAll('https://api.github.com', `${site.baseUrl}/api/v3`)
      .replaceAll('https://github.com', site.baseUrl)
      .replaceAll('http://github.com', site.baseUrl);
    for (const [from, to] of swaps) text = text.replaceAll(from, to);
    if (texts.size >= 1_000) texts.clear();
    texts.set(key, text);
  }
  return JSON.parse(text) as Json;
}

const RETARGETED = new WeakMap<Json, Map<string, string>>();
