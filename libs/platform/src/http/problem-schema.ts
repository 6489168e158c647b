import { DOMAIN_ERROR_CODES } from '@project/domain';

/**
 * The `code` of a problem+json body in the OpenAPI document: every code a client can receive (DomainErrorCode),
 * besides Fastify's own request errors, whose codes start with FST_.
 */
export function problemCodeSchema(): Record<string, unknown> {
  return {
    type: 'string',
    description: 'The error code, e.g. not_eligible (FST_… on requests Fastify itself refuses: malformed JSON, body too large…)',
    anyOf: [{ enum: [...DOMAIN_ERROR_CODES] }, { pattern: '^FST_[A-Z0-9_]+$' }],
  };
}
