import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { DomainError, DomainErrorCode, FieldError, assertUnreachable, isDomainErrorCode, jurySessionClosed } from '@project/domain';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  PG_BAD_VALUE_CODES,
  PG_CHECK_VIOLATION,
  PG_FOREIGN_KEY_VIOLATION,
  PG_NOT_NULL_VIOLATION,
  PG_RAISED,
  PG_UNIQUE_VIOLATION,
  isDatabaseUnavailable,
  postgresError,
} from '../database/postgres-errors';
import { DATABASE_RETRY_AFTER_SECONDS, databaseOutage } from '../database/database-outage';

export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  code?: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

const PROBLEM_BASE = 'https://competences.example.org/problems/';

/** The one exhaustive map from a domain error code to an HTTP status. */
export function statusForCode(code: DomainErrorCode): number {
  switch (code) {
    case DomainErrorCode.NotFound:
      return HttpStatus.NOT_FOUND;
    case DomainErrorCode.Forbidden:
      return HttpStatus.FORBIDDEN;
    case DomainErrorCode.Conflict:
    case DomainErrorCode.AlreadyDecided:
    case DomainErrorCode.JurySessionClosed:
    case DomainErrorCode.InvalidState:
    case DomainErrorCode.EvaluationLockedByJury:
    case DomainErrorCode.AppendOnly:
    case DomainErrorCode.IssuedCredentialImmutable:
    case DomainErrorCode.CredentialIssuerKeyImmutable:
    case DomainErrorCode.CpfDeclarationImmutable:
    case DomainErrorCode.JuryMinutesImmutable:
    case DomainErrorCode.MinutesFingerprintMismatch:
      return HttpStatus.CONFLICT;
    case DomainErrorCode.RationaleRequired:
    case DomainErrorCode.UnsupportedExport:
    case DomainErrorCode.UnreadableReport:
      return HttpStatus.BAD_REQUEST;
    case DomainErrorCode.InvitationExpired:
    case DomainErrorCode.InvitationUsed:
      return HttpStatus.GONE;
    case DomainErrorCode.TooManyRequests:
      return HttpStatus.TOO_MANY_REQUESTS;
    case DomainErrorCode.DatabaseUnavailable:
      return HttpStatus.SERVICE_UNAVAILABLE;
    case DomainErrorCode.RuleViolation:
    case DomainErrorCode.AccessRouteClosed:
    case DomainErrorCode.RegistrationEnded:
    case DomainErrorCode.JuryCompositionInvalid:
    case DomainErrorCode.NotEligible:
    case DomainErrorCode.IdempotencyKeyReused:
    case DomainErrorCode.InvalidImport:
    case DomainErrorCode.NotHabilitated:
    case DomainErrorCode.CpfSettingsMissing:
    case DomainErrorCode.NothingToDeclare:
    case DomainErrorCode.DeclarationFileInvalid:
    case DomainErrorCode.InvalidReport:
    case DomainErrorCode.CredentialNotVerified:
    case DomainErrorCode.CredentialRevoked:
    case DomainErrorCode.CredentialHolderMismatch:
    case DomainErrorCode.JuryNotSatYet:
      return HttpStatus.UNPROCESSABLE_ENTITY;
    default:
      return assertUnreachable(code);
  }
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  409: 'Conflict',
  410: 'Gone',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/**
 * An error the client may retry after a while: its answer carries a Retry-After header. The one way a
 * problem says when to come back (429 throttled, 503 database unavailable).
 */
export class RetryLaterException extends HttpException {
  constructor(
    body: { message: string; code: DomainErrorCode; type?: string },
    status: number,
    readonly retryAfterSeconds: number,
  ) {
    super(body, status);
  }
}

/** The database cannot be reached right now: a 503 to retry in a moment. */
export class DatabaseUnavailableException extends RetryLaterException {
  constructor() {
    super(
      {
        message: 'The database is unavailable for a moment; retry later.',
        code: DomainErrorCode.DatabaseUnavailable,
        type: PROBLEM_BASE + 'database-unavailable',
      },
      HttpStatus.SERVICE_UNAVAILABLE,
      DATABASE_RETRY_AFTER_SECONDS,
    );
  }
}

/**
 * A problem lists at most this many errors; `errorCount` then says how many there were. A file's bad lines
 * can number tens of thousands: the answer stays small whatever the input. (Body validation stops at 20.)
 */
export const MAX_PROBLEM_ERRORS = 100;

function capErrors(problem: ProblemDetails): ProblemDetails {
  if (!problem.errors || problem.errors.length <= MAX_PROBLEM_ERRORS) return problem;
  const counted = typeof problem.errorCount === 'number' ? problem.errorCount : 0;
  return { ...problem, errors: problem.errors.slice(0, MAX_PROBLEM_ERRORS), errorCount: Math.max(counted, problem.errors.length) };
}

/** What answers a thrown value: its problem, and the seconds of its Retry-After header when it has one. */
export interface ProblemAnswer {
  problem: ProblemDetails;
  retryAfterSeconds?: number;
}

export function problemAnswer(exception: unknown, logger?: Logger): ProblemAnswer {
  // A connection-class error is the database being away, whatever the query: logged once per incident.
  const answered = isDatabaseUnavailable(exception) ? databaseUnavailable(exception, logger) : exception;
  const problem = capErrors(render(answered, logger));
  return answered instanceof RetryLaterException ? { problem, retryAfterSeconds: answered.retryAfterSeconds } : { problem };
}

/** Maps any thrown value to RFC 9457 problem details. Unknown errors are logged and answered with a bare 500. */
export function toProblem(exception: unknown, logger?: Logger): ProblemDetails {
  return problemAnswer(exception, logger).problem;
}

function render(exception: unknown, logger?: Logger): ProblemDetails {
  if (exception instanceof DomainError) {
    const status = statusForCode(exception.code);
    return {
      type: PROBLEM_BASE + exception.code.replace(/_/g, '-'),
      title: TITLES[status] ?? 'Error',
      status,
      detail: exception.message,
      code: exception.code,
      ...exception.details,
    };
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const response = exception.getResponse();
    const body = typeof response === 'object' && response !== null ? (response as Record<string, unknown>) : {};
    const detail =
      typeof response === 'string'
        ? response
        : Array.isArray(body.message)
          ? body.message.join('; ')
          : String(body.message ?? exception.message);
    const problem: ProblemDetails = {
      type: typeof body.type === 'string' ? body.type : 'about:blank',
      title: TITLES[status] ?? exception.name,
      status,
      detail,
    };
    if (Array.isArray(body.errors)) problem.errors = body.errors as FieldError[];
    if (isDomainErrorCode(body.code)) problem.code = body.code;
    if (typeof body.errorCount === 'number') problem.errorCount = body.errorCount;
    return problem;
  }
  const pg = postgresError(exception);
  if (pg) {
    // The database's refusals are domain errors too: same codes, statuses and shape.
    if (pg.code === PG_UNIQUE_VIOLATION) {
      return toProblem(new DomainError(DomainErrorCode.Conflict, `Already exists (${pg.constraint ?? 'unique constraint'}).`));
    }
    if (pg.code === PG_RAISED && pg.hint === DomainErrorCode.JurySessionClosed) return toProblem(jurySessionClosed());
    // A hint that is no DomainErrorCode is a bug (a test checks the migrations' hints): a bare 500 below.
    if (pg.code === PG_RAISED && isDomainErrorCode(pg.hint)) return toProblem(new DomainError(pg.hint, pg.message));
    if (pg.code === PG_FOREIGN_KEY_VIOLATION || pg.code === PG_CHECK_VIOLATION || pg.code === PG_NOT_NULL_VIOLATION) {
      return toProblem(
        new DomainError(DomainErrorCode.RuleViolation, `Rejected by the data rules (${pg.constraint ?? pg.column ?? pg.code}).`),
      );
    }
    if (PG_BAD_VALUE_CODES.includes(pg.code)) {
      return { type: 'about:blank', title: 'Bad Request', status: 400, detail: 'A value has an invalid format.' };
    }
  }
  const error = exception as { statusCode?: number; code?: string; message?: string };
  // Fastify's own client errors (malformed JSON, unsupported media type, body too large), with their FST_… code.
  if (typeof error?.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500) {
    return {
      type: 'about:blank',
      title: TITLES[error.statusCode] ?? 'Bad Request',
      status: error.statusCode,
      detail: error.message ?? 'Bad request',
      ...(error.code?.startsWith('FST_') ? { code: error.code } : {}),
    };
  }
  logger?.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
  return { type: 'about:blank', title: 'Internal Server Error', status: 500, detail: 'An unexpected error occurred.' };
}

/** The database cannot be reached: a retryable 503, logged once per incident rather than per request. */
function databaseUnavailable(exception: unknown, logger: Logger | undefined): DatabaseUnavailableException {
  databaseOutage.failed(exception, logger);
  return new DatabaseUnavailableException();
}

/** Answers any thrown value as a problem document: the global filter's, and Fastify's refusals before routing. */
export function sendProblem(exception: unknown, request: FastifyRequest | undefined, reply: FastifyReply, logger?: Logger): void {
  const { problem, retryAfterSeconds } = problemAnswer(exception, logger);
  problem.instance = request?.url;
  if (retryAfterSeconds !== undefined) void reply.header('retry-after', String(retryAfterSeconds));
  void reply.status(problem.status).header('content-type', 'application/problem+json; charset=utf-8').send(problem);
}

@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemDetails');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    sendProblem(exception, http.getRequest<FastifyRequest>(), http.getResponse<FastifyReply>(), this.logger);
  }
}
