/**
 * Escaping for text a pull request's author controls (logins, git names and emails, commit
 * messages, file paths, trailer values, rule names). Everything a renderer shows goes through
 * one of these, so no mention, HTML, link, table break or terminal escape gets through.
 */

/** Joins `@` to what follows so GitHub sees no mention (renovate and dependabot do the same). */
const ZERO_WIDTH_JOINER = '\u200d';

/**
 * C0/C1 controls (newlines, ANSI escapes) and invisible characters that reorder or hide text
 * (bidi overrides, as in "Trojan Source"). They are shown as U+FFFD so a forged-looking name
 * stays visibly odd instead of silently looking like another.
 */
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;
const LINE_BREAKS = /\r\n|[\r\n\u2028\u2029]/g;
const REPLACEMENT = '\ufffd';

/** Longest user-controlled value we show in one place; a git name or trailer has no business being longer. */
export const MAX_FIELD_CHARS = 300;

/** Cuts text to `max` characters (counting UTF-16 units, as GitHub does) with an ellipsis, never splitting a surrogate pair. */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = Math.max(0, max - 1);
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return text.slice(0, end) + '…';
}

/** One line of plain text: line breaks become spaces, controls and invisible characters become U+FFFD. */
export function sanitizeLine(text: string, max = MAX_FIELD_CHARS): string {
  return clip(text.replace(LINE_BREAKS, ' ').replace(INVISIBLE, REPLACEMENT), max);
}

/**
 * Inline markdown for GitHub (safe inside a table cell, a list item or a heading):
 * - HTML: `&`, `<`, `>` become entities, so no tag or comment (and no forged hidden marker) survives;
 * - mentions and email autolinks: `@` is followed by a zero-width joiner;
 * - links and images: `[`, `]` are escaped; `://` and `www.` are broken so nothing autolinks;
 * - tables and code: `|` and backticks are escaped; line breaks become spaces;
 * - emphasis, headings and escapes: `\ * _ ~ #` are escaped, and so is a leading list or heading marker.
 */
export function escapeMarkdown(text: string, max = MAX_FIELD_CHARS): string {
  return (
    sanitizeLine(text, max)
      .trim()
      .replace(/[\\`*_~[\]|#]/g, (c) => '\\' + c)
      // At the start of a line these would begin a list item or a heading underline.
      .replace(/^([-+=])/, '\\$1')
      .replace(/^(\d+)([.)])/, '$1\\$2')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/@/g, '@' + ZERO_WIDTH_JOINER)
      .replace(/:\/\//g, ':' + ZERO_WIDTH_JOINER + '//')
      .replace(/\bwww\./gi, (m) => m.slice(0, 3) + ZERO_WIDTH_JOINER + '.')
  );
}

/** A commit SHA as a short code span; anything that is not hex is escaped as text instead. */
export function formatSha(sha: string, length = 7): string {
  return /^[0-9a-f]+$/i.test(sha) ? '`' + sha.slice(0, length) + '`' : escapeMarkdown(sha, 40);
}
