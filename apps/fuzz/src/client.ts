import { LoggerService } from '@nestjs/common';
import { Agent, request as httpRequest } from 'node:http';
import { Received, SentRequest } from './oracle';

/**
 * Requests go over a real socket to the application listening on a local port: the whole HTTP stack
 * (Node's parser and timeouts included), as a client sees it.
 */
export class Client {
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 1 });

  constructor(private readonly origin: { host: string; port: number }) {}

  send(request: SentRequest, timeoutMs: number): Promise<Received | 'timeout'> {
    const started = process.hrtime.bigint();
    const payload =
      request.payload === undefined ? undefined : Buffer.isBuffer(request.payload) ? request.payload : Buffer.from(request.payload, 'utf8');
    return new Promise((resolve, reject) => {
      const outgoing = httpRequest(
        {
          ...this.origin,
          agent: this.agent,
          method: request.method,
          path: request.url,
          headers: { ...request.headers, ...(payload !== undefined ? { 'content-length': String(payload.length) } : {}) },
        },
        (incoming) => {
          const chunks: Buffer[] = [];
          incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
          incoming.on('error', reject);
          incoming.on('end', () => {
            clearTimeout(timer);
            resolve({
              status: incoming.statusCode ?? 0,
              headers: incoming.headers,
              raw: Buffer.concat(chunks),
              ms: Number(process.hrtime.bigint() - started) / 1e6,
            });
          });
        },
      );
      const timer = setTimeout(() => {
        outgoing.destroy();
        resolve('timeout');
      }, timeoutMs);
      outgoing.on('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      outgoing.end(payload);
    });
  }

  /** A JSON call for the seed: answers the parsed body, throws on an unexpected status. */
  async json<T = any>(
    method: string,
    url: string,
    token: string | undefined,
    body?: unknown,
    expected: number[] = [200, 201, 204],
  ): Promise<T> {
    const response = await this.send(
      {
        method,
        url,
        headers: {
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        payload: body === undefined ? undefined : JSON.stringify(body),
        caller: 'seed',
        mutation: 'seed',
        query: [],
      },
      30_000,
    );
    if (response === 'timeout') throw new Error(`seed: ${method} ${url} did not answer within 30 s`);
    const text = response.raw.toString('utf8');
    if (!expected.includes(response.status)) throw new Error(`seed: ${method} ${url} answered ${response.status} ${text.slice(0, 500)}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  close(): void {
    this.agent.destroy();
  }
}

/** The request as a shell command against a running server (`npm start`), tokens left as variables. */
export function curlOf(request: SentRequest, maxPayload = 2000): string {
  const quote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;
  const parts = [`curl -sS -X ${request.method} ${quote('http://localhost:3000' + request.url)}`];
  for (const [name, value] of Object.entries(request.headers)) {
    const shown =
      name === 'authorization' && value.startsWith('Bearer ') && request.caller !== 'bad token'
        ? `Bearer $TOKEN_${request.caller.toUpperCase().replace(/[^A-Z]/g, '_')}`
        : value;
    parts.push(`-H ${name === 'authorization' ? `"${name}: ${shown}"` : quote(`${name}: ${shown}`)}`);
  }
  if (request.payload === undefined) return parts.join(' ');
  const text = typeof request.payload === 'string' ? request.payload : undefined;
  const printable = text !== undefined && /^[\x20-\x7e\n\r\t\u00a0-\uffff]*$/.test(text) && !/[\ud800-\udfff]/.test(text);
  if (printable && text.length <= maxPayload) return `${parts.join(' ')} --data-binary ${quote(text)}`;
  const bytes = Buffer.isBuffer(request.payload) ? request.payload : Buffer.from(request.payload, 'utf8');
  if (bytes.length <= maxPayload) return `printf %s ${quote(bytes.toString('base64'))} | base64 -d | ${parts.join(' ')} --data-binary @-`;
  return `${parts.join(' ')} --data-binary @body  # ${bytes.length} bytes, starting ${quote(
    bytes
      .subarray(0, 120)
      .toString('latin1')
      .replace(/[^\x20-\x7e]/g, '.'),
  )} (full body in the JSON report)`;
}

/** Stands in for the application's logger: keeps the errors it logs (with their stack) until taken. */
export class ErrorCollector implements LoggerService {
  private errors: string[] = [];

  log(): void {}
  warn(): void {}
  debug(): void {}
  verbose(): void {}

  error(message: unknown, trace?: string): void {
    const text = [String(message), trace].filter(Boolean).join('\n');
    this.errors.push(text);
    if (this.errors.length > 20) this.errors.shift();
  }

  /** The errors logged since the last call: first line and the first frames of the project's code. */
  take(): string | undefined {
    if (this.errors.length === 0) return undefined;
    const text = this.errors.join('\n');
    this.errors = [];
    const lines = text.split('\n');
    const frames = lines.filter((line) => /^\s+at /.test(line));
    const own = frames.find((line) => /\/(dist|apps|libs)\//.test(line) && !line.includes('node_modules'));
    const shown = [...frames.slice(0, 2), ...(own && !frames.slice(0, 2).includes(own) ? [own] : [])];
    return [lines[0].slice(0, 300), ...shown.map((f) => f.trim().replace(/\(\/.*node_modules\//, '('))].join(' | ');
  }
}
