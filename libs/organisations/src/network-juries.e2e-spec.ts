import {
  TestApp,
  bearer,
  compliantJury,
  createCohort,
  createJurySession,
  createLearner,
  createNetworkOrganisation,
  createTestApp,
  enrol,
  habilitate,
  linkCertifier,
  passBlock,
} from '@project/testing';

/**
 * Juries across a network (issue 13, item 3, read side): a certifier's jury session lists, besides the certifier's own
 * candidates, those its authorised centres enrolled — their identity, that certification's results and proposals —
 * and nothing of another certifier's network, of another certification, or of the centre's internal records.
 */
describe("a certifier's jury sessions see the candidates of its authorised centres (HTTP)", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('lists them read-only in its proposals, and only them', async () => {
    const certifier = await createNetworkOrganisation(t, 'certifier', 'Certificateur réseau');
    const otherCertifier = await createNetworkOrganisation(t, 'certifier', 'Autre certificateur');
    const centre = await createNetworkOrganisation(t, 'training_centre', 'Centre habilité');
    const elsewhere = await createNetworkOrganisation(t, 'training_centre', "Centre d'un autre réseau");
    await linkCertifier(t, 'RNCP41336', certifier.id);
    await linkCertifier(t, 'RNCP41336', otherCertifier.id);
    await habilitate(t, certifier, centre, { certificationCode: 'RNCP41336', validFrom: '2025-01-01', validUntil: '2026-12-31' });
    await habilitate(t, otherCertifier, elsewhere, { certificationCode: 'RNCP41336', validFrom: '2025-01-01' });
    // The operator also authorises the centre for RNCP41296: that certification stays out of the certifier's sight.
    await t
      .http()
      .post('/api/habilitations')
      .set(bearer(t.admin.token))
      .send({ certificationCode: 'RNCP41296', trainingCentreSiret: centre.siret, validFrom: '2025-01-01' })
      .expect(201);

    const own = await createLearner(t, { lastName: 'Propre' }, certifier.admin.token);
    await enrol(t, own.id, { certificationCode: 'RNCP41336', startedOn: '2025-09-01' }, certifier.admin.token);
    const cohort = await createCohort(t, { certificationCode: 'RNCP41336', name: 'Promotion interne du centre' }, centre.admin.token);
    const partnerLearner = await createLearner(t, { lastName: 'Partenaire' }, centre.admin.token);
    const partnerEnrolment = await enrol(
      t,
      partnerLearner.id,
      { certificationCode: 'RNCP41336', startedOn: '2025-09-01', cohortId: cohort.id },
      centre.admin.token,
    );
    await passBlock(t, partnerEnrolment.id, 'RNCP41336BC01', { organisationId: centre.id });
    const other = await enrol(t, partnerLearner.id, { certificationCode: 'RNCP41296', startedOn: '2025-09-01' }, centre.admin.token);
    await passBlock(t, other.id, 'RNCP41296BC01', { organisationId: centre.id });
    const stranger = await createLearner(t, { lastName: 'Etranger' }, elsewhere.admin.token);
    await enrol(t, stranger.id, { certificationCode: 'RNCP41336', startedOn: '2025-09-01' }, elsewhere.admin.token);
    const operatorLearner = await createLearner(t, { lastName: 'Operateur' });
    await enrol(t, operatorLearner.id, { certificationCode: 'RNCP41336', startedOn: '2025-09-01' });

    const jury = await t.createUser(['jury_member'], { organisationId: certifier.id });
    const session = await createJurySession(
      t,
      { certificationCode: 'RNCP41336', members: compliantJury('RNCP41336', [jury.id]) },
      certifier.admin.token,
    );
    for (const token of [certifier.admin.token, jury.token]) {
      const proposals = await t.http().get(`/api/jury-sessions/${session.id}/proposals`).set(bearer(token)).expect(200);
      const candidates: {
        learnerId: string;
        lastName: string;
        trainingCentreId: string;
        cohortId: string | null;
        blocks: { code: string; proposal: string }[];
      }[] = proposals.body.candidates;
      expect(candidates.map((c) => c.lastName).sort()).toEqual([partnerLearner.lastName, own.lastName].sort());
      const partner = candidates.find((c) => c.learnerId === partnerLearner.id)!;
      expect(partner).toMatchObject({ trainingCentreId: centre.id, cohortId: null });
      expect(partner.blocks.every((b) => b.code.startsWith('RNCP41336'))).toBe(true);
      expect(partner.blocks.find((b) => b.code === 'RNCP41336BC01')).toMatchObject({ proposal: 'acquired' });
      expect(JSON.stringify(proposals.body)).not.toContain('RNCP41296');
      expect(JSON.stringify(proposals.body)).not.toContain(cohort.id);
    }

    // Read-only: the certifier records no decision on a partner's enrolment (yet), and the centre does not see the session.
    const before = [await t.count('jury_decision'), await t.count('audit_event')];
    const refused = await t
      .http()
      .post(`/api/jury-sessions/${session.id}/decisions`)
      .set(bearer(certifier.admin.token))
      .send({ enrolmentId: partnerEnrolment.id, blockCode: 'RNCP41336BC01', decision: 'validated' });
    expect(refused.status).toBe(404);
    expect([await t.count('jury_decision'), await t.count('audit_event')]).toEqual(before);
    await t.http().get(`/api/jury-sessions/${session.id}/proposals`).set(bearer(centre.admin.token)).expect(404);
    // The other certifier's session sees its own network only.
    const theirs = await createJurySession(t, { certificationCode: 'RNCP41336' }, otherCertifier.admin.token);
    const listed = await t.http().get(`/api/jury-sessions/${theirs.id}/proposals`).set(bearer(otherCertifier.admin.token)).expect(200);
    expect(listed.body.candidates.map((c: { lastName: string }) => c.lastName)).toEqual([stranger.lastName]);
  });
});
