import type { Caller } from './auth.js';

const DOCS = 'https://docs.github.com/rest';

/** An error GitHub would answer with: status plus its JSON body. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: Record<string, unknown>,
  ) {
    super(String(body.message ?? status));
  }
}

export function notFound(): HttpError {
  return new HttpError(404, { message: 'Not Found', documentation_url: DOCS, status: '404' });
}

export function forbidden(message = 'Resource not accessible by integration'): HttpError {
  return new HttpError(403, { message, documentation_url: DOCS, status: '403' });
}

/** GitHub's 422: `{"message":"Validation Failed","errors":[…]}`. */
export function validationFailed(
  errors: ReadonlyArray<Record<string, unknown> | string>,
  docs = DOCS,
): HttpError {
  return new HttpError(422, { message: 'Validation Failed', errors, documentation_url: docs, status: '422' });
}

/** A 422 whose message is the reason itself (as `No commit found for SHA: …`). */
export function unprocessable(message: string, docs = DOCS): HttpError {
  return new HttpError(422, { message, documentation_url: docs, status: '422' });
}

export interface RouteRequest {
  readonly method: string;
  readonly params: Record<string, string>;
  readonly query: URLSearchParams;
  readonly body: unknown;
  readonly caller: Caller;
  /** The URL of this request without its query (for Link headers). */
  readonly url: URL;
}

export interface RouteResponse {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
}

export type RouteHandler = (req: RouteRequest) => RouteResponse | Promise<RouteResponse>;

interface Route {
  readonly method: string;
  readonly path: string;
  readonly pattern: RegExp;
  readonly names: readonly string[];
  readonly handler: RouteHandler;
}

/**
 * A tiny method + path router. Patterns use `:name` for one segment and `*name` (last) for the
 * rest of the path (as in `/repos/:owner/:repo/contents/*path`).
 */
export class Router {
  readonly #routes: Route[] = [];

  on(method: string, path: string, handler: RouteHandler): this {
    const names: string[] = [];
    const source = path
      .split('/')
      .map((segment) => {
        if (segment.startsWith(':')) {
          names.push(segment.slice(1));
          return '([^/]+)';
        }
        if (segment.startsWith('*')) {
          names.push(segment.slice(1));
          return '(.+)';
        }
        return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      })
      .join('/');
    this.#routes.push({ method, path, pattern: new RegExp(`^${source}/?$`), names, handler });
    return this;
  }

  match(
    method: string,
    path: string,
  ): { handler: RouteHandler; params: Record<string, string>; route: string } | null {
    for (const route of this.#routes) {
      if (route.method !== method) continue;
      const m = route.pattern.exec(path);
      if (!m) continue;
      const params: Record<string, string> = {};
      route.names.forEach((name, i) => {
        params[name] = decodeURIComponent(m[i + 1]!);
      });
      return { handler: route.handler, params, route: route.path };
    }
    return null;
  }
}

/** Page a REST list the way GitHub does (`per_page` ≤ 100, `page`), with a `Link` header. */
export function paginate<T>(
  req: RouteRequest,
  items: readonly T[],
): { page: T[]; headers: Record<string, string> } {
  const perPage = Math.min(Math.max(Number(req.query.get('per_page') ?? 30) || 30, 1), 100);
  const pageNo = Math.max(Number(req.query.get('page') ?? 1) || 1, 1);
  const last = Math.max(Math.ceil(items.length / perPage), 1);
  const page = items.slice((pageNo - 1) * perPage, pageNo * perPage);
  const link = (n: number, rel: string) => {
    const u = new URL(req.url);
    for (const [k, v] of req.query) u.searchParams.set(k, v);
    u.searchParams.set('per_page', String(perPage));
    u.searchParams.set('page', String(n));
    return `<${u.toString()}>; rel="${rel}"`;
  };
  const links: string[] = [];
  if (pageNo < last) links.push(link(pageNo + 1, 'next'), link(last, 'last'));
  if (pageNo > 1) links.push(link(1, 'first'), link(pageNo - 1, 'prev'));
  return { page, headers: links.length > 0 ? { link: links.join(', ') } : {} };
}

/** Read a string field of a JSON body, or null. */
export function field(body: unknown, name: string): unknown {
  return body !== null && typeof body === 'object' ? (body as Record<string, unknown>)[name] : undefined;
}
