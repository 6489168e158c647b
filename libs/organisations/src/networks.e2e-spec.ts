import {
  NetworkOrganisation,
  TestApp,
  bearer,
  createLearner,
  createNetworkOrganisation,
  createTestApp,
  enrol,
  habilitate,
  linkCertifier,
} from '@project/testing';

/**
 * A certifier with two partner centres on RNCP41336: the certifier authorises one of them for a period, and the
 * centres enrol only within what they are authorised for.
 */
describe('certifier networks: certifier links and habilitations (HTTP)', () => {
  let t: TestApp;
  let certifier: NetworkOrganisation;
  let partner: NetworkOrganisation;
  let outsider: NetworkOrganisation;
  beforeAll(async () => {
    t = await createTestApp();
    certifier = await createNetworkOrganisation(t, 'certifier', 'CNAM test');
    partner = await createNetworkOrganisation(t, 'training_centre', 'Centre partenaire Nord');
    outsider = await createNetworkOrganisation(t, 'training_centre', 'Centre hors réseau');
    await linkCertifier(t, 'RNCP41336', certifier.id);
  });
  afterAll(() => t.close());

  const grant = (token: string, body: object) => t.http().post('/api/habilitations').set(bearer(token)).send(body);
  const enrolAs = (token: string, learnerId: string, body: object) =>
    t
      .http()
      .post(`/api/learners/${learnerId}/enrolments`)
      .set(bearer(token))
      .send({ accessRoute: 'continuing_education', ...body });
  const written = async () => [await t.count('habilitation'), await t.count('enrolment'), await t.count('audit_event')];

  it('lets the operator admins name the certifiers of a certification; everyone signed in reads them', async () => {
    const listed = await t.http().get('/api/certifications/rncp41336/certifiers').set(bearer(partner.admin.token)).expect(200);
    expect(listed.body.map((c: { name: string }) => c.name).sort()).toEqual(['CNAM test', 'Centre de test']);
    // Linking twice changes nothing.
    await linkCertifier(t, 'RNCP41336', certifier.id);
    expect(await t.count('certification_certifier', `certification_code = 'RNCP41336'`)).toBe(2);
    expect(await t.count('audit_event', `action = 'certification.certifier_linked' AND entity_id = 'RNCP41336'`)).toBe(1);
    // Not by a tenant's admin, even the certifier's own.
    const before = await t.count('certification_certifier');
    await t
      .http()
      .post('/api/certifications/RNCP41296/certifiers')
      .set(bearer(certifier.admin.token))
      .send({ organisationId: certifier.id })
      .expect(403);
    await t
      .http()
      .delete(`/api/certifications/RNCP41336/certifiers/${t.admin.organisationId}`)
      .set(bearer(certifier.admin.token))
      .expect(403);
    expect(await t.count('certification_certifier')).toBe(before);
    // Unknown certification: 404; unknown organisation: 422 naming organisationId.
    await t
      .http()
      .post('/api/certifications/RNCP99999/certifiers')
      .set(bearer(t.admin.token))
      .send({ organisationId: certifier.id })
      .expect(404);
    await t
      .http()
      .post('/api/certifications/RNCP41336/certifiers')
      .set(bearer(t.admin.token))
      .send({ organisationId: '00000000-0000-4000-8000-000000000000' })
      .expect(422);
    await t.http().get('/api/certifications/RNCP99999/certifiers').set(bearer(partner.admin.token)).expect(404);
  });

  it("authorises a centre for a period of one of the certifier's certifications; the centre enrols only on dates it covers (422 naming the certification)", async () => {
    const granted = await grant(certifier.admin.token, {
      certificationCode: 'RNCP41336',
      trainingCentreSiret: partner.siret,
      validFrom: '2025-09-01',
      validUntil: '2026-08-31',
    }).expect(201);
    expect(granted.body).toMatchObject({
      certificationCode: 'RNCP41336',
      certifierId: certifier.id,
      trainingCentreId: partner.id,
      trainingCentreName: 'Centre partenaire Nord',
      validFrom: '2025-09-01',
      validUntil: '2026-08-31',
      revokedAt: null,
    });
    const learner = await createLearner(t, {}, partner.admin.token);
    await enrolAs(partner.admin.token, learner.id, { certificationCode: 'RNCP41336', startedOn: '2025-09-01' }).expect(201);
    await enrolAs(partner.admin.token, learner.id, { certificationCode: 'RNCP41336', startedOn: '2026-08-31' }).expect(201);

    const stranger = await createLearner(t, {}, outsider.admin.token);
    const before = await written();
    const late = await enrolAs(partner.admin.token, learner.id, { certificationCode: 'RNCP41336', startedOn: '2026-09-01' }).expect(422);
    expect(late.body).toMatchObject({ code: 'not_habilitated', detail: expect.stringContaining('RNCP41336') });
    expect(late.body.errors).toEqual([{ field: 'certificationCode', message: expect.stringContaining('does not cover 2026-09-01') }]);
    // Not authorised for RNCP41296 at all; and a centre outside the network enrols in neither.
    const other = await enrolAs(partner.admin.token, learner.id, { certificationCode: 'RNCP41296', startedOn: '2026-01-05' }).expect(422);
    expect(other.body.errors).toEqual([
      { field: 'certificationCode', message: 'your organisation neither certifies RNCP41296 nor holds a habilitation for it' },
    ]);
    await enrolAs(outsider.admin.token, stranger.id, { certificationCode: 'RNCP41336', startedOn: '2026-01-05' }).expect(422);
    expect(await written()).toEqual(before);

    // The certifier enrols in its own certification without a habilitation.
    const own = await createLearner(t, {}, certifier.admin.token);
    await enrolAs(certifier.admin.token, own.id, { certificationCode: 'RNCP41336', startedOn: '2029-01-05' }).expect(201);
  });

  it("refuses a habilitation outside the certifier's own certifications, for an unknown SIRET, or overlapping a live one, writing nothing", async () => {
    const before = await written();
    const foreign = await grant(certifier.admin.token, {
      certificationCode: 'RNCP41296',
      trainingCentreSiret: partner.siret,
      validFrom: '2025-09-01',
    }).expect(422);
    expect(foreign.body.errors).toEqual([{ field: 'certificationCode', message: expect.stringContaining('does not certify RNCP41296') }]);
    // A centre's admin certifies nothing.
    await grant(partner.admin.token, {
      certificationCode: 'RNCP41336',
      trainingCentreSiret: outsider.siret,
      validFrom: '2025-09-01',
    }).expect(422);
    const unknown = await grant(certifier.admin.token, {
      certificationCode: 'RNCP41336',
      trainingCentreSiret: '73282932000074',
      validFrom: '2025-09-01',
    }).expect(422);
    expect(unknown.body.errors).toEqual([{ field: 'trainingCentreSiret', message: expect.stringContaining('no active organisation') }]);
    const overlap = await grant(certifier.admin.token, {
      certificationCode: 'RNCP41336',
      trainingCentreSiret: partner.siret,
      validFrom: '2026-08-31',
      validUntil: null,
    }).expect(409);
    expect(overlap.body.errors).toEqual([{ field: 'validFrom', message: expect.stringContaining('overlaps') }]);
    const backwards = await grant(certifier.admin.token, {
      certificationCode: 'RNCP41336',
      trainingCentreSiret: outsider.siret,
      validFrom: '2026-01-01',
      validUntil: '2025-12-31',
    }).expect(422);
    expect(backwards.body.errors).toEqual([{ field: 'validUntil', message: expect.any(String) }]);
    const bad = await grant(certifier.admin.token, {
      certificationCode: 'RNCP41336',
      trainingCentreSiret: partner.siret,
      validFrom: '2026-02-30',
    }).expect(400);
    expect(bad.body.errors).toEqual([{ field: 'validFrom', message: expect.any(String) }]);
    // Trainers are not admins.
    const trainer = await t.createUser(['trainer'], { organisationId: certifier.id });
    await grant(trainer.token, { certificationCode: 'RNCP41336', trainingCentreSiret: outsider.siret, validFrom: '2025-09-01' }).expect(
      403,
    );
    expect(await written()).toEqual(before);
    // The database refuses overlapping live periods too.
    await expect(
      t.db.query(
        `INSERT INTO habilitation (certification_code, certifier_id, training_centre_id, valid_from) VALUES ('RNCP41336', $1, $2, '2026-01-01')`,
        [certifier.id, partner.id],
      ),
    ).rejects.toThrow(/habilitation_no_overlap/);
    // The period right after is fine.
    await grant(certifier.admin.token, {
      certificationCode: 'RNCP41336',
      trainingCentreSiret: partner.siret,
      validFrom: '2026-09-01',
    }).expect(201);
  });

  it('lets only the granting certifier revoke a habilitation; revoked, it authorises no new enrolment', async () => {
    const holder = await createNetworkOrganisation(t, 'training_centre');
    const { id } = await habilitate(t, certifier, holder, { certificationCode: 'RNCP41336', validFrom: '2025-01-01' });
    const learner = await createLearner(t, {}, holder.admin.token);
    await enrol(t, learner.id, { certificationCode: 'RNCP41336', startedOn: '2025-03-01' }, holder.admin.token);

    // Listing: the certifier sees what it granted, the centre what it holds, a third organisation nothing of it.
    const ids = async (token: string) =>
      (await t.http().get('/api/habilitations').query({ certificationCode: 'RNCP41336' }).set(bearer(token)).expect(200)).body.items.map(
        (h: { id: string }) => h.id,
      );
    expect(await ids(certifier.admin.token)).toContain(id);
    expect(await ids(holder.admin.token)).toEqual([id]);
    expect(await ids(outsider.admin.token)).toEqual([]);

    await t.http().post(`/api/habilitations/${id}/revoke`).set(bearer(holder.admin.token)).expect(403);
    await t.http().post(`/api/habilitations/${id}/revoke`).set(bearer(outsider.admin.token)).expect(404);
    const revoked = await t.http().post(`/api/habilitations/${id}/revoke`).set(bearer(certifier.admin.token)).expect(200);
    expect(revoked.body.revokedAt).toEqual(expect.any(String));
    await t.http().post(`/api/habilitations/${id}/revoke`).set(bearer(certifier.admin.token)).expect(200);
    expect(await t.count('audit_event', `action = 'habilitation.revoked' AND entity_id = $1`, [id])).toBe(1);
    const refused = await enrolAs(holder.admin.token, learner.id, { certificationCode: 'RNCP41336', startedOn: '2025-06-01' }).expect(422);
    expect(refused.body.code).toBe('not_habilitated');
    // Enrolments made before stay.
    expect(await t.count('enrolment', 'learner_id = $1', [learner.id])).toBe(1);
    // A certifier that granted habilitations stays linked.
    const unlink = await t.http().delete(`/api/certifications/RNCP41336/certifiers/${certifier.id}`).set(bearer(t.admin.token)).expect(409);
    expect(unlink.body.errors).toEqual([{ field: 'organisationId', message: expect.any(String) }]);
  });

  it('the operator organisation unlinked from a certification it certified no longer enrols in it; linked again, it does', async () => {
    const learner = await createLearner(t);
    await t.http().delete(`/api/certifications/RNCP41336/certifiers/${t.admin.organisationId}`).set(bearer(t.admin.token)).expect(204);
    await t.http().delete(`/api/certifications/RNCP41336/certifiers/${t.admin.organisationId}`).set(bearer(t.admin.token)).expect(404);
    await enrolAs(t.admin.token, learner.id, { certificationCode: 'RNCP41336', startedOn: '2025-09-01' }).expect(422);
    await linkCertifier(t, 'RNCP41336', t.admin.organisationId);
    await enrolAs(t.admin.token, learner.id, { certificationCode: 'RNCP41336', startedOn: '2025-09-01' }).expect(201);
  });

  it('proposes the organisations the imported sheet names as certifiers (by SIRET, else by name) to the operator admins', async () => {
    const ircom = await t
      .http()
      .post('/api/organisations')
      .set(bearer(t.admin.token))
      .send({
        name: 'IRCOM',
        kind: 'certifier',
        siret: '32949147600019',
        adminEmail: 'direction@ircom-test.fr',
        adminDisplayName: 'Direction IRCOM',
      })
      .expect(201);
    const proposals = (code: string, token = t.admin.token) =>
      t.http().get(`/api/certifications/${code}/certifiers/proposals`).set(bearer(token));
    expect((await proposals('RNCP41296').expect(200)).body).toEqual([
      {
        organisationId: ircom.body.organisation.id,
        name: 'IRCOM',
        siret: '32949147600019',
        sheetName: 'ASSOCIATION SAINTE ANNE',
        matchedBy: 'siret',
      },
    ]);
    // A sheet without SIRET is matched by name.
    await t.db.query(
      `INSERT INTO certification (code, title, level, certifiers) VALUES ('RNCP99002', 'Titre sans SIRET', 6, '[{"name": "Certificateur Sans Siret", "siret": null}]')`,
    );
    const named = await createNetworkOrganisation(t, 'certifier', '  certificateur sans siret ');
    expect((await proposals('rncp99002').expect(200)).body).toEqual([
      expect.objectContaining({ organisationId: named.id, matchedBy: 'name' }),
    ]);
    // Linked, it is no longer proposed; tenants' admins and unknown certifications are refused.
    await linkCertifier(t, 'RNCP41296', ircom.body.organisation.id);
    expect((await proposals('RNCP41296').expect(200)).body).toEqual([]);
    await proposals('RNCP41296', named.admin.token).expect(403);
    await proposals('RNCP99999').expect(404);
  });
});
