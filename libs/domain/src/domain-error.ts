/**
 * Every rule violation the product can report. One code, one meaning; the HTTP layer maps each code
 * to a status in one exhaustive switch, so a new code cannot go unmapped.
 */
export const DomainErrorCode = {
  NotFound: 'not_found',
  Forbidden: 'forbidden',
  Conflict: 'conflict',
  InvalidState: 'invalid_state',
  RuleViolation: 'rule_violation',
  AccessRouteClosed: 'access_route_closed',
  RegistrationEnded: 'registration_ended',
  JuryCompositionInvalid: 'jury_composition_invalid',
  NotEligible: 'not_eligible',
  RationaleRequired: 'rationale_required',
  AlreadyDecided: 'already_decided',
  JurySessionClosed: 'jury_session_closed',
  IdempotencyKeyReused: 'idempotency_key_reused',
  InvalidImport: 'invalid_import',
} as const;
export type DomainErrorCode = (typeof DomainErrorCode)[keyof typeof DomainErrorCode];

export interface FieldError {
  field: string;
  message: string;
  line?: number;
}

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly details: { errors?: FieldError[]; [key: string]: unknown } = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

/** The usual 404: `what` names the thing asked for (e.g. "Learner <id>"). */
export function notFound(what: string): DomainError {
  return new DomainError(DomainErrorCode.NotFound, `${what} not found`);
}

/** A 422 naming the one field that breaks a rule. */
export function ruleViolation(field: string, message: string): DomainError {
  return new DomainError(DomainErrorCode.RuleViolation, `${field}: ${message}`, { errors: [{ field, message }] });
}

export function assertUnreachable(value: never): never {
  throw new Error(`Unhandled value: ${JSON.stringify(value)}`);
}
