import { normaliseText, plainStartsWith } from './normalise.js';

/**
 * Finds literal markers in a text. Literals are normalised once, in buildCatalogue. Literals
 * sharing their first characters (six footers start `generated with`) form a group found with
 * one search; a member is then checked only where its group's anchor occurs. The only regex
 * is an alternation of literal anchors, which cannot backtrack.
 */
export interface TextMatcher<T> {
  readonly literals: readonly TextLiteral<T>[];
  readonly groups: readonly LiteralGroup[];
  /** Every anchor, case-insensitively: finds the candidates in a plain text (matchPlainText). */
  readonly locator: RegExp;
}

export interface TextLiteral<T> {
  /** Normalised, for matching. */
  readonly key: string;
  /** As the catalogue or policy writes it, for evidence. */
  readonly literal: string;
  readonly target: T;
}

interface LiteralGroup {
  /** The first ANCHOR characters every member's key starts with. */
  readonly anchor: string;
  /** Indexes into `literals`. */
  readonly members: readonly number[];
}

const ANCHOR = 8;

/** The first entry of a literal wins when two share it (built-ins come first). */
export function buildTextMatcher<T>(
  entries: Iterable<readonly [literal: string, target: T]>,
): TextMatcher<T> {
  const byKey = new Map<string, TextLiteral<T>>();
  for (const [literal, target] of entries) {
    const key = normaliseText(literal);
    if (key.length > 0 && !byKey.has(key)) byKey.set(key, { key, literal, target });
  }
  const literals = [...byKey.values()];
  const groups = new Map<string, number[]>();
  literals.forEach(({ key }, index) => {
    const anchor = key.slice(0, ANCHOR);
    const members = groups.get(anchor) ?? [];
    members.push(index);
    groups.set(anchor, members);
  });
  const anchors = [...groups.keys()].map((anchor) => anchor.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&'));
  // `(?!)` never matches: there is nothing to find.
  const source = anchors.length > 0 ? anchors.join('|') : '(?!)';
  return {
    literals,
    groups: [...groups].map(([anchor, members]) => ({ anchor, members })),
    locator: new RegExp(source, 'gi'),
  };
}

/** Every literal found in `normalised` (a text already passed through normaliseText), in catalogue order. */
export function matchText<T>(normalised: string, matcher: TextMatcher<T>): TextLiteral<T>[] {
  // Allocated on the first hit: most texts contain no marker.
  let found: boolean[] | null = null;
  for (const group of matcher.groups) {
    let at = normalised.indexOf(group.anchor);
    if (at < 0) continue;
    found ??= [];
    let remaining = group.members.length;
    for (; at >= 0 && remaining > 0; at = normalised.indexOf(group.anchor, at + 1)) {
      for (const index of group.members) {
        if (found[index] !== true && normalised.startsWith(matcher.literals[index]!.key, at)) {
          found[index] = true;
          remaining -= 1;
        }
      }
    }
  }
  if (found === null) return [];
  const hits = found;
  return matcher.literals.filter((_, index) => hits[index] === true);
}

/**
 * matchText for a plain text (isPlainText), without building its normalised copy: that copy
 * is the text with A-Z lower-cased, so a case-insensitive search for the anchors finds every
 * candidate (and maybe more), and plainStartsWith decides. A 10,000-commit PR then makes no
 * lower-case copies of its messages.
 */
export function matchPlainText<T>(text: string, matcher: TextMatcher<T>): TextLiteral<T>[] {
  const { locator } = matcher;
  let found: boolean[] | null = null;
  locator.lastIndex = 0;
  for (let match = locator.exec(text); match !== null; match = locator.exec(text)) {
    const at = match.index;
    for (const group of matcher.groups) {
      if (!plainStartsWith(text, group.anchor, at)) continue;
      for (const index of group.members) {
        if (plainStartsWith(text, matcher.literals[index]!.key, at)) {
          found ??= [];
          found[index] = true;
        }
      }
    }
    // Anchors may overlap (`claude.a` inside a longer marker): look again one character on.
    locator.lastIndex = at + 1;
  }
  if (found === null) return [];
  const hits = found;
  return matcher.literals.filter((_, index) => hits[index] === true);
}
