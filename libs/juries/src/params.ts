import { BadRequestException, ParseUUIDPipe } from '@nestjs/common';

/** A path id that is not a UUID is a 400 naming the parameter, never a 500 from PostgreSQL. */
export function uuidParam(name: string): ParseUUIDPipe {
  return new ParseUUIDPipe({ exceptionFactory: () => invalidField(name, `${name} must be a UUID`) });
}

export function invalidField(field: string, message: string): BadRequestException {
  return new BadRequestException({
    message: `Invalid request: ${field}`,
    errors: [{ field, message }],
    type: 'https://competences.example.org/problems/validation',
  });
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Parts of a decoded keyset cursor, checked so a forged cursor is a 400 and never reaches SQL as garbage. */
export const CursorPart = {
  text: (value: unknown) => typeof value === 'string',
  uuid: (value: unknown) => typeof value === 'string' && UUID.test(value),
  date: (value: unknown) => typeof value === 'string' && DATE.test(value) && !Number.isNaN(Date.parse(value)),
};

export function checkCursor<T extends unknown[]>(key: unknown[] | undefined, parts: ((value: unknown) => boolean)[]): T | undefined {
  if (key === undefined) return undefined;
  if (key.length !== parts.length || !parts.every((check, i) => check(key[i]))) throw invalidField('cursor', 'cursor is not one this API issued');
  return key as T;
}
