import { ArgumentMetadata, BadRequestException, ValidationError, ValidationPipe } from '@nestjs/common';
import { FieldError } from '@project/domain';
import { VALIDATION_PROBLEM, validationProblem } from './params';

function flatten(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? (/^\d+$/.test(error.property) ? `${parent}[${error.property}]` : `${parent}.${error.property}`) : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/**
 * The path of the first string (or key) holding U+0000 in a parsed request value, or undefined.
 * PostgreSQL text and jsonb cannot store that character: it would fail deep in SQL as a 500.
 * Parsed JSON, query strings and params are walked; never streams or buffers a route reads itself.
 */
export function fieldWithNulCharacter(value: unknown, path: string, depth = 0): string | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? path : undefined;
  if (depth > 32 || value === null || typeof value !== 'object') return undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = fieldWithNulCharacter(value[i], `${path}[${i}]`, depth + 1);
      if (found) return found;
    }
    return undefined;
  }
  if (ArrayBuffer.isView(value) || typeof (value as { pipe?: unknown }).pipe === 'function') return undefined;
  for (const [key, child] of Object.entries(value)) {
    const childPath = path ? `${path}.${key}` : key;
    if (key.includes('\u0000')) return childPath;
    const found = fieldWithNulCharacter(child, childPath, depth + 1);
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

/** Global validation: unknown properties are refused, every failing field is named in `errors`. */
class ProblemValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' && this.toValidate(metadata)) checkBodyKind(value);
    if (metadata.type !== 'custom') {
      const field = fieldWithNulCharacter(value, metadata.data ?? '');
      if (field !== undefined) {
        const name = field || metadata.type;
        throw validationProblem(name, `${name} must not contain the NUL character (U+0000)`);
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
      const fields = [...new Set(fieldErrors.map((e) => e.field))];
      const named = fields.slice(0, MAX_LISTED_ERRORS).join(', ');
      return new BadRequestException({
        message: `Invalid request: ${named}${fields.length > MAX_LISTED_ERRORS ? ` and ${fields.length - MAX_LISTED_ERRORS} more fields` : ''}`,
        // The answer stays small whatever the body: the first errors, and how many there were.
        errors: fieldErrors.slice(0, MAX_LISTED_ERRORS),
        ...(fieldErrors.length > MAX_LISTED_ERRORS ? { errorCount: fieldErrors.length } : {}),
        type: VALIDATION_PROBLEM,
      });
    },
  });
}
