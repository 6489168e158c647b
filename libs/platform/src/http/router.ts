import type { FastifyError, FastifyReply, FastifyRequest, FastifyServerOptions } from 'fastify';
import { maxHeaderSize } from 'node:http';
import { validationProblem } from './params';
import { sendProblem } from './problem-details.filter';

/**
 * Fastify's router refuses a path parameter over 100 characters (`maxParamLength`) before any pipe sees
 * it, with a bare 414 in application/json. Node already bounds the request line with the headers
 * (`maxHeaderSize`, 16 KiB by default, a 431 beyond), so the router's bound is raised to that: every path
 * parameter reaches its pipe (uuidParam, certificationCodeParam), whose 400 problem names it.
 */
export const MAX_PATH_PARAMETER_LENGTH = maxHeaderSize;

/**
 * What Fastify answers itself before routing (a malformed percent-encoding in the path, a parameter over
 * the bound above) as problem documents, with the headers every answer carries; both are 400s.
 */
function answerFrameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  void reply.header('x-request-id', request.id).header('cache-control', 'no-store');
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    sendProblem(validationProblem('path', `a path parameter is longer than ${MAX_PATH_PARAMETER_LENGTH} characters`), request, reply);
  } else if (error.code === 'FST_ERR_BAD_URL') {
    sendProblem(validationProblem('path', 'the path is not a valid URL (a malformed percent-encoding)'), request, reply);
  } else {
    sendProblem(error, request, reply);
  }
}

/** The router options of the API's Fastify instance. */
export function routerOptions(): Pick<FastifyServerOptions, 'routerOptions' | 'frameworkErrors'> {
  return { routerOptions: { maxParamLength: MAX_PATH_PARAMETER_LENGTH }, frameworkErrors: answerFrameworkError };
}
