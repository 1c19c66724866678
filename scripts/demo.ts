/**
 * `npm run demo`: the whole app, offline. Starts the local GitHub simulator and the real
 * Custody app (unmodified, in its own process, over HTTP with signed webhooks), plays a
 * multi-agent pull request as GitHub's users would, and prints what reviewers see after each
 * event. Exits 0 when every step reached the expected state, 1 otherwise.
 *
 * `--keep` (or `npm run simulator`) leaves both running afterwards for poking by hand, with
 * `custody explain` pointed at the simulator.
 */
import { appendFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { copilotAgentPullRequest } from '../simulator/drivers/copilot-agent.js';
import type { Environment } from '../simulator/environment.js';
import { startEnvironment } from '../simulator/environment.js';
import { hotfixPullRequest, overrideHotfix } from '../simulator/scenarios/custody-pages.js';
import { bold, dim, renderEvent, renderView } from '../simulator/timeline.js';
import { canonicalJson } from '../src/core/ledger/index.js';
import { openLedger } from '../src/ledger/index.js';

interface Step {
  readonly say: string;
  readonly act: (env: Environment) => Promise<unknown>;
  readonly expect: 'success' | 'action_required' | 'failure';
  readonly labels?: readonly string[];
  /** The PR shown after the step (default: the agent's PR). */
  readonly pr?: number;
  /** The action makes the app write without reading the PR again (a merge): wait for quiet only. */
  readonly settleOnly?: boolean;
}

/** #1 is a human's change; #2 the multi-agent one the story follows. */
const HUMAN_PR = 1;
const PR = 2;
const LOG_DIR = '.custody-demo';
const APP_LOG = `${LOG_DIR}/app.log`;
const LEDGER = `${LOG_DIR}/custody.db`;
/** The PR an admin merges before it was approved. */
const BYPASSED_PR = 3;
/** The hotfix an admin overrides on its custody page. */
const OVERRIDDEN_PR = 4;
const BRANCH = 'copilot/fix-widget-size';
const CLAUDE = { name: 'Claude Opus 4.6', email: 'noreply@anthropic.com' };

const approve = (as: string) => (env: Environment) =>
  env.sim.drivers.submitReview({ as, number: PR, state: 'APPROVED' });

const STEPS: readonly Step[] = [
  {
    say: '@bob fixes a typo by hand and opens #1: no agent took part, so Custody passes it at once',
    act: (env) =>
      env.sim.drivers.openPullRequest({
        as: 'bob',
        head: 'bob/typo',
        title: 'Fix a typo in the README',
        commits: [
          {
            message: 'Fix a typo',
            files: { 'README.md': '# widgets\n\nSmall widgets for the Acme platform.\n' },
          },
        ],
      }),
    expect: 'success',
    pr: HUMAN_PR,
  },
  {
    say: '@alice assigns an issue to Copilot; the coding agent pushes a fix and opens #2',
    act: (env) =>
      env.sim.drivers.openPullRequest(
        copilotAgentPullRequest({
          head: BRANCH,
          title: 'Fix the default widget size',
          summary: 'Fixes #12.',
          message: 'Use size l by default',
          files: { 'src/widget.js': "export function widget(name) {\n  return { name, size: 'l' };\n}\n" },
        }),
      ),
    expect: 'action_required',
    labels: ['agent:copilot'],
  },
  {
    say: '@alice, who asked Copilot for the change, approves it',
    act: approve('alice'),
    expect: 'action_required',
  },
  {
    say: 'CodeRabbit, an AI reviewer, approves too',
    act: approve('coderabbitai[bot]'),
    expect: 'action_required',
  },
  {
    say: 'Devin picks up the branch and pushes a follow-up commit (a handoff between agents)',
    act: (env) =>
      env.sim.drivers.push({
        as: 'devin-ai-integration[bot]',
        branch: BRANCH,
        commits: [
          {
            message: 'Add a test for the default size',
            author: 'devin-ai-integration[bot]',
            files: { 'src/widget.test.js': "import { widget } from './widget.js';\n" },
          },
        ],
      }),
    expect: 'action_required',
    labels: ['agent:copilot', 'agent:devin', 'agent-handoff'],
  },
  { say: '@bob, a teammate who took no part, approves', act: approve('bob'), expect: 'success' },
  {
    say: '@alice pushes a tweak written with Claude Code: the earlier approval no longer covers the head',
    act: (env) =>
      env.sim.drivers.push({
        as: 'alice',
        branch: BRANCH,
        commits: [
          {
            message: 'Name the default size',
            coAuthors: [CLAUDE],
            files: { 'src/sizes.js': "export const DEFAULT = 'l';\n" },
          },
        ],
      }),
    expect: 'action_required',
    labels: ['agent:claude'],
  },
  { say: '@carol approves the new head', act: approve('carol'), expect: 'success' },
  {
    say: 'Copilot opens #3, a second fix; nobody has approved it yet',
    act: (env) =>
      env.sim.drivers.openPullRequest(
        copilotAgentPullRequest({
          head: 'copilot/tune-widget-colour',
          title: 'Tune the default widget colour',
          summary: 'Tunes the default colour.',
          files: { 'src/colour.js': "export const COLOUR = 'teal';\n" },
        }),
      ),
    expect: 'action_required',
    pr: BYPASSED_PR,
  },
  {
    say: '@erin, an admin, merges #3 past the waiting check: Custody records and labels the bypass',
    act: (env) => env.sim.drivers.merge({ as: 'erin', number: BYPASSED_PR }),
    settleOnly: true,
    expect: 'action_required',
    labels: ['custody:bypassed'],
    pr: BYPASSED_PR,
  },
  {
    say: 'Copilot opens #4, a hotfix for an outage at 3 a.m.; no reviewer is awake',
    act: (env) => env.sim.drivers.openPullRequest(hotfixPullRequest()),
    expect: 'action_required',
    pr: OVERRIDDEN_PR,
  },
  {
    say: '@erin, an admin, overrides #4 on its custody page with a reason: the check passes for that head, recorded, labelled and commented',
    act: (env) => overrideHotfix(env, OVERRIDDEN_PR),
    expect: 'success',
    labels: ['custody:override'],
    pr: OVERRIDDEN_PR,
  },
];

/** What the demo's ledger holds afterwards: entries, whether the chain verifies, two exported lines. */
async function printLedger(): Promise<boolean> {
  const ledger = await openLedger(LEDGER);
  try {
    let entries = 0;
    const excerpt: string[] = [];
    for await (const entry of ledger.export()) {
      entries += 1;
      if (excerpt.length < 2) excerpt.push(canonicalJson(entry));
    }
    const verified = await ledger.verify();
    console.log(`\n${bold('Custody ledger')} ${dim(LEDGER)}: ${entries} entries`);
    console.log(
      `custody audit verify: ${verified.ok ? `the chain holds (${verified.checked} entries checked)` : `BROKEN: ${JSON.stringify(verified.problem)}`}`,
    );
    console.log(dim('custody audit export (first two lines):'));
    for (const line of excerpt) console.log(dim(line.length > 200 ? `${line.slice(0, 200)}…` : line));
    return verified.ok && entries > 0;
  } finally {
    await ledger.close();
  }
}

async function main(): Promise<number> {
  const keep = process.argv.includes('--keep');
  const started = Date.now();
  console.log(bold('Custody demo: a local GitHub simulator and the real app, offline'));
  // The app's own log (JSON lines), for a look behind the timeline.
  mkdirSync(LOG_DIR, { recursive: true });
  writeFileSync(APP_LOG, '');
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${LEDGER}${suffix}`, { force: true });
  const env = await startEnvironment({
    onAppLog: (line) => appendFileSync(APP_LOG, `${line}\n`),
    databaseUrl: LEDGER,
    web: true,
  });
  console.log(dim(`simulator ${env.sim.url} · app ${env.app.url} · started in ${Date.now() - started} ms`));

  let failures = 0;
  for (const step of STEPS) {
    if (step.settleOnly) {
      await step.act(env);
      await env.settle();
    } else await env.act(() => step.act(env));
    const view = env.view(step.pr ?? PR);
    console.log(renderEvent(env.sim.store.now(), step.say));
    console.log(renderView(view));
    const missing = (step.labels ?? []).filter((l) => !view.labels.includes(l));
    const wrong = view.check?.conclusion !== step.expect || view.checkRuns.length !== 1 || missing.length > 0;
    if (wrong) {
      failures += 1;
      console.log(
        `       ✗ expected ${step.expect}${missing.length > 0 ? ` with labels ${missing.join(', ')}` : ''} (one check run)`,
      );
    }
  }

  const requests = env.sim.store.requests.filter((r) => r.auth === 'installation');
  console.log(
    `\n${failures === 0 ? bold('✓ every step reached the expected state') : bold(`✗ ${failures} step(s) did not`)}` +
      dim(
        ` · app log: ${APP_LOG} · ${STEPS.length} events · ${env.sim.store.deliveries.length} webhook deliveries · ${requests.length} API requests by the app · ${((Date.now() - started) / 1000).toFixed(1)} s`,
      ),
  );

  if (keep) {
    const token = env.sim.personalToken('carol');
    console.log(`
${bold('Both are still running.')} The simulator answers GitHub's REST API at ${env.sim.url}/api/v3
and GraphQL at ${env.sim.url}/api/graphql; the app receives webhooks at ${env.app.webhookUrl}.

Explain the pull request with the CLI, read-only, as @carol:
  GITHUB_TOKEN=${token} GITHUB_API_URL=${env.sim.url}/api/v3 npx custody explain acme/widgets#${PR}
  (or: GITHUB_TOKEN=${token} GITHUB_API_URL=${env.sim.url}/api/v3 npm run custody -- explain acme/widgets#${PR})

Act as GitHub's users (a control endpoint of the simulator, no token needed), e.g.:
  curl -s -X POST ${env.sim.url}/_simulator/submitReview -d '{"as":"dave","number":${PR},"state":"APPROVED"}'
  curl -s -X POST ${env.sim.url}/_simulator/push -d '{"as":"Copilot","branch":"${BRANCH}","commits":[{"message":"More","author":"Copilot","files":{"src/more.js":"1"}}]}'
(actions: openPullRequest, push, submitReview, dismissReview, changePolicy, rerequestCheck, rerequestSuite,
retargetBase, setPullRequestState, enqueue; see docs/simulator.md)

Browse the custody page of #${PR} (sign in on the simulator as alice, bob, carol, dave or erin;
oscar has no access): ${env.view(PR).check?.detailsUrl ?? '(no details link)'}
and the organisation report: ${env.app.url}/custody/orgs/acme/report

Press Ctrl-C to stop both.`);
    await new Promise<void>((resolve) => {
      process.once('SIGINT', () => resolve());
      process.once('SIGTERM', () => resolve());
    });
  }
  const pageUrl = env.view(PR).check?.detailsUrl ?? null;
  await env.stop();
  if (!(await printLedger())) failures += 1;
  if (pageUrl === null) failures += 1;
  console.log(
    `\n${bold('Custody page')} of #${PR} (the check's Details link): ${pageUrl ?? 'none: the check has no details link'}\n` +
      dim(
        keep
          ? ''
          : 'It is served while the app runs: `npm run simulator` keeps it up; sign in as alice, bob, carol, dave or erin (oscar has no access).',
      ),
  );
  return failures === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
