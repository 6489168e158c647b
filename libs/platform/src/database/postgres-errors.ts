import { QueryFailedError, QueryRunnerAlreadyReleasedError, QueryRunnerProviderAlreadyReleasedError } from 'typeorm';

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

/** Socket-level failures: the server is down, restarting or unreachable, not a fault of the request. */
const CONNECTION_ERRNOS: readonly string[] = [
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'ENOTFOUND',
];
/**
 * SQLSTATEs of an unavailable server: class 08 (connection exception), 57P01/57P02/57P03 (shut down,
 * crashed, starting up), 53300 (too many connections).
 */
const UNAVAILABLE_SQLSTATE = /^(08...|57P0[123]|53300)$/;
/** What node-postgres and its pool say when a connection dies or cannot be had in time. */
const UNAVAILABLE_MESSAGE =
  /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Client was closed and is not queryable)/;

/**
 * A connection-class error: the database cannot be reached right now, so the request may succeed if
 * retried (503) — as opposed to an error the request itself caused. Follows `driverError`, `cause` and
 * AggregateError members, since node-postgres and TypeORM wrap the socket error.
 */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 5) return false;
  // TypeORM releases a transaction's runner when its connection dies between two queries (or before
  // COMMIT); the next query then fails with one of these, the connection error itself being swallowed.
  if (error instanceof QueryRunnerProviderAlreadyReleasedError || error instanceof QueryRunnerAlreadyReleasedError) return true;
  const candidate = error as { code?: unknown; message?: unknown; driverError?: unknown; cause?: unknown; errors?: unknown };
  if (typeof candidate.code === 'string' && (CONNECTION_ERRNOS.includes(candidate.code) || UNAVAILABLE_SQLSTATE.test(candidate.code))) {
    return true;
  }
  if (typeof candidate.message === 'string' && UNAVAILABLE_MESSAGE.test(candidate.message)) return true;
  const nested = [candidate.driverError, candidate.cause, ...(Array.isArray(candidate.errors) ? candidate.errors : [])];
  return nested.some((inner) => inner !== error && isDatabaseUnavailable(inner, depth + 1));
}
