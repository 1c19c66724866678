import type { IncomingMessage, ServerResponse } from 'node:http';

/** The small HTTP vocabulary of the web pages: security headers, HTML, redirects, form bodies. */

const FORM_LIMIT_BYTES = 16 * 1024;

/** No script, nothing framed, forms only to ourselves, nothing cached (pages show private data). */
export function securityHeaders(): Record<string, string> {
  return {
    'content-security-policy':
      "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'same-origin',
    'cache-control': 'no-store',
  };
}

export function sendHtml(
  res: ServerResponse,
  status: number,
  body: string,
  headers: Record<string, string | string[]> = {},
): void {
  res
    .writeHead(status, {
      ...securityHeaders(),
      'content-type': 'text/html; charset=utf-8',
      'content-length': String(Buffer.byteLength(body)),
      ...headers,
    })
    .end(body);
}

/** 303: after a form, the browser fetches the target with GET. */
export function redirect(
  res: ServerResponse,
  location: string,
  headers: Record<string, string | string[]> = {},
): void {
  res.writeHead(303, { ...securityHeaders(), location, ...headers }).end();
}

/** An `application/x-www-form-urlencoded` body, at most 16 KB; null when it is not one. */
export async function readForm(req: IncomingMessage): Promise<URLSearchParams | null> {
  const type = String(req.headers['content-type'] ?? '')
    .split(';')[0]
    ?.trim();
  if (type !== 'application/x-www-form-urlencoded') return null;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > FORM_LIMIT_BYTES) return null;
    chunks.push(chunk as Buffer);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}
