import type { FastifyError, FastifyReply, FastifyRequest, FastifyServerOptions } from 'fastify';
import { STATUS_CODES, maxHeaderSize } from 'node:http';
import type { Socket } from 'node:net';
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

const CLIENT_ERRORS: Record<string, { status: number; detail: string }> = {
  HPE_HEADER_OVERFLOW: { status: 431, detail: `The request line and headers exceed ${maxHeaderSize} bytes` },
  ERR_HTTP_REQUEST_TIMEOUT: { status: 408, detail: 'The request did not arrive in time' },
};

/**
 * What Node's HTTP parser refuses before Fastify has a request (headers too large, headers or body too slow,
 * a malformed request line) is written on the socket by hand, so it is a problem document too, then the
 * connection closes.
 */
export function answerClientError(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const { status, detail } = CLIENT_ERRORS[error.code ?? ''] ?? { status: 400, detail: 'The request is not valid HTTP' };
  const body = JSON.stringify({ type: 'about:blank', title: STATUS_CODES[status], status, detail });
  // Like Node's own handler: no second answer on a connection whose response has already begun (a 415 sent
  // while the client still trickles its body, then the request timeout).
  const response = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (socket.writable && !response?.headersSent) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nConnection: close\r\nCache-Control: no-store\r\n` +
        `Content-Type: application/problem+json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}

/** The router options of the API's Fastify instance. */
export function routerOptions(): Pick<FastifyServerOptions, 'routerOptions' | 'frameworkErrors' | 'clientErrorHandler'> {
  return {
    routerOptions: { maxParamLength: MAX_PATH_PARAMETER_LENGTH },
    frameworkErrors: answerFrameworkError,
    clientErrorHandler: answerClientError,
  };
}
