import { type Html, html, trusted } from './html.js';

/**
 * The page shell every page shares: landmarks, a skip link, a small GitHub-like stylesheet
 * (Primer's colours, light and dark from `prefers-color-scheme`), readable on a phone. No
 * script: buttons are plain forms, a pending re-evaluation refreshes with `<meta refresh>`.
 */
const STYLE = trusted(`
:root{color-scheme:light dark;--fg:#1f2328;--muted:#59636e;--bg:#fff;--subtle:#f6f8fa;--border:#d1d9e0;
--accent:#0969da;--ok:#1a7f37;--warn:#9a6700;--bad:#d1242f;--done:#8250df;--btn:#1f883d;--btnfg:#fff}
@media (prefers-color-scheme:dark){:root{--fg:#f0f6fc;--muted:#9198a1;--bg:#0d1117;--subtle:#151b23;
--border:#3d444d;--accent:#4493f8;--ok:#3fb950;--warn:#d29922;--bad:#f85149;--done:#ab7df8;--btn:#238636}}
*{box-sizing:border-box}body{margin:0;font:14px/1.5 -apple-system,BlinkMacSystemFont,"Segoe UI","Noto Sans",Helvetica,Arial,sans-serif;color:var(--fg);background:var(--bg)}
a{color:var(--accent)}code,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12px}
header.top{display:flex;gap:12px;align-items:center;justify-content:space-between;padding:12px 16px;background:var(--subtle);border-bottom:1px solid var(--border)}
header.top a{color:var(--fg);font-weight:600;text-decoration:none}
main{max-width:1012px;margin:0 auto;padding:16px}
h1{font-size:24px;font-weight:400;margin:8px 0}h2{font-size:16px;margin:24px 0 8px;padding-bottom:4px;border-bottom:1px solid var(--border)}
.skip{position:absolute;left:-999px}.skip:focus{left:8px;top:8px;background:var(--bg);padding:4px}
.state{display:inline-block;padding:2px 10px;border-radius:2em;color:#fff;font-weight:600}
.state.ok{background:var(--ok)}.state.over{background:var(--done)}.state.warn{background:var(--warn)}.state.bad{background:var(--bad)}
@media (prefers-color-scheme:dark){.state.ok,.state.warn,.state.bad,.state.over{color:#010409}}
.box{border:1px solid var(--border);border-radius:6px;padding:12px 16px;margin:8px 0;background:var(--bg)}
.muted{color:var(--muted)}.table{width:100%;overflow-x:auto}
table{border-collapse:collapse;width:100%}th,td{text-align:left;vertical-align:top;padding:6px 8px;border-bottom:1px solid var(--border)}
th{background:var(--subtle);font-weight:600}ul.check{list-style:none;padding:0}ul.check li{padding:4px 0}
.met{color:var(--ok)}.missing{color:var(--warn)}.violated{color:var(--bad)}
button,.button{font:inherit;font-weight:600;padding:5px 16px;border-radius:6px;border:1px solid var(--border);background:var(--subtle);color:var(--fg);cursor:pointer}
button.primary{background:var(--btn);color:var(--btnfg);border-color:transparent}button.danger{color:var(--bad)}
label{font-weight:600;display:block;margin:8px 0 4px}textarea,input,select{font:inherit;color:var(--fg);background:var(--bg);border:1px solid var(--border);border-radius:6px;padding:5px 8px;max-width:100%}
textarea{width:100%}form.inline{display:inline}.flash{border-left:4px solid var(--accent)}
svg text{fill:var(--fg)}footer{max-width:1012px;margin:0 auto;padding:16px;color:var(--muted)}
`);

export interface LayoutOptions {
  readonly title: string;
  readonly body: Html;
  /** The signed-in user, shown with a sign-out form. */
  readonly viewer?: { readonly login: string; readonly csrfToken: string } | null;
  /** Reload after this many seconds (a pending re-evaluation). */
  readonly refreshSeconds?: number;
}

export function renderLayout(options: LayoutOptions): string {
  const { viewer } = options;
  return `<!doctype html>\n${html`<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
${options.refreshSeconds !== undefined ? html`<meta http-equiv="refresh" content="${options.refreshSeconds}">` : ''}
<title>${options.title} · Custody</title><style>${STYLE}</style></head>
<body><a class="skip" href="#content">Skip to content</a>
<header class="top"><a href="/custody">Custody</a>
${
  viewer
    ? html`<nav aria-label="Account"><span class="muted">Signed in as</span> <strong>@${viewer.login}</strong>
<form class="inline" method="post" action="/custody/sign-out"><input type="hidden" name="csrf" value="${viewer.csrfToken}">
<button type="submit">Sign out</button></form></nav>`
    : ''
}</header>
<main id="content">${options.body}</main>
<footer>Custody keeps a chain of custody on pull requests touched by AI coding agents.</footer>
</body></html>`}`;
}

/** A short page: a heading, one message, and a link back when there is somewhere to go back to. */
export function renderMessagePage(
  viewer: LayoutOptions['viewer'],
  title: string,
  message: string,
  back?: string,
): string {
  return renderLayout({
    title,
    viewer: viewer ?? null,
    body: html`<h1>${title}</h1><p>${message}</p>${back ? html`<p><a href="${back}">Back</a></p>` : ''}`,
  });
}

export function renderNotFound(viewer: LayoutOptions['viewer']): string {
  return renderLayout({
    title: 'Not found',
    viewer: viewer ?? null,
    body: html`<h1>Not found</h1><p>There is nothing here, or you cannot see it.</p>`,
  });
}
