import { createHash } from 'node:crypto';
import type { Test } from 'supertest';
import { TEST_ADMIN, TEST_PASSWORD, TestApp, bearer, createCohort, createLearner, createTestApp, enrol } from '@project/testing';

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
    const unknownEmail = await t
      .http()
      .post('/api/auth/login')
      .send({ email: 'ghost@centre-test.fr', password: 'nope-nope-nope' })
      .expect(401);
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
      expect({ body, status: response.status, errors: response.body.errors }).toEqual({
        body,
        status: 400,
        errors: [{ field, message: expect.any(String) }],
      });
    }
  });

  it('refuses missing, forged and expired tokens', async () => {
    await t.http().get('/api/auth/me').expect(401);
    await t
      .http()
      .get('/api/auth/me')
      .set(bearer(t.admin.token + 'x'))
      .expect(401);
    const forged = t.admin.token.split('.');
    forged[1] = Buffer.from(JSON.stringify({ sub: t.admin.id, roles: ['admin'], exp: 4102444800 })).toString('base64url');
    await t
      .http()
      .get('/api/auth/me')
      .set(bearer(forged.join('.')))
      .expect(401);
    const jwt = await import('jsonwebtoken');
    const expired = jwt.sign(
      { sub: t.admin.id, org: t.admin.organisationId, roles: ['admin'], exp: Math.floor(Date.now() / 1000) - 10 },
      'test-secret-test-secret-test-secret-42',
    );
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

  it("signs out: the refresh token presented is refused afterwards, and so is one rotated from the same login; another login's is not", async () => {
    const login = await t.http().post('/api/auth/login').send(TEST_ADMIN).expect(200);
    const other = await t.http().post('/api/auth/login').send(TEST_ADMIN).expect(200);
    const rotated = await t.http().post('/api/auth/refresh').send({ refreshToken: login.body.refreshToken }).expect(200);
    const out = await t.http().post('/api/auth/logout').send({ refreshToken: rotated.body.refreshToken }).expect(204);
    expect(out.text).toBe('');
    const refused = await t.http().post('/api/auth/refresh').send({ refreshToken: rotated.body.refreshToken }).expect(401);
    expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
    const family = 'family_id = (SELECT family_id FROM refresh_token WHERE token_hash = $1) AND revoked_at IS NULL';
    expect(await t.count('refresh_token', family, [createHash('sha256').update(rotated.body.refreshToken).digest('hex')])).toBe(0);
    // Signing out again, or with a token never issued, changes nothing and tells nothing.
    await t.http().post('/api/auth/logout').send({ refreshToken: rotated.body.refreshToken }).expect(204);
    await t
      .http()
      .post('/api/auth/logout')
      .send({ refreshToken: 'x'.repeat(43) })
      .expect(204);
    // The other browser's session goes on.
    await t.http().post('/api/auth/refresh').send({ refreshToken: other.body.refreshToken }).expect(200);
  });

  it('answers a sign-out without a usable refresh token with 400 naming the field', async () => {
    for (const body of [{}, { refreshToken: 42 }, { refreshToken: 'short' }, { refreshToken: ['x'.repeat(43)] }]) {
      const response = await t.http().post('/api/auth/logout').send(body);
      expect({
        body,
        status: response.status,
        type: response.headers['content-type'],
        fields: [...new Set(response.body.errors?.map((e: { field: string }) => e.field))],
      }).toEqual({
        body,
        status: 400,
        type: expect.stringMatching(/application\/problem\+json/),
        fields: ['refreshToken'],
      });
    }
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
    await t
      .http()
      .post('/api/users')
      .set(bearer(t.admin.token))
      .send({ email: 'trainer.one@centre-test.fr', password: 'trainer-password-1', displayName: 'Again', roles: ['trainer'] })
      .expect(409);
    // A blank display name would leave a nameless trainer in every cohort's list.
    const blank = await t
      .http()
      .post('/api/users')
      .set(bearer(t.admin.token))
      .send({ email: 'blank@centre-test.fr', password: 'trainer-password-1', displayName: '   ', roles: ['trainer'] })
      .expect(400);
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
    const created = await t
      .http()
      .post('/api/users')
      .set(bearer(t.admin.token))
      .send({ email: 'jury@centre-test.fr', password: 'jury-password-123', displayName: 'Jury', roles: ['jury_member'] })
      .expect(201);
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

describe('user management (HTTP)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const login = (email: string, password = TEST_PASSWORD) => t.http().post('/api/auth/login').send({ email, password });
  const patch = (token: string, id: string, body: object) => t.http().patch(`/api/users/${id}`).set(bearer(token)).send(body);

  it("shows a user of the organisation to its admins, and 404 for another organisation's user", async () => {
    const trainer = await t.createUser(['trainer']);
    const shown = await t.http().get(`/api/users/${trainer.id}`).set(bearer(t.admin.token)).expect(200);
    expect(shown.body).toEqual({
      id: trainer.id,
      email: trainer.email,
      displayName: expect.any(String),
      roles: ['trainer'],
      organisationId: t.admin.organisationId,
      learnerId: null,
      active: true,
    });
    const other = await t.createOrganisation();
    await t.http().get(`/api/users/${trainer.id}`).set(bearer(other.admin.token)).expect(404);
    await patch(other.admin.token, trainer.id, { displayName: 'Hijacked' }).expect(404);
    await t.http().get('/api/users/not-a-uuid').set(bearer(t.admin.token)).expect(400);
    expect(await t.count('app_user', `id = $1 AND display_name = 'Hijacked'`, [trainer.id])).toBe(0);
  });

  it('changes display name and roles, auditing before and after', async () => {
    const user = await t.createUser(['trainer']);
    const changed = await patch(t.admin.token, user.id, { displayName: '  Camille Martin ', roles: ['trainer', 'jury_member'] }).expect(
      200,
    );
    expect(changed.body).toMatchObject({ displayName: 'Camille Martin', roles: ['trainer', 'jury_member'], active: true });
    const { rows } = await t.db.query(`SELECT action, before, after FROM audit_event WHERE entity_type = 'user' AND entity_id = $1`, [
      user.id,
    ]);
    expect(rows).toEqual([{ action: 'user.updated', before: expect.objectContaining({ roles: ['trainer'] }), after: changed.body }]);
    // The next refresh carries the new roles.
    const refreshed = await t
      .http()
      .post('/api/auth/refresh')
      .send({ refreshToken: (await login(user.email).expect(200)).body.refreshToken })
      .expect(200);
    expect(refreshed.body.user.roles).toEqual(['trainer', 'jury_member']);
    for (const [body, field] of [
      [{ displayName: '  ' }, 'displayName'],
      [{ roles: [] }, 'roles'],
      [{ active: 'no' }, 'active'],
      [{ email: 'x@y.fr' }, 'email'],
    ] as const) {
      const bad = await patch(t.admin.token, user.id, body).expect(400);
      expect(bad.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    expect(await t.count('audit_event', 'entity_id = $1', [user.id])).toBe(1);
  });

  it('deactivates an account: login answers like a wrong password, refresh tokens are revoked, /me says 401; reactivation restores login', async () => {
    const created = await t
      .http()
      .post('/api/users')
      .set(bearer(t.admin.token))
      .send({ email: 'leaving@centre-test.fr', password: 'leaving-password-1', displayName: 'Leaving', roles: ['trainer'] })
      .expect(201);
    const session = (await login('leaving@centre-test.fr', 'leaving-password-1').expect(200)).body;
    const otherSession = (await login('leaving@centre-test.fr', 'leaving-password-1').expect(200)).body;
    const cohort = await createCohort(t, { certificationCode: 'RNCP41296', trainerUserIds: [created.body.id] });
    const learner = await createLearner(t);
    const enrolment = await enrol(t, learner.id, { certificationCode: 'RNCP41296', cohortId: cohort.id });
    const modalityId = (await t.db.query(`SELECT id FROM assessment_modality WHERE block_code = 'RNCP41296BC02' LIMIT 1`)).rows[0].id;
    const record = () =>
      t
        .http()
        .post('/api/evaluations')
        .set(bearer(session.accessToken))
        .send({ enrolmentId: enrolment.id, modalityId, occurredOn: '2026-03-02', score: 12 });
    await record().expect(201);

    const deactivated = await patch(t.admin.token, created.body.id, { active: false }).expect(200);
    expect(deactivated.body).toMatchObject({ id: created.body.id, active: false });
    expect(await t.count('refresh_token', 'user_id = $1 AND revoked_at IS NULL', [created.body.id])).toBe(0);
    // Its cohorts lose it at once: the access token it still holds no longer records results there.
    expect(await t.count('cohort_trainer', 'user_id = $1', [created.body.id])).toBe(0);
    const { rows: unassigned } = await t.db.query(
      `SELECT before, after, reason FROM audit_event WHERE entity_id = $1 AND action = 'cohort.trainer_removed'`,
      [cohort.id],
    );
    expect(unassigned).toEqual([
      { before: { trainerUserIds: [created.body.id] }, after: { trainerUserIds: [] }, reason: 'trainer account deactivated' },
    ]);
    // Its access token is refused at once too (its access revision moved on).
    await record().expect(401);

    const refused = await login('leaving@centre-test.fr', 'leaving-password-1').expect(401);
    const wrongPassword = await login('leaving@centre-test.fr', 'not-the-password').expect(401);
    expect(refused.body).toEqual({ ...wrongPassword.body });
    await t.http().post('/api/auth/refresh').send({ refreshToken: session.refreshToken }).expect(401);
    await t.http().post('/api/auth/refresh').send({ refreshToken: otherSession.refreshToken }).expect(401);
    await t.http().get('/api/auth/me').set(bearer(session.accessToken)).expect(401);
    const { rows } = await t.db.query(
      `SELECT action, actor_user_id, before, after FROM audit_event WHERE entity_id = $1 AND action = 'user.deactivated'`,
      [created.body.id],
    );
    expect(rows).toEqual([
      { action: 'user.deactivated', actor_user_id: t.admin.id, before: { ...created.body, active: true }, after: deactivated.body },
    ]);

    // Deactivating twice changes nothing and records nothing more.
    await patch(t.admin.token, created.body.id, { active: false }).expect(200);
    expect(await t.count('audit_event', `entity_id = $1 AND action = 'user.deactivated'`, [created.body.id])).toBe(1);

    const reactivated = await patch(t.admin.token, created.body.id, { active: true }).expect(200);
    expect(reactivated.body.active).toBe(true);
    expect(await t.count('audit_event', `entity_id = $1 AND action = 'user.reactivated'`, [created.body.id])).toBe(1);
    const back = await login('leaving@centre-test.fr', 'leaving-password-1').expect(200);
    await t.http().get('/api/auth/me').set(bearer(back.body.accessToken)).expect(200);
    // Tokens revoked at deactivation stay revoked.
    await t.http().post('/api/auth/refresh').send({ refreshToken: session.refreshToken }).expect(401);
  });

  it('refuses an admin deactivating itself or dropping its own admin role (422), writing nothing', async () => {
    const before = [await t.count('audit_event'), await t.count('app_user', `deactivated_at IS NOT NULL`)];
    const self = await patch(t.admin.token, t.admin.id, { active: false }).expect(422);
    expect(self.body.errors).toEqual([{ field: 'active', message: expect.any(String) }]);
    const demote = await patch(t.admin.token, t.admin.id, { roles: ['trainer'] }).expect(422);
    expect(demote.body.errors).toEqual([{ field: 'roles', message: expect.any(String) }]);
    expect([await t.count('audit_event'), await t.count('app_user', `deactivated_at IS NOT NULL`)]).toEqual(before);
    // Its other fields may change.
    await patch(t.admin.token, t.admin.id, { displayName: 'Still the admin' }).expect(200);
  });

  it('does not let a deactivated or demoted admin, whose access token still lives, manage users (nor reactivate itself)', async () => {
    const org = await t.createOrganisation();
    const second = await t.createUser(['admin'], { organisationId: org.id });
    const third = await t.createUser(['admin'], { organisationId: org.id });
    await patch(org.admin.token, second.id, { active: false }).expect(200);
    await patch(second.token, second.id, { active: true }).expect(401);
    await patch(second.token, org.admin.id, { active: false }).expect(401);
    await patch(org.admin.token, third.id, { roles: ['trainer'] }).expect(200);
    // The token it holds from before is refused (401); a new one carries the trainer role (403).
    await patch(third.token, third.id, { roles: ['admin'] }).expect(401);
    const demoted = await t.login(third.email);
    await patch(demoted, third.id, { roles: ['admin'] }).expect(403);
    await patch(demoted, org.admin.id, { active: false }).expect(403);
    await t.http().post(`/api/users/${org.admin.id}/password`).set(bearer(demoted)).send({ password: 'taken-over-password' }).expect(403);
    expect(await t.count('app_user', `organisation_id = $1 AND 'admin' = ANY(roles) AND deactivated_at IS NULL`, [org.id])).toBe(1);
  });

  it('never leaves an organisation without an active admin, even when two admins demote each other at once (422)', async () => {
    for (const change of [{ active: false }, { roles: ['trainer'] }]) {
      const org = await t.createOrganisation();
      const other = await t.createUser(['admin'], { organisationId: org.id });
      // Hold the lock both requests need, so that both have passed their checks before either counts the admins left.
      const holder = await t.db.connect();
      try {
        await holder.query(`SELECT pg_advisory_lock(hashtextextended('organisation_admins:' || $1::text, 0))`, [org.id]);
        const first = patch(org.admin.token, other.id, change).then((r) => r);
        const second = patch(other.token, org.admin.id, change).then((r) => r);
        for (let waiting = 0; waiting < 2;) {
          await new Promise((resolve) => setTimeout(resolve, 20));
          const { rows } = await holder.query(
            `SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
          );
          waiting = rows[0].n;
        }
        await holder.query(`SELECT pg_advisory_unlock(hashtextextended('organisation_admins:' || $1::text, 0))`, [org.id]);
        const statuses = [(await first).status, (await second).status].sort();
        expect({ change, statuses }).toEqual({ change, statuses: [200, 422] });
        const refused = [await first, await second].find((r) => r.status === 422)!;
        expect(refused.body.errors).toEqual([{ field: Object.keys(change)[0], message: expect.stringContaining('no active admin') }]);
      } finally {
        holder.release();
      }
      expect(await t.count('app_user', `organisation_id = $1 AND 'admin' = ANY(roles) AND deactivated_at IS NULL`, [org.id])).toBe(1);
    }
  });

  it('keeps a learner account to the learner role alone (400 naming roles), on create and update, and in the database', async () => {
    const learner = await createLearner(t);
    const before = await t.count('app_user');
    const mixed = await t
      .http()
      .post('/api/users')
      .set(bearer(t.admin.token))
      .send({
        email: 'mixed@centre-test.fr',
        password: 'mixed-password-1',
        displayName: 'Mixed',
        roles: ['learner', 'admin'],
        learnerId: learner.id,
      })
      .expect(400);
    expect(mixed.body.errors).toEqual([{ field: 'roles', message: expect.any(String) }]);
    expect(await t.count('app_user')).toBe(before);
    const self = await t.createUser(['learner'], { learnerId: learner.id });
    const escalate = await patch(t.admin.token, self.id, { roles: ['learner', 'trainer'] }).expect(400);
    expect(escalate.body.errors).toEqual([{ field: 'roles', message: expect.any(String) }]);
    expect(await t.count('app_user', `id = $1 AND roles = '{learner}'`, [self.id])).toBe(1);
    await expect(t.db.query(`UPDATE app_user SET roles = '{learner,admin}' WHERE id = $1`, [self.id])).rejects.toThrow(
      /app_user_learner_role_alone/,
    );
    // Leaving the learner role means unlinking the learner record too.
    await patch(t.admin.token, self.id, { roles: ['trainer'] }).expect(422);
    const trainer = await patch(t.admin.token, self.id, { roles: ['trainer'], learnerId: null }).expect(200);
    expect(trainer.body).toMatchObject({ roles: ['trainer'], learnerId: null });
  });

  it('links one learner record to at most one account (409 naming learnerId)', async () => {
    const learner = await createLearner(t);
    const body = (email: string) => ({
      email,
      password: 'learner-password-1',
      displayName: 'Learner',
      roles: ['learner'],
      learnerId: learner.id,
    });
    await t.http().post('/api/users').set(bearer(t.admin.token)).send(body('first-account@centre-test.fr')).expect(201);
    const before = [await t.count('app_user'), await t.count('audit_event')];
    const second = await t.http().post('/api/users').set(bearer(t.admin.token)).send(body('second-account@centre-test.fr')).expect(409);
    expect(second.body.errors).toEqual([{ field: 'learnerId', message: expect.any(String) }]);
    const otherLearner = await createLearner(t);
    const another = await t.createUser(['learner'], { learnerId: otherLearner.id });
    const before2 = [await t.count('app_user'), await t.count('audit_event')];
    const relink = await patch(t.admin.token, another.id, { learnerId: learner.id }).expect(409);
    expect(relink.body.errors).toEqual([{ field: 'learnerId', message: expect.any(String) }]);
    expect(await t.count('app_user', 'learner_id = $1', [learner.id])).toBe(1);
    expect([await t.count('app_user'), await t.count('audit_event')]).toEqual(before2);
    expect(before2[0]).toBe(before[0] + 1);
  });

  it('refuses a password of only whitespace (400 naming password), on create and when setting one', async () => {
    const before = await t.count('app_user');
    const blank = await t
      .http()
      .post('/api/users')
      .set(bearer(t.admin.token))
      .send({ email: 'blank-password@centre-test.fr', password: ' '.repeat(14), displayName: 'Blank', roles: ['trainer'] })
      .expect(400);
    expect(blank.body.errors).toEqual([{ field: 'password', message: expect.any(String) }]);
    expect(await t.count('app_user')).toBe(before);
    const user = await t.createUser(['trainer']);
    for (const password of ['\t'.repeat(12), ' \n '.repeat(5), 'short']) {
      const response = await t.http().post(`/api/users/${user.id}/password`).set(bearer(t.admin.token)).send({ password }).expect(400);
      expect(response.body.errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(['password']));
    }
    await login(user.email).expect(200);
  });

  it("lets an admin set a user's password: the old one stops working and every refresh token is revoked; audited", async () => {
    const user = await t.createUser(['jury_member']);
    const session = (await login(user.email).expect(200)).body;
    await t.http().post(`/api/users/${user.id}/password`).set(bearer(t.admin.token)).send({ password: 'brand-new-password-1' }).expect(204);
    await login(user.email).expect(401);
    await login(user.email, 'brand-new-password-1').expect(200);
    await t.http().post('/api/auth/refresh').send({ refreshToken: session.refreshToken }).expect(401);
    const { rows } = await t.db.query(
      `SELECT actor_user_id, after FROM audit_event WHERE entity_id = $1 AND action = 'user.password_changed'`,
      [user.id],
    );
    expect(rows).toEqual([{ actor_user_id: t.admin.id, after: { by: 'admin' } }]);
    expect(JSON.stringify(rows)).not.toContain('brand-new');
    const other = await t.createOrganisation();
    await t
      .http()
      .post(`/api/users/${user.id}/password`)
      .set(bearer(other.admin.token))
      .send({ password: 'foreign-password-1' })
      .expect(404);
    await t
      .http()
      .post(`/api/users/${t.admin.id}/password`)
      .set(bearer(await t.login(user.email, 'brand-new-password-1')))
      .send({ password: 'takeover-password-1', currentPassword: TEST_ADMIN.password })
      .expect(403);
    await login(TEST_ADMIN.email, TEST_ADMIN.password).expect(200);
  });

  it('lets users change their own password only with the current one', async () => {
    const user = await t.createUser(['trainer']);
    const url = `/api/users/${user.id}/password`;
    const missing = await t.http().post(url).set(bearer(user.token)).send({ password: 'my-new-password-1' }).expect(400);
    expect(missing.body.errors).toEqual([{ field: 'currentPassword', message: expect.any(String) }]);
    const wrong = await t
      .http()
      .post(url)
      .set(bearer(user.token))
      .send({ password: 'my-new-password-1', currentPassword: 'not-my-password' })
      .expect(403);
    expect(wrong.body.errors).toEqual([{ field: 'currentPassword', message: expect.any(String) }]);
    await login(user.email).expect(200);
    await t.http().post(url).set(bearer(user.token)).send({ password: 'my-new-password-1', currentPassword: TEST_PASSWORD }).expect(204);
    await login(user.email).expect(401);
    await login(user.email, 'my-new-password-1').expect(200);
    expect(await t.count('audit_event', `entity_id = $1 AND action = 'user.password_changed' AND after->>'by' = 'self'`, [user.id])).toBe(
      1,
    );
  });

  describe('who may call the user routes', () => {
    type Caller = 'anonymous' | 'admin' | 'trainer' | 'jury' | 'learner' | 'otherOrgAdmin';
    const routes: { name: string; call: (token: string | undefined, id: string) => Test; expected: Record<Caller, number> }[] = [
      {
        name: 'GET /api/users/{id}',
        call: (token, id) => withToken(t.http().get(`/api/users/${id}`), token),
        expected: { anonymous: 401, admin: 200, trainer: 403, jury: 403, learner: 403, otherOrgAdmin: 404 },
      },
      {
        name: 'PATCH /api/users/{id}',
        call: (token, id) => withToken(t.http().patch(`/api/users/${id}`), token).send({ displayName: 'Renamed' }),
        expected: { anonymous: 401, admin: 200, trainer: 403, jury: 403, learner: 403, otherOrgAdmin: 404 },
      },
      {
        name: 'POST /api/users/{id}/password',
        call: (token, id) => withToken(t.http().post(`/api/users/${id}/password`), token).send({ password: 'matrix-password-1' }),
        expected: { anonymous: 401, admin: 204, trainer: 403, jury: 403, learner: 403, otherOrgAdmin: 404 },
      },
    ];
    const withToken = (req: Test, token?: string): Test => (token ? req.set(bearer(token)) : req);
    const callers: Caller[] = ['anonymous', 'admin', 'trainer', 'jury', 'learner', 'otherOrgAdmin'];

    it.each(routes.flatMap((route) => callers.map((caller) => [route.name, caller] as const)))('%s by %s', async (name, caller) => {
      const route = routes.find((r) => r.name === name)!;
      const target = await t.createUser(['trainer']);
      const learner = await createLearner(t);
      const tokens: Record<Caller, string | undefined> = {
        anonymous: undefined,
        admin: t.admin.token,
        trainer: (await t.createUser(['trainer'])).token,
        jury: (await t.createUser(['jury_member'])).token,
        learner: (await t.createUser(['learner'], { learnerId: learner.id })).token,
        otherOrgAdmin: (await t.createOrganisation()).admin.token,
      };
      const before = await t.count('audit_event', 'entity_id = $1', [target.id]);
      const response = await route.call(tokens[caller], target.id);
      expect(response.status).toBe(route.expected[caller]);
      if (response.status >= 400) expect(await t.count('audit_event', 'entity_id = $1', [target.id])).toBe(before);
    });
  });
});
