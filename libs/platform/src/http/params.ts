import { BadRequestException, ParseUUIDPipe, PipeTransform } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsDateString, Matches, ValidateIf } from 'class-validator';

/** A path id that is not a UUID is a client error naming the parameter, never a 500 from PostgreSQL. */
export function uuidParam(name: string): ParseUUIDPipe {
  return new ParseUUIDPipe({ exceptionFactory: () => validationProblem(name, `${name} must be a UUID`) });
}

/** A whole number in the path within [min, max]: anything else is a 400 naming the parameter, not a 404 or a 500. */
export function intParam(name: string, min: number, max: number): PipeTransform<string, number> {
  return {
    transform(value: string): number {
      if (!/^\d{1,9}$/.test(value) || Number(value) < min || Number(value) > max) {
        throw validationProblem(name, `${name} must be a whole number from ${min} to ${max}`);
      }
      return Number(value);
    },
  };
}

/** A certification code as paths take it: the catalogue compares codes in upper case. */
export const CERTIFICATION_CODE = /^RNCP\d+$/i;

/** A certification code in the path (RNCP41296): anything else is a 400 naming the parameter, not a 404. */
export function certificationCodeParam(name = 'code'): PipeTransform<string, string> {
  return {
    transform(value: string): string {
      if (!CERTIFICATION_CODE.test(value)) throw validationProblem(name, `${name} must look like RNCP41296`);
      return value;
    },
  };
}

/** A calendar date `YYYY-MM-DD` that exists (2026-02-30 is refused here, before PostgreSQL sees it). */
export function IsCalendarDate(): PropertyDecorator {
  return (target: object, property: string | symbol) => {
    IsDateString({ strict: true }, { message: `${String(property)} must be a real date` })(target, property);
    Matches(/^\d{4}-\d{2}-\d{2}$/, { message: `${String(property)} must be formatted YYYY-MM-DD` })(target, property);
  };
}

/**
 * A field that may be left out, but when sent is validated, null included. @IsOptional lets null through
 * unvalidated: keep it for the fields the document declares nullable, where null means "clear it".
 */
export const Omittable = (): PropertyDecorator => ValidateIf((_object: object, value: unknown) => value !== undefined);

/** Emails are stored lower-cased (the database checks it), so compare and store them that way. */
export const NormaliseEmail = () => Transform(({ value }) => (typeof value === 'string' ? value.trim().toLowerCase() : value));
export const Trim = () => Transform(({ value }) => (typeof value === 'string' ? value.trim() : value));

/** For LIKE patterns: the user's % and _ are literal characters, not wildcards. */
export function likePattern(search: string): string {
  return '%' + search.replace(/[\\%_]/g, (c) => '\\' + c) + '%';
}

export const VALIDATION_PROBLEM = 'https://competences.example.org/problems/validation';

/** A 400 problem naming one field, shaped like the global ValidationPipe's. */
export function validationProblem(field: string, message: string): BadRequestException {
  return new BadRequestException({
    message: `Invalid request: ${field}`,
    errors: [{ field, message }],
    type: VALIDATION_PROBLEM,
  });
}

/** A 400 problem naming several fields (a rule across fields, checked after the DTO's own validation). */
export function validationProblems(errors: { field: string; message: string }[]): BadRequestException {
  return new BadRequestException({
    message: `Invalid request: ${errors.map((e) => e.field).join(', ')}`,
    errors,
    type: VALIDATION_PROBLEM,
  });
}

/** A UUID as PostgreSQL's uuid type reads it (any version, any case). */
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/;

/** Parts of a decoded keyset cursor, checked so a forged cursor is a 400 and never reaches SQL as garbage. */
export const CursorPart = {
  text: (value: unknown) => typeof value === 'string' && !value.includes('\u0000'),
  uuid: (value: unknown) => typeof value === 'string' && UUID.test(value),
  date: (value: unknown) => isCalendarDate(value),
  // An instant as toISOString() writes it (what cursors carry), on a real calendar date.
  instant: (value: unknown) =>
    typeof value === 'string' && INSTANT.test(value) && isCalendarDate(value.slice(0, 10)) && !Number.isNaN(Date.parse(value)),
};

/**
 * A date written YYYY-MM-DD that exists: round-tripped, because Date.parse('2025-02-30') happily
 * answers 2 March; and not in year 0000, which JavaScript accepts but PostgreSQL does not.
 */
export function isCalendarDate(value: unknown): value is string {
  if (typeof value !== 'string' || !DATE.test(value) || value.startsWith('0000')) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

export function checkCursor<T extends unknown[]>(key: unknown[] | undefined, parts: ((value: unknown) => boolean)[]): T | undefined {
  if (key === undefined) return undefined;
  if (key.length !== parts.length || !parts.every((check, i) => check(key[i])))
    throw validationProblem('cursor', 'cursor is not one this API issued');
  return key as T;
}
