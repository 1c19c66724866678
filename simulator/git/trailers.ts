/**
 * `Co-authored-by` as GitHub reads it for `Commit.authors`: only from the message's final
 * trailer block, as git finds it. The block is the last paragraph after the subject, and
 * counts only when every line in it is a `Key: value` trailer (or a continuation line);
 * a `Co-authored-by:` line anywhere else is prose to GitHub and links nobody.
 */
export interface CoAuthorTrailer {
  readonly name: string;
  readonly email: string;
}

const TRAILER = /^[A-Za-z0-9][A-Za-z0-9-]*\s*:\s*\S/;
const CO_AUTHOR = /^co-authored-by:\s*(.+?)\s*<([^>]+)>\s*$/i;

/** The lines of the final trailer block (empty when the message has none). */
export function finalTrailerBlock(message: string): string[] {
  const paragraphs = message
    .replace(/\r\n/g, '\n')
    .split(/\n[ \t]*\n/)
    .map((p) => p.trim())
    .filter((p) => p !== '');
  // The first paragraph is the subject: never a trailer block.
  if (paragraphs.length < 2) return [];
  const lines = paragraphs.at(-1)!.split('\n');
  const trailers = lines.every((line, i) => TRAILER.test(line) || (i > 0 && /^[ \t]+\S/.test(line)));
  return trailers ? lines : [];
}

export function coAuthorsOf(message: string): CoAuthorTrailer[] {
  const out: CoAuthorTrailer[] = [];
  for (const line of finalTrailerBlock(message)) {
    const m = CO_AUTHOR.exec(line.trim());
    if (m) out.push({ name: m[1]!, email: m[2]! });
  }
  return out;
}
