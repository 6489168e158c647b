import { TestApp, bearer, createJurySession, createLearner, certifierNetwork, createTestApp, enrol, passBlock } from '@project/testing';

const BLOCKS = ['RNCP41336BC01', 'RNCP41336BC02', 'RNCP41336BC03', 'RNCP41336BC04'];

/**
 * A certifier's network statistics (issue 13, item 3): its own learners and those its juries awarded, each counted
 * once at its first standing award, newest year first; the breakdown per centre, in name order.
 */
describe("a certifier's network statistics (HTTP)", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('counts each holder once, its own and its centres’, newest year first, and forgets a corrected award', async () => {
    const {
      certifier,
      centres: [alpha, zeta],
    } = await certifierNetwork(t, {
      certificationCode: 'RNCP41336',
      certifier: 'Certificateur Moyen',
      centres: ['Alpha formation', 'Zeta formation'],
      validFrom: '2024-01-01',
    });

    /** A learner of the organisation who holds every block, ready for the certifier's jury. */
    const candidate = async (organisation: { id: string; admin: { token: string } }, accessRoute = 'continuing_education') => {
      const learner = await createLearner(t, {}, organisation.admin.token);
      const enrolment = await enrol(
        t,
        learner.id,
        { certificationCode: 'RNCP41336', startedOn: '2024-09-01', accessRoute },
        organisation.admin.token,
      );
      for (const block of BLOCKS) await passBlock(t, enrolment.id, block, { organisationId: organisation.id });
      return { learnerId: learner.id, enrolmentId: enrolment.id };
    };
    const session = (heldOn: string) => createJurySession(t, { certificationCode: 'RNCP41336', heldOn }, certifier.admin.token);
    const decide = (sessionId: string, body: object) =>
      t.http().post(`/api/jury-sessions/${sessionId}/decisions`).set(bearer(certifier.admin.token)).send(body).expect(201);
    const award = async (sessionId: string, enrolmentId: string) => {
      for (const blockCode of BLOCKS) await decide(sessionId, { enrolmentId, blockCode, decision: 'validated' });
      return (await decide(sessionId, { enrolmentId, decision: 'awarded' })).body;
    };
    const close = (sessionId: string) =>
      t.http().post(`/api/jury-sessions/${sessionId}/close`).set(bearer(certifier.admin.token)).expect(200);

    // 2025: a learner of Alpha. 2026: the certifier's own learner (by VAE) and one of Zeta.
    const adam = await candidate(alpha);
    const olga = await candidate(certifier, 'vae');
    const zoe = await candidate(zeta);
    const first = await session('2025-06-30');
    await award(first.id, adam.enrolmentId);
    await close(first.id);
    const second = await session('2026-06-30');
    await award(second.id, olga.enrolmentId);
    const zoeAward = await award(second.id, zoe.enrolmentId);
    await close(second.id);

    const statistics = async (token: string) =>
      (await t.http().get('/api/certifications/RNCP41336/statistics').set(bearer(token)).expect(200)).body.years;
    const breakdown = async (token: string) =>
      (await t.http().get('/api/certifications/RNCP41336/statistics/centres').set(bearer(token)).expect(200)).body;
    const year = (year: number, certifiedCount: number, certifiedByVaeCount = 0) => ({
      year,
      certifiedCount,
      certifiedByVaeCount,
      insertionRate6Months: null,
      insertionRateInTargetJob6Months: null,
      insertionRate2Years: null,
    });

    // The certifier's own learner, awarded by its own jury, is counted once; the years come newest first whatever
    // the centres' names.
    expect(await statistics(certifier.admin.token)).toEqual([year(2026, 2, 1), year(2025, 1)]);
    expect(await breakdown(certifier.admin.token)).toEqual([
      { trainingCentreId: alpha.id, trainingCentreName: 'Alpha formation', years: [year(2025, 1)] },
      { trainingCentreId: certifier.id, trainingCentreName: 'Certificateur Moyen', years: [year(2026, 1, 1)] },
      { trainingCentreId: zeta.id, trainingCentreName: 'Zeta formation', years: [year(2026, 1)] },
    ]);
    // A centre counts its own learners, whoever's jury decided, and has no breakdown.
    expect(await statistics(alpha.admin.token)).toEqual([year(2025, 1)]);
    expect(await statistics(zeta.admin.token)).toEqual([year(2026, 1)]);
    expect(await breakdown(zeta.admin.token)).toEqual([]);

    // A later session of the certifier corrects Zoé's award: she is no longer counted, anywhere.
    const third = await session('2026-10-15');
    await decide(third.id, {
      enrolmentId: zoe.enrolmentId,
      decision: 'refused',
      rationale: 'Fraude établie après le jury',
      supersedesDecisionId: zoeAward.id,
      correctionReason: 'Fraude établie après le jury',
    });
    expect(await statistics(certifier.admin.token)).toEqual([year(2026, 1, 1), year(2025, 1)]);
    expect((await breakdown(certifier.admin.token)).map((c: { trainingCentreId: string }) => c.trainingCentreId)).toEqual([
      alpha.id,
      certifier.id,
    ]);
    expect(await statistics(zeta.admin.token)).toEqual([]);
  });
});
