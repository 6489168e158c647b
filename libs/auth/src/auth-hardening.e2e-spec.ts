import { TEST_ADMIN, TEST_PASSWORD, TestApp, bearer, createTestApp } from '@project/testing';

const TEST_SECRET = 'test-secret-test-secret-test-secret-42';

describe('login throttling and forwarded addresses (TRUST_PROXY)', () => {
  const failedLogin = (t: TestApp, email: string, forwardedFor?: string) => {
    const req = t.http().post('/api/auth/login');
    if (forwardedFor) void req.set('x-forwarded-for', forwardedFor);
    return req.send({ email, password: 'wrong-password-1' });
  };

  describe('without a trusted proxy (the default)', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp({ loginThrottlePerMinute: 3 });
    });
    afterAll(() => t.close());

    it('ignores X-Forwarded-For: a client cannot pose as many addresses to escape the login throttle', async () => {
      expect(t.config.trustProxy).toBe(false);
      const statuses = [];
      for (let i = 1; i <= 4; i++) statuses.push((await failedLogin(t, 'spoofer@centre-test.fr', `198.51.100.${i}`)).status);
      expect(statuses).toEqual([401, 401, 401, 429]);
      const blocked = await failedLogin(t, 'spoofer@centre-test.fr', '198.51.100.99').expect(429);
      expect(blocked.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(Number(blocked.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect(Number(blocked.headers['retry-after'])).toBeLessThanOrEqual(60);
      expect(blocked.body).toMatchObject({ status: 429, detail: expect.stringContaining('failed login attempts') });
    });
  });

  describe.each([
    ['a list of proxies', ['loopback']],
    ['a hop count', 1],
  ] as const)('with TRUST_PROXY as %s', (_, trustProxy) => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp({ loginThrottlePerMinute: 3, loginThrottlePerAddressPerMinute: 5, trustProxy: trustProxy as never });
    });
    afterAll(() => t.close());

    it("counts failed logins per client address as the proxy forwards it, each client's apart", async () => {
      const statuses = [];
      for (let i = 1; i <= 4; i++) statuses.push((await failedLogin(t, 'target@centre-test.fr', `203.0.113.${i}`)).status);
      expect(statuses).toEqual([401, 401, 401, 401]);
      for (let i = 0; i < 3; i++) await failedLogin(t, 'target@centre-test.fr', '203.0.113.50').expect(401);
      await failedLogin(t, 'target@centre-test.fr', '203.0.113.50').expect(429);
    });

    it('stops password spraying: many accounts tried from one address get 429, even the right password, while other addresses go on', async () => {
      const statuses = [];
      for (let i = 1; i <= 6; i++) statuses.push((await failedLogin(t, `sprayed-${i}@centre-test.fr`, '192.0.2.66')).status);
      expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
      await t.http().post('/api/auth/login').set('x-forwarded-for', '192.0.2.66').send(TEST_ADMIN).expect(429);
      await t.http().post('/api/auth/login').set('x-forwarded-for', '192.0.2.67').send(TEST_ADMIN).expect(200);
    });

    it('counts an IPv6 client by its /64: changing the low bits of the address does not escape the limit', async () => {
      const statuses = [];
      for (let i = 1; i <= 6; i++)
        statuses.push((await failedLogin(t, `v6-${i}@centre-test.fr`, `2001:db8:77:1::${i.toString(16)}`)).status);
      expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
      await failedLogin(t, 'v6-1@centre-test.fr', '2001:db8:77:2::1').expect(401);
    });

    it('never throttles successful logins: many people behind one address sign in all day', async () => {
      for (let i = 0; i < 8; i++) await t.http().post('/api/auth/login').set('x-forwarded-for', '192.0.2.80').send(TEST_ADMIN).expect(200);
    });
  });
});

describe('changing your own password with a wrong current one', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ loginThrottlePerMinute: 3 });
  });
  afterAll(() => t.close());

  it('is throttled per account (429 with Retry-After, even for the right one then), counted in the database', async () => {
    const user = await t.createUser(['trainer']);
    const change = (currentPassword: string) =>
      t.http().post(`/api/users/${user.id}/password`).set(bearer(user.token)).send({ password: 'my-new-password-1', currentPassword });
    for (let i = 0; i < 3; i++) await change(`guess-number-${i}`).expect(403);
    const blocked = await change(TEST_PASSWORD).expect(429);
    expect(blocked.headers['retry-after']).toMatch(/^\d+$/);
    expect(blocked.body).toMatchObject({ status: 429, detail: expect.stringContaining('wrong current passwords') });
    expect(await t.count('throttle_hit', `key = $1`, [`password_change:${user.id}`])).toBe(1);
    await t.http().post('/api/auth/login').send({ email: user.email, password: TEST_PASSWORD }).expect(200);
    // Another account is not affected.
    const other = await t.createUser(['trainer']);
    await t
      .http()
      .post(`/api/users/${other.id}/password`)
      .set(bearer(other.token))
      .send({ password: 'my-new-password-1', currentPassword: TEST_PASSWORD })
      .expect(204);
  });
});

describe('access tokens follow the account (revocation)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('refuses a demoted admin its old token at once; a refreshed token carries the new roles', async () => {
    const admin = await t.createUser(['admin']);
    const session = (await t.http().post('/api/auth/login').send({ email: admin.email, password: TEST_PASSWORD }).expect(200)).body;
    await t.http().get('/api/users').set(bearer(session.accessToken)).expect(200);
    await t
      .http()
      .patch(`/api/users/${admin.id}`)
      .set(bearer(t.admin.token))
      .send({ roles: ['trainer'] })
      .expect(200);
    const refused = await t.http().get('/api/users').set(bearer(session.accessToken)).expect(401);
    expect(refused.body.detail).toMatch(/revoked/);
    const refreshed = await t.http().post('/api/auth/refresh').send({ refreshToken: session.refreshToken }).expect(200);
    await t.http().get('/api/users').set(bearer(refreshed.body.accessToken)).expect(403);
    await t.http().get('/api/auth/me').set(bearer(refreshed.body.accessToken)).expect(200);
  });

  it('keeps tokens valid through changes that do not touch rights (display name)', async () => {
    const user = await t.createUser(['trainer']);
    await t.http().patch(`/api/users/${user.id}`).set(bearer(t.admin.token)).send({ displayName: 'Renamed' }).expect(200);
    await t.http().get('/api/auth/me').set(bearer(user.token)).expect(200);
  });

  it('refuses the tokens of a user whose password an admin set', async () => {
    const user = await t.createUser(['trainer']);
    await t.http().post(`/api/users/${user.id}/password`).set(bearer(t.admin.token)).send({ password: 'brand-new-password-1' }).expect(204);
    await t.http().get('/api/auth/me').set(bearer(user.token)).expect(401);
  });

  it('refuses a correctly signed token without an expiry, or without an access revision', async () => {
    const jwt = await import('jsonwebtoken');
    const claims = { sub: t.admin.id, org: t.admin.organisationId, email: TEST_ADMIN.email, roles: ['admin'], lrn: null };
    const revision = (await t.db.query(`SELECT access_revision FROM app_user WHERE id = $1`, [t.admin.id])).rows[0].access_revision;
    const good = jwt.sign({ ...claims, rev: revision }, TEST_SECRET, { expiresIn: 60 });
    await t.http().get('/api/auth/me').set(bearer(good)).expect(200);
    await t
      .http()
      .get('/api/auth/me')
      .set(bearer(jwt.sign({ ...claims, rev: revision }, TEST_SECRET)))
      .expect(401);
    await t
      .http()
      .get('/api/auth/me')
      .set(bearer(jwt.sign(claims, TEST_SECRET, { expiresIn: 60 })))
      .expect(401);
  });
});

describe('password strength', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it.each([
    ['a repeated character', 'aaaaaaaaaaaa', /repeats/],
    ['a common password', 'Password1234', /common/],
    ['a keyboard row', 'qwertyuiop12', /./],
    ["the account's own email", 'camille.martin@centre-test.fr', /own email or name/],
  ])('refuses %s on user creation (400 saying why), writing nothing', async (_, password, why) => {
    const before = await t.count('app_user');
    const response = await t
      .http()
      .post('/api/users')
      .set(bearer(t.admin.token))
      .send({ email: 'camille.martin@centre-test.fr', password, displayName: 'Camille Martin', roles: ['trainer'] })
      .expect(400);
    expect(response.body.errors).toEqual([
      { field: 'password', message: expect.stringMatching(/too easy to guess \(strength [0-2] of 4/) },
    ]);
    expect(response.body.errors[0].message).toMatch(why);
    expect(await t.count('app_user')).toBe(before);
  });

  it('refuses a weak password set by an admin or changed by its owner, and one made of its own name', async () => {
    const user = await t.createUser(['trainer'], { email: 'dominique.lefebvre@centre-test.fr' });
    const set = (token: string, body: object) => t.http().post(`/api/users/${user.id}/password`).set(bearer(token)).send(body);
    const byAdmin = await set(t.admin.token, { password: 'aaaaaaaaaaaa' }).expect(400);
    expect(byAdmin.body.errors).toEqual([{ field: 'password', message: expect.stringContaining('too easy to guess') }]);
    const ownName = await set(t.admin.token, { password: 'dominique.lefebvre' }).expect(400);
    expect(ownName.body.errors).toEqual([{ field: 'password', message: expect.stringContaining('own email or name') }]);
    await set(user.token, { password: '123456789012', currentPassword: TEST_PASSWORD }).expect(400);
    await t.http().post('/api/auth/login').send({ email: user.email, password: TEST_PASSWORD }).expect(200);
    await set(user.token, { password: 'plum-orbit-canal-42', currentPassword: TEST_PASSWORD }).expect(204);
  });
});

describe('an email with accounts in several organisations', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const login = (body: object) => t.http().post('/api/auth/login').send(body);

  it("does not reveal another organisation's account: creating one with its email works as for any new address", async () => {
    const elsewhere = await t.createUser(['trainer'], { email: 'freelance@centre-test.fr' });
    const other = await t.createOrganisation();
    const create = (email: string) =>
      t
        .http()
        .post('/api/users')
        .set(bearer(other.admin.token))
        .send({ email, password: 'second-centre-password-7', displayName: 'Freelance', roles: ['trainer'] });
    const taken = await create('Freelance@centre-test.fr').expect(201);
    const fresh = await create('never-seen@centre-test.fr').expect(201);
    expect(Object.keys(taken.body)).toEqual(Object.keys(fresh.body));
    expect(taken.body).toMatchObject({ email: 'freelance@centre-test.fr', organisationId: other.id });
    // Within one organisation an email is still unique, and the refusal speaks of that organisation only.
    const again = await create('freelance@centre-test.fr').expect(409);
    expect(again.body.errors).toEqual([{ field: 'email', message: 'already used in your organisation' }]);

    // Each password opens its own organisation's account.
    const first = await login({ email: elsewhere.email, password: TEST_PASSWORD }).expect(200);
    expect(first.body.user).toMatchObject({ id: elsewhere.id, organisationId: t.admin.organisationId });
    const second = await login({ email: elsewhere.email, password: 'second-centre-password-7' }).expect(200);
    expect(second.body.user).toMatchObject({ id: taken.body.id, organisationId: other.id });
  });

  it('asks which organisation when the same email and password open several accounts (409 naming organisationId)', async () => {
    const email = 'twice@centre-test.fr';
    const here = await t.createUser(['trainer'], { email });
    const other = await t.createOrganisation();
    const there = await t.createUser(['jury_member'], { email, organisationId: other.id });
    const ambiguous = await login({ email, password: TEST_PASSWORD }).expect(409);
    expect(ambiguous.body.errors).toEqual([{ field: 'organisationId', message: expect.any(String) }]);
    const chosen = await login({ email, password: TEST_PASSWORD, organisationId: other.id }).expect(200);
    expect(chosen.body.user).toMatchObject({ id: there.id, roles: ['jury_member'] });
    await login({ email, password: TEST_PASSWORD, organisationId: here.organisationId }).expect(200);
    const elsewhere = await t.createOrganisation();
    await login({ email, password: TEST_PASSWORD, organisationId: elsewhere.id }).expect(401);
    const bad = await login({ email, password: TEST_PASSWORD, organisationId: 'not-a-uuid' }).expect(400);
    expect(bad.body.errors).toEqual([{ field: 'organisationId', message: expect.any(String) }]);
    // Once one of them is deactivated, the other is the only one the password opens.
    await t.http().patch(`/api/users/${there.id}`).set(bearer(other.admin.token)).send({ active: false }).expect(200);
    const only = await login({ email, password: TEST_PASSWORD }).expect(200);
    expect(only.body.user.id).toBe(here.id);
  });
});
