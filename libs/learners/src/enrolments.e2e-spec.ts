import { TestApp, bearer, createCohort, createLearner, createTestApp, enrol } from '@project/testing';

describe('enrolments (HTTP)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const post = (learnerId: string, body: Record<string, unknown>) =>
    t.http().post(`/api/learners/${learnerId}/enrolments`).set(bearer(t.admin.token)).send(body);

  it('enrols a learner by an open route, in a cohort of the same certification, and audits it', async () => {
    const learner = await createLearner(t);
    const cohort = await createCohort(t, { certificationCode: 'RNCP41336' });
    const response = await post(learner.id, {
      certificationCode: 'RNCP41336',
      accessRoute: 'apprenticeship',
      cohortId: cohort.id,
      startedOn: '2025-10-06',
      jobSeeker: true,
    }).expect(201);
    expect(response.body).toEqual({
      id: expect.any(String),
      learnerId: learner.id,
      certificationCode: 'RNCP41336',
      accessRoute: 'apprenticeship',
      cohortId: cohort.id,
      startedOn: '2025-10-06',
      jobSeeker: true,
      createdAt: expect.any(String),
    });
    const audit = await t.db.query(`SELECT action, after FROM audit_event WHERE entity_type = 'enrolment' AND entity_id = $1`, [
      response.body.id,
    ]);
    expect(audit.rows).toEqual([{ action: 'enrolment.created', after: response.body }]);
  });

  it.each(['RNCP41296', 'RNCP41336'])('refuses the route %s closes (individual_application) with 422 naming the route', async (code) => {
    const learner = await createLearner(t);
    const before = [await t.count('enrolment'), await t.count('audit_event')];
    const response = await post(learner.id, {
      certificationCode: code,
      accessRoute: 'individual_application',
      startedOn: '2025-09-01',
    }).expect(422);
    expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(response.body).toMatchObject({
      status: 422,
      code: 'access_route_closed',
      detail: expect.stringContaining('individual_application'),
    });
    expect(response.body.errors).toEqual([{ field: 'accessRoute', message: expect.stringContaining('individual_application') }]);
    expect([await t.count('enrolment'), await t.count('audit_event')]).toEqual(before);
  });

  it("refuses a start after the certification's registration end date (422 naming startedOn) and accepts the last day", async () => {
    const learner = await createLearner(t);
    const late = await post(learner.id, { certificationCode: 'RNCP41296', accessRoute: 'student', startedOn: '2028-09-25' }).expect(422);
    expect(late.body).toMatchObject({ code: 'registration_ended', detail: expect.stringContaining('2028-09-24') });
    expect(late.body.errors).toEqual([{ field: 'startedOn', message: expect.any(String) }]);
    expect(await t.count('enrolment', 'learner_id = $1', [learner.id])).toBe(0);
    await post(learner.id, { certificationCode: 'RNCP41296', accessRoute: 'student', startedOn: '2028-09-24' }).expect(201);
  });

  it('refuses a cohort preparing another certification, an unknown or foreign cohort, and an unknown certification, with 422 naming the field', async () => {
    const learner = await createLearner(t);
    const other = await createCohort(t, { certificationCode: 'RNCP41336' });
    const foreignOrg = await t.createOrganisation();
    const foreign = await createCohort(t, { certificationCode: 'RNCP41296' }, foreignOrg.admin.token);
    const before = await t.count('enrolment');
    for (const cohortId of [other.id, foreign.id, 'a3d5c0de-1b2c-4d5e-8f90-123456789abc']) {
      const response = await post(learner.id, {
        certificationCode: 'RNCP41296',
        accessRoute: 'student',
        cohortId,
        startedOn: '2025-09-01',
      }).expect(422);
      expect(response.body.errors).toEqual([{ field: 'cohortId', message: expect.any(String) }]);
    }
    const unknown = await post(learner.id, { certificationCode: 'RNCP12345', accessRoute: 'student', startedOn: '2025-09-01' }).expect(422);
    expect(unknown.body.errors).toEqual([{ field: 'certificationCode', message: expect.any(String) }]);
    expect(await t.count('enrolment')).toBe(before);
  });

  it("refuses a start before the learner's birth date (422 naming startedOn) and accepts the birth date itself", async () => {
    const learner = await createLearner(t, { birthDate: '2005-03-10' });
    const before = [await t.count('enrolment'), await t.count('audit_event')];
    const early = await post(learner.id, { certificationCode: 'RNCP41296', accessRoute: 'student', startedOn: '2005-03-09' }).expect(422);
    expect(early.body.errors).toEqual([{ field: 'startedOn', message: expect.stringContaining('2005-03-10') }]);
    expect([await t.count('enrolment'), await t.count('audit_event')]).toEqual(before);
    await post(learner.id, { certificationCode: 'RNCP41296', accessRoute: 'student', startedOn: '2005-03-10' }).expect(201);
    // Without a known birth date there is nothing to compare.
    const unknown = await createLearner(t);
    await post(unknown.id, { certificationCode: 'RNCP41296', accessRoute: 'student', startedOn: '1990-01-01' }).expect(201);
  });

  it('refuses enrolling in a certification marked inactive (422 naming certificationCode), writing nothing', async () => {
    // Both seed certifications are active; an inactive one with an open route, so only the active flag can refuse.
    await t.db.query(`INSERT INTO certification (code, title, level, active) VALUES ('RNCP99001', 'Titre retiré', 6, false)`);
    await t.db.query(`INSERT INTO certification_access_route (certification_code, route, open) VALUES ('RNCP99001', 'student', true)`);
    await t.db.query(`INSERT INTO certification_certifier (certification_code, organisation_id) VALUES ('RNCP99001', $1)`, [
      t.admin.organisationId,
    ]);
    expect(await t.count('certification', `code IN ('RNCP41296', 'RNCP41336') AND active`)).toBe(2);
    const learner = await createLearner(t);
    const before = [await t.count('enrolment'), await t.count('audit_event')];
    const refused = await post(learner.id, { certificationCode: 'RNCP99001', accessRoute: 'student', startedOn: '2025-09-01' }).expect(422);
    expect(refused.body.errors).toEqual([{ field: 'certificationCode', message: expect.any(String) }]);
    expect([await t.count('enrolment'), await t.count('audit_event')]).toEqual(before);
    await t.db.query(`UPDATE certification SET active = true WHERE code = 'RNCP99001'`);
    await post(learner.id, { certificationCode: 'RNCP99001', accessRoute: 'student', startedOn: '2025-09-01' }).expect(201);
  });

  it('refuses the same learner twice in one cohort (409), even when both requests race', async () => {
    const learner = await createLearner(t);
    const cohort = await createCohort(t, { certificationCode: 'RNCP41296' });
    const responses = await Promise.all(
      Array.from({ length: 5 }, () =>
        post(learner.id, { certificationCode: 'RNCP41296', accessRoute: 'student', cohortId: cohort.id, startedOn: '2025-09-01' }),
      ),
    );
    expect(responses.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409]);
    const conflict = responses.find((r) => r.status === 409)!;
    expect(conflict.body.errors).toEqual([{ field: 'cohortId', message: expect.any(String) }]);
    expect(await t.count('enrolment', 'learner_id = $1', [learner.id])).toBe(1);
    expect(await t.count('audit_event', `action = 'enrolment.created' AND after->>'learnerId' = $1`, [learner.id])).toBe(1);
  });

  it('lets a learner hold several enrolments over the years, listed latest first and paginated', async () => {
    const learner = await createLearner(t);
    const first = await enrol(t, learner.id, { certificationCode: 'RNCP41296', startedOn: '2023-09-01' });
    const second = await enrol(t, learner.id, { certificationCode: 'RNCP41296', accessRoute: 'vae', startedOn: '2025-09-01' });
    const third = await enrol(t, learner.id, { certificationCode: 'RNCP41336', startedOn: '2024-09-01' });
    const page1 = await t.http().get(`/api/learners/${learner.id}/enrolments`).query({ limit: 2 }).set(bearer(t.admin.token)).expect(200);
    expect(page1.body.items).toEqual([second, third]);
    const page2 = await t
      .http()
      .get(`/api/learners/${learner.id}/enrolments`)
      .query({ limit: 2, cursor: page1.body.nextCursor })
      .set(bearer(t.admin.token))
      .expect(200);
    expect(page2.body).toEqual({ items: [first], nextCursor: null });
    const self = await t.createUser(['learner'], { learnerId: learner.id });
    const own = await t.http().get(`/api/learners/${learner.id}/enrolments`).set(bearer(self.token)).expect(200);
    expect(own.body.items).toHaveLength(3);
  });

  it('moves an enrolment to another cohort of the same certification, auditing before and after', async () => {
    const learner = await createLearner(t);
    const from = await createCohort(t, { certificationCode: 'RNCP41296' });
    const to = await createCohort(t, { certificationCode: 'RNCP41296' });
    const wrong = await createCohort(t, { certificationCode: 'RNCP41336' });
    const enrolment = await enrol(t, learner.id, { certificationCode: 'RNCP41296', cohortId: from.id });

    const refused = await t
      .http()
      .patch(`/api/enrolments/${enrolment.id}`)
      .set(bearer(t.admin.token))
      .send({ cohortId: wrong.id })
      .expect(422);
    expect(refused.body.errors[0].field).toBe('cohortId');
    const moved = await t.http().patch(`/api/enrolments/${enrolment.id}`).set(bearer(t.admin.token)).send({ cohortId: to.id }).expect(200);
    expect(moved.body).toEqual({ ...enrolment, cohortId: to.id });
    const { rows } = await t.db.query(
      `SELECT action, before, after FROM audit_event WHERE entity_id = $1 AND action <> 'enrolment.created'`,
      [enrolment.id],
    );
    expect(rows).toEqual([{ action: 'enrolment.moved', before: enrolment, after: moved.body }]);

    // Into a cohort where the learner already is: the unique index answers 409.
    await enrol(t, learner.id, { certificationCode: 'RNCP41296', cohortId: from.id });
    await t.http().patch(`/api/enrolments/${enrolment.id}`).set(bearer(t.admin.token)).send({ cohortId: from.id }).expect(409);
    const outOfCohort = await t
      .http()
      .patch(`/api/enrolments/${enrolment.id}`)
      .set(bearer(t.admin.token))
      .send({ cohortId: null })
      .expect(200);
    expect(outOfCohort.body.cohortId).toBeNull();
  });
});
