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
const LITERAL_NEWLINE = '\\n';
// Where a key must end: keys are short, so a colon further in means prose, not a trailer.
const KEY_WINDOW = 96;
const KEY = /^[a-z][a-z0-9-]*$/;

/**
 * Every `Key: value` line of a message, wherever it sits. Git only reads the last paragraph,
 * but GitHub's squash merges put `Co-authored-by` after a `---------` line and PR bodies wrap
 * trailers in markdown (`**Co-Authored-By:** …`), so every line is a candidate. One pass, no
 * regex over the line itself: a huge message costs time linear in its length.
 *
 * `lines` memoises parsed lines across the messages of one pull request, whose commits repeat
 * the same trailers (`Co-authored-by: Claude <noreply@anthropic.com>`) thousands of times.
 */
export function parseTrailers(raw: string, lines?: TrailerLines): Trailer[] {
  // Agents that run `git commit -m "subject\n\nCo-authored-by: …"` leave the two characters
  // `\` `n`: their trailers sit mid-line. Read those as line breaks (one linear pass).
  const message = raw.includes(LITERAL_NEWLINE) ? raw.replaceAll(LITERAL_NEWLINE, '\n') : raw;
  const trailers: Trailer[] = [];
  // Only a line with a colon can hold one: go from colon to colon. Every search starts where
  // the last stopped (looking back no further than the line before), so it stays linear.
  let from = 0;
  for (let colon = message.indexOf(':'); colon !== -1; colon = message.indexOf(':', from)) {
    const start = message.lastIndexOf('\n', colon) + 1;
    let end = message.indexOf('\n', colon);
    if (end === -1) end = message.length;
    if (colon - start <= KEY_WINDOW) {
      const trailer = parseLine(message, start, colon, end, lines);
      if (trailer !== null) trailers.push(trailer);
    }
    from = end + 1;
  }
  return trailers;
}

/** Parsed trailers by the text of their line (null: not a trailer). Bounded by parseTrailers. */
export type TrailerLines = Map<string, Trailer | null>;

const MAX_MEMO_LINES = 4096;
const MAX_MEMO_LINE = 256;

function parseLine(
  message: string,
  start: number,
  colon: number,
  end: number,
  lines: TrailerLines | undefined,
): Trailer | null {
  let from = start;
  let to = colon;
  while (from < to && isLeader(message.charCodeAt(from))) from++;
  while (to > from && isEmphasis(message.charCodeAt(to - 1))) to--;
  // Within KEY_WINDOW, so at most 96 characters as written; MAX_KEY is checked once normalised.
  if (to === from) return null;
  // Checked before any string is built: most prose lines with a colon stop here.
  const shape = keyShape(message, from, to);
  if (shape === NOT_A_KEY) return null;
  if (lines === undefined || end - start > MAX_MEMO_LINE)
    return parseKeyed(message, from, to, colon, end, shape);
  const line = message.slice(start, end);
  let trailer = lines.get(line);
  if (trailer === undefined) {
    trailer = parseKeyed(message, from, to, colon, end, shape);
    if (lines.size >= MAX_MEMO_LINES) lines.clear();
    lines.set(line, trailer);
  }
  return trailer;
}

/** The rest of parseLine, for a line whose key (`from` to `to`) has a key's shape. */
function parseKeyed(
  message: string,
  from: number,
  to: number,
  colon: number,
  end: number,
  shape: number,
): Trailer | null {
  const rawKey = message.slice(from, to);
  const key = shape === LOWER_ASCII ? rawKey : shape === ASCII ? rawKey.toLowerCase() : normaliseText(rawKey);
  if (key.length > MAX_KEY || (shape === OTHER && !KEY.test(key))) return null;
  const value = trimValue(message.slice(colon + 1, end));
  // `https://…` is a URL, not a trailer called "https".
  if (value.length === 0 || value.startsWith('//')) return null;
  const { name, email } = splitIdentity(value);
  return { key, rawKey, value, name, email };
}

const NOT_A_KEY = 0;
/** Already a normalised key. */
const LOWER_ASCII = 1;
/** A key once lower-cased. */
const ASCII = 2;
/** Has non-ASCII characters: normalise it, then check it. */
const OTHER = 3;

/**
 * Sorts a raw key without copying it. An ASCII character outside `[A-Za-z0-9-]` survives
 * normalisation (or joins a mark in a non-ASCII letter), so the key can never match KEY.
 */
function keyShape(message: string, from: number, to: number): number {
  let shape = LOWER_ASCII;
  for (let i = from; i < to; i++) {
    const code = message.charCodeAt(i);
    const lower = code >= 0x61 && code <= 0x7a;
    const upper = code >= 0x41 && code <= 0x5a;
    const digitOrDash = (code >= 0x30 && code <= 0x39) || code === 0x2d;
    if (code >= 0x80) shape = OTHER;
    else if (upper && shape === LOWER_ASCII) shape = ASCII;
    // Any other ASCII character, or a digit or dash first (a key starts with a letter).
    else if (!lower && !upper && !(digitOrDash && i > from)) return NOT_A_KEY;
  }
  return shape;
}

const NO_IDENTITY = { name: null, email: null };

/**
 * `Name <email>` → name and email. Also the spellings agents and people really write: a bare
 * email after the name (`OpenHands-GPT-5 openhands@all-hands.dev`), an email alone
 * (`Assisted-by: CursorAgent@cursor.com`), or one in quotes (`Claude "noreply@anthropic.com"`).
 * Anything else → nulls. The email is what identifies; names carry model names and templates.
 */
function splitIdentity(value: string): { name: string | null; email: string | null } {
  if (value.endsWith('>')) {
    const open = value.lastIndexOf('<');
    if (open < 0) return NO_IDENTITY;
    const email = unquote(value.slice(open + 1, -1));
    if (!isEmail(email)) return NO_IDENTITY;
    return { name: nameOf(value.slice(0, open)), email };
  }
  const space = Math.max(value.lastIndexOf(' '), value.lastIndexOf('\t'));
  const email = unquote(value.slice(space + 1));
  if (!isEmail(email)) return NO_IDENTITY;
  return { name: space < 0 ? null : nameOf(value.slice(0, space)), email };
}

function nameOf(text: string): string | null {
  const name = unquote(text);
  return name.length > 0 ? name : null;
}

const QUOTES = `"'\u201c\u201d\u2018\u2019`;

function unquote(text: string): string {
  let from = 0;
  let to = text.length;
  while (from < to && (text.charCodeAt(from) === 0x20 || QUOTES.includes(text.charAt(from)))) from++;
  while (to > from && (text.charCodeAt(to - 1) === 0x20 || QUOTES.includes(text.charAt(to - 1)))) to--;
  return text.slice(from, to);
}

/** `local@domain.tld`, no spaces, no brackets: enough to tell an address from prose. */
function isEmail(text: string): boolean {
  const at = text.indexOf('@');
  if (at <= 0 || at !== text.lastIndexOf('@') || text.length > 254) return false;
  const dot = text.indexOf('.', at);
  return dot > at + 1 && dot < text.length - 1 && !/[\s<>(),;:]/.test(text);
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

function trimValue(text: string): string {
  let from = 0;
  let to = text.length;
  while (from < to && isEmphasis(text.charCodeAt(from))) from++;
  while (to > from && isEmphasis(text.charCodeAt(to - 1))) to--;
  return from === 0 && to === text.length ? text : text.slice(from, to);
}
