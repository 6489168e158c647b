/** The committed OpenAPI 3.0 document as the fuzzer reads it, and its schemas turned into JSON Schema for ajv. */

export type Schema = Record<string, any>;

export interface MediaType {
  schema?: Schema;
}

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: Schema;
}

export interface Operation {
  operationId?: string;
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content: Record<string, MediaType> };
  responses: Record<string, { description?: string; content?: Record<string, MediaType> }>;
  security?: Record<string, string[]>[];
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Schema> };
}

export interface FuzzOperation {
  /** `METHOD /path`, as printed in the summary. */
  key: string;
  id: string;
  method: string;
  path: string;
  operation: Operation;
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

export function listOperations(document: OpenApiDocument): FuzzOperation[] {
  const operations: FuzzOperation[] = [];
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      const key = `${method.toUpperCase()} ${path}`;
      operations.push({ key, id: operation.operationId ?? key, method: method.toUpperCase(), path, operation });
    }
  }
  return operations;
}

/** Inlines every `$ref` (the document's DTOs do not refer to themselves; a cycle is cut to `{}`). */
export function dereference(document: OpenApiDocument, schema: Schema | undefined, seen: string[] = []): Schema {
  if (!schema || typeof schema !== 'object') return {};
  if (typeof schema.$ref === 'string') {
    const ref: string = schema.$ref;
    if (seen.includes(ref)) return {};
    const name = ref.replace('#/components/schemas/', '');
    const target = document.components?.schemas?.[name];
    if (!target) throw new Error(`openapi.json: unresolved ${ref}`);
    const { $ref: _ref, ...siblings } = schema;
    return { ...dereference(document, target, [...seen, ref]), ...dereference(document, siblings, seen) };
  }
  const out: Schema = Array.isArray(schema) ? [] : {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'properties' && value && typeof value === 'object') {
      out.properties = Object.fromEntries(Object.entries(value).map(([name, sub]) => [name, dereference(document, sub as Schema, seen)]));
    } else if ((key === 'items' || key === 'additionalProperties') && value && typeof value === 'object') {
      out[key] = dereference(document, value as Schema, seen);
    } else if ((key === 'allOf' || key === 'anyOf' || key === 'oneOf') && Array.isArray(value)) {
      out[key] = value.map((sub) => dereference(document, sub, seen));
    } else {
      out[key] = value;
    }
  }
  return out;
}

/**
 * OpenAPI 3.0 schema (already dereferenced) → JSON Schema ajv understands: `nullable` becomes a `null` type,
 * annotations are dropped. With `closed`, objects that list their properties refuse others: a response
 * carrying a field the document does not name is a contract drift too.
 */
export function toJsonSchema(schema: Schema, options: { closed: boolean }): Schema {
  const { nullable, example: _example, description: _description, ...rest } = schema;
  const out: Schema = {};
  for (const [key, value] of Object.entries(rest)) {
    if (key === 'properties') {
      out.properties = Object.fromEntries(Object.entries(value as Schema).map(([name, sub]) => [name, toJsonSchema(sub, options)]));
    } else if (key === 'items' || (key === 'additionalProperties' && typeof value === 'object')) {
      out[key] = toJsonSchema(value as Schema, options);
    } else if ((key === 'allOf' || key === 'anyOf' || key === 'oneOf') && Array.isArray(value)) {
      out[key] = value.map((sub) => toJsonSchema(sub, options));
    } else {
      out[key] = value;
    }
  }
  if (options.closed && out.properties && out.additionalProperties === undefined) out.additionalProperties = false;
  if (nullable !== true) return out;
  // `allOf` next to `nullable` would still apply to null: only a plain typed schema takes the null type directly.
  if (typeof out.type === 'string' && !out.allOf && !out.anyOf && !out.oneOf) {
    out.type = [out.type, 'null'];
    if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
    return out;
  }
  return { anyOf: [out, { type: 'null' }] };
}

/** The problem document every error answers with (RFC 9457), used when the document gives no schema. */
export const PROBLEM_SCHEMA: Schema = {
  type: 'object',
  required: ['type', 'title', 'status', 'detail'],
  properties: {
    type: { type: 'string', minLength: 1 },
    title: { type: 'string', minLength: 1 },
    status: { type: 'integer', minimum: 400, maximum: 599 },
    detail: { type: 'string' },
    instance: { type: 'string' },
    code: { type: 'string' },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        required: ['field', 'message'],
        properties: { field: { type: 'string' }, message: { type: 'string' }, line: { type: 'integer' } },
      },
    },
  },
};

/** Bare media type, lower case, without parameters. */
export function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0].trim().toLowerCase();
}
