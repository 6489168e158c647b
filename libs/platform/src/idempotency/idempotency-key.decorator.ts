import { ExecutionContext, applyDecorators, createParamDecorator } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { validationProblem } from '../http/params';

/** What the idempotency service needs from a request that carried an `Idempotency-Key` header. */
export interface IdempotentRequest {
  key: string;
  method: string;
  path: string;
  body: unknown;
}

export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';
/** 1 to 200 visible ASCII characters (no spaces): enough for UUIDs, ULIDs and client-made keys. */
export const IDEMPOTENCY_KEY_FORMAT = /^[\x21-\x7E]{1,200}$/;

/** Reads and validates the optional header; `undefined` when the client sent none. */
export function idempotentRequestOf(request: Pick<FastifyRequest, 'headers' | 'method' | 'url' | 'body'>): IdempotentRequest | undefined {
  const header = request.headers['idempotency-key'];
  if (header === undefined) return undefined;
  const key = Array.isArray(header) ? header.join(',') : header;
  if (!IDEMPOTENCY_KEY_FORMAT.test(key)) {
    throw validationProblem(IDEMPOTENCY_KEY_HEADER, 'must be 1 to 200 visible ASCII characters, without spaces');
  }
  return { key, method: request.method, path: request.url.split('?')[0], body: request.body };
}

/** Parameter decorator: the request's idempotency key (validated), its method, path and raw body. */
export const IdempotencyKey = createParamDecorator((_: unknown, context: ExecutionContext): IdempotentRequest | undefined =>
  idempotentRequestOf(context.switchToHttp().getRequest<FastifyRequest>()),
);

/** Documents the optional header on a route. */
export function ApiIdempotencyKey() {
  return applyDecorators(
    ApiHeader({
      name: IDEMPOTENCY_KEY_HEADER,
      required: false,
      description:
        'Client-chosen key (1–200 visible characters), kept per organisation: the same key and body replay the first ' +
        'response without writing again; the same key with another body answers 422.',
    }),
  );
}
