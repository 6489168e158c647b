import { TEST_ADMIN, TestApp, bearer, createTestApp } from '@project/testing';

describe('auth (HTTP)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('answers health without a token', async () => {
    const response = await t.http().get('/api/health').expect(200);
    expect(response.body).toEqual({ status: 'ok', database: 'up' });
    expect(response.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const traced = await t.http().get('/api/health').set('x-request-id', 'trace-me-42').expect(200);
    expect(traced.headers['x-request-id']).toBe('trace-me-42');
  });

  it('logs the admin in and tells who is calling', async () => {
    const login = await t.http().post('/api/auth/login').send(TEST_ADMIN).expect(200);
    expect(login.body).toMatchObject({ accessToken: expect.any(String), user: { email: TEST_ADMIN.email, roles: ['admin'] } });
    const me = await t.http().get('/api/auth/me').set(bearer(login.body.accessToken)).expect(200);
    expect(me.body).toMatchObject({ id: login.body.user.id, email: TEST_ADMIN.email, roles: ['admin'] });
  });

  it('refuses a wrong password and an unknown email with the same 401 problem', async () => {
    const wrongPassword = await t.http().post('/api/auth/login').send({ email: TEST_ADMIN.email, password: 'nope-nope-nope' }).expect(401);
    const unknownEmail = await t.http().post('/api/auth/login').send({ email: 'ghost@centre-test.fr', password: 'nope-nope-nope' }).expect(401);
    expect(wrongPassword.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(wrongPassword.body.detail).toBe(unknownEmail.body.detail);
    expect(wrongPassword.body).toMatchObject({ status: 401, title: 'Unauthorized' });
  });

  it('answers a login body that is not two strings with 400 naming the field, not a 500', async () => {
    for (const [body, field] of [
      [{ email: 42, password: 'nope-nope-nope' }, 'email'],
      [{ email: ['a@b.fr'], password: 'nope-nope-nope' }, 'email'],
      [{ email: 'a\u0000@b.fr', password: 'nope-nope-nope' }, 'email'],
      [{ email: TEST_ADMIN.email, password: { $ne: '' } }, 'password'],
      [{}, 'email'],
    ] as const) {
      const response = await t.http().post('/api/auth/login').send(body);
      expect({ body, status: response.status, errors: response.body.errors }).toEqual({ body, status: 400, errors: [{ field, message: expect.any(String) }] });
    }
  });

  it('refuses missing, forged and expired tokens', async () => {
    await t.http().get('/api/auth/me').expect(401);
    await t.http().get('/api/auth/me').set(bearer(t.admin.token + 'x')).expect(401);
    const forged = t.admin.token.split('.');
    forged[1] = Buffer.from(JSON.stringify({ sub: t.admin.id, roles: ['admin'], exp: 4102444800 })).toString('base64url');
    await t.http().get('/api/auth/me').set(bearer(forged.join('.'))).expect(401);
    const jwt = await import('jsonwebtoken');
    const expired = jwt.sign({ sub: t.admin.id, org: t.admin.organisationId, roles: ['admin'], exp: Math.floor(Date.now() / 1000) - 10 }, 'test-secret-test-secret-test-secret-42');
    await t.http().get('/api/auth/me').set(bearer(expired)).expect(401);
  });

  it('rotates refresh tokens and revokes the family when one is reused', async () => {
    const login = await t.http().post('/api/auth/login').send(TEST_ADMIN).expect(200);
    const first = await t.http().post('/api/auth/refresh').send({ refreshToken: login.body.refreshToken }).expect(200);
    expect(first.body.refreshToken).not.toBe(login.body.refreshToken);
    await t.http().get('/api/auth/me').set(bearer(first.body.accessToken)).expect(200);
    // Replaying the spent token is refused and burns the token issued from it too.
    await t.http().post('/api/auth/refresh').send({ refreshToken: login.body.refreshToken }).expect(401);
    await t.http().post('/api/auth/refresh').send({ refreshToken: first.body.refreshToken }).expect(401);
  });

  it('lets an admin create users, and names each bad field', async () => {
    const created = await t
      .http()
      .post('/api/users')
      .set(bearer(t.admin.token))
      .send({ email: 'Trainer.One@Centre-Test.fr', password: 'trainer-password-1', displayName: 'Trainer One', roles: ['trainer'] })
      .expect(201);
    expect(created.body).toMatchObject({ email: 'trainer.one@centre-test.fr', roles: ['trainer'], learnerId: null });
    const token = await t.login('trainer.one@centre-test.fr', 'trainer-password-1');
    expect(token).toEqual(expect.any(String));

    const before = await t.count('app_user');
    const bad = await t
      .http()
      .post('/api/users')
      .set(bearer(t.admin.token))
      .send({ email: 'not-an-email', password: 'short', displayName: 'X', roles: ['wizard'], extra: 1 })
      .expect(400);
    expect(bad.headers['content-type']).toMatch(/application\/problem\+json/);
    const fields = bad.body.errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['email', 'password', 'roles', 'extra']));
    await t.http().post('/api/users').set(bearer(t.admin.token)).send({ email: 'trainer.one@centre-test.fr', password: 'trainer-password-1', displayName: 'Again', roles: ['trainer'] }).expect(409);
    // A blank display name would leave a nameless trainer in every cohort's list.
    const blank = await t.http().post('/api/users').set(bearer(t.admin.token)).send({ email: 'blank@centre-test.fr', password: 'trainer-password-1', displayName: '   ', roles: ['trainer'] }).expect(400);
    expect(blank.body.errors).toEqual([{ field: 'displayName', message: expect.any(String) }]);
    expect(await t.count('app_user')).toBe(before);
  });

  it('refuses user creation to non-admins with 403, writing nothing', async () => {
    const trainer = await t.createUser(['trainer']);
    const before = await t.count('app_user');
    await t
      .http()
      .post('/api/users')
      .set(bearer(trainer.token))
      .send({ email: 'x@centre-test.fr', password: 'trainer-password-1', displayName: 'X', roles: ['admin'] })
      .expect(403);
    expect(await t.count('app_user')).toBe(before);
  });

  it('answers malformed JSON with a 400 problem', async () => {
    const response = await t.http().post('/api/auth/login').set('content-type', 'application/json').send('{"email":').expect(400);
    expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
  });

  it('records user creation in the audit trail', async () => {
    const created = await t.http().post('/api/users').set(bearer(t.admin.token))
      .send({ email: 'jury@centre-test.fr', password: 'jury-password-123', displayName: 'Jury', roles: ['jury_member'] }).expect(201);
    expect(await t.count('audit_event', `entity_type = 'user' AND entity_id = $1 AND action = 'user.created'`, [created.body.id])).toBe(1);
  });
});

describe('login throttling', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ loginThrottlePerMinute: 3 });
  });
  afterAll(() => t.close());

  it('answers 429 after too many attempts for one account', async () => {
    const attempt = () => t.http().post('/api/auth/login').send({ email: 'target@centre-test.fr', password: 'wrong-password-1' });
    expect((await attempt()).status).toBe(401);
    expect((await attempt()).status).toBe(401);
    expect((await attempt()).status).toBe(401);
    const blocked = await attempt();
    expect(blocked.status).toBe(429);
    expect(blocked.headers['content-type']).toMatch(/application\/problem\+json/);
    // Another account from the same address is not locked out.
    await t.http().post('/api/auth/login').send(TEST_ADMIN).expect(200);
  });
});
