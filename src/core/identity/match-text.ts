import { normaliseText } from './normalise.js';

/**
 * Finds literal markers in a text. Literals are normalised once, in buildCatalogue; a match
 * is a plain substring search per literal (no regex, so nothing can backtrack), which on the
 * short texts of commit messages beats one big alternation.
 */
export interface TextMatcher<T> {
  readonly literals: readonly TextLiteral<T>[];
}

export interface TextLiteral<T> {
  /** Normalised, for matching. */
  readonly key: string;
  /** As the catalogue or policy writes it, for evidence. */
  readonly literal: string;
  readonly target: T;
}

/** The first entry of a literal wins when two share it (built-ins come first). */
export function buildTextMatcher<T>(
  entries: Iterable<readonly [literal: string, target: T]>,
): TextMatcher<T> {
  const byKey = new Map<string, TextLiteral<T>>();
  for (const [literal, target] of entries) {
    const key = normaliseText(literal);
    if (key.length > 0 && !byKey.has(key)) byKey.set(key, { key, literal, target });
  }
  return { literals: [...byKey.values()] };
}

/** Every literal found in `normalised` (a text already passed through normaliseText). */
export function matchText<T>(normalised: string, matcher: TextMatcher<T>): TextLiteral<T>[] {
  const found: TextLiteral<T>[] = [];
  for (const literal of matcher.literals) {
    if (normalised.includes(literal.key)) found.push(literal);
  }
  return found;
}
