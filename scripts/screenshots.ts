/**
 * `npm run screenshots`: the README's pictures of the custody pages. Starts the simulator and
 * the real app with its pages on, plays the pages' scenario, signs in as @carol in Debian's
 * Chromium and writes docs/images/custody-page.png (a waiting Copilot PR) and
 * docs/images/custody-report.png (the organisation report).
 */
import { mkdirSync } from 'node:fs';
import { startEnvironment } from '../simulator/environment.js';
import { playCustodyPagesWorld, WAITING_PR } from '../simulator/scenarios/custody-pages.js';
import { launchChromium, signInOnGithub } from '../test/browser/browser.js';

const OUT = 'docs/images';

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  const [env, browser] = await Promise.all([startEnvironment({ web: true }), launchChromium()]);
  try {
    await playCustodyPagesWorld(env);
    const context = await browser.newContext({
      viewport: { width: 1100, height: 900 },
      deviceScaleFactor: 1,
    });
    const page = await context.newPage();
    await page.goto(env.view(WAITING_PR).check?.detailsUrl ?? '');
    await signInOnGithub(page, 'carol');
    await page.screenshot({ path: `${OUT}/custody-page.png`, fullPage: true });
    await page.goto(`${env.app.url}/custody/orgs/acme/report`);
    await page.screenshot({ path: `${OUT}/custody-report.png`, fullPage: true });
    console.log(`wrote ${OUT}/custody-page.png and ${OUT}/custody-report.png`);
  } finally {
    await browser.close();
    await env.stop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
