import type { FastifyHttpOptions, FastifyInstance } from 'fastify';
import type { Server } from 'node:http';
import type { AppConfig } from '../config/app-config';
import { hasBody, isStreamedBody } from './body-parsers';

type Timeouts = Pick<AppConfig, 'headersTimeoutMs' | 'requestTimeoutMs' | 'uploadTimeoutMs' | 'keepAliveTimeoutMs'>;

/**
 * Node's own timeouts: headers, keep-alive, and a hard ceiling on any request (the streamed RNCP upload's).
 * Node checks them every connectionsCheckingInterval (30 s by default), so it follows the shortest one.
 */
export function serverTimeouts(config: Timeouts): Pick<FastifyHttpOptions<Server>, 'requestTimeout' | 'keepAliveTimeout' | 'http'> {
  const checkEvery = Math.max(50, Math.min(1000, Math.floor(Math.min(config.headersTimeoutMs, config.requestTimeoutMs) / 4)));
  return {
    requestTimeout: config.uploadTimeoutMs,
    keepAliveTimeout: config.keepAliveTimeoutMs,
    http: { headersTimeout: config.headersTimeoutMs, requestTimeout: config.uploadTimeoutMs, connectionsCheckingInterval: checkEvery },
  };
}

const REQUEST_TIMEOUT_RESPONSE = 'HTTP/1.1 408 Request Timeout\r\nConnection: close\r\nContent-Length: 0\r\n\r\n';

/**
 * A request body that has not fully arrived `requestTimeoutMs` after the headers gets a 408 and its
 * connection closed, as Node's requestTimeout would do, but per route: streamed uploads are bounded by
 * the upload ceiling instead. A body the API answered early (a 415) and that keeps trickling is cut too:
 * register it before any hook that may answer early.
 */
export function enforceRequestTimeout(fastify: FastifyInstance, config: Timeouts): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    if (!hasBody(request) || request.raw.complete || isStreamedBody(request)) return done();
    const timer = setTimeout(() => {
      if (request.raw.complete) return;
      const socket = request.raw.socket;
      // Fastify inject() (light-my-request) gives a stand-in socket that cannot be cut: nothing to do.
      if (typeof socket?.destroy !== 'function') return;
      if (reply.raw.headersSent) socket.destroy();
      else socket.end(REQUEST_TIMEOUT_RESPONSE, () => socket.destroy());
    }, config.requestTimeoutMs);
    request.raw.once('end', () => clearTimeout(timer));
    done();
  });
}
