/**
 * A person at the custody pages without a browser: signs in through the simulator's GitHub
 * OAuth form and submits the pages' plain HTML forms with the cookies and CSRF token a browser
 * would send. The demo and the pages' scenario use it for the steps people take on the web
 * (an override); the browser suite drives the same pages in Chromium.
 */

export interface WebClient {
  /** GET a custody path; follows nothing. `cookies` are sent besides (or instead of) the client's own. */
  get(path: string, cookies?: Readonly<Record<string, string>>): Promise<Response>;
  /** POST a form to a custody path, as its page's `<form>` would (CSRF token included). */
  submit(path: string, fields: Record<string, string>): Promise<Response>;
}

/** Signs `login` in at the app (`appUrl`) through the simulator's GitHub sign-in form. */
export async function signInToCustody(appUrl: string, login: string): Promise<WebClient> {
  const jar = new Map<string, string>();
  const keep = (response: Response) => {
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const at = pair.indexOf('=');
      if (at > 0) jar.set(pair.slice(0, at).trim(), pair.slice(at + 1).trim());
    }
    return response;
  };
  const cookie = (extra: Readonly<Record<string, string>> = {}) =>
    [...new Map([...jar, ...Object.entries(extra)])].map(([name, value]) => `${name}=${value}`).join('; ');
  const request = async (url: string, init: RequestInit = {}, extra?: Readonly<Record<string, string>>) =>
    keep(
      await fetch(url, { ...init, redirect: 'manual', headers: { ...init.headers, cookie: cookie(extra) } }),
    );
  const location = (response: Response, what: string) => {
    const to = response.headers.get('location');
    if (![302, 303].includes(response.status) || to === null)
      throw new Error(`${what}: answered ${response.status}`);
    return new URL(to, appUrl).toString();
  };

  const authorize = new URL(location(await request(`${appUrl}/custody/sign-in`), 'custody sign-in'));
  const granted = await fetch(new URL('/login/oauth/authorize', authorize), {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      client_id: authorize.searchParams.get('client_id') ?? '',
      redirect_uri: authorize.searchParams.get('redirect_uri') ?? '',
      state: authorize.searchParams.get('state') ?? '',
      login,
    }),
  });
  location(await request(location(granted, `GitHub sign-in as ${login}`)), 'custody callback');

  return {
    get: (path, cookies) => request(`${appUrl}${path}`, {}, cookies),
    async submit(path, fields) {
      const page = await (await request(`${appUrl}/custody`)).text();
      const csrf = /name="csrf" value="([^"]+)"/.exec(page)?.[1];
      if (csrf === undefined) throw new Error(`no CSRF token on the custody pages for ${login}`);
      return request(`${appUrl}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ ...fields, csrf }),
      });
    },
  };
}

/**
 * `as` overrides the check of PR `number` with `reason` from its custody page's form, on the
 * head the page shows. Throws unless the app accepted it.
 */
export async function overrideOnCustodyPage(
  appUrl: string,
  pr: { readonly owner: string; readonly repo: string; readonly number: number },
  as: string,
  reason: string,
): Promise<void> {
  const client = await signInToCustody(appUrl, as);
  const path = `/custody/${pr.owner}/${pr.repo}/pull/${pr.number}`;
  const page = await (await client.get(path)).text();
  const action = /<form method="post" action="([^"]+)" class="box">/.exec(page)?.[1];
  const headSha = /name="headSha" value="([0-9a-f]{40})"/.exec(page)?.[1];
  if (action === undefined || headSha === undefined)
    throw new Error(`@${as} sees no override form on ${path}`);
  const answer = await client.submit(action.replaceAll('&amp;', '&'), { headSha, reason });
  if (![302, 303].includes(answer.status))
    throw new Error(`the override of ${path} answered ${answer.status}`);
}
