import { html } from './html.js';
import { renderLayout } from './render-layout.js';

/** The landing page: how to reach a custody page, and the organisation report. */
export function renderIndexPage(
  viewer: { readonly login: string; readonly csrfToken: string } | null,
): string {
  const body = viewer
    ? html`<h1>Custody</h1><p>Open a pull request’s custody page from the <strong>Details</strong> link of its Custody check.</p>
<form method="get" action="/custody/report" class="box"><label for="org">Organisation report</label>
<input id="org" name="org" required pattern="[A-Za-z0-9-]+" autocomplete="organization"> <button type="submit">Open the report</button></form>`
    : html`<h1>Custody</h1><p>The custody pages show private repositories’ data: sign in with GitHub to see them.</p>
<p><a class="button" href="/custody/sign-in">Sign in with GitHub</a></p>`;
  return renderLayout({ title: 'Custody', viewer, body });
}
