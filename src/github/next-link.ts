/** The `rel="next"` URL of a `Link` header (GitHub's pagination), or null on the last page. */
export function nextLinkOf(header: unknown): string | null {
  if (typeof header !== 'string') return null;
  return /<([^>]+)>\s*;\s*rel="next"/.exec(header)?.[1] ?? null;
}
