import fc from 'fast-check';
import { JsonBody, Pools, binaryBody, csvBody, fromPool, jsonBody, oddString, paramValue } from './arbitraries';
import { FuzzOperation, OpenApiDocument, Parameter, dereference } from './openapi';
import { Recipe, mutateRecipe } from './recipes';

/** A request drawn for an operation, before the caller's current token is put in. */
export interface Draft {
  callerIndex: number;
  badAuthorization: string;
  path: Record<string, string>;
  query: [string, string][];
  headers: Record<string, string>;
  body?: { contentType?: string; payload: string | Buffer; mutation: string };
}

/** Authorization headers that must all answer 401 on a protected route. */
export const BAD_AUTHORIZATIONS = [
  'Bearer',
  'Bearer ',
  'bearer x.y.z',
  'Basic YWRtaW46YWRtaW4=',
  'Bearer a.b.c',
  'Token abc',
  'Bearer ' + 'A'.repeat(8000),
];

/** Which pool a path parameter's real values come from. */
export function poolOfPathParameter(path: string, name: string): string {
  if (name === 'userId') return 'user';
  if (name === 'code') return 'certification';
  const resource = path.split('/')[2];
  const pools: Record<string, string> = {
    users: 'user',
    learners: 'learner',
    cohorts: 'cohort',
    enrolments: 'enrolment',
    evaluations: 'evaluation',
    'jury-sessions': 'jurySession',
  };
  return pools[resource] ?? 'anyId';
}

const WRONG_JSON_CONTENT_TYPES: (string | undefined)[] = [
  undefined,
  'application/xml',
  'application/octet-stream',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/json; charset=latin1',
  'application/merge-patch+json',
  'text/csv',
];

function multipart(bytes: Buffer, field: string, filename: string): Buffer {
  const boundary = 'fuzzboundary';
  return Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
    ),
    bytes,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
}

function bodyArbitrary(document: OpenApiDocument, op: FuzzOperation, pools: Pools): fc.Arbitrary<Draft['body']> | undefined {
  const requestBody = op.operation.requestBody;
  if (!requestBody) return undefined;
  const choices: fc.Arbitrary<Draft['body']>[] = [];
  for (const [type, media] of Object.entries(requestBody.content)) {
    if (type === 'application/json') {
      const schema = dereference(document, media.schema);
      const json = jsonBody(schema, pools);
      choices.push(
        fc.oneof(
          { weight: 9, arbitrary: json.map((b: JsonBody) => ({ contentType: type, payload: b.text, mutation: b.mutation })) },
          {
            weight: 1,
            arbitrary: fc.tuple(json, fc.constantFrom(...WRONG_JSON_CONTENT_TYPES)).map(([b, contentType]) => ({
              contentType,
              payload: b.text,
              mutation: `${b.mutation}, sent as ${contentType ?? 'no content type'}`,
            })),
          },
          { weight: 1, arbitrary: fc.constant({ contentType: type, payload: '', mutation: 'empty JSON body' }) },
        ),
      );
    } else if (type === 'text/csv') {
      choices.push(csvBody(pools).map((payload) => ({ contentType: type, payload, mutation: 'CSV' })));
    } else if (type === 'multipart/form-data') {
      choices.push(
        fc.tuple(binaryBody, fc.constantFrom('file', 'upload', '')).map(([bytes, field]) => ({
          contentType: 'multipart/form-data; boundary=fuzzboundary',
          payload: multipart(bytes, field, 'export.xml'),
          mutation: `multipart field ${JSON.stringify(field)}`,
        })),
      );
    } else {
      choices.push(binaryBody.map((payload) => ({ contentType: type, payload, mutation: `${payload.length} bytes` })));
    }
  }
  return fc.oneof(...choices);
}

/** Draws whole requests for one operation: caller, path ids (real most of the time), query, headers, body. */
export function draftArbitrary(
  document: OpenApiDocument,
  op: FuzzOperation,
  pools: Pools,
  callerCount: number,
  recipe?: fc.Arbitrary<Recipe>,
): fc.Arbitrary<Draft> {
  const parameters: Parameter[] = op.operation.parameters ?? [];
  const pathParameters = parameters.filter((p) => p.in === 'path');
  const queryParameters = parameters.filter((p) => p.in === 'query');
  const headerParameters = parameters.filter((p) => p.in === 'header');

  const path = fc.record(
    Object.fromEntries(
      pathParameters.map((p) => [
        p.name,
        fc.oneof(
          { weight: 17, arbitrary: fromPool(pools, poolOfPathParameter(op.path, p.name)) },
          { weight: 2, arbitrary: fc.uuid() },
          { weight: 1, arbitrary: oddString.filter((s) => s.length > 0 && s.length <= 1000) },
          { weight: 1, arbitrary: fc.constantFrom(...MALFORMED_PATH_SEGMENTS) },
        ),
      ]),
    ),
  );
  const declaredQuery = fc.tuple(
    ...queryParameters.map((p) =>
      fc.option(
        paramValue(p.schema ?? { type: 'string' }, pools, p.name).map((value): [string, string] => [p.name, value]),
        { freq: 2, nil: undefined },
      ),
    ),
  );
  // One request in eight carries an undeclared (or repeated) query parameter.
  const extraQuery = fc.oneof(
    { weight: 7, arbitrary: fc.constant(undefined) },
    {
      weight: 1,
      arbitrary: fc.tuple(
        fc.constantFrom('foo', 'limit', 'cursor', '__proto__', 'organisationId', ''),
        oddString.filter((s) => s.length <= 1000),
      ),
    },
  );
  const query = fc.tuple(declaredQuery, extraQuery).map(([declared, extra]) => {
    const pairs = declared.filter((pair): pair is [string, string] => pair !== undefined);
    return extra ? [...pairs, extra as [string, string]] : pairs;
  });
  const headers = fc.record(
    Object.fromEntries(
      headerParameters.map((p) => [p.name.toLowerCase(), fc.option(fc.oneof(fc.uuid(), oddString), { freq: 2, nil: undefined })]),
    ),
  );
  const body = bodyArbitrary(document, op, pools) ?? fc.constant(undefined);
  const anyCaller = fc.oneof(
    { weight: 5, arbitrary: fc.constant(0) },
    { weight: 5, arbitrary: fc.integer({ min: 1, max: callerCount - 1 }) },
  );
  const cleanHeaders = headers.map((h) =>
    Object.fromEntries(Object.entries(h).filter((entry): entry is [string, string] => entry[1] !== undefined)),
  );
  const generic = fc.record({
    callerIndex: anyCaller,
    badAuthorization: fc.constantFrom(...BAD_AUTHORIZATIONS),
    path,
    query,
    headers: cleanHeaders,
    body,
  });
  if (!recipe) return generic;
  // Bodies that follow the business rules, mostly sent by the admin, sometimes with one field made hostile.
  const fromRecipe = fc
    .record({
      callerIndex: fc.oneof(
        { weight: 8, arbitrary: fc.constant(0) },
        { weight: 2, arbitrary: fc.integer({ min: 1, max: callerCount - 1 }) },
      ),
      badAuthorization: fc.constantFrom(...BAD_AUTHORIZATIONS),
      path,
      headers: cleanHeaders,
      recipe: fc.oneof({ weight: 3, arbitrary: recipe }, { weight: 1, arbitrary: mutateRecipe(recipe) }),
    })
    .map(({ recipe: r, path: drawn, ...rest }): Draft => ({
      ...rest,
      path: { ...drawn, ...(r.path ?? {}) },
      query: [],
      body: {
        contentType: r.contentType ?? 'application/json',
        payload: r.contentType && typeof r.body === 'string' ? r.body : (JSON.stringify(r.body) ?? 'null'),
        mutation: r.mutation,
      },
    }));
  return fc.oneof({ weight: 1, arbitrary: generic }, { weight: 1, arbitrary: fromRecipe });
}

/** Header values must be latin-1 without control characters to be sent at all: others are replaced. */
export function headerSafe(value: string): string {
  // Latin-1 without control characters, and short enough for Node's 16 kB header limit.
  const safe = /^[\t\x20-\x7e\x80-\xff]*$/.test(value) ? value : percentEncode(value);
  return safe.slice(0, 4000);
}

/**
 * Path segments sent as they are, not percent-encoded: encodings no decoder takes (a lone `%`, a cut
 * sequence, an overlong form, a lone surrogate's UTF-8 bytes), which the router must refuse with a problem.
 */
export const MALFORMED_PATH_SEGMENTS = ['%', '%zz', '%E0%A4%A', '%C0%AF', '%ED%A0%80'];

/** Percent-encoding that never throws (a lone surrogate is sent as U+FFFD, as any client would). */
export function percentEncode(value: string): string {
  let out = '';
  for (const byte of Buffer.from(value, 'utf8')) {
    const char = String.fromCharCode(byte);
    out += /[A-Za-z0-9\-_.~]/.test(char) ? char : '%' + byte.toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}

export function urlOf(op: FuzzOperation, draft: Draft): string {
  let url = op.path;
  for (const [name, value] of Object.entries(draft.path))
    url = url.replace(`{${name}}`, MALFORMED_PATH_SEGMENTS.includes(value) ? value : percentEncode(value));
  if (draft.query.length === 0) return url;
  return url + '?' + draft.query.map(([name, value]) => `${percentEncode(name)}=${percentEncode(value)}`).join('&');
}
