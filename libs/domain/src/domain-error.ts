/**
 * Every code a client can receive in a problem's `code` (besides Fastify's own `FST_…` request errors): the
 * product's rule violations, and the hints of the database's own refusals (triggers raise them with
 * `HINT = '<code>'`; a test checks each hint of the migrations is listed here). One code, one meaning; the HTTP
 * layer maps each code to a status in one exhaustive switch, so a new code cannot go unmapped, and the OpenAPI
 * document lists them all.
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
  /** Database hint: a result a jury already decided on cannot change. */
  EvaluationLockedByJury: 'evaluation_locked_by_jury',
  /** Database hint: the audit trail refuses UPDATE and DELETE. */
  AppendOnly: 'append_only',
  /** Database hint: an issued credential only gains its signature, revocation or withdrawal from the register. */
  IssuedCredentialImmutable: 'issued_credential_immutable',
  /** Database hint: a signing key is never changed or deleted (credentials it signed must stay verifiable). */
  CredentialIssuerKeyImmutable: 'credential_issuer_key_immutable',
  /** The body of an RNCP import is no export at all (400). */
  UnsupportedExport: 'unsupported_export',
  /** A training centre enrols in a certification it neither certifies nor holds a habilitation for on that date (422). */
  NotHabilitated: 'not_habilitated',
  /** A block attestation presented to record a prior acquisition fails verification: signature, issuer or document (422). */
  CredentialNotVerified: 'credential_not_verified',
  /** A block attestation presented to record a prior acquisition was revoked by its issuer (422). */
  CredentialRevoked: 'credential_revoked',
  /** A block attestation presented for a learner it does not name: names or birth date differ (422). */
  CredentialHolderMismatch: 'credential_holder_mismatch',
  /** An invitation past its expiry (410): the operator issues a new one. */
  InvitationExpired: 'invitation_expired',
  /** Database hint too: an invitation is accepted once (410). */
  InvitationUsed: 'invitation_used',
  /** Database hint: a CPF declaration file, its content and passages never change (only a report is recorded, once). */
  CpfDeclarationImmutable: 'cpf_declaration_immutable',
  /** The CPF export lacks the certifier's CDC settings (422 naming them). */
  CpfSettingsMissing: 'cpf_settings_missing',
  /** No award can be declared (422 with the reasons counted). */
  NothingToDeclare: 'nothing_to_declare',
  /** The built declaration file does not pass the XSD: never offered (422 with the schema's messages). */
  DeclarationFileInvalid: 'declaration_file_invalid',
  /** A processing report that is no readable XML (malformed, a DTD or entities, a zip bomb): 400, nothing applied. */
  UnreadableReport: 'unreadable_report',
  /** A readable processing report that does not match its file (unknown or repeated ids, another idFlux): 422, nothing applied. */
  InvalidReport: 'invalid_report',
  /** A jury decides and closes only from the day it sits, in its organisation's time zone (422 naming the date). */
  JuryNotSatYet: 'jury_not_sat_yet',
  /** Database hint too: closed minutes' versions and their signatures never change (409). */
  JuryMinutesImmutable: 'jury_minutes_immutable',
  /** The fingerprint signed is not that of the minutes' current version (409: download the current one, read it, sign it). */
  MinutesFingerprintMismatch: 'minutes_fingerprint_mismatch',
  /** Throttled (429, with Retry-After). */
  TooManyRequests: 'too_many_requests',
  /** The database cannot be reached for a moment (503, with Retry-After). */
  DatabaseUnavailable: 'database_unavailable',
} as const;
export type DomainErrorCode = (typeof DomainErrorCode)[keyof typeof DomainErrorCode];

export const DOMAIN_ERROR_CODES: readonly DomainErrorCode[] = Object.values(DomainErrorCode);

export function isDomainErrorCode(value: unknown): value is DomainErrorCode {
  return (DOMAIN_ERROR_CODES as readonly unknown[]).includes(value);
}

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

/** A change to a closed jury session, refused by the service or by the database's trigger: one message for both. */
export function jurySessionClosed(): DomainError {
  return new DomainError(DomainErrorCode.JurySessionClosed, 'The jury session is closed: its decisions can no longer change.');
}

/** A 422 naming the one field that breaks a rule. */
export function ruleViolation(field: string, message: string): DomainError {
  return new DomainError(DomainErrorCode.RuleViolation, `${field}: ${message}`, { errors: [{ field, message }] });
}

export function assertUnreachable(value: never): never {
  throw new Error(`Unhandled value: ${JSON.stringify(value)}`);
}
