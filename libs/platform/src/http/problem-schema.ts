import { DOMAIN_ERROR_CODES } from '@project/domain';

/**
 * The problem+json body every error answers (RFC 9457), for the OpenAPI document: `code` lists every code a
 * client can receive (DomainErrorCode), besides Fastify's own request errors, whose codes start with FST_.
 */
export function problemDetailsSchema(): Record<string, unknown> {
  return {
    type: 'object',
    required: ['type', 'title', 'status', 'detail'],
    properties: {
      type: { type: 'string', example: 'https://competences.example.org/problems/not-eligible' },
      title: { type: 'string', example: 'Unprocessable Content' },
      status: { type: 'integer', example: 422 },
      detail: { type: 'string' },
      instance: { type: 'string' },
      code: {
        type: 'string',
        description: 'Present on domain and data-rule errors (and FST_… codes on malformed requests)',
        anyOf: [{ enum: [...DOMAIN_ERROR_CODES] }, { pattern: '^FST_[A-Z0-9_]+$' }],
      },
      errors: {
        type: 'array',
        description: 'The fields at fault',
        items: {
          type: 'object',
          required: ['field', 'message'],
          properties: { field: { type: 'string' }, message: { type: 'string' }, line: { type: 'integer' } },
        },
      },
    },
  };
}
