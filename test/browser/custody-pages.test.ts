import { existsSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Environment, startEnvironment } from '../../simulator/environment.js';
import { BYPASSED_PR, playCustodyPagesWorld, WAITING_PR } from '../../simulator/scenarios/custody-pages.js';
import { CHROMIUM, findSeriousViolations, launchChromium, signInOnGithub } from './browser.js';

/**
 * The custody pages in a real browser, against the simulator and the real app: sign-in with
 * GitHub, the page of a waiting Copilot PR reached from its check's details link, re-evaluate,
 * who may see what (404, never 403 or the data), forms refused without their token, the
 * organisation report, and axe-core on every page in light and dark.
 */
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium && process.env.CI === 'true') throw new Error(`${CHROMIUM} is missing: .ci/run installs it`);

describe.skipIf(!hasChromium)('the custody pages in Chromium', () => {
  let env: Environment;
  let browser: Browser;
  const contexts = new Map<string, BrowserContext>();
  let detailsUrl: string;

  /** A browser context (its own cookies) signed in as `login`, on the waiting PR's page. */
  async function signedIn(login: string): Promise<Page> {
    let context = contexts.get(login);
    if (context === undefined) {
      context = await browser.newContext();
      contexts.set(login, context);
      const page = await context.newPage();
      await page.goto(`${env.app.url}/custody/sign-in`);
      await signInOnGithub(page, login);
      return page;
    }
    return context.newPage();
  }

  beforeAll(async () => {
    [env, browser] = await Promise.all([startEnvironment({ web: true }), launchChromium()]);
    await playCustodyPagesWorld(env);
    detailsUrl = env.view(WAITING_PR).check?.detailsUrl ?? '';
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await env?.stop();
  });

  it('sends a signed-out reader from the details link to sign in and back, then shows the custody page', async () => {
    expect(detailsUrl).toBe(`${env.app.url}/custody/acme/widgets/pull/${WAITING_PR}`);
    const context = await browser.newContext();
    contexts.set('carol', context);
    const page = await context.newPage();
    await page.goto(detailsUrl);
    expect(new URL(page.url()).pathname).toBe('/login/oauth/authorize');
    await signInOnGithub(page, 'carol');
    expect(page.url()).toBe(detailsUrl);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain(
      'Fix the default widget size',
    );
    expect(await page.locator('.state').textContent()).toBe('waiting');
    // Who may approve: alice asked Copilot for it (and approved); CodeRabbit is an agent.
    const who = await page.locator('section[aria-labelledby="who"]').innerText();
    expect(who).toMatch(/@alice: .*assignee/);
    expect(who).toMatch(/@alice: not counted, took part in this pull request/);
    expect(who).toMatch(/@coderabbitai: not counted, an agent/);
    // The timeline from the ledger: pushes with their pushers, reviews, verdicts, each with its hash.
    const timeline = await page.locator('section[aria-labelledby="timeline"] tbody tr').allInnerTexts();
    expect(timeline.some((row) => /Push\s.*@devin-ai-integration/.test(row))).toBe(true);
    expect(timeline.some((row) => /Review\s.*@alice approved/.test(row))).toBe(true);
    expect(timeline.some((row) => /Verdict\s.*waiting/.test(row))).toBe(true);
    expect(timeline.every((row) => /#\d+ [0-9a-f]{12}/.test(row))).toBe(true);
  });

  it('re-evaluates on request and shows the new verdict when it lands', async () => {
    const page = await signedIn('carol');
    await page.goto(detailsUrl);
    const verdictRows = () =>
      page
        .locator('section[aria-labelledby="timeline"] tbody td:nth-child(2)', { hasText: /^Verdict$/ })
        .count();
    const before = await verdictRows();
    await page.getByRole('button', { name: 'Re-evaluate' }).click();
    // A light page refreshes itself (meta refresh, no script) until the verdict is in the ledger,
    // then sends the browser back to the custody page.
    const waiting = new URL(page.url());
    // Its pass is a cookie of that page: the URL carries nothing.
    if (waiting.pathname.endsWith('/pending')) expect(waiting.search).toBe('');
    else expect(waiting.toString()).toBe(detailsUrl);
    await page.waitForURL(detailsUrl, { timeout: 20_000 });
    await page.locator('section[aria-labelledby="timeline"]').waitFor();
    expect(await verdictRows()).toBe(before + 1);
  });

  it('answers 404, never 403 or the data, to a reader without access; the report only to members', async () => {
    const oscar = await signedIn('oscar');
    const response = await oscar.goto(detailsUrl);
    expect(response?.status()).toBe(404);
    expect(await oscar.content()).not.toContain('Fix the default widget size');
    const dave = await signedIn('dave');
    expect((await dave.goto(detailsUrl))?.status()).toBe(200);
    expect((await dave.goto(detailsUrl.replace(/\/pull\/\d+/, '/pull/999')))?.status()).toBe(404);
    expect((await dave.goto(`${env.app.url}/custody/orgs/acme/report`))?.status()).toBe(404);
    expect((await dave.goto(`${env.app.url}/custody/orgs/acme/export.jsonl`))?.status()).toBe(404);
  });

  it('refuses a form posted without its token, or by nobody signed in', async () => {
    const page = await signedIn('carol');
    const forged = await page.request.post(`${detailsUrl}/reevaluate`, { form: { csrf: 'guessed' } });
    expect(forged.status()).toBe(403);
    const anonymous = await browser.newContext();
    const signedOut = await anonymous.request.post(`${detailsUrl}/reevaluate`, { form: {}, maxRedirects: 0 });
    expect(signedOut.status()).toBe(404);
    // A callback that did not start here (no sign-in cookie, a made-up state) signs nobody in.
    const callback = await anonymous.request.get(`${env.app.url}/custody/callback?code=x&state=y`, {
      maxRedirects: 0,
    });
    expect(callback.status()).toBe(400);
    expect(callback.headers()['set-cookie'] ?? '').not.toContain('custody_session=');
    await anonymous.close();
  });

  it('lets an admin override with a reason; a maintainer sees no form and their forged post is refused', async () => {
    const carol = await signedIn('carol');
    await carol.goto(detailsUrl);
    expect(await carol.getByRole('button', { name: 'Override custody' }).count()).toBe(0);
    const csrf = await carol.locator('input[name="csrf"]').first().getAttribute('value');
    const headSha = env.view(WAITING_PR).headSha;
    const forged = await carol.request.post(`${detailsUrl}/override`, {
      form: { csrf: csrf ?? '', headSha, reason: 'let me in' },
    });
    expect(forged.status()).toBe(404);

    const erin = await signedIn('erin');
    await erin.goto(detailsUrl);
    const noToken = await erin.request.post(`${detailsUrl}/override`, {
      form: { headSha, reason: 'no token' },
    });
    expect(noToken.status()).toBe(403);
    await erin.getByLabel('Reason (required)').fill('Hotfix for the 3 a.m. outage');
    await erin.getByRole('button', { name: 'Override custody' }).click();
    await erin
      .locator('[role="status"]', { hasText: 'queued' })
      .waitFor({ state: 'detached', timeout: 20_000 })
      .catch(() => {});
    const view = await env.waitFor(
      WAITING_PR,
      (v) => v.check?.conclusion === 'success',
      'the override to pass the check',
    );
    expect(view.check?.title).toBe('Overridden by @erin: Hotfix for the 3 a.m. outage');
    expect(view.labels).toContain('custody:override');
    await erin.goto(detailsUrl);
    expect(await erin.locator('.state').textContent()).toBe('overridden');
    const timeline = await erin.locator('section[aria-labelledby="timeline"] tbody tr').allInnerTexts();
    expect(
      timeline.some((row) => /Override\s.*@erin overrode .*Hotfix for the 3 a\.m\. outage/.test(row)),
    ).toBe(true);
  });

  it('shows the organisation report: the bypass linked to its page, approvers, the chart, downloads', async () => {
    const page = await signedIn('carol');
    await page.goto(`${env.app.url}/custody/orgs/acme/report`);
    const text = await page.locator('main').innerText();
    expect(text).toContain('acme/widgets');
    // carol is a member, not an owner: the report says it shows what she can read.
    expect(text).toContain('Showing the repositories you can read');
    expect(text).toMatch(/Independent approvals\s+1 by @bob \(1\)/);
    const bypass = page.getByRole('link', { name: `#${BYPASSED_PR}` });
    expect(await bypass.getAttribute('href')).toBe(`/custody/acme/widgets/pull/${BYPASSED_PR}`);
    const override = page.getByRole('link', { name: `#${WAITING_PR}` });
    expect(await override.getAttribute('href')).toBe(`/custody/acme/widgets/pull/${WAITING_PR}`);
    expect(text).toMatch(/@erin .*Hotfix for the 3 a\.m\. outage/);
    const chart = page.getByRole('img', { name: 'Agent-involved merges per week, stacked by agent' });
    expect(await chart.count()).toBe(1);
    expect(await page.locator('svg[role="img"] rect').count()).toBeGreaterThan(0);
    const jsonl = await page.request.get(
      await page
        .getByRole('link', { name: 'JSONL' })
        .getAttribute('href')
        .then((h) => `${env.app.url}${h}`),
    );
    const lines = (await jsonl.text())
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines.length).toBeGreaterThan(10);
    expect(lines.some((l) => l.fact.kind === 'bypass' && l.fact.pr === BYPASSED_PR)).toBe(true);
    const csv = await page.request.get(`${env.app.url}/custody/orgs/acme/export.csv`);
    expect((await csv.text()).split('\n')[0]).toBe(
      'repo,seq,recorded_at,kind,pr,occurred_at,prev_hash,hash,fact',
    );
  });

  it('has no serious or critical accessibility violation, in light and in dark', async () => {
    const page = await signedIn('carol');
    const found: string[] = [];
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      for (const url of [detailsUrl, `${env.app.url}/custody/orgs/acme/report`, `${env.app.url}/custody`]) {
        await page.goto(url);
        for (const v of await findSeriousViolations(page))
          found.push(`${scheme} ${url}: ${v.id} (${v.impact}) ${v.help} ×${v.nodes}`);
      }
    }
    expect(found).toEqual([]);
  });
});
