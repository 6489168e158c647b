import { ArgumentMetadata, BadRequestException, ValidationError, ValidationPipe } from '@nestjs/common';
import { FieldError } from '@project/domain';
import { defaultMetadataStorage } from 'class-transformer/cjs/storage';
import { ValidationTypes, getMetadataStorage } from 'class-validator';
import { VALIDATION_PROBLEM, validationProblem } from './params';

function flatten(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? (/^\d+$/.test(error.property) ? `${parent}[${error.property}]` : `${parent}.${error.property}`) : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/**
 * Why a string cannot be taken as text, or undefined. PostgreSQL text and jsonb cannot store U+0000 (it
 * would fail deep in SQL as a 500). A lone surrogate (`"\ud800"` in JSON) is no character at all: UTF-8
 * cannot encode it, so the database driver would silently store U+FFFD instead, and validator's isEmail
 * throws a URIError on it (a 500).
 */
export function textProblem(text: string): string | undefined {
  if (text.includes('\u0000')) return 'must not contain the NUL character (U+0000)';
  if (LONE_SURROGATE.test(text)) return 'must be well-formed Unicode text (it holds a lone surrogate, such as \\ud800)';
  return undefined;
}

/** In a `u` regular expression a surrogate pair is one code point: only an unpaired half is in category Cs. */
const LONE_SURROGATE = /\p{Cs}/u;

/**
 * The first string (or key) of a parsed request value that is not storable text (see textProblem): its
 * path and why, or undefined. Parsed JSON, query strings and params are walked; never streams or buffers
 * a route reads itself.
 */
export function unstorableText(value: unknown, path: string, depth = 0): { field: string; problem: string } | undefined {
  if (typeof value === 'string') {
    const problem = textProblem(value);
    return problem ? { field: path, problem } : undefined;
  }
  if (depth > 32 || value === null || typeof value !== 'object') return undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = unstorableText(value[i], `${path}[${i}]`, depth + 1);
      if (found) return found;
    }
    return undefined;
  }
  if (ArrayBuffer.isView(value) || typeof (value as { pipe?: unknown }).pipe === 'function') return undefined;
  for (const [key, child] of Object.entries(value)) {
    const childPath = path ? `${path}.${key}` : key;
    const problem = textProblem(key);
    if (problem) return { field: childPath, problem };
    const found = unstorableText(child, childPath, depth + 1);
    if (found) return found;
  }
  return undefined;
}

/**
 * A DTO body is a JSON object: Nest would turn null or a missing body into {} (a PATCH answering 200
 * having done nothing), and an array into a list of DTOs.
 */
function checkBodyKind(value: unknown): void {
  if (value === null || value === undefined || typeof value !== 'object' || Array.isArray(value)) {
    throw validationProblem('body', 'body must be a JSON object');
  }
}

/** A validation problem lists at most this many errors; `errorCount` then says how many there were. */
export const MAX_LISTED_ERRORS = 20;

/** The answer stays small whatever the body: the first errors, and how many there were. */
function validationException(listed: FieldError[], total: number): BadRequestException {
  const fields = [...new Set(listed.map((e) => e.field))].join(', ');
  return new BadRequestException({
    message: `Invalid request: ${fields}${total > listed.length ? ` and ${total - listed.length} more errors` : ''}`,
    errors: listed,
    ...(total > listed.length ? { errorCount: total } : {}),
    type: VALIDATION_PROBLEM,
  });
}

type DtoClass = abstract new () => object;

interface DtoShape {
  known: Set<string>;
  maxItems: Map<string, number>;
  nested: Map<string, DtoClass>;
}

const shapes = new WeakMap<DtoClass, DtoShape>();

/** What a DTO class accepts, read once from its class-validator and class-transformer metadata. */
function shapeOf(dto: DtoClass): DtoShape {
  let shape = shapes.get(dto);
  if (shape) return shape;
  shape = { known: new Set(), maxItems: new Map(), nested: new Map() };
  for (const rule of getMetadataStorage().getTargetValidationMetadatas(dto as new () => object, '', true, false)) {
    shape.known.add(rule.propertyName);
    if (rule.name === 'arrayMaxSize' && !rule.each) shape.maxItems.set(rule.propertyName, rule.constraints[0] as number);
    if (rule.type === ValidationTypes.NESTED_VALIDATION) {
      const type = defaultMetadataStorage.findTypeMetadata(dto, rule.propertyName)?.typeFunction();
      if (typeof type === 'function') shape.nested.set(rule.propertyName, type as DtoClass);
    }
  }
  shapes.set(dto, shape);
  return shape;
}

/**
 * A cheap first pass over a body, before class-transformer and class-validator: unknown properties and
 * arrays over their maximum size, at any nesting. class-validator builds an error object per unknown key
 * and validates every element of an oversized array, which costs seconds on a 2 MB body; a body with
 * either stops here.
 */
function cheapProblems(
  value: unknown,
  dto: DtoClass,
  path: string,
  found: { listed: FieldError[]; total: number; oversized: boolean },
): void {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return;
  const shape = shapeOf(dto);
  const note = (field: string, message: string) => {
    if (++found.total <= MAX_LISTED_ERRORS) found.listed.push({ field, message });
  };
  for (const [key, child] of Object.entries(value)) {
    const field = path ? `${path}.${key}` : key;
    if (!shape.known.has(key)) {
      note(field, `property ${key} should not exist`);
      continue;
    }
    const max = shape.maxItems.get(key);
    if (max !== undefined && Array.isArray(child) && child.length > max) {
      note(field, `${key} must contain no more than ${max} elements`);
      found.oversized = true;
      continue;
    }
    const nested = shape.nested.get(key);
    if (!nested) continue;
    if (Array.isArray(child)) child.forEach((item, i) => cheapProblems(item, nested, `${field}[${i}]`, found));
    else cheapProblems(child, nested, field, found);
  }
}

/** Global validation: unknown properties are refused, every failing field is named in `errors`. */
class ProblemValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' && this.toValidate(metadata)) {
      checkBodyKind(value);
      const found = { listed: [] as FieldError[], total: 0, oversized: false };
      cheapProblems(value, metadata.metatype as DtoClass, '', found);
      // A few unknown keys are left to the full validation, which names every other failing field too.
      if (found.total > MAX_LISTED_ERRORS || found.oversized) throw validationException(found.listed, found.total);
    }
    if (metadata.type !== 'custom') {
      const found = unstorableText(value, metadata.data ?? '');
      if (found !== undefined) {
        const name = found.field || metadata.type;
        throw validationProblem(name, `${name} ${found.problem}`);
      }
    }
    return super.transform(value, metadata);
  }
}

export function createValidationPipe(): ValidationPipe {
  return new ProblemValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => {
      const fieldErrors = flatten(errors);
      return validationException(fieldErrors.slice(0, MAX_LISTED_ERRORS), fieldErrors.length);
    },
  });
}
