/**
 * Text normalisation for identity comparisons, done once per string. Logins, emails, trailer
 * keys and markers are compared case-insensitively after NFKC with invisible characters removed,
 * so `Co-Authored\u200B-By` or a full-width address cannot hide a signal. Text that Unicode
 * normalisation would leave alone (ASCII, plus symbols such as the emoji of agent footers) skips
 * that work: this runs for every commit of a 10,000-commit PR.
 */

// Zero-width, soft hyphen, word joiner, BOM and bidi controls.
const INVISIBLE = /[\u00AD\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/g;
// Global so `test` moves `lastIndex` from one non-ASCII code unit to the next without allocating.
const NEXT_NON_ASCII = /[^\u0000-\u007F]/g;

export function normaliseText(text: string): string {
  if (isPlainText(text)) return text.toLowerCase();
  return text.replace(INVISIBLE, '').normalize('NFKC').replace(INVISIBLE, '').toLowerCase();
}

/**
 * Whether normaliseText(text) is just `text` with A-Z lower-cased (same length, same offsets):
 * ASCII, plus characters such as the emoji of agent footers that normalisation leaves alone.
 */
export function isPlainText(text: string): boolean {
  // One scan: from each non-ASCII code unit to the next, none for an ASCII text.
  NEXT_NON_ASCII.lastIndex = 0;
  while (NEXT_NON_ASCII.test(text)) {
    const at = NEXT_NON_ASCII.lastIndex - 1;
    const code = text.codePointAt(at) ?? 0;
    if (!isInert(code)) return false;
    if (code > 0xffff) NEXT_NON_ASCII.lastIndex = at + 2;
  }
  return true;
}

/** For a plain text: whether normaliseText(text) has `key` (normalised) at `at`. */
export function plainStartsWith(text: string, key: string, at: number): boolean {
  if (at + key.length > text.length) return false;
  for (let i = 0; i < key.length; i++) {
    let code = text.charCodeAt(at + i);
    if (code >= 0x41 && code <= 0x5a) code += 0x20; // A-Z
    if (code !== key.charCodeAt(i)) return false;
  }
  return true;
}

// Punctuation and symbols never combine with a neighbour under NFKC (only marks and jamo do),
// so one that is unchanged on its own is unchanged in any text; variation selectors ride on emoji.
const INERT_CANDIDATE = /^(?:[\p{P}\p{S}]|\uFE0E|\uFE0F)$/u;
const INVISIBLE_CHAR = /^[\u00AD\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]$/;
// Keyed by code point; bounded so a text of every symbol in Unicode cannot grow it without end.
const inert = new Map<number, boolean>();
const MAX_INERT_CACHED = 4096;

/**
 * Whether removing invisibles, NFKC and lower casing all leave this character as it is,
 * whatever surrounds it. Without this, Claude Code's `🤖` footer alone would send a message
 * down the slow path, which costs three times as much.
 */
function isInert(code: number): boolean {
  const cached = inert.get(code);
  if (cached !== undefined) return cached;
  const char = String.fromCodePoint(code);
  const result =
    INERT_CANDIDATE.test(char) &&
    !INVISIBLE_CHAR.test(char) &&
    char.normalize('NFKC') === char &&
    char.toLowerCase() === char;
  if (inert.size >= MAX_INERT_CACHED) inert.clear();
  inert.set(code, result);
  return result;
}

const BOT_SUFFIX = '[bot]';

/** A login as a lookup key: normalised, `[bot]` dropped (REST shows it, GraphQL does not). */
export function normaliseLogin(login: string): string {
  const key = normaliseText(login).trim();
  return key.endsWith(BOT_SUFFIX) ? key.slice(0, -BOT_SUFFIX.length) : key;
}

export function normaliseEmail(email: string): string {
  let key = normaliseText(email).trim();
  if (key.startsWith('<') && key.endsWith('>')) key = key.slice(1, -1).trim();
  return key;
}

const NOREPLY_DOMAIN = '@users.noreply.github.com';

export interface NoreplyAddress {
  /** The numeric id before `+`; GitHub resolves the address by it. Null for the old `login@` form. */
  readonly id: number | null;
  /** The login text as written (normalised); only trusted when there is no id. */
  readonly login: string;
  /** Whether the login text ends in `[bot]`, which no human account can. */
  readonly isBotLogin: boolean;
}

/** Parses `ID+login@users.noreply.github.com` (or `login@…`) from a normalised email. */
export function parseNoreplyEmail(email: string): NoreplyAddress | null {
  if (!email.endsWith(NOREPLY_DOMAIN)) return null;
  const local = email.slice(0, -NOREPLY_DOMAIN.length);
  if (local.length === 0) return null;
  const plus = local.indexOf('+');
  const digits = plus > 0 ? local.slice(0, plus) : '';
  const hasId = digits.length > 0 && digits.length <= 15 && /^[0-9]+$/.test(digits);
  const loginText = hasId ? local.slice(plus + 1) : local;
  return {
    id: hasId ? Number(digits) : null,
    login: normaliseLogin(loginText),
    isBotLogin: loginText.endsWith(BOT_SUFFIX),
  };
}

const MAX_DETAIL = 160;
const LINE_BREAK = /[\r\n\t]/;

/** User-controlled text for an evidence detail: one line, bounded. Renderers escape it. */
export function clip(text: string, max = MAX_DETAIL): string {
  // Most details are short single lines: skip the regex and its copy.
  if (text.length <= max && !LINE_BREAK.test(text)) return text.trim();
  const head = text.length > max * 2 ? text.slice(0, max * 2) : text;
  const line = head.replace(/[\r\n\t]+/g, ' ').trim();
  // A text cut to its head shows the ellipsis too, however short its head's line came out.
  return line.length > max || head.length < text.length ? `${line.slice(0, max - 1)}…` : line;
}
