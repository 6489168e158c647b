import { applyDecorators } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import { ApiConsumes } from '@nestjs/swagger';
import type { FastifyInstance, FastifyRequest } from 'fastify';

/**
 * Bounds on a parsed JSON body, checked before class-transformer and class-validator see it: their cost
 * grows with every key (50,000 unknown keys cost seconds and a 3.6 MB error list) and they recurse
 * (100,000 nested arrays overflow the stack). The largest legitimate body, a certification sheet at
 * its validated maxima (100 blocks × 200 competencies and 50 modalities of 10 fields), stays well under.
 */
export const JSON_BODY_LIMITS = {
  /** Nesting of objects and arrays; the deepest DTO (a sheet's access route jury roles) is 6 deep. */
  maxDepth: 32,
  /** Keys of one object; no DTO has more than 20 properties. */
  maxKeysPerObject: 100,
  /** Values in the whole document (every key, element and scalar). */
  maxNodes: 100_000,
};

export type JsonBodyLimits = typeof JSON_BODY_LIMITS;

/**
 * JSON under the names verifiers send credentials with (JSON-LD, W3C VC media types): parsed and bounded like
 * application/json, and taken only by the routes that say so with AcceptsBody.
 */
export const JSON_LD_MEDIA_TYPES = ['application/ld+json', 'application/vc+ld+json', 'application/vc'];

export interface JsonShapeProblem {
  status: 400 | 413;
  message: string;
}

/** Walks a parsed JSON value once, iteratively, and says which bound it breaks, if any. */
export function jsonShapeProblem(value: unknown, limits: JsonBodyLimits = JSON_BODY_LIMITS): JsonShapeProblem | undefined {
  const stack: { value: unknown; depth: number }[] = [{ value, depth: 0 }];
  let nodes = 0;
  while (stack.length > 0) {
    const { value: current, depth } = stack.pop()!;
    if (++nodes > limits.maxNodes) return { status: 413, message: `The JSON body holds more than ${limits.maxNodes} values` };
    if (current === null || typeof current !== 'object') continue;
    if (depth >= limits.maxDepth) return { status: 400, message: `The JSON body is nested more than ${limits.maxDepth} levels deep` };
    const children = Array.isArray(current) ? current : Object.values(current);
    if (!Array.isArray(current) && children.length > limits.maxKeysPerObject) {
      return { status: 400, message: `A JSON object of the body has more than ${limits.maxKeysPerObject} keys` };
    }
    if (nodes + stack.length + children.length > limits.maxNodes) {
      return { status: 413, message: `The JSON body holds more than ${limits.maxNodes} values` };
    }
    for (const child of children) stack.push({ value: child, depth: depth + 1 });
  }
  return undefined;
}

/** A client error raised while parsing, rendered as a problem by the global filter (like Fastify's own). */
export class BodyParsingError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The media types a route takes besides application/json (a spreadsheet, an RNCP export). Any other body
 * type is refused with a 415 as soon as the headers arrive, before the body is read or parsed: a JSON
 * route never hands a stream, a buffer or a string to class-transformer.
 */
export const AcceptsBody = (mediaTypes: string[], options: { streamed?: boolean } = {}): MethodDecorator =>
  applyDecorators(RouteConfig({ bodyTypes: mediaTypes, streamedBody: options.streamed === true }), ApiConsumes(...mediaTypes));

interface BodyRouteConfig {
  bodyTypes?: string[];
  /** The handler reads the body as a stream while it works: bounded by the upload timeout, not the request one. */
  streamedBody?: boolean;
}

function routeConfig(request: FastifyRequest): BodyRouteConfig {
  return (request.routeOptions?.config as BodyRouteConfig | undefined) ?? {};
}

export function isStreamedBody(request: FastifyRequest): boolean {
  return routeConfig(request).streamedBody === true;
}

function mediaType(request: FastifyRequest): string | undefined {
  const header = request.headers['content-type'];
  return header === undefined ? undefined : header.split(';', 1)[0].trim().toLowerCase();
}

export function hasBody(request: FastifyRequest): boolean {
  const length = request.headers['content-length'];
  return request.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/**
 * Refuses the body types a route does not take (see AcceptsBody), and replaces Fastify's JSON parser by
 * the same parser (prototype poisoning refused) followed by the bounds above: a hostile body costs one
 * parse and one walk, then a small 400 or 413 problem.
 */
export function registerBodyParsing(fastify: FastifyInstance, limits: JsonBodyLimits = JSON_BODY_LIMITS): void {
  fastify.addHook('onRequest', (request, _reply, done) => {
    const type = mediaType(request);
    if (type === undefined || !hasBody(request) || type === 'application/json' || (routeConfig(request).bodyTypes ?? []).includes(type))
      return done();
    done(new BodyParsingError(415, `${type} is not accepted here: send application/json`));
  });
  const parse = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser(
    ['application/json', ...JSON_LD_MEDIA_TYPES],
    { parseAs: 'string' },
    (request: FastifyRequest, body, done) => {
      void parse(request, body as string, (error: Error | null, value?: unknown) => {
        if (error) return done(error, undefined);
        const problem = jsonShapeProblem(value, limits);
        if (problem) return done(new BodyParsingError(problem.status, problem.message), undefined);
        done(null, value);
      });
    },
  );
}
