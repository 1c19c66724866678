import { html } from './html.js';
import { renderLayout } from './render-layout.js';

export interface PendingPage {
  readonly owner: string;
  readonly repo: string;
  readonly number: number;
  /** What is awaited: a re-evaluation, or the evaluation an override queued. */
  readonly waitingFor: 'reevaluate' | 'override';
  /** The full custody page, to open without waiting. */
  readonly pagePath: string;
  readonly viewer: { readonly login: string; readonly csrfToken: string };
}

/**
 * The light page shown while a queued evaluation has not landed: it reloads every 2 seconds
 * (`<meta refresh>`, no script) and reads nothing but the ledger; the server sends the browser
 * to the full page once the verdict is in.
 */
export function renderPendingPage(page: PendingPage): string {
  const what =
    page.waitingFor === 'override'
      ? 'Override recorded in the custody ledger. The evaluation that turns the check is queued'
      : 'A re-evaluation is queued';
  return renderLayout({
    title: `${page.owner}/${page.repo}#${page.number}`,
    viewer: page.viewer,
    refreshSeconds: 2,
    body: html`<h1>${page.owner}/${page.repo} <span class="muted">#${page.number}</span></h1>
<div class="box flash" role="status">${what}; this page reloads until its verdict lands, then shows the custody page.</div>
<p><a href="${page.pagePath}">Open the custody page now</a></p>`,
  });
}
