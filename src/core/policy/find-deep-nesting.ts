import { type CST, Parser } from 'yaml';

/**
 * Runs before the document is composed. Composing recurses once per nesting level, and a
 * few kilobytes of `- - - -` or `[[[[` drive it into stack exhaustion; in Node that can end
 * in a fatal V8 error (a RegExpCompiler allocation failure) that no try/catch survives. The
 * concrete syntax tree comes from yaml's Parser, which works with its own stack rather than
 * recursion, so its depth can be measured safely, with an explicit stack here too.
 */

/** Real policies nest about six levels; the composer survives about a thousand. */
export const MAX_NESTING = 64;

/** Offset of the first collection nested deeper than `limit`, or null. */
export function findDeepNesting(text: string, limit: number = MAX_NESTING): number | null {
  for (const token of new Parser().parse(text)) {
    const pending: { token: CST.Token | undefined; depth: number }[] = [{ token, depth: 0 }];
    for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
      const { token: current, depth } = next;
      if (current === undefined) continue;
      if (current.type === 'document') pending.push({ token: current.value, depth });
      else if (
        current.type === 'block-map' ||
        current.type === 'block-seq' ||
        current.type === 'flow-collection'
      ) {
        if (depth >= limit) return current.offset;
        for (const item of current.items) {
          if ('key' in item && item.key) pending.push({ token: item.key, depth: depth + 1 });
          if (item.value) pending.push({ token: item.value, depth: depth + 1 });
        }
      }
    }
  }
  return null;
}
