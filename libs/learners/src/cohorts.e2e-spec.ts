import { TestApp, bearer, createCohort, createLearner, createTestApp, enrol } from '@project/testing';

describe('cohorts (HTTP)', () => {
  let t: TestApp;
  let trainer: Awaited<ReturnType<TestApp['createUser']>>;
  let otherTrainer: Awaited<ReturnType<TestApp['createUser']>>;
  beforeAll(async () => {
    t = await createTestApp();
    trainer = await t.createUser(['trainer']);
    otherTrainer = await t.createUser(['trainer']);
  });
  afterAll(() => t.close());

  const body = (overrides: Record<string, unknown> = {}) => ({
    name: 'Promotion 2025',
    certificationCode: 'RNCP41296',
    startsOn: '2025-09-01',
    endsOn: '2026-06-30',
    trainerUserIds: [],
    ...overrides,
  });

  it('creates a cohort with its trainers, answers its detail and audits it', async () => {
    const created = await t
      .http()
      .post('/api/cohorts')
      .set(bearer(t.admin.token))
      .send(body({ trainerUserIds: [trainer.id] }))
      .expect(201);
    expect(created.body).toEqual({
      id: expect.any(String),
      name: 'Promotion 2025',
      certificationCode: 'RNCP41296',
      startsOn: '2025-09-01',
      endsOn: '2026-06-30',
      trainers: [{ id: trainer.id, displayName: expect.any(String), email: trainer.email }],
      enrolmentCount: 0,
      createdAt: expect.any(String),
    });
    expect(await t.count('cohort_trainer', 'cohort_id = $1', [created.body.id])).toBe(1);
    const audit = await t.db.query(`SELECT action, after FROM audit_event WHERE entity_type = 'cohort' AND entity_id = $1`, [
      created.body.id,
    ]);
    expect(audit.rows).toEqual([{ action: 'cohort.created', after: created.body }]);

    const learner = await createLearner(t);
    await enrol(t, learner.id, { certificationCode: 'RNCP41296', cohortId: created.body.id });
    const read = await t.http().get(`/api/cohorts/${created.body.id}`).set(bearer(trainer.token)).expect(200);
    expect(read.body).toMatchObject({ id: created.body.id, enrolmentCount: 1, trainers: [{ id: trainer.id }] });
  });

  it('refuses trainers that are not trainer users of the organisation with 422 naming trainerUserIds, writing nothing', async () => {
    const jury = await t.createUser(['jury_member']);
    const foreign = await t.createOrganisation();
    const foreignTrainer = await t.createUser(['trainer'], { organisationId: foreign.id });
    const before = [await t.count('cohort'), await t.count('cohort_trainer'), await t.count('audit_event')];
    for (const wrong of [jury.id, foreignTrainer.id, '6f1c2a34-6d6e-4a8b-9c1d-2e3f4a5b6c7d']) {
      const response = await t
        .http()
        .post('/api/cohorts')
        .set(bearer(t.admin.token))
        .send(body({ trainerUserIds: [trainer.id, wrong] }))
        .expect(422);
      expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(response.body.errors).toEqual([{ field: 'trainerUserIds', message: expect.stringContaining(wrong) }]);
    }
    expect([await t.count('cohort'), await t.count('cohort_trainer'), await t.count('audit_event')]).toEqual(before);
  });

  it('refuses an unknown certification (422 naming certificationCode) and an end before the start (400 naming endsOn)', async () => {
    const before = await t.count('cohort');
    const unknown = await t
      .http()
      .post('/api/cohorts')
      .set(bearer(t.admin.token))
      .send(body({ certificationCode: 'RNCP99999' }))
      .expect(422);
    expect(unknown.body.errors).toEqual([{ field: 'certificationCode', message: expect.any(String) }]);
    const backwards = await t
      .http()
      .post('/api/cohorts')
      .set(bearer(t.admin.token))
      .send(body({ startsOn: '2026-01-10', endsOn: '2026-01-09' }))
      .expect(400);
    expect(backwards.body.errors).toEqual([{ field: 'endsOn', message: expect.any(String) }]);
    await t
      .http()
      .post('/api/cohorts')
      .set(bearer(t.admin.token))
      .send(body({ startsOn: '2026-01-10', endsOn: '2026-01-10' }))
      .expect(201);
    expect(await t.count('cohort')).toBe(before + 1);
  });

  it('adds and removes trainers, refusing non-trainers and double assignment, auditing both', async () => {
    const cohort = await createCohort(t, { certificationCode: 'RNCP41336' });
    const added = await t
      .http()
      .post(`/api/cohorts/${cohort.id}/trainers`)
      .set(bearer(t.admin.token))
      .send({ userId: otherTrainer.id })
      .expect(201);
    expect(added.body.trainers.map((tr: { id: string }) => tr.id)).toEqual([otherTrainer.id]);
    const again = await t
      .http()
      .post(`/api/cohorts/${cohort.id}/trainers`)
      .set(bearer(t.admin.token))
      .send({ userId: otherTrainer.id })
      .expect(409);
    expect(again.body.errors[0].field).toBe('userId');
    const learnerUser = await t.createUser(['jury_member']);
    const notTrainer = await t
      .http()
      .post(`/api/cohorts/${cohort.id}/trainers`)
      .set(bearer(t.admin.token))
      .send({ userId: learnerUser.id })
      .expect(422);
    expect(notTrainer.body.errors[0].field).toBe('userId');
    expect(await t.count('cohort_trainer', 'cohort_id = $1', [cohort.id])).toBe(1);

    await t.http().delete(`/api/cohorts/${cohort.id}/trainers/${otherTrainer.id}`).set(bearer(t.admin.token)).expect(204);
    await t.http().delete(`/api/cohorts/${cohort.id}/trainers/${otherTrainer.id}`).set(bearer(t.admin.token)).expect(404);
    expect(await t.count('cohort_trainer', 'cohort_id = $1', [cohort.id])).toBe(0);
    const { rows } = await t.db.query(
      `SELECT action, before, after FROM audit_event WHERE entity_id = $1 AND action LIKE 'cohort.trainer%' ORDER BY id`,
      [cohort.id],
    );
    expect(rows).toEqual([
      { action: 'cohort.trainer_added', before: { trainerUserIds: [] }, after: { trainerUserIds: [otherTrainer.id] } },
      { action: 'cohort.trainer_removed', before: { trainerUserIds: [otherTrainer.id] }, after: { trainerUserIds: [] } },
    ]);
  });

  it('lists cohorts newest first with keyset pagination; a trainer sees only its own', async () => {
    const org = await t.createOrganisation();
    const orgTrainer = await t.createUser(['trainer'], { organisationId: org.id });
    const starts = ['2024-09-01', '2025-09-01', '2025-01-15', '2023-09-01'];
    for (const [i, startsOn] of starts.entries()) {
      await createCohort(
        t,
        {
          certificationCode: 'RNCP41296',
          startsOn,
          endsOn: '2027-01-01',
          name: `C${i}`,
          trainerUserIds: i % 2 === 0 ? [orgTrainer.id] : [],
        },
        org.admin.token,
      );
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const response: { body: { items: { startsOn: string }[]; nextCursor: string | null } } = await t
        .http()
        .get('/api/cohorts')
        .query({ limit: 3, ...(cursor ? { cursor } : {}) })
        .set(bearer(org.admin.token))
        .expect(200);
      seen.push(...response.body.items.map((c) => c.startsOn));
      cursor = response.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(['2025-09-01', '2025-01-15', '2024-09-01', '2023-09-01']);

    const mine = await t.http().get('/api/cohorts').set(bearer(orgTrainer.token)).expect(200);
    expect(mine.body.items.map((c: { name: string }) => c.name).sort()).toEqual(['C0', 'C2']);
    const filtered = await t.http().get('/api/cohorts').query({ certificationCode: 'RNCP41336' }).set(bearer(org.admin.token)).expect(200);
    expect(filtered.body.items).toEqual([]);
  });

  it("lists a cohort's enrolments by learner name with who the learner is", async () => {
    const cohort = await createCohort(t, { certificationCode: 'RNCP41296', trainerUserIds: [trainer.id] });
    const zed = await createLearner(t, { lastName: 'Zola', firstName: 'Émile' });
    const abe = await createLearner(t, { lastName: 'Aubert', firstName: 'Anne' });
    await enrol(t, zed.id, { certificationCode: 'RNCP41296', cohortId: cohort.id });
    const abeEnrolment = await enrol(t, abe.id, { certificationCode: 'RNCP41296', cohortId: cohort.id });
    const first = await t.http().get(`/api/cohorts/${cohort.id}/enrolments`).query({ limit: 1 }).set(bearer(trainer.token)).expect(200);
    expect(first.body.items).toEqual([
      { ...abeEnrolment, learner: { id: abe.id, firstName: 'Anne', lastName: 'Aubert', email: abe.email } },
    ]);
    const second = await t
      .http()
      .get(`/api/cohorts/${cohort.id}/enrolments`)
      .query({ limit: 1, cursor: first.body.nextCursor })
      .set(bearer(trainer.token))
      .expect(200);
    expect(second.body.items.map((e: { learnerId: string }) => e.learnerId)).toEqual([zed.id]);
    expect(second.body.nextCursor).toBeNull();
  });
});
