import { JSON_BODY_LIMITS, MAX_LISTED_ERRORS } from '@project/platform';
import { TEST_ADMIN, TestApp, bearer, createTestApp } from '@project/testing';

describe('HTTP transport', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('answers a JSON body over 2 MB with a 413 problem, writing nothing', async () => {
    const before = await t.count('learner');
    const response = await t
      .http()
      .post('/api/learners')
      .set(bearer(t.admin.token))
      .send({ firstName: 'A'.repeat(3 * 1024 * 1024), lastName: 'B', email: 'big@exemple.fr' })
      .expect(413);
    expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(await t.count('learner')).toBe(before);
  });

  it('answers an unsupported content type with a 415 problem', async () => {
    const response = await t
      .http()
      .post('/api/learners')
      .set(bearer(t.admin.token))
      .set('content-type', 'application/x-yaml')
      .send('a: b')
      .expect(415);
    expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
  });

  describe('a JSON body is bounded before it is turned into a DTO', () => {
    const withUnknownKeys = (count: number): Record<string, unknown> => {
      const body: Record<string, unknown> = { refreshToken: 'r'.repeat(40) };
      for (let i = 0; i < count; i++) body[`k${i}`] = i;
      return body;
    };

    it('answers 50,000 unknown keys on an unauthenticated route with a small 400 problem while /api/health still answers', async () => {
      const [bomb, health] = await Promise.all([
        t.http().post('/api/auth/refresh').send(withUnknownKeys(50_000)),
        t.http().get('/api/health'),
      ]);
      expect(bomb.status).toBe(400);
      expect(bomb.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(bomb.text.length).toBeLessThan(1000);
      expect(bomb.body.detail).toContain(`more than ${JSON_BODY_LIMITS.maxKeysPerObject} keys`);
      expect(health.status).toBe(200);
    });

    it.each([
      ['arrays', '['.repeat(100_000) + ']'.repeat(100_000)],
      ['objects under a field', '{"refreshToken":' + '{"a":'.repeat(100_000) + '1' + '}'.repeat(100_001)],
    ])('answers 100,000 nested %s with a 400 problem, not a 500', async (_name, body) => {
      const response = await t.http().post('/api/auth/refresh').set('content-type', 'application/json').send(body).expect(400);
      expect(response.body).toMatchObject({ status: 400, detail: expect.stringContaining('nested more than') });
    });

    it('answers more values than any sheet holds with a 413 problem', async () => {
      const body = JSON.stringify({ refreshToken: new Array(JSON_BODY_LIMITS.maxNodes).fill(0) });
      const response = await t.http().post('/api/auth/refresh').set('content-type', 'application/json').send(body).expect(413);
      expect(response.body).toMatchObject({ status: 413, title: 'Payload Too Large' });
    });

    it(`lists the first ${MAX_LISTED_ERRORS} errors of a validation problem and counts them all`, async () => {
      const response = await t.http().post('/api/auth/refresh').send(withUnknownKeys(90)).expect(400);
      expect(response.body.errors).toHaveLength(MAX_LISTED_ERRORS);
      expect(response.body.errors[0]).toEqual({ field: 'k0', message: 'property k0 should not exist' });
      expect(response.body.errorCount).toBe(90);
      expect(response.body.detail).toMatch(/^Invalid request: k0, k1, .*k19 and 70 more errors$/);
    });

    it('refuses unknown keys and oversized arrays deep in a body in a first cheap pass, before validating each element', async () => {
      const junk = () => Object.fromEntries(Array.from({ length: 99 }, (_, i) => [`k${i}`, i]));
      const sheet = {
        code: 'RNCP99999',
        title: 'Bombe',
        certifiers: [],
        nsfCodes: [],
        formacodes: [],
        romeCodes: [],
        replaces: [],
        accessRoutes: [],
        completionRule: { kind: 'all_blocks' },
        blocks: Array.from({ length: 900 }, () => junk()),
      };
      const oversized = await t.http().put('/api/certifications/RNCP99999').set(bearer(t.admin.token)).send(sheet).expect(400);
      // Not 900 × 99 unknown keys nor 900 invalid blocks: the array is refused whole.
      expect(oversized.body.errors).toEqual([{ field: 'blocks', message: 'blocks must contain no more than 100 elements' }]);
      const unknown = await t
        .http()
        .put('/api/certifications/RNCP99999')
        .set(bearer(t.admin.token))
        .send({ ...sheet, blocks: sheet.blocks.slice(0, 100) })
        .expect(400);
      expect(unknown.body.errors).toHaveLength(MAX_LISTED_ERRORS);
      expect(unknown.body.errors[0]).toEqual({ field: 'blocks[0].k0', message: 'property k0 should not exist' });
      expect(unknown.body.errorCount).toBe(100 * 99);
    });

    it.each([
      ['null', 'null'],
      ['an array', '[]'],
      ['a string', '"x"'],
      ['a number', '1'],
    ])('answers %s as the body of a PATCH with a 400 naming the body, changing nothing', async (_name, body) => {
      const learner = await t
        .http()
        .post('/api/learners')
        .set(bearer(t.admin.token))
        .send({ firstName: 'Inès', lastName: 'Body', email: `body-${Date.now()}-${Math.random()}@exemple.fr` })
        .expect(201);
      const response = await t
        .http()
        .patch(`/api/learners/${learner.body.id}`)
        .set(bearer(t.admin.token))
        .set('content-type', 'application/json')
        .send(body)
        .expect(400);
      expect(response.body.errors).toEqual([{ field: 'body', message: 'body must be a JSON object' }]);
    });
  });

  describe('a JSON route answers another content type with a 415 problem', () => {
    const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
    it.each([
      ['POST /api/auth/refresh', 'application/xml', '<refreshToken>x</refreshToken>'],
      ['POST /api/auth/refresh', 'application/octet-stream', 'xxxx'],
      ['POST /api/auth/refresh', 'text/plain', 'refreshToken=x'],
      ['POST /api/auth/refresh', 'text/csv', 'refreshToken\nx'],
      ['POST /api/auth/refresh', XLSX, 'PK'],
      [
        'POST /api/auth/refresh',
        'multipart/form-data; boundary=b',
        '--b\r\nContent-Disposition: form-data; name="file"\r\n\r\nx\r\n--b--\r\n',
      ],
      ['POST /api/auth/login', 'application/xml', '<email>a@b.fr</email>'],
      ['POST /api/auth/login', 'application/zip', 'PK'],
      ['POST /api/learners', 'application/xml', '<learner/>'],
      ['PATCH /api/users/00000000-0000-4000-8000-000000000000', 'text/xml', '<user/>'],
      ['POST /api/learners', 'application/x-www-form-urlencoded', 'firstName=A&lastName=B&email=a%40b.fr'],
      ['POST /api/evaluations/import', 'application/xml', '<results/>'],
      ['POST /api/certifications/import', 'text/csv', 'a,b'],
    ])('%s with %s', async (route, type, body) => {
      const [method, path] = route.split(' ');
      const call = method === 'PATCH' ? t.http().patch(path) : t.http().post(path);
      const response = await call.set(bearer(t.admin.token)).set('content-type', type).send(body).expect(415);
      expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(response.body).toMatchObject({ status: 415, title: 'Unsupported Media Type' });
    });
  });

  describe('a path parameter reaches its own check, whatever its length or encoding', () => {
    it("answers an id of 150 accented letters (over the router's default bound of 100) with a 400 problem naming it", async () => {
      const response = await t
        .http()
        .get(`/api/learners/${encodeURIComponent('é'.repeat(150))}`)
        .set(bearer(t.admin.token))
        .expect(400);
      expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(response.body.errors).toEqual([{ field: 'id', message: 'id must be a UUID' }]);
    });

    it('answers a well-formed certification code of 300 digits with a 404 problem', async () => {
      const response = await t
        .http()
        .get(`/api/certifications/RNCP${'9'.repeat(300)}`)
        .set(bearer(t.admin.token))
        .expect(404);
      expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
    });

    it('answers a malformed percent-encoding in the path with a 400 problem, uncached', async () => {
      const response = await t.http().get('/api/learners/%E0%A4%A').set(bearer(t.admin.token)).expect(400);
      expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(response.headers['cache-control']).toBe('no-store');
      expect(response.body).toMatchObject({ status: 400, errors: [{ field: 'path' }], instance: '/api/learners/%E0%A4%A' });
    });
  });

  describe('a lone surrogate (not a character) in any JSON string is a 400 naming the field', () => {
    it.each([
      ["a new user's email", () => '/api/users', () => ({ email: '\ud800', displayName: 'X', roles: ['trainer'] }), 'email'],
      ['a login email', () => '/api/auth/login', () => ({ email: '\ud800', password: TEST_ADMIN.password }), 'email'],
      ['a login password', () => '/api/auth/login', () => ({ email: t.admin.email, password: `${TEST_ADMIN.password}\udc00` }), 'password'],
      [
        'a property name',
        () => '/api/learners',
        () => ({ firstName: 'A', lastName: 'B', email: 'ab@example.org', ['\udc00']: 1 }),
        '\udc00',
      ],
    ])('%s', async (_name, path, body, field) => {
      const response = await t.http().post(path()).set(bearer(t.admin.token)).send(body()).expect(400);
      expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(response.body.errors).toEqual([{ field, message: expect.stringContaining('lone surrogate') }]);
    });

    it('still takes a surrogate pair (an emoji, a mathematical letter) as the character it is', async () => {
      const response = await t
        .http()
        .post('/api/learners')
        .set(bearer(t.admin.token))
        .send({ firstName: 'Zoé 😀', lastName: '𝔘rsule', email: 'zoe.emoji@example.org' })
        .expect(201);
      expect(response.body).toMatchObject({ firstName: 'Zoé 😀', lastName: '𝔘rsule' });
    });
  });

  it('answers an unknown route with a 404 problem', async () => {
    const response = await t.http().get('/api/nowhere').set(bearer(t.admin.token)).expect(404);
    expect(response.body).toMatchObject({ status: 404, title: 'Not Found' });
  });

  it.each([
    ['a login, carrying tokens', 'post', '/api/auth/login', 200],
    ['personal data', 'get', '/api/learners', 200],
    ['a problem', 'get', '/api/learners/not-a-uuid', 400],
    ['an unknown route', 'get', '/api/nowhere', 404],
  ])('forbids caching %s with Cache-Control: no-store', async (_name, method, path, status) => {
    const call =
      method === 'post'
        ? t.http().post(path).send({ email: t.admin.email, password: TEST_ADMIN.password })
        : t.http().get(path).set(bearer(t.admin.token));
    const response = await call.expect(status);
    expect(response.headers['cache-control']).toBe('no-store');
  });

  it('sends the security headers', async () => {
    const response = await t.http().get('/api/health').expect(200);
    expect(response.headers).toMatchObject({
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'SAMEORIGIN',
      'strict-transport-security': expect.stringContaining('max-age='),
    });
    expect(response.headers['content-security-policy']).toContain("default-src 'self'");
  });
});
