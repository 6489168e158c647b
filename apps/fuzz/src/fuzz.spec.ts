import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validValue } from './arbitraries';
import { FuzzOperation, OpenApiDocument, dereference, listOperations, toJsonSchema } from './openapi';
import { Oracle, Received, SentRequest } from './oracle';
import { MALFORMED_PATH_SEGMENTS, percentEncode, urlOf } from './requests';

const document = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'openapi.json'), 'utf8')) as OpenApiDocument;

function ajv(): Ajv {
  const instance = new Ajv({ strict: false, multipleOfPrecision: 9 });
  addFormats(instance);
  instance.addFormat('binary', true);
  return instance;
}

describe('fuzz: OpenAPI schemas as JSON Schema', () => {
  it('lets null through a nullable composed schema, and nothing else that breaks it', () => {
    const schema = toJsonSchema(
      { type: 'object', nullable: true, allOf: [{ type: 'object', properties: { a: { type: 'string' } }, required: ['a'] }] },
      { closed: true },
    );
    const validate = ajv().compile(schema);
    expect([null, { a: 'x' }].map((value) => validate(value))).toEqual([true, true]);
    expect([{}, { a: 1 }, { a: 'x', b: 1 }, 'x'].map((value) => validate(value))).toEqual([false, false, false, false]);
  });

  it('adds null to a nullable enum', () => {
    const validate = ajv().compile(toJsonSchema({ type: 'string', enum: ['passed', 'failed'], nullable: true }, { closed: false }));
    expect([null, 'passed', 'other'].map((value) => validate(value))).toEqual([true, true, false]);
  });

  it('draws request bodies the document itself accepts, for every operation with a JSON body', () => {
    for (const op of listOperations(document)) {
      const schema = op.operation.requestBody?.content['application/json']?.schema;
      if (!schema) continue;
      const resolved = dereference(document, schema);
      const validate = ajv().compile(toJsonSchema(resolved, { closed: false }));
      for (const value of fc.sample(validValue(resolved, {}), { seed: 7, numRuns: 40 })) {
        if (!validate(value)) throw new Error(`${op.key}: ${JSON.stringify(value)} ${JSON.stringify(validate.errors)}`);
      }
    }
  });
});

describe('fuzz: the oracle', () => {
  const op: FuzzOperation = {
    key: 'POST /api/things',
    id: 'things',
    method: 'POST',
    path: '/api/things',
    operation: {
      requestBody: {
        required: true,
        content: { 'application/json': { schema: { type: 'object', properties: { n: { type: 'integer' } }, required: ['n'] } } },
      },
      responses: {
        '201': {
          content: { 'application/json': { schema: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] } } },
        },
        '401': { description: 'no token' },
      },
    },
  };
  const oracle = new Oracle({ paths: {} }, { closedResponses: true });
  const request = (payload: string): SentRequest => ({
    method: 'POST',
    url: '/api/things',
    headers: { 'content-type': 'application/json' },
    payload,
    caller: 'admin',
    mutation: 'test',
    query: [],
  });
  const response = (status: number, body: unknown, contentType = 'application/json'): Received => ({
    status,
    headers: { 'content-type': contentType },
    raw: Buffer.from(JSON.stringify(body)),
    ms: 1,
  });
  const rules = (sent: SentRequest, received: Received) =>
    oracle.check(op, sent, received, oracle.requestRefusal(op, sent)).map((f) => f.rule);

  it('passes a documented answer', () => {
    expect(rules(request('{"n":1}'), response(201, { id: 'x' }))).toEqual([]);
    const problem = { type: 'about:blank', title: 'Unauthorized', status: 401, detail: 'no token' };
    expect(rules(request('{"n":1}'), response(401, problem, 'application/problem+json'))).toEqual([]);
  });

  it('accepts extension members in a documented problem document, and still checks its status', () => {
    const problemSchema = { type: 'object', properties: { type: { type: 'string' }, status: { type: 'integer' } }, required: ['type'] };
    const documented: FuzzOperation = {
      ...op,
      operation: {
        ...op.operation,
        responses: { ...op.operation.responses, '422': { content: { 'application/problem+json': { schema: problemSchema } } } },
      },
    };
    const problem = { type: 'about:blank', title: 'Unprocessable Content', status: 422, detail: 'not eligible', missingBlocks: ['BC01'] };
    const check = (body: unknown) =>
      oracle.check(documented, request('{"n":1}'), response(422, body, 'application/problem+json'), undefined).map((f) => f.rule);
    expect(check(problem)).toEqual([]);
    expect(check({ ...problem, status: 400 })).toEqual(['not a problem document']);
  });

  it('flags 5xx, undocumented statuses, bodies off their schema, bare errors and accepted refused requests', () => {
    expect(rules(request('{"n":1}'), response(500, {}, 'application/problem+json'))).toEqual(
      expect.arrayContaining(['server error', 'undocumented status']),
    );
    expect(rules(request('{"n":1}'), response(201, { id: 'x', secret: 1 }))).toEqual(['response schema']);
    expect(rules(request('{"n":1}'), response(401, { message: 'no' }))).toEqual(['not a problem document']);
    expect(
      rules(request('{"n":1}'), response(401, { type: 'about:blank', title: 'x', status: 403, detail: '' }, 'application/problem+json')),
    ).toEqual(['not a problem document']);
    expect(rules(request('{"n":null}'), response(201, { id: 'x' }))).toEqual(['accepted a request the document refuses']);
  });
});

describe('fuzz: requests', () => {
  it('percent-encodes any text, lone surrogates included', () => {
    expect(percentEncode('a b/é')).toBe('a%20b%2F%C3%A9');
    expect(percentEncode('\ud800')).toBe('%EF%BF%BD');
  });

  it('sends a malformed path segment as it is, and encodes every other value', () => {
    const op = { key: 'GET /api/learners/{id}', id: 'get', method: 'get', path: '/api/learners/{id}', operation: { responses: {} } };
    const draft = (id: string) => ({ callerIndex: 0, badAuthorization: '', path: { id }, query: [] as [string, string][], headers: {} });
    expect(urlOf(op, draft(MALFORMED_PATH_SEGMENTS[2]))).toBe('/api/learners/%E0%A4%A');
    expect(urlOf(op, draft('%E0'))).toBe('/api/learners/%25E0');
  });
});
