import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { FuzzOperation, OpenApiDocument, PROBLEM_SCHEMA, Parameter, Schema, dereference, mediaType, toJsonSchema } from './openapi';

/** What the fuzzer sent, in a form that can be printed and replayed. */
export interface SentRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  payload?: string | Buffer;
  /** Who sent it (a role of the seeded organisation, `anonymous`, …). */
  caller: string;
  /** What was done to the request, for the report (e.g. `odd score`, `nested 20000 deep`). */
  mutation: string;
  /** Query pairs as sent, before encoding. */
  query: [string, string][];
  /** Path parameters as the server decodes them. */
  pathParams?: Record<string, string>;
}

export interface Received {
  status: number;
  headers: Record<string, string | string[] | number | undefined>;
  raw: Buffer;
  ms: number;
}

export type Rule =
  | 'server error'
  | 'undocumented status'
  | 'response schema'
  | 'content type'
  | 'not a problem document'
  | 'accepted a request the document refuses'
  | 'no answer'
  | 'cross-organisation access';

export interface Finding {
  rule: Rule;
  why: string;
}

function ajvWith(options: { coerceTypes?: boolean }): Ajv {
  // multipleOfPrecision: 0.07 is a multiple of 0.01 even though 0.07 / 0.01 is not an integer in floating point.
  const ajv = new Ajv({ strict: false, allErrors: false, coerceTypes: options.coerceTypes ?? false, multipleOfPrecision: 9 });
  addFormats(ajv);
  ajv.addFormat('binary', true);
  return ajv;
}

function describeErrors(validate: ValidateFunction): string {
  return (validate.errors ?? [])
    .slice(0, 3)
    .map(
      (e) =>
        `${e.instancePath || '(root)'} ${e.message}${e.params && 'additionalProperty' in e.params ? ` '${e.params.additionalProperty}'` : ''}`,
    )
    .join('; ');
}

/**
 * Judges each exchange against the committed document: the status must be documented, the body must match the
 * documented schema for that status and media type (errors without one must be RFC 9457 problem documents),
 * nothing may be 5xx, and a request the document refuses must not succeed.
 */
export class Oracle {
  private readonly strictAjv = ajvWith({});
  private readonly requestAjv = ajvWith({});
  private readonly queryAjv = ajvWith({ coerceTypes: true });
  private readonly cache = new Map<string, ValidateFunction>();

  constructor(
    private readonly document: OpenApiDocument,
    private readonly options: { closedResponses: boolean },
  ) {}

  private compile(key: string, ajv: Ajv, schema: Schema, closed: boolean): ValidateFunction {
    let validate = this.cache.get(key);
    if (!validate) {
      validate = ajv.compile(toJsonSchema(dereference(this.document, schema), { closed }));
      this.cache.set(key, validate);
    }
    return validate;
  }

  /** Why the document refuses this request, or undefined when it allows it. */
  requestRefusal(op: FuzzOperation, request: SentRequest): string | undefined {
    for (const parameter of op.operation.parameters ?? []) {
      const refusal = this.parameterRefusal(op, parameter, request);
      if (refusal) return refusal;
    }
    const body = op.operation.requestBody;
    if (!body) return undefined;
    const contentType = request.headers['content-type'];
    if (request.payload === undefined || request.payload.length === 0) {
      return body.required ? 'the required body is missing' : undefined;
    }
    const declared = Object.keys(body.content);
    const sent = mediaType(contentType);
    if (!declared.includes(sent)) return `content type ${sent || '(none)'} is not one of ${declared.join(', ')}`;
    const schema = body.content[sent].schema;
    if (!sent.endsWith('json') || !schema) return undefined;
    let value: unknown;
    try {
      value = JSON.parse(request.payload.toString());
    } catch {
      return 'the body is not JSON';
    }
    const validate = this.compile(`request ${op.key} ${sent}`, this.requestAjv, schema, false);
    return validate(value) ? undefined : `body: ${describeErrors(validate)}`;
  }

  private parameterRefusal(op: FuzzOperation, parameter: Parameter, request: SentRequest): string | undefined {
    let values: string[];
    switch (parameter.in) {
      case 'query':
        values = request.query.filter(([name]) => name === parameter.name).map(([, value]) => value);
        break;
      case 'path':
        values = request.pathParams?.[parameter.name] === undefined ? [] : [request.pathParams[parameter.name]];
        break;
      case 'header': {
        const value = request.headers[parameter.name.toLowerCase()];
        values = value === undefined ? [] : [value];
        break;
      }
      case 'cookie':
        return undefined;
    }
    const label = `${parameter.in} ${parameter.name}`;
    if (values.length === 0) return parameter.required ? `${label} is missing` : undefined;
    if (values.length > 1) return `${label} given ${values.length} times`;
    if (!parameter.schema) return undefined;
    const holder = { value: values[0] as unknown };
    const wrapper = this.compile(
      `param ${op.key} ${label}`,
      this.queryAjv,
      { type: 'object', properties: { value: parameter.schema } },
      false,
    );
    // Parameters are text: a number must be written as one, and coerce to one.
    const numeric = ['number', 'integer'].includes(parameter.schema.type);
    if (numeric && !/^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(values[0])) return `${label}=${values[0]} is not a number`;
    if (parameter.schema.type === 'boolean' && !['true', 'false'].includes(values[0])) return `${label}=${values[0]} is not a boolean`;
    if (!wrapper(holder)) return `${label}: ${describeErrors(wrapper)}`;
    return undefined;
  }

  check(op: FuzzOperation, request: SentRequest, response: Received, refusal: string | undefined): Finding[] {
    const findings: Finding[] = [];
    const status = response.status;
    if (status >= 500) findings.push({ rule: 'server error', why: `${status}${problemDetail(response)}` });
    const documented = documentedResponse(op, status);
    if (!documented) {
      findings.push({
        rule: 'undocumented status',
        why: `${status} is not among ${Object.keys(op.operation.responses).join(', ')}${problemDetail(response)}`,
      });
    }
    if (status >= 200 && status < 300 && refusal) {
      findings.push({ rule: 'accepted a request the document refuses', why: `${status} although ${refusal}` });
    }
    findings.push(...this.bodyFindings(op, status, documented?.key, response));
    return findings;
  }

  private bodyFindings(op: FuzzOperation, status: number, responseKey: string | undefined, response: Received): Finding[] {
    const content = responseKey ? op.operation.responses[responseKey].content : undefined;
    const sent = mediaType(response.headers['content-type'] as string | undefined);
    if (status === 204 || status === 304) {
      return response.raw.length > 0 ? [{ rule: 'response schema', why: `${status} with a ${response.raw.length}-byte body` }] : [];
    }
    const findings: Finding[] = [];
    if (content && Object.keys(content).length > 0) {
      const declared = Object.keys(content);
      if (!declared.includes(sent))
        return [{ rule: 'content type', why: `${status} answered ${sent || '(none)'}, documented ${declared.join(', ')}` }];
      const schema = content[sent].schema;
      // Problem documents may carry extension members (RFC 9457 §3.2): they are never closed.
      const closed = this.options.closedResponses && sent !== 'application/problem+json';
      if (schema && sent.endsWith('json'))
        findings.push(...this.jsonFindings(`response ${op.key} ${responseKey} ${sent} ${closed}`, schema, closed, status, response));
    } else if (status >= 400 && sent !== 'application/problem+json') {
      return [{ rule: 'not a problem document', why: `${status} answered ${sent || '(no content type)'}, not application/problem+json` }];
    }
    // Whatever the document says, a problem document is one (RFC 9457) and states the HTTP status.
    if (findings.length === 0 && sent === 'application/problem+json') findings.push(...this.problemFindings(status, response));
    return findings;
  }

  private parse(response: Received): { value: unknown } | undefined {
    try {
      return { value: JSON.parse(response.raw.toString('utf8')) };
    } catch {
      return undefined;
    }
  }

  private jsonFindings(key: string, schema: Schema, closed: boolean, status: number, response: Received): Finding[] {
    const parsed = this.parse(response);
    if (!parsed) return [{ rule: 'response schema', why: `${status} body is not JSON` }];
    const validate = this.compile(key, this.strictAjv, schema, closed);
    return validate(parsed.value) ? [] : [{ rule: 'response schema', why: `${status} body: ${describeErrors(validate)}` }];
  }

  private problemFindings(status: number, response: Received): Finding[] {
    const parsed = this.parse(response);
    if (!parsed) return [{ rule: 'not a problem document', why: `${status} problem body is not JSON` }];
    const validate = this.compile('problem', this.strictAjv, PROBLEM_SCHEMA, false);
    if (!validate(parsed.value)) return [{ rule: 'not a problem document', why: `${status} problem body: ${describeErrors(validate)}` }];
    const stated = (parsed.value as { status?: unknown }).status;
    return stated === status
      ? []
      : [{ rule: 'not a problem document', why: `problem status ${stated} differs from the HTTP status ${status}` }];
  }
}

/** The documented response for a status: exact (`404`), range (`4XX`) or `default`. */
export function documentedResponse(op: FuzzOperation, status: number): { key: string } | undefined {
  const responses = op.operation.responses;
  for (const key of [String(status), `${String(status)[0]}XX`, `${String(status)[0]}xx`, 'default']) {
    if (responses[key]) return { key };
  }
  return undefined;
}

/** ` (code: detail)` from a problem body, to tell causes apart in the report. */
function problemDetail(response: Received): string {
  try {
    const body = JSON.parse(response.raw.toString('utf8')) as { detail?: unknown; code?: unknown };
    const detail = typeof body.detail === 'string' ? body.detail.slice(0, 160) : '';
    const code = typeof body.code === 'string' ? `${body.code}: ` : '';
    return detail || code ? ` (${code}${detail})` : '';
  } catch {
    return '';
  }
}
