import {
  type Document,
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  type Node,
  type Pair,
  type YAMLMap,
} from 'yaml';

/**
 * Maps between key paths (`['approvals', 'count']`) and positions in a parsed YAML
 * document, so every policy error can name both. Positions are character offsets; the
 * caller turns them into line:column with the document's LineCounter.
 */

export type KeyPath = readonly (string | number)[];

/** The text of a mapping key as it reaches the parsed object (`toJS` stringifies keys). */
export function keyText(key: unknown): string {
  if (isScalar(key)) return key.value === null ? '' : String(key.value);
  return String(key);
}

/**
 * Offset of the deepest node on `path` that exists: the key of a mapping entry (where a
 * reader looks), an item of a list, or the document itself. Null for an empty document.
 */
export function locatePath(doc: Document, path: KeyPath): number | null {
  let node: unknown = doc.contents;
  let offset = startOf(node);
  for (const segment of path) {
    if (isAlias(node)) node = node.resolve(doc);
    if (isMap(node)) {
      const pair = pairsByKey(node).get(String(segment));
      if (pair === undefined) break;
      offset = startOf(pair.key) ?? startOf(pair.value) ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment];
      if (item === undefined) break;
      offset = startOf(item) ?? offset;
      node = item;
    } else break;
  }
  return offset;
}

/** The key path leading to the node at `offset` (for YAML errors, which only know offsets). */
export function pathAtOffset(doc: Document, offset: number): (string | number)[] {
  const path: (string | number)[] = [];
  let node: unknown = doc.contents;
  for (let depth = 0; depth < 1000; depth++) {
    if (isMap(node)) {
      const pair = node.items.find((item: Pair) => spans(item, offset));
      if (pair === undefined) break;
      path.push(keyText(pair.key));
      const valueStart = (pair.value as Node | null)?.range?.[0];
      if (valueStart === undefined || offset < valueStart) break;
      node = pair.value;
    } else if (isSeq(node)) {
      const index = node.items.findIndex((item) => contains(item, offset));
      if (index === -1) break;
      path.push(index);
      node = node.items[index];
    } else break;
  }
  return path;
}

const INDEXES = new WeakMap<YAMLMap, Map<string, Pair>>();

/**
 * A mapping's entries by key, built once per mapping: locating thousands of errors in a
 * large mapping must not cost a scan each. With a duplicated key the last entry wins, as
 * it does in the parsed object.
 */
function pairsByKey(map: YAMLMap): Map<string, Pair> {
  let index = INDEXES.get(map);
  if (index === undefined) {
    index = new Map(map.items.map((pair) => [keyText(pair.key), pair]));
    INDEXES.set(map, index);
  }
  return index;
}

export type KeyProblem = { offset: number; kind: 'complex' | 'duplicate' };

/**
 * Keys that are lists or mappings (`? [a, b]: c`, unreadable once parsed) and keys repeated
 * in one mapping. yaml's own `uniqueKeys` check compares every key with every other, which
 * takes seconds on a large file; a set per mapping does it in one pass. Nesting is bounded
 * by findDeepNesting before this runs.
 */
export function findKeyProblems(doc: Document): KeyProblem[] {
  const problems: KeyProblem[] = [];
  const visit = (node: unknown): void => {
    if (isMap(node)) {
      const seen = new Set<string>();
      for (const pair of node.items) {
        if (pair.key !== null && !isScalar(pair.key))
          problems.push({ offset: startOf(pair.key) ?? 0, kind: 'complex' });
        else {
          const key = keyText(pair.key);
          if (seen.has(key)) problems.push({ offset: startOf(pair.key) ?? 0, kind: 'duplicate' });
          seen.add(key);
        }
        visit(pair.value);
      }
    } else if (isSeq(node)) for (const item of node.items) visit(item);
  };
  visit(doc.contents);
  return problems;
}

function startOf(node: unknown): number | null {
  if (isPair(node)) return startOf(node.key);
  const range = (node as Node | null | undefined)?.range;
  return range ? range[0] : null;
}

/** From the key to the end of the value, so a tag or `:` between them belongs to the entry. */
function spans(pair: Pair, offset: number): boolean {
  const start = startOf(pair.key) ?? startOf(pair.value);
  const end = (pair.value as Node | null)?.range?.[2] ?? (pair.key as Node | null)?.range?.[2];
  return start !== null && end !== undefined && offset >= start && offset < Math.max(end, start + 1);
}

function contains(node: unknown, offset: number): boolean {
  const range = (node as Node | null | undefined)?.range;
  return (
    range !== undefined && range !== null && offset >= range[0] && offset < Math.max(range[2], range[0] + 1)
  );
}
