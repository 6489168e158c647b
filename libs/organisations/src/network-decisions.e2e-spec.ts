import {
  TestApp,
  bearer,
  certifierNetwork,
  compliantJury,
  createJurySession,
  createLearner,
  createNetworkOrganisation,
  createTestApp,
  enrol,
  habilitate,
  linkCertifier,
  passBlock,
  pdfTextOf,
} from '@project/testing';

const BLOCKS = ['RNCP41336BC01', 'RNCP41336BC02', 'RNCP41336BC03', 'RNCP41336BC04'];

/**
 * Juries across a network (issue 13, item 3): a certifier with two partner centres; learners of both sit one jury session
 * of the certifier, which decides for them. What follows is the centre's (acquisitions, its learners' progress) and
 * the certifier's (the minutes, the credentials it issues); each centre reads only its own learners' decisions.
 */
describe("a certifier's jury decides for the candidates of its partner centres (HTTP)", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('records the decisions in the centre’s name, issues the credentials as the certifier, and shows each centre its own', async () => {
    const {
      certifier,
      centres: [centreA, centreB],
    } = await certifierNetwork(t, {
      certificationCode: 'RNCP41336',
      certifier: 'Certificateur du réseau',
      centres: ['Centre A', 'Centre B'],
      validFrom: '2025-01-01',
    });
    const alice = await createLearner(t, { firstName: 'Alice', lastName: 'Centrea' }, centreA.admin.token);
    const aliceEnrolment = await enrol(t, alice.id, { certificationCode: 'RNCP41336', startedOn: '2025-09-01' }, centreA.admin.token);
    for (const block of BLOCKS) await passBlock(t, aliceEnrolment.id, block, { organisationId: centreA.id });
    const bruno = await createLearner(t, { firstName: 'Bruno', lastName: 'Centreb' }, centreB.admin.token);
    const brunoEnrolment = await enrol(t, bruno.id, { certificationCode: 'RNCP41336', startedOn: '2025-09-01' }, centreB.admin.token);
    await passBlock(t, brunoEnrolment.id, 'RNCP41336BC01', { organisationId: centreB.id });

    const jury = await t.createUser(['jury_member'], { organisationId: certifier.id });
    const session = await createJurySession(
      t,
      { certificationCode: 'RNCP41336', heldOn: '2026-06-30', members: compliantJury('RNCP41336', [jury.id]) },
      certifier.admin.token,
    );
    const decide = (token: string, body: object) =>
      t.http().post(`/api/jury-sessions/${session.id}/decisions`).set(bearer(token)).send(body);

    // A partner centre changes nothing of the certifier's session: it does not even see it.
    const before = await t.count('jury_decision');
    await decide(centreA.admin.token, { enrolmentId: aliceEnrolment.id, blockCode: 'RNCP41336BC01', decision: 'validated' }).expect(404);
    expect(await t.count('jury_decision')).toBe(before);

    for (const block of BLOCKS)
      await decide(jury.token, { enrolmentId: aliceEnrolment.id, blockCode: block, decision: 'validated' }).expect(201);
    const award = await decide(jury.token, { enrolmentId: aliceEnrolment.id, decision: 'awarded' }).expect(201);
    expect(award.body).toMatchObject({ learnerId: alice.id, proposal: 'eligible', departsFromProposal: false });
    await decide(certifier.admin.token, { enrolmentId: brunoEnrolment.id, blockCode: 'RNCP41336BC01', decision: 'validated' }).expect(201);
    // Bruno has no result in BC02: not validating it follows the proposal (incomplete), no rationale needed.
    const deferred = await decide(jury.token, { enrolmentId: brunoEnrolment.id, blockCode: 'RNCP41336BC02', decision: 'deferred' });
    expect(deferred.status).toBe(201);

    // Written in the centres' names; the blocks are held in the centres.
    const { rows: decisions } = await t.db.query(`SELECT learner_id, organisation_id FROM jury_decision WHERE jury_session_id = $1`, [
      session.id,
    ]);
    expect(decisions.filter((d) => d.learner_id === alice.id).every((d) => d.organisation_id === centreA.id)).toBe(true);
    expect(decisions.filter((d) => d.learner_id === bruno.id).every((d) => d.organisation_id === centreB.id)).toBe(true);
    expect(
      await t.count('block_acquisition', `learner_id = $1 AND organisation_id = $2 AND revoked_at IS NULL`, [alice.id, centreA.id]),
    ).toBe(4);
    expect(
      await t.count('block_acquisition', `learner_id = $1 AND organisation_id = $2 AND revoked_at IS NULL`, [bruno.id, centreB.id]),
    ).toBe(1);

    const closed = await t.http().post(`/api/jury-sessions/${session.id}/close`).set(bearer(certifier.admin.token)).expect(200);
    expect(closed.body.closedAt).not.toBeNull();
    // The minutes (the certifier's) name each candidate's centre, never the centre's cohort.
    const minutes = await t.http().get(`/api/jury-sessions/${session.id}/minutes`).set(bearer(certifier.admin.token)).expect(200);
    const byLearner = new Map(minutes.body.candidates.map((c: { learnerId: string }) => [c.learnerId, c]));
    expect(byLearner.get(alice.id)).toMatchObject({ trainingCentreId: centreA.id, cohortId: null });
    expect(byLearner.get(bruno.id)).toMatchObject({ trainingCentreId: centreB.id, cohortId: null });
    expect(minutes.body.summary).toMatchObject({ candidates: 2, blocksValidated: 5, awarded: 1 });

    // The credentials are the certifier's; the holders read them in their centre.
    expect(await t.count('issued_credential', `learner_id = $1 AND organisation_id = $2`, [alice.id, certifier.id])).toBe(5);
    expect(await t.count('issued_credential', `learner_id = $1 AND organisation_id = $2`, [bruno.id, certifier.id])).toBe(1);
    expect(await t.count('issued_credential', `organisation_id IN ($1, $2)`, [centreA.id, centreB.id])).toBe(0);
    const credentials = await t.http().get(`/api/learners/${alice.id}/credentials`).set(bearer(centreA.admin.token)).expect(200);
    expect(credentials.body).toHaveLength(5);
    const certificate = credentials.body.find((c: { kind: string }) => c.kind === 'certification');
    const text = await pdfTextOf(t.http().get(`/api/credentials/${certificate.id}/attestation.pdf`).set(bearer(centreA.admin.token)));
    // The certificate lists the blocks the holder holds in its centre, and is the certifier's.
    for (const expected of [...BLOCKS, 'Certificateur du réseau']) expect(text).toContain(expected);

    // Each centre reads its own learners' decisions (and their progress shows them), nothing of the other centre's.
    const aliceDecisions = await t.http().get(`/api/learners/${alice.id}/decisions`).set(bearer(centreA.admin.token)).expect(200);
    expect(aliceDecisions.body).toHaveLength(5);
    expect(aliceDecisions.body[4]).toMatchObject({
      certificationCode: 'RNCP41336',
      blockCode: null,
      decision: 'awarded',
      heldOn: '2026-06-30',
      sessionClosed: true,
      juryOrganisationId: certifier.id,
      juryOrganisationName: 'Certificateur du réseau',
    });
    const brunoDecisions = await t.http().get(`/api/learners/${bruno.id}/decisions`).set(bearer(centreB.admin.token)).expect(200);
    expect(brunoDecisions.body.map((d: { blockCode: string; decision: string }) => [d.blockCode, d.decision])).toEqual([
      ['RNCP41336BC01', 'validated'],
      ['RNCP41336BC02', 'deferred'],
    ]);
    await t.http().get(`/api/learners/${bruno.id}/decisions`).set(bearer(centreA.admin.token)).expect(404);
    await t.http().get(`/api/learners/${alice.id}/decisions`).set(bearer(centreB.admin.token)).expect(404);
    const progress = await t.http().get(`/api/learners/${alice.id}/progress`).set(bearer(centreA.admin.token)).expect(200);
    const rncp41336 = progress.body.certifications.find((c: { code: string }) => c.code === 'RNCP41336');
    expect(rncp41336.awardedOn).toBe('2026-06-30');
    expect(rncp41336.blocks.map((b: { acquiredOn: string | null }) => b.acquiredOn)).toEqual(BLOCKS.map(() => '2026-06-30'));
    const brunoProgress = await t.http().get(`/api/learners/${bruno.id}/progress`).set(bearer(centreB.admin.token)).expect(200);
    expect(brunoProgress.body.certifications[0].blocks.filter((b: { acquiredOn: string | null }) => b.acquiredOn).length).toBe(1);
    await t.http().get(`/api/learners/${alice.id}/progress`).set(bearer(centreB.admin.token)).expect(404);

    // Statistics: the certifier's cover its network, with the per-centre breakdown; a centre's, its own learners only.
    const statistics = (token: string) => t.http().get('/api/certifications/RNCP41336/statistics').set(bearer(token)).expect(200);
    const ofCertifier = (await statistics(certifier.admin.token)).body;
    expect(ofCertifier.years).toEqual([expect.objectContaining({ year: 2026, certifiedCount: 1, certifiedByVaeCount: 0 })]);
    const breakdown = (token: string) => t.http().get('/api/certifications/RNCP41336/statistics/centres').set(bearer(token)).expect(200);
    expect((await breakdown(certifier.admin.token)).body).toEqual([
      { trainingCentreId: centreA.id, trainingCentreName: 'Centre A', years: [expect.objectContaining({ year: 2026, certifiedCount: 1 })] },
    ]);
    expect((await statistics(centreA.admin.token)).body).toMatchObject({ years: [{ year: 2026, certifiedCount: 1 }] });
    expect((await statistics(centreB.admin.token)).body).toMatchObject({ years: [] });
    for (const centre of [centreA, centreB]) expect((await breakdown(centre.admin.token)).body).toEqual([]);

    // The certifier reads that certification's data through its session, and the credentials issued for it: the centre's
    // learner records stay the centre's.
    for (const route of ['decisions', 'progress']) {
      await t.http().get(`/api/learners/${alice.id}/${route}`).set(bearer(certifier.admin.token)).expect(404);
    }
    for (const reader of [certifier.admin, jury]) {
      const issued = await t.http().get(`/api/learners/${alice.id}/credentials`).set(bearer(reader.token)).expect(200);
      expect(issued.body.map((c: { id: string }) => c.id)).toEqual(credentials.body.map((c: { id: string }) => c.id));
      await t.http().get(`/api/credentials/${certificate.id}`).set(bearer(reader.token)).expect(200);
    }
  });

  it("corrects a partner's decision in a later session of its own, and refuses another certification's enrolment", async () => {
    const certifier = await createNetworkOrganisation(t, 'certifier');
    const centre = await createNetworkOrganisation(t, 'training_centre');
    await linkCertifier(t, 'RNCP41336', certifier.id);
    await habilitate(t, certifier, centre, { certificationCode: 'RNCP41336', validFrom: '2025-01-01' });
    await t
      .http()
      .post('/api/habilitations')
      .set(bearer(t.admin.token))
      .send({ certificationCode: 'RNCP41296', trainingCentreSiret: centre.siret, validFrom: '2025-01-01' })
      .expect(201);
    const learner = await createLearner(t, {}, centre.admin.token);
    const enrolment = await enrol(t, learner.id, { certificationCode: 'RNCP41336', startedOn: '2025-09-01' }, centre.admin.token);
    const elsewhere = await enrol(t, learner.id, { certificationCode: 'RNCP41296', startedOn: '2025-09-01' }, centre.admin.token);
    await passBlock(t, enrolment.id, 'RNCP41336BC01', { organisationId: centre.id });
    const first = await createJurySession(t, { certificationCode: 'RNCP41336', heldOn: '2026-01-15' }, certifier.admin.token);
    const decision = await t
      .http()
      .post(`/api/jury-sessions/${first.id}/decisions`)
      .set(bearer(certifier.admin.token))
      .send({ enrolmentId: enrolment.id, blockCode: 'RNCP41336BC01', decision: 'validated' })
      .expect(201);
    await t.http().post(`/api/jury-sessions/${first.id}/close`).set(bearer(certifier.admin.token)).expect(200);

    const later = await createJurySession(t, { certificationCode: 'RNCP41336', heldOn: '2026-06-30' }, certifier.admin.token);
    const correction = await t.http().post(`/api/jury-sessions/${later.id}/decisions`).set(bearer(certifier.admin.token)).send({
      enrolmentId: enrolment.id,
      blockCode: 'RNCP41336BC01',
      decision: 'not_validated',
      rationale: 'Erreur de saisie',
      supersedesDecisionId: decision.body.id,
      correctionReason: 'Le bloc avait été validé par erreur',
    });
    expect(correction.status).toBe(201);
    expect(await t.count('block_acquisition', `learner_id = $1 AND revoked_at IS NULL`, [learner.id])).toBe(0);
    const read = await t.http().get(`/api/learners/${learner.id}/decisions`).set(bearer(centre.admin.token)).expect(200);
    expect(read.body.map((d: { decision: string }) => d.decision)).toEqual(['not_validated']);

    // The enrolment in a certification the certifier did not authorise stays out of its reach: 404, nothing written.
    const before = [await t.count('jury_decision'), await t.count('audit_event')];
    const refused = await t
      .http()
      .post(`/api/jury-sessions/${later.id}/decisions`)
      .set(bearer(certifier.admin.token))
      .send({ enrolmentId: elsewhere.id, blockCode: 'RNCP41336BC01', decision: 'validated' });
    expect(refused.status).toBe(404);
    expect(refused.body.detail).toContain(elsewhere.id);
    expect([await t.count('jury_decision'), await t.count('audit_event')]).toEqual(before);
  });
});
