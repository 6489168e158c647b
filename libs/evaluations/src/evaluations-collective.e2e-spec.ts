import { TestApp, bearer, createCohort, createTestApp, enrolledLearner, seedModalityId } from '@project/testing';

describe('collective results (HTTP)', () => {
  let t: TestApp;
  let trainer: { id: string; token: string };
  let otherTrainer: { id: string; token: string };
  let enrolmentIds: string[];
  let cohortId: string;
  let auditReport: string; // RNCP41336BC03, collective
  let socialDialogue: string; // RNCP41336BC03, individual

  beforeAll(async () => {
    t = await createTestApp();
    trainer = await t.createUser(['trainer']);
    otherTrainer = await t.createUser(['trainer']);
    cohortId = (await createCohort(t, { certificationCode: 'RNCP41336', trainerUserIds: [trainer.id] })).id;
    enrolmentIds = [];
    for (let i = 0; i < 3; i++) enrolmentIds.push((await enrolledLearner(t, { certificationCode: 'RNCP41336', cohortId })).enrolmentId);
    auditReport = await seedModalityId(t, 'RNCP41336BC03', 'organisational_audit');
    socialDialogue = await seedModalityId(t, 'RNCP41336BC03', 'social_dialogue_simulation');
  });
  afterAll(() => t.close());

  const post = (token: string, body: object) => t.http().post('/api/evaluations/collective').set(bearer(token)).send(body);

  it('records one result per enrolment, in the order given, each audited', async () => {
    const response = await post(trainer.token, {
      enrolmentIds,
      modalityId: auditReport,
      occurredOn: '2025-06-20',
      score: 14,
      comment: 'Groupe A',
    }).expect(201);
    expect(response.body.items.map((item: { enrolmentId: string }) => item.enrolmentId)).toEqual(enrolmentIds);
    for (const item of response.body.items) {
      expect(item).toMatchObject({
        modalityId: auditReport,
        blockCode: 'RNCP41336BC03',
        score: 14,
        outcome: null,
        attempt: 1,
        comment: 'Groupe A',
        assessorUserId: trainer.id,
      });
    }
    const ids = response.body.items.map((item: { id: string }) => item.id);
    expect(await t.count('audit_event', `action = 'evaluation.recorded' AND entity_id = ANY($1)`, [ids])).toBe(3);
    // A resit of the group numbers each enrolment's next attempt.
    const resit = await post(trainer.token, {
      enrolmentIds: enrolmentIds.slice(0, 2),
      modalityId: auditReport,
      occurredOn: '2025-09-20',
      score: 11,
    }).expect(201);
    expect(resit.body.items.map((item: { attempt: number }) => item.attempt)).toEqual([2, 2]);
  });

  it('writes nothing when one enrolment is bad, and names it enrolmentIds[i]', async () => {
    const other = (await enrolledLearner(t, { certificationCode: 'RNCP41296' })).enrolmentId;
    const otherCohort = await createCohort(t, { certificationCode: 'RNCP41336', trainerUserIds: [otherTrainer.id] });
    const unassigned = (await enrolledLearner(t, { certificationCode: 'RNCP41336', cohortId: otherCohort.id })).enrolmentId;
    const before = await t.count('evaluation_result');
    const auditsBefore = await t.count('audit_event');

    const unknown = await post(trainer.token, {
      enrolmentIds: [...enrolmentIds, '00000000-0000-4000-8000-000000000000'],
      modalityId: auditReport,
      occurredOn: '2025-06-21',
      score: 12,
    }).expect(404);
    expect(unknown.body.errors).toEqual([{ field: 'enrolmentIds[3]', message: expect.any(String) }]);
    const forbidden = await post(trainer.token, {
      enrolmentIds: [unassigned, ...enrolmentIds],
      modalityId: auditReport,
      occurredOn: '2025-06-21',
      score: 12,
    }).expect(403);
    expect(forbidden.body.errors).toEqual([{ field: 'enrolmentIds[0]', message: expect.any(String) }]);
    const wrongCertification = await post(t.admin.token, {
      enrolmentIds: [enrolmentIds[0], other],
      modalityId: auditReport,
      occurredOn: '2025-06-21',
      score: 12,
    }).expect(422);
    expect(wrongCertification.body.errors).toEqual([{ field: 'enrolmentIds[1]', message: expect.stringContaining('RNCP41296') }]);

    expect(await t.count('evaluation_result')).toBe(before);
    expect(await t.count('audit_event')).toBe(auditsBefore);
  });

  it("refuses a date in the future, or before one enrolment's start, naming occurredOn and that enrolment", async () => {
    const late = await enrolledLearner(t, { certificationCode: 'RNCP41336', cohortId, startedOn: '2025-07-01' });
    const before = await t.count('evaluation_result');
    const early = await post(trainer.token, {
      enrolmentIds: [enrolmentIds[0], late.enrolmentId],
      modalityId: auditReport,
      occurredOn: '2025-06-21',
      score: 12,
    }).expect(422);
    expect(early.body.errors).toEqual([{ field: 'occurredOn', message: '2025-06-21 is before the start of enrolmentIds[1] (2025-07-01)' }]);
    const future = await post(trainer.token, { enrolmentIds, modalityId: auditReport, occurredOn: '2099-06-21', score: 12 }).expect(422);
    expect(future.body.errors).toEqual([{ field: 'occurredOn', message: expect.stringContaining('2099-06-21 is after today') }]);
    expect(await t.count('evaluation_result')).toBe(before);
  });

  it('refuses an individual modality (422 naming modalityId)', async () => {
    const before = await t.count('evaluation_result');
    const response = await post(trainer.token, { enrolmentIds, modalityId: socialDialogue, occurredOn: '2025-06-21', score: 12 }).expect(
      422,
    );
    expect(response.body.errors).toEqual([{ field: 'modalityId', message: expect.stringContaining('individual') }]);
    expect(await t.count('evaluation_result')).toBe(before);
  });

  it.each([
    ['no enrolments', { enrolmentIds: [] }, ['enrolmentIds']],
    ['a bad uuid', { enrolmentIds: ['nope'] }, ['enrolmentIds']],
    ['duplicates', { enrolmentIds: ['00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000001'] }, ['enrolmentIds']],
    ['score 20.001', { score: 20.001 }, ['score']],
    ['both score and outcome', { outcome: 'passed' }, ['score', 'outcome']],
    ['an unknown property', { attempt: 2 }, ['attempt']],
  ])('bad input: %s → 400, nothing written', async (_name, change, fields) => {
    const before = await t.count('evaluation_result');
    const response = await post(trainer.token, {
      enrolmentIds,
      modalityId: auditReport,
      occurredOn: '2025-06-21',
      score: 12,
      ...change,
    }).expect(400);
    expect([...new Set(response.body.errors.map((e: { field: string }) => e.field))].sort()).toEqual([...fields].sort());
    expect(await t.count('evaluation_result')).toBe(before);
  });

  it('refuses learners (403) and other organisations (404)', async () => {
    const learnerUser = await t.createUser(['learner']);
    const foreign = await t.createOrganisation();
    const before = await t.count('evaluation_result');
    await post(learnerUser.token, { enrolmentIds, modalityId: auditReport, occurredOn: '2025-06-21', score: 12 }).expect(403);
    await post(foreign.admin.token, { enrolmentIds, modalityId: auditReport, occurredOn: '2025-06-21', score: 12 }).expect(404);
    await post(otherTrainer.token, { enrolmentIds, modalityId: auditReport, occurredOn: '2025-06-21', score: 12 }).expect(403);
    expect(await t.count('evaluation_result')).toBe(before);
  });
});
