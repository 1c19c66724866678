/**
 * Text normalisation for identity comparisons, done once per string. Logins, emails, trailer
 * keys and markers are compared case-insensitively after NFKC with invisible characters removed,
 * so `Co-Authored\u200B-By` or a full-width address cannot hide a signal. ASCII text (almost all
 * of it) skips the Unicode work: this runs for every commit of a 10,000-commit PR.
 */

// Zero-width, soft hyphen, word joiner, BOM and bidi controls.
const INVISIBLE = /[\u00AD\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/g;
const NON_ASCII = /[^\u0000-\u007F]/;

export function normaliseText(text: string): string {
  if (!NON_ASCII.test(text)) return text.toLowerCase();
  return text.replace(INVISIBLE, '').normalize('NFKC').replace(INVISIBLE, '').toLowerCase();
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

/** User-controlled text for an evidence detail: one line, bounded. Renderers escape it. */
export function clip(text: string, max = MAX_DETAIL): string {
  const head = text.length > max * 2 ? text.slice(0, max * 2) : text;
  const line = head.replace(/[\r\n\t]+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}
