import { QueryFailedError } from 'typeorm';

/** The PostgreSQL error fields we map to problems; constraint names are the contract with migrations. */
export interface PostgresErrorInfo {
  code: string;
  constraint?: string;
  detail?: string;
  hint?: string;
  message: string;
  column?: string;
}

export function postgresError(error: unknown): PostgresErrorInfo | undefined {
  const candidate = (error instanceof QueryFailedError ? error.driverError : error) as Partial<PostgresErrorInfo> | undefined;
  if (candidate && typeof candidate === 'object' && typeof candidate.code === 'string' && /^[0-9A-Z]{5}$/.test(candidate.code)) {
    return candidate as PostgresErrorInfo;
  }
  return undefined;
}

export const PG_UNIQUE_VIOLATION = '23505';
export const PG_FOREIGN_KEY_VIOLATION = '23503';
export const PG_CHECK_VIOLATION = '23514';
export const PG_NOT_NULL_VIOLATION = '23502';
export const PG_INVALID_TEXT = '22P02';
/**
 * Data exceptions a client's value causes (text too long, number or date out of range, a character
 * PostgreSQL cannot store): the request is wrong, not the server. Validation should catch them first.
 */
export const PG_BAD_VALUE_CODES: readonly string[] = [PG_INVALID_TEXT, '22001', '22003', '22007', '22008', '22021', '22P05'];
export const PG_RAISED = 'P0001';
export const PG_SERIALIZATION_FAILURE = '40001';
