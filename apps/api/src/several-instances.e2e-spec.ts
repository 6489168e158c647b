import { IdempotencyService, ThrottleService } from '@project/platform';
import { TEST_PASSWORD, TestApp, bearer, createTestApp } from '@project/testing';

/** Two API instances on one database, as behind a load balancer. */
describe('several API instances on one database', () => {
  let t: TestApp;
  let other: Awaited<ReturnType<TestApp['startInstance']>>;
  beforeAll(async () => {
    // Behind a proxy on this machine: each test poses as its own client address.
    t = await createTestApp({ loginThrottlePerMinute: 3, loginThrottlePerAddressPerMinute: 5, trustProxy: ['loopback'] });
    // The second instance notices account changes made elsewhere within one second.
    other = await t.startInstance({ tokenRevocationDelaySeconds: 1 });
  });
  afterAll(() => t.close());

  const failedLogin = (http: TestApp['http'], email: string) =>
    http().post('/api/auth/login').set('x-forwarded-for', '198.51.100.7').send({ email, password: 'wrong-password-1' });

  it('shares the login throttle: attempts spread over both instances count together', async () => {
    const statuses = [];
    for (const http of [t.http, other.http, t.http, other.http]) statuses.push((await failedLogin(http, 'shared@centre-test.fr')).status);
    expect(statuses).toEqual([401, 401, 401, 429]);
    await failedLogin(t.http, 'shared@centre-test.fr').expect(429);
    // The per-address limit too: 5 failed attempts from this address in all (refused ones do not count),
    // whichever instance answered.
    await failedLogin(other.http, 'another@centre-test.fr').expect(401);
    await failedLogin(t.http, 'yet-another@centre-test.fr').expect(401);
    await failedLogin(other.http, 'one-more@centre-test.fr').expect(429);
  });

  it('shares the password-change throttle', async () => {
    const user = await t.createUser(['trainer']);
    const change = (http: TestApp['http']) =>
      http()
        .post(`/api/users/${user.id}/password`)
        .set(bearer(user.token))
        .send({ password: 'my-new-password-1', currentPassword: 'not-my-password' });
    const statuses = [];
    for (const http of [t.http, other.http, t.http, other.http]) statuses.push((await change(http)).status);
    expect(statuses).toEqual([403, 403, 403, 429]);
  });

  it('applies a demotion or deactivation made on one instance on the other within its revocation delay', async () => {
    const demoted = await t.createUser(['admin']);
    const deactivated = await t.createUser(['trainer']);
    // The other instance has both users' state cached.
    await other.http().get('/api/users').set(bearer(demoted.token)).expect(200);
    await other.http().get('/api/auth/me').set(bearer(deactivated.token)).expect(200);
    await t
      .http()
      .patch(`/api/users/${demoted.id}`)
      .set(bearer(t.admin.token))
      .send({ roles: ['trainer'] })
      .expect(200);
    await t.http().patch(`/api/users/${deactivated.id}`).set(bearer(t.admin.token)).send({ active: false }).expect(200);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await other.http().get('/api/users').set(bearer(demoted.token)).expect(401);
    await other.http().get('/api/learners').set(bearer(deactivated.token)).expect(401);
    // Signing in again on either instance gives the new rights.
    const token = await t.login(demoted.email, TEST_PASSWORD);
    await other.http().get('/api/users').set(bearer(token)).expect(403);
  });

  it('runs the hourly idempotency purge once per hour in all, not once per instance', async () => {
    await t.db.query(
      `INSERT INTO idempotency_key (organisation_id, key, scope, request_hash, response_status, response_body, created_at)
       VALUES ($1, 'expired-key', 'POST /api/evaluations', 'h', 201, '{}', now() - interval '25 days')`,
      [t.admin.organisationId],
    );
    const ran = await Promise.all([t.app, other.app].map((app) => app.get(IdempotencyService).purgeOncePerPeriod()));
    expect(ran.sort()).toEqual([false, true]);
    expect(await t.count('idempotency_key', `key = 'expired-key'`)).toBe(0);
    expect(await t.count('chore_run', `chore = 'idempotency_purge'`)).toBe(1);
    // Later in the same hour, neither runs it again.
    expect(await other.app.get(IdempotencyService).purgeOncePerPeriod()).toBe(false);
    expect(await t.app.get(IdempotencyService).purgeOncePerPeriod()).toBe(false);
  });

  it('purges finished throttling windows once per hour in all', async () => {
    await t.db.query(
      `INSERT INTO throttle_hit (key, window_start, hits) VALUES ('old', now() - interval '2 hours', 9), ('current', now(), 1)`,
    );
    const ran = await Promise.all([t.app, other.app].map((app) => app.get(ThrottleService).purgeOncePerPeriod()));
    expect(ran.sort()).toEqual([false, true]);
    expect(await t.count('throttle_hit', `key IN ('old', 'current')`)).toBe(1);
    expect(await t.count('throttle_hit', `key = 'current'`)).toBe(1);
  });
});
