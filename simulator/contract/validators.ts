import { createRequire } from 'node:module';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

/**
 * JSON Schema validators over GitHub's published specs: the REST OpenAPI description
 * (`@octokit/openapi`, api.github.com) and the webhook payload schemas
 * (`@octokit/webhooks-schemas`). Each spec is loaded once per process, and each validator
 * compiled once and cached by operation (or event and action).
 */

const require = createRequire(import.meta.url);
// ajv-formats is CommonJS with a default export.
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

interface OpenApiOperation {
  readonly operationId: string;
  readonly requestBody?: { readonly content?: Record<string, { readonly schema?: object }> };
  readonly responses: Record<string, { readonly content?: Record<string, { readonly schema?: object }> }>;
}

type OpenApi = { readonly paths: Record<string, Record<string, OpenApiOperation>> };

export interface Operation {
  readonly id: string;
  readonly method: string;
  readonly template: string;
  readonly operation: OpenApiOperation;
}

function newAjv(): Ajv {
  const ajv = new Ajv({ strict: false, allErrors: false, logger: false, validateSchema: false });
  addFormats(ajv);
  return ajv;
}

let openapi: {
  spec: OpenApi;
  ajv: Ajv;
  routes: Array<Operation & { pattern: RegExp; literal: number }>;
} | null = null;

function loadOpenApi() {
  if (openapi) return openapi;
  const spec = closeObjects(
    allowNullWithoutType(require('@octokit/openapi/generated/api.github.com.json')),
  ) as OpenApi;
  const ajv = newAjv();
  ajv.addSchema(spec as object, 'openapi');
  const routes = Object.entries(spec.paths).flatMap(([template, methods]) =>
    Object.entries(methods)
      .filter(([method]) => ['get', 'post', 'put', 'patch', 'delete'].includes(method))
      .map(([method, operation]) => {
        const segments = template.split('/');
        // A parameter matches one segment, except a last `{path}` or `{ref}`, which may hold slashes.
        const source = segments
          .map((seg, i) =>
            /^\{(path|ref)\}$/.test(seg) && i === segments.length - 1
              ? '(.+)'
              : /^\{.+\}$/.test(seg)
                ? '([^/]+)'
                : escapeRegExp(seg),
          )
          .join('/');
        return {
          id: operation.operationId,
          method: method.toUpperCase(),
          template,
          operation,
          pattern: new RegExp(`^${source}$`),
          literal: segments.filter((s) => s !== '' && !s.startsWith('{')).length,
        };
      }),
  );
  // Most literal segments first: `/repos/{o}/{r}/check-runs/{id}/rerequest` before `…/{path}`.
  routes.sort((a, b) => b.literal - a.literal);
  openapi = { spec, ajv, routes };
  return openapi;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The documented operation for a method and path (without `/api/v3`), or null when GitHub has none. */
export function findOperation(method: string, path: string): Operation | null {
  return loadOpenApi().routes.find((r) => r.method === method && r.pattern.test(path)) ?? null;
}

const compiled = new Map<string, ValidateFunction | null>();

function pointer(...parts: string[]): string {
  return parts.map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');
}

function compileAt(key: string, ref: string | null): ValidateFunction | null {
  if (compiled.has(key)) return compiled.get(key)!;
  const validate = ref === null ? null : loadOpenApi().ajv.compile({ $ref: ref });
  compiled.set(key, validate);
  return validate;
}

/** The validator of an operation's JSON request body (null: it documents none). */
export function requestValidator(op: Operation): ValidateFunction | null {
  const has = op.operation.requestBody?.content?.['application/json']?.schema !== undefined;
  const ref = `openapi#/${pointer('paths', op.template, op.method.toLowerCase(), 'requestBody', 'content', 'application/json', 'schema')}`;
  return compileAt(`request ${op.id}`, has ? ref : null);
}

/** The validator of an operation's JSON response for `status` (undefined: the status is not documented). */
export function responseValidator(op: Operation, status: number): ValidateFunction | null | undefined {
  const response = op.operation.responses[String(status)];
  if (!response) return undefined;
  const has = response.content?.['application/json']?.schema !== undefined;
  const ref = `openapi#/${pointer('paths', op.template, op.method.toLowerCase(), 'responses', String(status), 'content', 'application/json', 'schema')}`;
  return compileAt(`response ${op.id} ${status}`, has ? ref : null);
}

let webhooks: { ajv: Ajv; definitions: Record<string, unknown> } | null = null;

/** The validator of a webhook payload for `event` and `action` (null: the schemas have no such event). */
export function webhookValidator(event: string, action: string | null): ValidateFunction | null {
  if (!webhooks) {
    const schema = allowNewFields(require('@octokit/webhooks-schemas/schema.json')) as {
      definitions: Record<string, unknown>;
    };
    webhooks = { ajv: newAjv(), definitions: schema.definitions };
  }
  const name = `${event}$${action ?? 'event'}`;
  const key = `webhook ${name}`;
  if (compiled.has(key)) return compiled.get(key)!;
  const { ajv, definitions } = webhooks;
  // One definition with the shared ones beside it: compiling the whole document (every event)
  // for each would take seconds.
  const validate =
    name in definitions ? ajv.compile({ ...(definitions[name] as object), definitions }) : null;
  compiled.set(key, validate);
  return validate;
}

/**
 * The webhook schemas close every object (`additionalProperties: false`), but GitHub adds
 * fields to payloads over time (`user_view_type` on every user, which its REST description
 * documents): checked as open objects, required fields, types, enums and formats still hold.
 */
function allowNewFields(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(allowNewFields);
  if (schema === null || typeof schema !== 'object') return schema;
  return Object.fromEntries(
    Object.entries(schema)
      .filter(([key, value]) => !(key === 'additionalProperties' && value === false))
      .map(([key, value]) => [key, allowNewFields(value)]),
  );
}

/**
 * GitHub's REST description lists each object's fields but leaves the object open; closed here
 * (`additionalProperties: false` on every object schema that lists `properties` and says nothing
 * of others), so a field the simulator invents, which an app could come to read, fails the
 * contract check. Left open: the parts of an `allOf` (each lists only some of the fields, and a
 * closed part would refuse the others') and objects that declare their own `additionalProperties`
 * (maps). Webhooks stay open (`allowNewFields`): there GitHub adds fields before documenting them.
 */
function closeObjects(schema: unknown, inAllOf = false): unknown {
  if (Array.isArray(schema)) return schema.map((item) => closeObjects(item, inAllOf));
  if (schema === null || typeof schema !== 'object') return schema;
  const record = schema as Record<string, unknown>;
  const closed = Object.fromEntries(
    Object.entries(record).map(([key, value]) => [
      key,
      key === 'properties' && value !== null && typeof value === 'object'
        ? Object.fromEntries(Object.entries(value).map(([name, field]) => [name, closeObjects(field)]))
        : closeObjects(value, key === 'allOf'),
    ]),
  );
  const listsFields = record.properties !== null && typeof record.properties === 'object';
  if (!listsFields || inAllOf || 'additionalProperties' in record) return closed;
  return { ...closed, additionalProperties: false };
}

/**
 * OpenAPI 3.0's `nullable: true` beside a `$ref` or `allOf` (no `type`), which JSON Schema
 * validators refuse: the same as "this schema, or null".
 */
function allowNullWithoutType(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(allowNullWithoutType);
  if (schema === null || typeof schema !== 'object') return schema;
  const record = schema as Record<string, unknown>;
  const converted = Object.fromEntries(
    Object.entries(record).map(([key, value]) => [key, allowNullWithoutType(value)]),
  );
  if (record.nullable !== true || 'type' in record) return converted;
  const { nullable: _nullable, ...rest } = converted;
  return { anyOf: [rest, { type: 'null' }] };
}
