import { TestApp, bearer, createTestApp } from '@project/testing';
import { plainToInstance } from 'class-transformer';
import { getMetadataStorage, validate } from 'class-validator';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildOpenApiDocument } from './app.factory';

const PUBLIC_OPERATIONS = [
  'POST /api/auth/login',
  'POST /api/auth/refresh',
  'POST /api/auth/logout',
  'GET /api/health',
  'GET /api/health/live',
  'GET /api/health/ready',
  'POST /api/credentials/verify',
  'GET /api/issuers/{organisationId}',
  'GET /api/issuers/{organisationId}/status-list',
  'POST /api/invitations/accept',
];

interface Operation {
  name: string;
  method: string;
  path: string;
  operation: any;
}

function operationsOf(document: any): Operation[] {
  return Object.entries(document.paths as Record<string, Record<string, any>>).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({ name: `${method.toUpperCase()} ${path}`, method, path, operation })),
  );
}

/** Every schema a request body can hold, nested ones included. */
function requestSchemas(document: any): string[] {
  const names = new Set<string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== 'object') return;
    const ref = (node as { $ref?: string }).$ref;
    if (ref) {
      const name = ref.replace('#/components/schemas/', '');
      if (names.has(name)) return;
      names.add(name);
      return visit(document.components.schemas[name]);
    }
    Object.values(node).forEach(visit);
  };
  for (const { operation } of operationsOf(document)) visit(operation.requestBody);
  return [...names];
}

function validatedClass(name: string): (new () => object) | undefined {
  const storage = getMetadataStorage() as unknown as { validationMetadatas: Map<new () => object, unknown[]> };
  return [...storage.validationMetadatas.keys()].find((target) => target.name === name);
}

describe('OpenAPI document', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('is served at /api/docs-json and matches the committed openapi.json (run `npm run openapi` after changing routes)', async () => {
    const served = await t.http().get('/api/docs-json').expect(200);
    const committed = JSON.parse(readFileSync(join(__dirname, '../../../openapi.json'), 'utf8'));
    expect(served.body).toEqual(committed);
    expect(buildOpenApiDocument(t.app)).toEqual(committed);
  });

  it('describes every operation with a success response and the bearer scheme unless public', async () => {
    const document = (await t.http().get('/api/docs-json').expect(200)).body;
    expect(document.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    const operations = operationsOf(document);
    expect(operations.length).toBeGreaterThan(40);
    for (const { name, operation } of operations) {
      const statuses = Object.keys(operation.responses ?? {});
      expect({ name, success: statuses.some((status) => /^2\d\d$/.test(status)) }).toEqual({ name, success: true });
      if (!PUBLIC_OPERATIONS.includes(name)) {
        expect({ name, security: operation.security }).toEqual({ name, security: [{ bearer: [] }] });
        expect({ name, unauthorized: statuses.includes('401') }).toEqual({ name, unauthorized: true });
      }
    }
  });

  it('documents a 400 problem on every operation that takes input, 413 and 415 with a body, and the problem schema on every error', () => {
    const document = buildOpenApiDocument(t.app);
    for (const { name, operation } of operationsOf(document)) {
      const statuses = Object.keys(operation.responses);
      const input = (operation.parameters?.length ?? 0) > 0 || operation.requestBody !== undefined;
      expect({ name, documents400: statuses.includes('400') }).toEqual({ name, documents400: input || statuses.includes('400') });
      if (input) expect({ name, documents400: statuses.includes('400') }).toEqual({ name, documents400: true });
      if (operation.requestBody)
        expect({ name, bodyErrors: ['413', '415'].every((s) => statuses.includes(s)) }).toEqual({ name, bodyErrors: true });
      for (const status of statuses.filter((s) => /^[45]/.test(s))) {
        expect({ name, status, content: operation.responses[status].content }).toEqual({
          name,
          status,
          content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/ProblemDetails' } } },
        });
      }
    }
  });

  it('answers each documented 400 for real: a bad path parameter, a null body, an unknown query parameter', async () => {
    const document = buildOpenApiDocument(t.app);
    // Every role, so that the role guards let the request reach validation.
    const caller = await t.createUser(['admin', 'trainer', 'jury_member']);
    // A learner account holds the learner role alone: its own routes (/api/me/...) are called as a learner.
    const learner = (
      await t.db.query(
        `INSERT INTO learner (organisation_id, first_names, last_name, email) VALUES ($1, 'Léa', 'Openapi', 'lea.openapi@example.org') RETURNING id`,
        [t.admin.organisationId],
      )
    ).rows[0].id;
    const learnerCaller = await t.createUser(['learner'], { learnerId: learner });
    const tried: string[] = [];
    const wrong: string[] = [];
    for (const { name, method, path, operation } of operationsOf(document)) {
      const parameters: any[] = operation.parameters ?? [];
      const pathParameter = parameters.find((p) => p.in === 'path');
      const jsonBody = operation.requestBody?.content?.['application/json'];
      let url = path.replace(/\{[^}]+\}/g, (match) => (match === '{code}' ? 'RNCP41296' : '00000000-0000-4000-8000-000000000000'));
      let body: string | undefined;
      if (pathParameter)
        url = path.replace(`{${pathParameter.name}}`, 'not-valid').replace(/\{[^}]+\}/g, '00000000-0000-4000-8000-000000000000');
      else if (jsonBody) body = 'null';
      else if (parameters.some((p) => p.in === 'query')) url += '?notAParameter=1';
      else continue;
      const request = (t.http() as any)[method](url).set(bearer((path.startsWith('/api/me/') ? learnerCaller : caller).token));
      const response = await (body === undefined ? request : request.set('content-type', 'application/json').send(body));
      tried.push(name);
      if (response.status !== 400 || !/application\/problem\+json/.test(response.headers['content-type']))
        wrong.push(`${name} ${url}: ${response.status}`);
    }
    expect(wrong).toEqual([]);
    expect(tried.length).toBeGreaterThan(35);
  });

  /** A well-formed request to each operation that changes a record named by its path, so that only the path can fail. */
  const VALID_BODIES: Record<string, (callerId: string) => object | string | undefined> = {
    'PATCH /api/users/{id}': () => ({ displayName: 'Nobody' }),
    'POST /api/users/{id}/password': () => ({ password: 'a-long-enough-passphrase-2026' }),
    'PATCH /api/evaluations/{id}': () => ({ reason: 'typo', score: 12 }),
    'PATCH /api/learners/{id}': () => ({ firstName: 'Ada' }),
    'PATCH /api/learners/{id}/civil-identity': () => ({ sex: 'F' }),
    // A string is sent as XML.
    'POST /api/cpf-declarations/{id}/report': () => '<r><passagesOK><p><idTechnique>a</idTechnique></p></passagesOK></r>',
    'POST /api/cohorts/{id}/trainers': (callerId) => ({ userId: callerId }),
    'DELETE /api/cohorts/{id}/trainers/{userId}': () => undefined,
    'POST /api/learners/{id}/enrolments': () => ({ certificationCode: 'RNCP41296', accessRoute: 'student', startedOn: '2025-09-01' }),
    'PATCH /api/enrolments/{id}': () => ({ jobSeeker: true }),
    'POST /api/jury-sessions/{id}/decisions': () => ({ enrolmentId: '00000000-0000-4000-8000-000000000001', decision: 'awarded' }),
    'POST /api/jury-sessions/{id}/close': () => undefined,
    'POST /api/jury-sessions/{id}/presence': () => ({ present: [] }),
    'POST /api/jury-sessions/{id}/members/{memberId}/account': (callerId) => ({ userId: callerId }),
    'POST /api/jury-sessions/{id}/minutes/signatures': () => ({ sha256: 'a'.repeat(64) }),
    'POST /api/learners/{id}/acquisitions': () => ({
      blockCode: 'RNCP41296BC01',
      acquiredOn: '2025-01-15',
      source: 'vae',
      evidenceReference: 'VAE-2025-0042',
    }),
    'POST /api/learners/{id}/acquisitions/from-credential': () => ({ credentialReference: 'RNCP41296-2025-000001' }),
    'POST /api/organisations/{id}/deactivate': () => undefined,
    'POST /api/organisations/{id}/invitations': () => ({ email: 'nobody@centre-test.fr', displayName: 'Nobody' }),
    'POST /api/certifications/{code}/certifiers': () => ({ organisationId: '00000000-0000-4000-8000-000000000001' }),
    'DELETE /api/certifications/{code}/certifiers/{organisationId}': () => undefined,
    'POST /api/habilitations/{id}/revoke': () => undefined,
    'POST /api/learners/{id}/follow-ups': () => ({
      certificationCode: 'RNCP41296',
      observedOn: '2025-01-15',
      monthsAfterAward: 6,
      employed: true,
      inTargetJob: true,
    }),
  };

  it('documents a 404 problem on every operation but PUT whose path names a record, and answers it for one that does not exist', async () => {
    const document = buildOpenApiDocument(t.app);
    const caller = await t.createUser(['admin', 'trainer', 'jury_member']);
    const tried: string[] = [];
    const wrong: string[] = [];
    for (const { name, method, path, operation } of operationsOf(document)) {
      const documented = '404' in operation.responses;
      // Ids in the body: an enrolment of another organisation is unknown, as in a path.
      if (['POST /api/evaluations', 'POST /api/evaluations/collective'].includes(name) && !documented)
        wrong.push(`${name} does not document its 404`);
      if (!(operation.parameters ?? []).some((p: any) => p.in === 'path')) continue;
      if (method === 'put') {
        if (documented) wrong.push(`${name} documents a 404 (it creates what its path names)`);
        continue;
      }
      if (!documented) wrong.push(`${name} does not document its 404`);
      const body = method === 'get' ? undefined : VALID_BODIES[name];
      if (method !== 'get' && !body) {
        wrong.push(`${name} has no valid body in this test`);
        continue;
      }
      const url = path.replace(/\{[^}]+\}/g, (match) =>
        match === '{code}' ? 'RNCP99999999' : match === '{version}' ? '1' : '00000000-0000-4000-8000-000000000000',
      );
      const request = (t.http() as any)[method](url).set(bearer(caller.token));
      const payload = body?.(caller.id);
      const response = await (payload === undefined
        ? request
        : typeof payload === 'string'
          ? request.set('content-type', 'application/xml').send(payload)
          : request.send(payload));
      tried.push(name);
      if (response.status !== 404 || !/application\/problem\+json/.test(response.headers['content-type']))
        wrong.push(`${name} ${url}: ${response.status} ${response.body?.detail ?? ''}`);
    }
    expect(wrong).toEqual([]);
    expect(tried.length).toBeGreaterThan(30);
  });

  it('bounds every array a request body may hold (maxItems), so the work on a body is bounded', () => {
    const document = buildOpenApiDocument(t.app);
    const unbounded = requestSchemas(document).flatMap((name) =>
      Object.entries<any>((document.components!.schemas![name] as any).properties ?? {})
        .filter(([, property]) => property.type === 'array' && property.maxItems === undefined)
        .map(([property]) => `${name}.${property}`),
    );
    expect(unbounded).toEqual([]);
  });

  it('makes validation refuse null where the document does not declare a property nullable, and accept it where it does', async () => {
    const document = buildOpenApiDocument(t.app);
    const names = requestSchemas(document);
    expect(names.length).toBeGreaterThan(15);
    const wrong: string[] = [];
    for (const name of names) {
      const schema = document.components!.schemas![name] as any;
      const dto = validatedClass(name);
      expect({ name, validated: dto !== undefined }).toEqual({ name, validated: true });
      for (const [property, propertySchema] of Object.entries<any>(schema.properties ?? {})) {
        const errors = await validate(plainToInstance(dto!, { [property]: null }) as object);
        const refused = errors.some((error) => error.property === property);
        if (refused === Boolean(propertySchema.nullable)) wrong.push(`${name}.${property} ${refused ? 'refuses' : 'accepts'} null`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it.each([
    [
      'trainerUserIds: null on a new cohort',
      'post',
      '/api/cohorts',
      { name: 'Promo', certificationCode: 'RNCP41296', startsOn: '2025-09-01', endsOn: '2026-06-30', trainerUserIds: null },
      'trainerUserIds',
    ],
    [
      'currentPassword: null on a password change',
      'post',
      'PASSWORD',
      { password: 'a-long-enough-passphrase', currentPassword: null },
      'currentPassword',
    ],
    [
      'blockCode: null on a decision',
      'post',
      '/api/jury-sessions/00000000-0000-4000-8000-000000000000/decisions',
      { enrolmentId: '00000000-0000-4000-8000-000000000000', decision: 'awarded', blockCode: null },
      'blockCode',
    ],
    [
      'score: null beside an outcome',
      'post',
      '/api/evaluations',
      {
        enrolmentId: '00000000-0000-4000-8000-000000000000',
        modalityId: '00000000-0000-4000-8000-000000000000',
        occurredOn: '2025-06-12',
        outcome: 'passed',
        score: null,
      },
      'score',
    ],
  ])('refuses %s with a 400 naming the field', async (_name, method, path, body, field) => {
    const caller = await t.createUser(['admin', 'trainer', 'jury_member']);
    const url = path === 'PASSWORD' ? `/api/users/${caller.id}/password` : path;
    const response = await (t.http() as any)[method](url).set(bearer(caller.token)).send(body).expect(400);
    expect(response.body.errors.map((error: { field: string }) => error.field)).toContain(field);
  });

  it('documents limit as an integer, and refuses 1.5', async () => {
    const document = buildOpenApiDocument(t.app);
    const limit = (document.paths['/api/learners'].get!.parameters as any[]).find((parameter) => parameter.name === 'limit');
    expect(limit.schema).toMatchObject({ type: 'integer', minimum: 1, maximum: 500 });
    const response = await t.http().get('/api/learners?limit=1.5').set(bearer(t.admin.token)).expect(400);
    expect(response.body.errors).toEqual([{ field: 'limit', message: 'limit must be an integer number' }]);
  });

  it('states the lengths, patterns and item counts the validation enforces', () => {
    const schemas = buildOpenApiDocument(t.app).components!.schemas as Record<string, any>;
    expect(schemas.CreateUserDto.properties.password).toMatchObject({ minLength: 12, maxLength: 200, pattern: '\\S' });
    expect(schemas.CreateUserDto.properties.roles).toMatchObject({ minItems: 1, uniqueItems: true });
    expect(schemas.RecordCollectiveEvaluationDto.properties.enrolmentIds).toMatchObject({
      minItems: 1,
      maxItems: 500,
      items: { format: 'uuid' },
    });
    expect(schemas.BlockDto.properties.code).toMatchObject({ pattern: '^RNCP\\d+BC\\d+$' });
    expect(schemas.BlockDto.properties.competencies).toMatchObject({ maxItems: 200, items: { type: 'string', minLength: 1 } });
    expect(schemas.CertificationSheetDto.properties.level).toMatchObject({ type: 'integer', minimum: 1, maximum: 8, nullable: true });
  });

  it('serves the browsable documentation', async () => {
    const page = await t.http().get('/api/docs').expect(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
  });
});
