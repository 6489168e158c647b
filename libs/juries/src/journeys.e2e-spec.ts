import { TestApp, bearer, compliantJury, createCohort, createJurySession, createLearner, createTestApp, enrol } from '@project/testing';

/** The "Done when" journeys of issue 4, end to end through the HTTP API. */
describe('journeys: from results to capitalised blocks, awards and progress (HTTP)', () => {
  let t: TestApp;
  let modalities: Record<string, { id: string; kind: string }[]>;
  beforeAll(async () => {
    t = await createTestApp();
    modalities = {};
    for (const code of ['RNCP41296', 'RNCP41336']) {
      const sheet = await t.http().get(`/api/certifications/${code}`).set(bearer(t.admin.token)).expect(200);
      for (const block of sheet.body.blocks) modalities[block.code] = block.modalities;
    }
  });
  afterAll(() => t.close());

  const record = (enrolmentId: string, modalityId: string, score: number, occurredOn: string, attempt?: number) =>
    t
      .http()
      .post('/api/evaluations')
      .set(bearer(t.admin.token))
      .send({ enrolmentId, modalityId, score, occurredOn, ...(attempt ? { attempt } : {}) })
      .expect(201);
  const recordBlock = async (enrolmentId: string, blockCode: string, score: number, occurredOn: string) => {
    for (const modality of modalities[blockCode]) await record(enrolmentId, modality.id, score, occurredOn);
  };
  const decide = (sessionId: string, body: Record<string, unknown>) =>
    t.http().post(`/api/jury-sessions/${sessionId}/decisions`).set(bearer(t.admin.token)).send(body);
  const close = (sessionId: string) => t.http().post(`/api/jury-sessions/${sessionId}/close`).set(bearer(t.admin.token)).expect(200);
  const progress = async (learnerId: string, code: string, token = t.admin.token) => {
    const response = await t.http().get(`/api/learners/${learnerId}/progress`).set(bearer(token)).expect(200);
    const certification = response.body.certifications.find((c: { code: string }) => c.code === code);
    return { ...certification, block: (blockCode: string) => certification.blocks.find((b: { code: string }) => b.code === blockCode) };
  };

  it('RNCP41296: BC01–BC02 with a 2025 jury in one cohort, BC03–BC04 with a 2026 jury in another enrolment, then eligible and awarded', async () => {
    const learner = await createLearner(t, { firstName: 'Inès', lastName: 'Moreau' });
    const cohort2025 = await createCohort(t, { certificationCode: 'RNCP41296', startsOn: '2024-09-01', endsOn: '2025-06-30' });
    const first = await enrol(t, learner.id, {
      certificationCode: 'RNCP41296',
      cohortId: cohort2025.id,
      accessRoute: 'continuing_education',
      startedOn: '2024-09-01',
    });
    await recordBlock(first.id, 'RNCP41296BC01', 14, '2025-05-20');
    await recordBlock(first.id, 'RNCP41296BC02', 12, '2025-05-21');

    const jury2025 = await createJurySession(t, { certificationCode: 'RNCP41296', heldOn: '2025-06-30' });
    const proposals = await t
      .http()
      .get(`/api/jury-sessions/${jury2025.id}/proposals?cohortId=${cohort2025.id}`)
      .set(bearer(t.admin.token))
      .expect(200);
    const candidate = proposals.body.candidates.find((c: { learnerId: string }) => c.learnerId === learner.id);
    expect(candidate.blocks.map((b: { code: string; proposal: string }) => [b.code, b.proposal])).toEqual([
      ['RNCP41296BC01', 'acquired'],
      ['RNCP41296BC02', 'acquired'],
      ['RNCP41296BC03', 'incomplete'],
      ['RNCP41296BC04', 'incomplete'],
    ]);
    await decide(jury2025.id, { enrolmentId: first.id, blockCode: 'RNCP41296BC01', decision: 'validated' }).expect(201);
    await decide(jury2025.id, { enrolmentId: first.id, blockCode: 'RNCP41296BC02', decision: 'validated' }).expect(201);
    await close(jury2025.id);
    // A decision in a closed session is refused.
    const late = await decide(jury2025.id, { enrolmentId: first.id, blockCode: 'RNCP41296BC03', decision: 'deferred' }).expect(409);
    expect(late.body.code).toBe('jury_session_closed');

    let standing = await progress(learner.id, 'RNCP41296');
    expect(standing).toMatchObject({ eligible: false, awardedOn: null, missingBlocks: ['RNCP41296BC03', 'RNCP41296BC04'] });
    expect(standing.block('RNCP41296BC01')).toMatchObject({ status: 'acquired', acquiredOn: '2025-06-30', source: 'jury' });

    // A year later, another cohort and another enrolment (and route): the 2025 blocks stay capitalised.
    const cohort2026 = await createCohort(t, { certificationCode: 'RNCP41296', startsOn: '2025-09-01', endsOn: '2026-06-30' });
    const second = await enrol(t, learner.id, {
      certificationCode: 'RNCP41296',
      cohortId: cohort2026.id,
      accessRoute: 'apprenticeship',
      startedOn: '2025-09-01',
    });
    await recordBlock(second.id, 'RNCP41296BC03', 13, '2026-05-10');
    await recordBlock(second.id, 'RNCP41296BC04', 15, '2026-05-12');
    const jury2026 = await createJurySession(t, { certificationCode: 'RNCP41296', heldOn: '2026-06-30' });
    const notYet = await decide(jury2026.id, { enrolmentId: second.id, decision: 'awarded' }).expect(422);
    expect(notYet.body.missingBlocks).toEqual(['RNCP41296BC03', 'RNCP41296BC04']);
    const proposals2026 = await t.http().get(`/api/jury-sessions/${jury2026.id}/proposals`).set(bearer(t.admin.token)).expect(200);
    const again = proposals2026.body.candidates.find((c: { learnerId: string }) => c.learnerId === learner.id);
    expect(again.enrolmentId).toBe(second.id);
    expect(again.blocks.map((b: { code: string; held: boolean; proposal: string }) => [b.code, b.held, b.proposal])).toEqual([
      ['RNCP41296BC01', true, 'acquired'],
      ['RNCP41296BC02', true, 'acquired'],
      ['RNCP41296BC03', false, 'acquired'],
      ['RNCP41296BC04', false, 'acquired'],
    ]);
    await decide(jury2026.id, { enrolmentId: second.id, blockCode: 'RNCP41296BC03', decision: 'validated' }).expect(201);
    await decide(jury2026.id, { enrolmentId: second.id, blockCode: 'RNCP41296BC04', decision: 'validated' }).expect(201);

    standing = await progress(learner.id, 'RNCP41296');
    expect(standing).toMatchObject({ eligible: true, awardedOn: null, missingBlocks: [] });
    const eligible = await t
      .http()
      .get(`/api/certifications/RNCP41296/eligible-learners?cohortId=${cohort2026.id}`)
      .set(bearer(t.admin.token))
      .expect(200);
    expect(eligible.body.items).toEqual([expect.objectContaining({ learnerId: learner.id, lastName: 'Moreau', awardedOn: null })]);

    const award = await decide(jury2026.id, { enrolmentId: second.id, decision: 'awarded' }).expect(201);
    expect(award.body).toMatchObject({ blockCode: null, decision: 'awarded', proposal: 'eligible', departsFromProposal: false });
    await close(jury2026.id);
    standing = await progress(learner.id, 'RNCP41296');
    expect(standing).toMatchObject({ eligible: true, awardedOn: '2026-06-30', missingBlocks: [] });
    expect(standing.blocks.map((b: { status: string; acquiredOn: string }) => [b.status, b.acquiredOn])).toEqual([
      ['acquired', '2025-06-30'],
      ['acquired', '2025-06-30'],
      ['acquired', '2026-06-30'],
      ['acquired', '2026-06-30'],
    ]);
    const statistics = await t.http().get('/api/certifications/RNCP41296/statistics').set(bearer(t.admin.token)).expect(200);
    expect(statistics.body.years).toContainEqual(expect.objectContaining({ year: 2026, certifiedCount: 1, certifiedByVaeCount: 0 }));
    const minutes = await t.http().get(`/api/jury-sessions/${jury2026.id}/minutes`).set(bearer(t.admin.token)).expect(200);
    expect(
      minutes.body.candidates[0].decisions.map((d: { blockCode: string | null; decision: string }) => [d.blockCode, d.decision]),
    ).toEqual([
      ['RNCP41296BC03', 'validated'],
      ['RNCP41296BC04', 'validated'],
      [null, 'awarded'],
    ]);
  });

  it("RNCP41336 (CNAM): fails BC03's social dialogue exam, resits, and is validated", async () => {
    const learner = await createLearner(t, { firstName: 'Lucas', lastName: 'Girard' });
    const cohort = await createCohort(t, { certificationCode: 'RNCP41336' });
    const enrolment = await enrol(t, learner.id, {
      certificationCode: 'RNCP41336',
      cohortId: cohort.id,
      accessRoute: 'continuing_education',
    });
    const [audit, oral, socialDialogue] = modalities.RNCP41336BC03;
    expect(socialDialogue.kind).toBe('social_dialogue_simulation');
    await record(enrolment.id, audit.id, 10, '2026-05-10');
    await record(enrolment.id, oral.id, 10, '2026-05-11');
    await record(enrolment.id, socialDialogue.id, 4, '2026-05-12');

    const jury = await createJurySession(t, { certificationCode: 'RNCP41336', heldOn: '2026-06-25' });
    const proposals = await t.http().get(`/api/jury-sessions/${jury.id}/proposals`).set(bearer(t.admin.token)).expect(200);
    const bc03 = proposals.body.candidates
      .find((c: { learnerId: string }) => c.learnerId === learner.id)
      .blocks.find((b: { code: string }) => b.code === 'RNCP41336BC03');
    expect(bc03).toMatchObject({ proposal: 'not_acquired', mark: 8 });
    // Validating it would depart from the proposal: not without a rationale.
    await decide(jury.id, { enrolmentId: enrolment.id, blockCode: 'RNCP41336BC03', decision: 'validated' }).expect(400);
    await decide(jury.id, { enrolmentId: enrolment.id, blockCode: 'RNCP41336BC03', decision: 'not_validated' }).expect(201);
    await close(jury.id);
    expect((await progress(learner.id, 'RNCP41336')).block('RNCP41336BC03')).toMatchObject({
      status: 'not_acquired',
      proposal: 'not_acquired',
      mark: 8,
    });

    // The resit (second attempt) replaces the failed sitting.
    await record(enrolment.id, socialDialogue.id, 14, '2026-09-15', 2);
    const waiting = (await progress(learner.id, 'RNCP41336')).block('RNCP41336BC03');
    expect(waiting).toMatchObject({ status: 'pending_jury', proposal: 'acquired', mark: 11.33, acquiredOn: null });
    expect(waiting.modalities[2]).toEqual({
      id: socialDialogue.id,
      kind: 'social_dialogue_simulation',
      latestScore: 14,
      latestOutcome: null,
      attempts: 2,
    });

    const resitJury = await createJurySession(t, { certificationCode: 'RNCP41336', heldOn: '2026-10-20' });
    const validated = await decide(resitJury.id, { enrolmentId: enrolment.id, blockCode: 'RNCP41336BC03', decision: 'validated' }).expect(
      201,
    );
    expect(validated.body).toMatchObject({ proposal: 'acquired', mark: 11.33, departsFromProposal: false });
    expect((await progress(learner.id, 'RNCP41336')).block('RNCP41336BC03')).toMatchObject({
      status: 'acquired',
      acquiredOn: '2026-10-20',
      source: 'jury',
    });
  });

  it('refuses the decisions of a jury with one external professional, naming external_professional', async () => {
    const learner = await createLearner(t);
    const enrolment = await enrol(t, learner.id, { certificationCode: 'RNCP41336' });
    await recordBlock(enrolment.id, 'RNCP41336BC01', 15, '2026-05-10');
    const members = compliantJury('RNCP41336').slice(0, 3); // the national lead, a pedagogical lead, ONE external professional
    const jury = await createJurySession(t, { certificationCode: 'RNCP41336', members });
    const refused = await decide(jury.id, { enrolmentId: enrolment.id, blockCode: 'RNCP41336BC01', decision: 'validated' }).expect(422);
    expect(refused.body.code).toBe('jury_composition_invalid');
    expect(refused.body.detail).toContain('external_professional');
    expect(refused.body.missing).toEqual([
      expect.objectContaining({ roles: ['external_professional'], external: true, required: 2, present: 1 }),
    ]);
    expect(await t.count('jury_decision', 'jury_session_id = $1', [jury.id])).toBe(0);
    // The proposals say so before anyone tries.
    const proposals = await t.http().get(`/api/jury-sessions/${jury.id}/proposals`).set(bearer(t.admin.token)).expect(200);
    expect(proposals.body.candidates[0].composition).toMatchObject({
      satisfied: false,
      missing: [expect.objectContaining({ roles: ['external_professional'] })],
    });
  });

  it("lets a learner read its own progress and nobody else's", async () => {
    const me = await createLearner(t);
    const someoneElse = await createLearner(t);
    await enrol(t, me.id, { certificationCode: 'RNCP41296' });
    await enrol(t, someoneElse.id, { certificationCode: 'RNCP41296' });
    const user = await t.createUser(['learner'], { learnerId: me.id });
    const mine = await t.http().get('/api/me/progress').set(bearer(user.token)).expect(200);
    expect(mine.body).toMatchObject({ learnerId: me.id, certifications: [{ code: 'RNCP41296', eligible: false, awardedOn: null }] });
    await t.http().get(`/api/learners/${me.id}/progress`).set(bearer(user.token)).expect(200);
    await t.http().get(`/api/learners/${someoneElse.id}/progress`).set(bearer(user.token)).expect(404);
  });
});
