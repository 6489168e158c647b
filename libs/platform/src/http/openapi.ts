import type { OpenAPIObject } from '@nestjs/swagger';
import { ValidationTypes, getMetadataStorage } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';
import { CERTIFICATION_CODE } from './params';
import { problemCodeSchema } from './problem-schema';

type SchemaRules = Record<string, unknown>;

/** Where @ApiProperty keeps a property's schema (DECORATORS.API_MODEL_PROPERTIES, not exported by the package). */
const API_MODEL_PROPERTIES = 'swagger/apiModelProperties';

/** A JSON Schema pattern has no flags: a case-insensitive regex spells each letter's two cases. */
export function patternOf(pattern: RegExp | string, modifiers?: string): string {
  const source = typeof pattern === 'string' ? pattern : pattern.source;
  const flags = (typeof pattern === 'string' ? '' : pattern.flags) + (modifiers ?? '');
  if (!flags.includes('i')) return source;
  let inClass = false;
  let out = '';
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') {
      out += c + (source[++i] ?? '');
      continue;
    }
    if (c === '[') inClass = true;
    else if (c === ']') inClass = false;
    const lower = c.toLowerCase();
    const upper = c.toUpperCase();
    out += !inClass && lower !== upper ? `[${upper}${lower}]` : c;
  }
  return out;
}

/** What one class-validator rule says in JSON Schema terms (arrays: `each` rules land on the items). */
function rulesOf(metadata: ValidationMetadata): SchemaRules {
  const [first, second] = (metadata.constraints ?? []) as unknown[];
  switch (metadata.name ?? '') {
    case 'isInt':
      return { type: 'integer' };
    case 'isBoolean':
      return { type: 'boolean' };
    case 'isUuid':
      return { format: 'uuid' };
    case 'isEmail':
      return { format: 'email' };
    case 'minLength':
      return { minLength: first };
    case 'maxLength':
      return { maxLength: first };
    case 'isLength':
      return { minLength: first, ...(typeof second === 'number' ? { maxLength: second } : {}) };
    case 'isNotEmpty':
      return { minLength: 1 };
    case 'matches':
      return { pattern: patternOf(first as RegExp | string, second as string | undefined) };
    case 'min':
      return { minimum: first };
    case 'max':
      return { maximum: first };
    case 'isIn':
      return { enum: first };
    case 'arrayNotEmpty':
      return { minItems: 1 };
    case 'arrayMinSize':
      return { minItems: first };
    case 'arrayMaxSize':
      return { maxItems: first };
    case 'arrayUnique':
      return { uniqueItems: true };
    default:
      return {};
  }
}

const EXPLICIT_TYPES: unknown[] = [Number, 'number', undefined];

/**
 * States in the OpenAPI document what the validation enforces (lengths, patterns, item counts, bounds,
 * integers, formats), like the Swagger compiler plugin's classValidatorShim, which this swc build lacks.
 * Runs over every validated property that is documented; what a decorator states explicitly wins.
 * Idempotent: call it before each SwaggerModule.createDocument.
 */
export function documentValidationRules(): void {
  const storage = getMetadataStorage() as unknown as { validationMetadatas: Map<abstract new () => object, ValidationMetadata[]> };
  for (const [target, rules] of storage.validationMetadatas) {
    for (const rule of rules) {
      if (rule.type !== ValidationTypes.CUSTOM_VALIDATION || (rule.groups?.length ?? 0) > 0) continue;
      const documented = Reflect.getMetadata(API_MODEL_PROPERTIES, target.prototype, rule.propertyName) as SchemaRules | undefined;
      if (!documented) continue;
      const derived = rulesOf(rule);
      // `each` rules on an array apply to its items; Swagger moves string and number modifiers there itself.
      if (!rule.each && documented.isArray && ('minLength' in derived || 'pattern' in derived || 'format' in derived)) continue;
      const items = documented.items as SchemaRules | undefined;
      // ApiProperty already moved an array's enum to its items.
      if (derived.enum && (documented.enum || items?.enum)) continue;
      const merged: SchemaRules = { ...derived, ...documented };
      if (derived.type === 'integer' && EXPLICIT_TYPES.includes(documented.type)) merged.type = 'integer';
      if (derived.type === 'integer' && documented.isArray) merged.type = documented.type;
      Reflect.defineMetadata(API_MODEL_PROPERTIES, merged, target.prototype, rule.propertyName);
    }
  }
}

const PROBLEM = { $ref: '#/components/schemas/ProblemDetails' };

const PROBLEM_SCHEMAS = {
  FieldError: {
    type: 'object',
    required: ['field', 'message'],
    properties: {
      field: { type: 'string', example: 'email' },
      message: { type: 'string', example: 'email must be an email' },
      line: { type: 'integer', description: 'For a spreadsheet import: the line or sheet row' },
    },
  },
  ProblemDetails: {
    type: 'object',
    description: 'RFC 9457 problem details',
    required: ['type', 'title', 'status', 'detail'],
    properties: {
      type: { type: 'string', example: 'https://competences.example.org/problems/validation' },
      title: { type: 'string', example: 'Bad Request' },
      status: { type: 'integer', example: 400 },
      detail: { type: 'string' },
      instance: { type: 'string', example: '/api/learners' },
      code: problemCodeSchema(),
      errors: { type: 'array', items: { $ref: '#/components/schemas/FieldError' }, description: 'Each failing field' },
      errorCount: { type: 'integer', description: 'When `errors` lists only the first failures: how many there were' },
    },
  },
};

/** Path parameters are checked by pipes (uuidParam, certificationCodeParam), which Swagger cannot read. */
const PATH_PARAMETER_SCHEMAS: Record<string, Record<string, string>> = {
  id: { format: 'uuid' },
  userId: { format: 'uuid' },
  code: { pattern: patternOf(CERTIFICATION_CODE) },
};

const BODY_ERRORS: Record<string, string> = {
  '413': 'The body is too large (2 MB of JSON, or too many values in it)',
  '415': 'A body of another media type than the route takes',
};

/** A path names a record (PUT excepted: it creates what its path names); ids of another organisation answer alike. */
const NOT_FOUND = 'Nothing by that path parameter that you may see (ids of another organisation answer alike)';

/**
 * What every operation can answer besides its own statuses, written once here rather than on 60 routes:
 * a 400 problem for any operation that takes parameters or a body (validation names each field), a 404
 * for any operation but PUT whose path names a record, 413 and 415 for any body, the problem+json schema
 * on every error response, and what the path pipes check.
 */
export function completeOpenApiDocument(document: OpenAPIObject): OpenAPIObject {
  document.components = { ...document.components, schemas: { ...document.components?.schemas, ...PROBLEM_SCHEMAS } };
  for (const methods of Object.values(document.paths)) {
    for (const method of ['get', 'put', 'post', 'delete', 'patch'] as const) {
      const operation = methods[method];
      if (!operation) continue;
      const responses = operation.responses;
      for (const parameter of operation.parameters ?? []) {
        if (!('in' in parameter) || parameter.in !== 'path' || !parameter.schema || '$ref' in parameter.schema) continue;
        parameter.schema = { ...PATH_PARAMETER_SCHEMAS[parameter.name], ...parameter.schema };
      }
      if ((operation.parameters?.length ?? 0) > 0 || operation.requestBody) {
        responses['400'] ??= { description: 'Invalid request: `errors` names each failing field' };
      }
      if (method !== 'put' && operation.parameters?.some((parameter) => 'in' in parameter && parameter.in === 'path')) {
        responses['404'] ??= { description: NOT_FOUND };
      }
      if (operation.requestBody) {
        for (const [status, description] of Object.entries(BODY_ERRORS)) responses[status] ??= { description };
      }
      for (const [status, response] of Object.entries(responses)) {
        if (/^[45]\d\d$/.test(status) && response && 'description' in response && !response.content) {
          response.content = { 'application/problem+json': { schema: PROBLEM } };
        }
      }
      operation.responses = Object.fromEntries(Object.entries(responses).sort(([a], [b]) => a.localeCompare(b)));
    }
  }
  return document;
}
