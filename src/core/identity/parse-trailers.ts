import { normaliseText } from './normalise.js';

export interface Trailer {
  /** The key normalised for comparison: NFKC, invisible characters removed, lower case. */
  readonly key: string;
  /** The key as written (for evidence). */
  readonly rawKey: string;
  /** The value, trimmed of whitespace and surrounding markdown emphasis. */
  readonly value: string;
  /** For a `Name <email>` value: the name (null when empty or when there is no email). */
  readonly name: string | null;
  /** For a `Name <email>` value: the email as written. */
  readonly email: string | null;
}

const MAX_KEY = 64;
// Where a key must end: keys are short, so a colon further in means prose, not a trailer.
const KEY_WINDOW = 96;
const KEY = /^[a-z][a-z0-9-]*$/;

/**
 * Every `Key: value` line of a message, wherever it sits. Git only reads the last paragraph,
 * but GitHub's squash merges put `Co-authored-by` after a `---------` line and PR bodies wrap
 * trailers in markdown (`**Co-Authored-By:** …`), so every line is a candidate. One pass, no
 * regex over the line itself: a huge message costs time linear in its length.
 */
export function parseTrailers(message: string): Trailer[] {
  const trailers: Trailer[] = [];
  const length = message.length;
  // The next colon at or after the current line, remembered across lines: searching afresh
  // from every line of a colon-free message would be quadratic.
  let colon = -1;
  let start = 0;
  while (start < length) {
    let end = message.indexOf('\n', start);
    if (end === -1) end = length;
    if (colon < start) colon = message.indexOf(':', start);
    if (colon === -1) break;
    if (colon < end && colon - start <= KEY_WINDOW) {
      const trailer = parseLine(message, start, colon, end);
      if (trailer !== null) trailers.push(trailer);
    }
    start = end + 1;
  }
  return trailers;
}

function parseLine(message: string, start: number, colon: number, end: number): Trailer | null {
  const rawKey = trimKey(message.slice(start, colon));
  if (rawKey.length === 0 || rawKey.length > MAX_KEY * 2) return null;
  const key = normaliseText(rawKey);
  if (key.length > MAX_KEY || !KEY.test(key)) return null;
  const value = trimValue(message.slice(colon + 1, end));
  // `https://…` is a URL, not a trailer called "https".
  if (value.length === 0 || value.startsWith('//')) return null;
  const { name, email } = splitIdentity(value);
  return { key, rawKey, value, name, email };
}

/** `Name <email>` → name and email; anything else → nulls. */
function splitIdentity(value: string): { name: string | null; email: string | null } {
  if (!value.endsWith('>')) return { name: null, email: null };
  const open = value.lastIndexOf('<');
  if (open < 0) return { name: null, email: null };
  const email = value.slice(open + 1, -1).trim();
  if (email.length === 0 || !email.includes('@')) return { name: null, email: null };
  const name = value.slice(0, open).trim();
  return { name: name.length > 0 ? name : null, email };
}

/** Whitespace and markdown emphasis around a trailer (`**Co-Authored-By:** …`). */
function isEmphasis(code: number): boolean {
  return (
    code === 0x20 || // space
    code === 0x09 || // tab
    code === 0x0d || // carriage return
    code === 0x2a || // *
    code === 0x5f || // _
    code === 0x60 || // `
    code === 0xa0 || // no-break space
    code === 0x200b || // zero-width space
    code === 0xfeff // BOM
  );
}

/** Before a key, also a quote or list marker (`> `, `- `); keys start with a letter anyway. */
function isLeader(code: number): boolean {
  return isEmphasis(code) || code === 0x3e || code === 0x2d;
}

function trimKey(text: string): string {
  let from = 0;
  let to = text.length;
  while (from < to && isLeader(text.charCodeAt(from))) from++;
  while (to > from && isEmphasis(text.charCodeAt(to - 1))) to--;
  return text.slice(from, to);
}

function trimValue(text: string): string {
  let from = 0;
  let to = text.length;
  while (from < to && isEmphasis(text.charCodeAt(from))) from++;
  while (to > from && isEmphasis(text.charCodeAt(to - 1))) to--;
  return from === 0 && to === text.length ? text : text.slice(from, to);
}
