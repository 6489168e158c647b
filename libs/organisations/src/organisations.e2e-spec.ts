import { createHash } from 'node:crypto';
import { NETWORK_ADMIN_PASSWORD, TestApp, bearer, createNetworkOrganisation, createTestApp, uniqueSiret } from '@project/testing';

describe('organisations and invited admins (HTTP)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const create = (token: string, body: object) => t.http().post('/api/organisations').set(bearer(token)).send(body);
  const accept = (token: string, password = NETWORK_ADMIN_PASSWORD) => t.http().post('/api/invitations/accept').send({ token, password });
  const body = (overrides: object = {}) => ({
    name: 'Centre de formation Sud',
    kind: 'training_centre',
    siret: uniqueSiret(),
    adminEmail: `direction-${uniqueSiret()}@centre-sud.fr`,
    adminDisplayName: 'Claire Dubois',
    ...overrides,
  });
  const written = async () => [await t.count('organisation'), await t.count('organisation_invitation'), await t.count('audit_event')];

  it('lets an operator admin create an organisation whose first admin sets a password through a single-use invitation', async () => {
    const request = body({ kind: 'certifier', uai: '0750655E', timeZone: 'America/Cayenne' });
    const created = await create(t.admin.token, request).expect(201);
    expect(created.body.organisation).toEqual({
      id: expect.any(String),
      name: 'Centre de formation Sud',
      kind: 'certifier',
      siret: request.siret,
      uai: '0750655E',
      timeZone: 'America/Cayenne',
      operator: false,
      active: true,
      createdAt: expect.any(String),
      deactivatedAt: null,
    });
    const { token, expiresAt } = created.body.invitation;
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Date.parse(expiresAt) - Date.now()).toBeGreaterThan(6 * 24 * 3600 * 1000);
    // Only the token's hash is kept; the audit trail never holds it.
    const { rows } = await t.db.query(`SELECT token_hash FROM organisation_invitation WHERE id = $1`, [created.body.invitation.id]);
    expect(rows[0].token_hash).toBe(createHash('sha256').update(token).digest('hex'));
    expect(await t.count('audit_event', `after::text LIKE $1`, [`%${token}%`])).toBe(0);
    expect(await t.count('app_user', 'organisation_id = $1', [created.body.organisation.id])).toBe(0);

    const accepted = await accept(token).expect(201);
    expect(accepted.body).toEqual({ userId: expect.any(String), organisationId: created.body.organisation.id, email: request.adminEmail });
    const session = await t
      .http()
      .post('/api/auth/login')
      .send({ email: request.adminEmail, password: NETWORK_ADMIN_PASSWORD })
      .expect(200);
    expect(session.body.user).toMatchObject({
      roles: ['admin'],
      organisationId: created.body.organisation.id,
      displayName: 'Claire Dubois',
    });
    const own = await t.http().get(`/api/organisations/${created.body.organisation.id}`).set(bearer(session.body.accessToken)).expect(200);
    expect(own.body.id).toBe(created.body.organisation.id);
    // Another organisation's record does not exist for it; it is no operator admin.
    await t.http().get(`/api/organisations/${t.admin.organisationId}`).set(bearer(session.body.accessToken)).expect(404);
    await create(session.body.accessToken, body()).expect(403);

    // Reused: 410 naming the reason, nothing written.
    const before = [await t.count('app_user'), await t.count('audit_event')];
    const reused = await accept(token, 'another-strong-passphrase-9').expect(410);
    expect(reused.body).toMatchObject({ code: 'invitation_used', detail: expect.stringContaining('already accepted') });
    expect([await t.count('app_user'), await t.count('audit_event')]).toEqual(before);
    // The database keeps it single-use whatever the code does.
    await expect(
      t.db.query(`UPDATE organisation_invitation SET accepted_at = now() WHERE id = $1`, [created.body.invitation.id]),
    ).rejects.toThrow(/already accepted/);
  });

  it('refuses an expired or unknown token (410 / 404) and a weak password (400 naming password), writing nothing', async () => {
    const adminEmail = `camille.rousseau-${uniqueSiret()}@centre-sud.fr`;
    const created = await create(t.admin.token, body({ adminEmail })).expect(201);
    const { token, id } = created.body.invitation;
    const before = [await t.count('app_user'), await t.count('audit_event')];
    const weak = await accept(token, 'aaaaaaaaaaaa').expect(400);
    expect(weak.body.errors).toEqual([{ field: 'password', message: expect.stringContaining('too easy to guess') }]);
    const ownEmail = await accept(token, adminEmail).expect(400);
    expect(ownEmail.body.errors).toEqual([{ field: 'password', message: expect.stringContaining('own email or name') }]);
    await accept('x'.repeat(43)).expect(404);
    await t.db.query(
      `UPDATE organisation_invitation SET created_at = now() - interval '9 days', expires_at = now() - interval '2 days' WHERE id = $1`,
      [id],
    );
    const expired = await accept(token).expect(410);
    expect(expired.body).toMatchObject({ code: 'invitation_expired', detail: expect.stringContaining('expired') });
    expect([await t.count('app_user'), await t.count('audit_event')]).toEqual(before);

    // The operator issues a new invitation, which works.
    const again = await t
      .http()
      .post(`/api/organisations/${created.body.organisation.id}/invitations`)
      .set(bearer(t.admin.token))
      .send({ email: 'Relance@Centre-Sud.fr', displayName: 'Claire Dubois' })
      .expect(201);
    expect(again.body.email).toBe('relance@centre-sud.fr');
    await accept(again.body.token).expect(201);
  });

  it('accepts one of two concurrent acceptances of one token (the other 410), creating one account', async () => {
    const created = await create(t.admin.token, body()).expect(201);
    const statuses = (await Promise.all([accept(created.body.invitation.token), accept(created.body.invitation.token)])).map(
      (r) => r.status,
    );
    expect(statuses.sort()).toEqual([201, 410]);
    expect(await t.count('app_user', 'organisation_id = $1', [created.body.organisation.id])).toBe(1);
  });

  it.each([
    ['a SIRET with a wrong check digit', { siret: '73282932000075' }, 'siret', /check digit/],
    ['a SIRET of 13 digits', { siret: '7328293200007' }, 'siret', /14 digits/],
    ['a UAI with a wrong check letter', { uai: '0750655F' }, 'uai', /check letter/],
    ['an unknown kind', { kind: 'university' }, 'kind', /./],
    ['a blank name', { name: '   ' }, 'name', /./],
    ['no admin email', { adminEmail: undefined }, 'adminEmail', /./],
  ])('refuses %s (400 naming the field), writing nothing', async (_, overrides, field, message) => {
    const before = await written();
    const refused = await create(t.admin.token, body(overrides)).expect(400);
    expect(refused.body.errors).toContainEqual({ field, message: expect.stringMatching(message) });
    expect(refused.body.errors.filter((error: { field: string }) => error.field !== field)).toEqual([]);
    expect(await written()).toEqual(before);
  });

  it("accepts La Poste's establishments (digits summing to a multiple of 5), and refuses a SIRET already used (409 naming siret)", async () => {
    await create(t.admin.token, body({ siret: '35600000049837', name: 'La Poste — bureau de formation' })).expect(201);
    const before = await written();
    const twice = await create(t.admin.token, body({ siret: '35600000049837' })).expect(409);
    expect(twice.body.errors).toEqual([{ field: 'siret', message: expect.any(String) }]);
    expect(await written()).toEqual(before);
  });

  it('lets only the operator admins create, list and deactivate organisations (403 for a tenant admin or an operator trainer)', async () => {
    const tenant = await t.createOrganisation();
    const trainer = await t.createUser(['trainer']);
    for (const token of [tenant.admin.token, trainer.token]) {
      const before = await written();
      await create(token, body()).expect(403);
      await t.http().get('/api/organisations').set(bearer(token)).expect(403);
      await t.http().post(`/api/organisations/${tenant.id}/deactivate`).set(bearer(token)).expect(403);
      await t
        .http()
        .post(`/api/organisations/${tenant.id}/invitations`)
        .set(bearer(token))
        .send({ email: 'x@y.fr', displayName: 'X' })
        .expect(403);
      expect(await written()).toEqual(before);
    }
    await t.http().get('/api/organisations').expect(401);
  });

  it('lists every organisation by name, page by page', async () => {
    for (const name of ['Zeta formation', 'Alpha formation']) await create(t.admin.token, body({ name })).expect(201);
    const names: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: { name: string }[]; nextCursor: string | null } } = await t
        .http()
        .get('/api/organisations')
        .query({ limit: 2, ...(cursor ? { cursor } : {}) })
        .set(bearer(t.admin.token))
        .expect(200);
      names.push(...page.body.items.map((o) => o.name));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(names.length).toBe(await t.count('organisation'));
    expect(names).toEqual([...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    expect(names).toEqual(expect.arrayContaining(['Alpha formation', 'Zeta formation']));
  });

  it("deactivates an organisation: its people are signed out at once and cannot sign in; the operator's own cannot be (422)", async () => {
    const centre = await createNetworkOrganisation(t, 'training_centre');
    const session = (
      await t.http().post('/api/auth/login').send({ email: centre.admin.email, password: NETWORK_ADMIN_PASSWORD }).expect(200)
    ).body;
    const deactivated = await t.http().post(`/api/organisations/${centre.id}/deactivate`).set(bearer(t.admin.token)).expect(200);
    expect(deactivated.body).toMatchObject({ id: centre.id, active: false, deactivatedAt: expect.any(String) });
    await t.http().get('/api/auth/me').set(bearer(centre.admin.token)).expect(401);
    await t.http().post('/api/auth/refresh').send({ refreshToken: session.refreshToken }).expect(401);
    await t.http().post('/api/auth/login').send({ email: centre.admin.email, password: NETWORK_ADMIN_PASSWORD }).expect(401);
    // Twice: unchanged, audited once.
    await t.http().post(`/api/organisations/${centre.id}/deactivate`).set(bearer(t.admin.token)).expect(200);
    expect(await t.count('audit_event', `action = 'organisation.deactivated' AND entity_id = $1`, [centre.id])).toBe(1);
    // No new invitation for it.
    await t
      .http()
      .post(`/api/organisations/${centre.id}/invitations`)
      .set(bearer(t.admin.token))
      .send({ email: 'late@centre.fr', displayName: 'Late' })
      .expect(422);

    const own = await t.http().post(`/api/organisations/${t.admin.organisationId}/deactivate`).set(bearer(t.admin.token)).expect(422);
    expect(own.body.errors).toEqual([{ field: 'id', message: expect.stringContaining('operator') }]);
    await t.http().post('/api/organisations/00000000-0000-4000-8000-000000000000/deactivate').set(bearer(t.admin.token)).expect(404);
    await t.http().get('/api/auth/me').set(bearer(t.admin.token)).expect(200);
  });
});
