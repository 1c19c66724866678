import { renderMarkdownTable } from '../render/render-markdown-table.js';
import { renderPolicyJsonSchema } from './schema.js';

/**
 * The policy reference in docs/policy.md, rendered from the JSON Schema that zod generates,
 * so the documentation cannot drift from what the parser accepts: one table row per key
 * with its type, default and description. scripts/write-schemas.ts writes it; a test fails
 * when the committed file differs.
 */

type JsonSchema = {
  $ref?: string;
  $defs?: Record<string, JsonSchema>;
  type?: string;
  enum?: readonly unknown[];
  properties?: Record<string, JsonSchema>;
  required?: readonly string[];
  items?: JsonSchema;
  default?: unknown;
  description?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  minItems?: number;
};

type Row = { key: string; type: string; default: string; description: string };

export function renderPolicyReference(schema: object = renderPolicyJsonSchema()): string {
  const root = schema as JsonSchema;
  const defs = root.$defs ?? {};
  const resolve = (node: JsonSchema): JsonSchema => {
    const name = node.$ref?.replace('#/$defs/', '');
    return name === undefined ? node : resolve({ ...defs[name], ...withoutRef(node) });
  };
  const rows: Row[] = [];
  const visit = (node: JsonSchema, prefix: string) => {
    const object = resolve(node);
    for (const [key, raw] of Object.entries(object.properties ?? {})) {
      const child = resolve(raw);
      const path = prefix === '' ? key : `${prefix}.${key}`;
      const required = (object.required ?? []).includes(key) && child.default === undefined;
      rows.push({
        key: path,
        type: describeType(child, resolve),
        default: required ? 'required' : describeDefault(child),
        description: child.description ?? '',
      });
      if (child.type === 'object') visit(child, path);
      const items = child.items === undefined ? undefined : resolve(child.items);
      if (child.type === 'array' && items?.type === 'object') visit(items, `${path}[]`);
    }
  };
  visit(root, '');
  const cells = rows.map((row) => [code(row.key), cell(row.type), cell(row.default), cell(row.description)]);
  return renderMarkdownTable(['Key', 'Type', 'Default', 'Description'], cells);
}

function describeDefault(node: JsonSchema): string {
  if (node.default === undefined) return '—';
  if (node.type === 'object') return 'see its keys';
  return code(typeof node.default === 'string' ? node.default : JSON.stringify(node.default));
}

function withoutRef(node: JsonSchema): JsonSchema {
  const { $ref: _ref, ...rest } = node;
  return rest;
}

function describeType(node: JsonSchema, resolve: (node: JsonSchema) => JsonSchema): string {
  if (node.enum !== undefined) return node.enum.map((value) => code(String(value))).join(' | ');
  switch (node.type) {
    case 'integer':
      return `integer${range(node)}`;
    case 'array': {
      const items = node.items === undefined ? 'values' : describeType(resolve(node.items), resolve);
      const atLeast = node.minItems === undefined ? '' : ` (at least ${node.minItems})`;
      return `list of ${items.replace(/^(mapping|integer)/, '$1s')}${atLeast}`;
    }
    case 'object':
      return 'mapping';
    case 'string':
      return 'text';
    default:
      return node.type ?? 'any';
  }
}

function range(node: JsonSchema): string {
  const low = node.minimum ?? (node.exclusiveMinimum === undefined ? undefined : node.exclusiveMinimum + 1);
  const high =
    node.maximum !== undefined && node.maximum < Number.MAX_SAFE_INTEGER ? node.maximum : undefined;
  if (low !== undefined && high !== undefined) return ` ${low}–${high}`;
  if (low !== undefined) return ` ≥ ${low}`;
  return '';
}

function code(text: string): string {
  return `\`${text}\``;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}
