/**
 * GitHub measures some fields in UTF-8 bytes (a check run's summary and text), so a cut by
 * characters can still be refused: `é` is two bytes, `✅` three, `😀` four. These helpers count
 * and cut by bytes, at a whole character and never inside one of our markdown escapes.
 */

/** UTF-8 length of `text` without encoding it (a surrogate pair is one 4-byte character). */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (isHighSurrogate(code) && isLowSurrogate(text.charCodeAt(i + 1))) {
      bytes += 4;
      i += 1;
    } else bytes += 3; // BMP, or a lone surrogate (encoded as U+FFFD, three bytes)
  }
  return bytes;
}

/** Total UTF-8 length of lines joined by newlines, counting one newline after each. */
export function utf8LinesLength(lines: readonly string[]): number {
  return lines.reduce((sum, line) => sum + utf8Length(line) + 1, 0);
}

/**
 * The longest prefix of `text` within `maxBytes`, ending on a whole character and outside any
 * escape `escapeMarkdown` writes (`\*`, `&amp;`, `@` + joiner, an open code span), so what is
 * kept renders as it would have whole.
 */
export function prefixWithinBytes(text: string, maxBytes: number): string {
  let bytes = 0;
  let end = 0;
  while (end < text.length) {
    const code = text.charCodeAt(end);
    const pair = isHighSurrogate(code) && isLowSurrogate(text.charCodeAt(end + 1));
    const size = pair ? 4 : utf8Length(text[end]!);
    if (bytes + size > maxBytes) break;
    bytes += size;
    end += pair ? 2 : 1;
  }
  return backOffEscape(text.slice(0, end));
}

/** `text` cut to `maxBytes` with an ellipsis when it does not fit (one line, as a title). */
export function clipBytes(text: string, maxBytes: number): string {
  if (utf8Length(text) <= maxBytes) return text;
  const ellipsis = '…';
  return prefixWithinBytes(text, Math.max(0, maxBytes - utf8Length(ellipsis))).trimEnd() + ellipsis;
}

/**
 * `text` within `maxBytes`: unchanged when it fits, else cut at the last whole line that fits
 * (at a character when a single line is too long) and ended with `note`, so a reader always
 * sees that something was left out.
 */
export function fitBytes(text: string, maxBytes: number, note: string): string {
  if (utf8Length(text) <= maxBytes) return text;
  const room = Math.max(0, maxBytes - utf8Length(note));
  const cut = prefixWithinBytes(text, room);
  const lineEnd = cut.lastIndexOf('\n');
  const kept = lineEnd > 0 ? cut.slice(0, lineEnd) : cut;
  return kept + note;
}

/** Drop a trailing partial escape: an odd run of backslashes, a partial HTML entity, a dangling `@`. */
function backOffEscape(prefix: string): string {
  let end = prefix.length;
  // `&amp;`, `&lt;`, `&gt;`: an `&` with no `;` after it in the last few characters.
  const amp = prefix.lastIndexOf('&');
  if (amp >= 0 && amp >= end - 5 && !prefix.slice(amp).includes(';')) end = amp;
  // `@` is always followed by a zero-width joiner; keep or drop the pair together.
  if (prefix[end - 1] === '@') end -= 1;
  let slashes = 0;
  while (end - slashes > 0 && prefix[end - slashes - 1] === '\\') slashes += 1;
  if (slashes % 2 === 1) end -= 1;
  const kept = prefix.slice(0, end);
  // An unmatched backtick opens a code span that would swallow what follows (the note's own).
  const lineStart = kept.lastIndexOf('\n') + 1;
  const ticks = [...kept.slice(lineStart).matchAll(/(?<!\\)`/g)];
  return ticks.length % 2 === 1 ? kept.slice(0, lineStart + ticks.at(-1)!.index) : kept;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}
