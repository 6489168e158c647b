import {
  TestApp,
  arrangeEvaluationScene,
  bearer,
  createLearner,
  createTestApp,
  enrol,
  enrolledLearner,
  insertExtraModality,
  seedModalityId,
  withoutInstance,
} from '@project/testing';
import { randomUUID } from 'node:crypto';

describe('evaluation results (HTTP)', () => {
  let t: TestApp;
  let scene: Awaited<ReturnType<typeof arrangeEvaluationScene>>;
  let caseStudy: string; // RNCP41296BC02, scored
  let thesis: string; // RNCP41296BC01, scored
  let foreignModality: string; // RNCP41336BC01

  beforeAll(async () => {
    t = await createTestApp();
    scene = await arrangeEvaluationScene(t);
    caseStudy = await seedModalityId(t, 'RNCP41296BC02', 'case_study');
    thesis = await seedModalityId(t, 'RNCP41296BC01', 'professional_thesis');
    foreignModality = await seedModalityId(t, 'RNCP41336BC01', 'written_synthesis');
  });
  afterAll(() => t.close());

  const post = (token: string, body: unknown) =>
    t
      .http()
      .post('/api/evaluations')
      .set(bearer(token))
      .send(body as object);

  it('records a score and answers the whole result, assessor being the caller', async () => {
    const response = await post(scene.trainer.token, {
      enrolmentId: scene.enrolmentId,
      modalityId: caseStudy,
      occurredOn: '2025-03-14',
      score: 13.75,
      comment: 'Bonne analyse',
    }).expect(201);
    expect(response.body).toEqual({
      id: expect.any(String),
      enrolmentId: scene.enrolmentId,
      learnerId: scene.learner.id,
      certificationCode: 'RNCP41296',
      modalityId: caseStudy,
      modalityKind: 'case_study',
      blockCode: 'RNCP41296BC02',
      occurredOn: '2025-03-14',
      score: 13.75,
      outcome: null,
      attempt: 1,
      comment: 'Bonne analyse',
      assessorUserId: scene.trainer.id,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    const audit = await t.db.query(
      `SELECT action, actor_user_id, after FROM audit_event WHERE entity_type = 'evaluation_result' AND entity_id = $1`,
      [response.body.id],
    );
    expect(audit.rows).toEqual([{ action: 'evaluation.recorded', actor_user_id: scene.trainer.id, after: response.body }]);
  });

  it.each([
    ['in the future', '2099-06-12', 'after today'],
    ["before the enrolment's start", '2024-08-31', 'before the start of the enrolment (2024-09-01)'],
    ['before 1900 (and the start)', '1899-12-31', 'before the start of the enrolment'],
  ])('refuses a result dated %s (422 naming occurredOn), writing nothing', async (_when, occurredOn, message) => {
    const before = await t.count('evaluation_result');
    const response = await post(scene.trainer.token, {
      enrolmentId: scene.enrolmentId,
      modalityId: caseStudy,
      occurredOn,
      score: 12,
    }).expect(422);
    expect(response.body.errors).toEqual([{ field: 'occurredOn', message: expect.stringContaining(message) }]);
    expect(await t.count('evaluation_result')).toBe(before);
  });

  it('numbers attempts automatically (resits), and accepts a given attempt only if it is the next one', async () => {
    const { enrolmentId } = await enrolledLearner(t);
    const first = await post(t.admin.token, { enrolmentId, modalityId: thesis, occurredOn: '2025-03-01', score: 7 }).expect(201);
    const second = await post(t.admin.token, { enrolmentId, modalityId: thesis, occurredOn: '2025-06-01', score: 11 }).expect(201);
    expect([first.body.attempt, second.body.attempt]).toEqual([1, 2]);
    // Another modality starts again at 1.
    const other = await post(t.admin.token, { enrolmentId, modalityId: caseStudy, occurredOn: '2025-06-01', score: 11, attempt: 1 }).expect(
      201,
    );
    expect(other.body.attempt).toBe(1);

    const before = await t.count('evaluation_result');
    for (const attempt of [2, 4]) {
      const wrong = await post(t.admin.token, { enrolmentId, modalityId: thesis, occurredOn: '2025-09-01', score: 12, attempt }).expect(
        422,
      );
      expect(wrong.body.errors).toEqual([{ field: 'attempt', message: expect.stringContaining('must be 3') }]);
    }
    expect(await t.count('evaluation_result')).toBe(before);
    const third = await post(t.admin.token, { enrolmentId, modalityId: thesis, occurredOn: '2025-09-01', score: 12, attempt: 3 }).expect(
      201,
    );
    expect(third.body.attempt).toBe(3);
  });

  it('gives distinct attempt numbers to concurrent recordings of the same modality', async () => {
    const { enrolmentId } = await enrolledLearner(t);
    const responses = await Promise.all(
      Array.from({ length: 8 }, (_, i) => post(t.admin.token, { enrolmentId, modalityId: thesis, occurredOn: '2025-03-01', score: i })),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(8).fill(201));
    expect(responses.map((r) => r.body.attempt).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('takes an outcome for a pass/fail modality and a score for a scored one (422 otherwise)', async () => {
    const passFail = await insertExtraModality(t, { blockCode: 'RNCP41296BC03', grading: 'pass_fail' });
    const ok = await post(scene.trainer.token, {
      enrolmentId: scene.enrolmentId,
      modalityId: passFail,
      occurredOn: '2025-04-02',
      outcome: 'passed',
    }).expect(201);
    expect(ok.body).toMatchObject({ score: null, outcome: 'passed', attempt: 1 });

    const before = await t.count('evaluation_result');
    const scored = await post(scene.trainer.token, {
      enrolmentId: scene.enrolmentId,
      modalityId: passFail,
      occurredOn: '2025-04-02',
      score: 12,
    }).expect(422);
    expect(scored.body.errors).toEqual([{ field: 'score', message: expect.stringContaining('pass/fail') }]);
    const outcome = await post(scene.trainer.token, {
      enrolmentId: scene.enrolmentId,
      modalityId: caseStudy,
      occurredOn: '2025-04-02',
      outcome: 'failed',
    }).expect(422);
    expect(outcome.body.errors).toEqual([{ field: 'outcome', message: expect.stringContaining('scored') }]);
    expect(await t.count('evaluation_result')).toBe(before);
  });

  it("refuses a modality outside the enrolment's certification, retired or unknown (422 naming modalityId)", async () => {
    const retired = await insertExtraModality(t, { blockCode: 'RNCP41296BC02' });
    await t.db.query(`UPDATE assessment_modality SET retired_at = now() WHERE id = $1`, [retired]);
    const before = await t.count('evaluation_result');
    for (const id of [foreignModality, retired, '00000000-0000-4000-8000-000000000000']) {
      const response = await post(t.admin.token, {
        enrolmentId: scene.enrolmentId,
        modalityId: id,
        occurredOn: '2025-04-02',
        score: 12,
      }).expect(422);
      expect(response.body).toMatchObject({
        status: 422,
        code: 'rule_violation',
        errors: [{ field: 'modalityId', message: expect.any(String) }],
      });
    }
    expect(await t.count('evaluation_result')).toBe(before);
  });

  it('answers 404 for an unknown enrolment', async () => {
    const response = await post(t.admin.token, {
      enrolmentId: '00000000-0000-4000-8000-000000000000',
      modalityId: caseStudy,
      occurredOn: '2025-04-02',
      score: 12,
    }).expect(404);
    expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
  });

  describe('bad input: 400 naming the field, nothing written', () => {
    const valid = () => ({ enrolmentId: scene.enrolmentId, modalityId: caseStudy, occurredOn: '2025-04-02', score: 12 });
    const cases: [string, (v: Record<string, unknown>) => unknown, string[]][] = [
      ['score 25', (v) => ({ ...v, score: 25 }), ['score']],
      ['negative score', (v) => ({ ...v, score: -1 }), ['score']],
      ['three decimals', (v) => ({ ...v, score: 12.345 }), ['score']],
      ['score as a string', (v) => ({ ...v, score: '12' }), ['score']],
      ['both score and outcome', (v) => ({ ...v, outcome: 'passed' }), ['score', 'outcome']],
      ['neither score nor outcome', (v) => ({ ...v, score: undefined }), ['score', 'outcome']],
      ['unknown outcome', (v) => ({ ...v, score: undefined, outcome: 'maybe' }), ['outcome']],
      ['unknown property', (v) => ({ ...v, grade: 'A' }), ['grade']],
      ['bad uuid', (v) => ({ ...v, enrolmentId: 'not-a-uuid', modalityId: '123' }), ['enrolmentId', 'modalityId']],
      ['impossible date', (v) => ({ ...v, occurredOn: '2025-02-30' }), ['occurredOn']],
      ['attempt 0', (v) => ({ ...v, attempt: 0 }), ['attempt']],
      // JavaScript dates accept year 0000, PostgreSQL does not: it used to be a 500.
      ['year 0000', (v) => ({ ...v, occurredOn: '0000-06-12' }), ['occurredOn']],
      ['NUL character in the comment', (v) => ({ ...v, comment: 'bien\u0000' }), ['comment']],
    ];
    it.each(cases)('%s', async (_name, change, fields) => {
      const before = await t.count('evaluation_result');
      const response = await post(scene.trainer.token, change(valid())).expect(400);
      expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
      expect([...new Set(response.body.errors.map((e: { field: string }) => e.field))].sort()).toEqual([...fields].sort());
      expect(await t.count('evaluation_result')).toBe(before);
    });

    it('malformed JSON', async () => {
      const before = await t.count('evaluation_result');
      const response = await t
        .http()
        .post('/api/evaluations')
        .set(bearer(scene.trainer.token))
        .set('Content-Type', 'application/json')
        .send('{"score": 12,')
        .expect(400);
      expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(await t.count('evaluation_result')).toBe(before);
    });

    it('bad ids in paths and queries', async () => {
      await t.http().get('/api/evaluations/not-a-uuid').set(bearer(t.admin.token)).expect(400);
      await t.http().patch('/api/evaluations/not-a-uuid').set(bearer(t.admin.token)).send({ score: 12, reason: 'x' }).expect(400);
      await t.http().get('/api/learners/not-a-uuid/evaluations').set(bearer(t.admin.token)).expect(400);
      const bad = await t
        .http()
        .get(`/api/learners/${scene.learner.id}/evaluations?cursor=${Buffer.from('[1,2,3]').toString('base64url')}`)
        .set(bearer(t.admin.token))
        .expect(400);
      expect(bad.body.errors).toEqual([{ field: 'cursor', message: expect.any(String) }]);
      // Right shape, but an instant PostgreSQL cannot read ('1' parses in JavaScript as the year 2001).
      for (const createdAt of ['1', '0000-01-01T00:00:00.000Z']) {
        const cursor = Buffer.from(JSON.stringify(['2025-04-02', createdAt, scene.enrolmentId])).toString('base64url');
        const forged = await t
          .http()
          .get(`/api/learners/${scene.learner.id}/evaluations`)
          .query({ cursor })
          .set(bearer(t.admin.token))
          .expect(400);
        expect(forged.body.errors).toEqual([{ field: 'cursor', message: expect.any(String) }]);
      }
      await t.http().get(`/api/learners/${scene.learner.id}/evaluations?limit=0&blockCode=nope`).set(bearer(t.admin.token)).expect(400);
    });
  });

  describe('who may record and read (permission table)', () => {
    const record = (token: string, enrolmentId: string) =>
      post(token, { enrolmentId, modalityId: caseStudy, occurredOn: '2025-05-05', score: 10 });

    it.each([
      ['the admin of the organisation', 201, () => t.admin.token],
      ['the trainer assigned to the cohort', 201, () => scene.trainer.token],
      ['a trainer of another cohort', 403, () => scene.otherTrainer.token],
      ['the learner itself', 403, () => scene.learnerUser.token],
      ['the admin of another organisation', 404, () => scene.foreignAdmin.token],
    ])('recording for the enrolment: %s → %i', async (_who, status, token) => {
      const before = await t.count('evaluation_result');
      await record(token(), scene.enrolmentId).expect(status);
      expect(await t.count('evaluation_result')).toBe(before + (status === 201 ? 1 : 0));
    });

    it('a jury member cannot record results', async () => {
      const juror = await t.createUser(['jury_member']);
      await record(juror.token, scene.enrolmentId).expect(403);
    });

    it.each([
      ['the admin of the organisation', 200, () => t.admin.token],
      ['the trainer assigned to the cohort', 200, () => scene.trainer.token],
      ['a trainer of another cohort', 404, () => scene.otherTrainer.token],
      ['the learner itself', 200, () => scene.learnerUser.token],
      ['another learner', 404, () => scene.otherLearnerUser.token],
      ['the admin of another organisation', 404, () => scene.foreignAdmin.token],
    ])("reading the learner's results: %s → %i", async (_who, status, token) => {
      const created = await record(t.admin.token, scene.enrolmentId).expect(201);
      const list = await t.http().get(`/api/learners/${scene.learner.id}/evaluations`).set(bearer(token())).expect(status);
      const one = await t.http().get(`/api/evaluations/${created.body.id}`).set(bearer(token())).expect(status);
      if (status === 200) {
        expect(list.body.items.map((item: { id: string }) => item.id)).toContain(created.body.id);
        expect(one.body).toEqual(created.body);
      }
    });

    it('an unknown result is 404', async () => {
      await t.http().get('/api/evaluations/00000000-0000-4000-8000-000000000000').set(bearer(t.admin.token)).expect(404);
    });

    it.each([
      ['a trainer of another cohort', () => scene.otherTrainer.token],
      ['another learner', () => scene.otherLearnerUser.token],
      ['the admin of another organisation', () => scene.foreignAdmin.token],
    ])('a result %s may not see answers exactly as an unknown id: neither its existence nor its learner shows', async (_who, token) => {
      const created = await record(t.admin.token, scene.enrolmentId).expect(201);
      const hidden = await t.http().get(`/api/evaluations/${created.body.id}`).set(bearer(token()));
      const unknown = await t.http().get(`/api/evaluations/${randomUUID()}`).set(bearer(token()));
      expect(hidden.status).toBe(404);
      expect(withoutInstance(hidden)).toEqual(withoutInstance(unknown));
      expect(JSON.stringify(hidden.body)).not.toContain(scene.learner.id);
    });
  });

  it('documents the routes in OpenAPI, with the Idempotency-Key header and the CSV or XLSX body', async () => {
    const { body: doc } = await t.http().get('/api/docs-json').expect(200);
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/evaluations',
        '/api/evaluations/collective',
        '/api/evaluations/import',
        '/api/evaluations/{id}',
        '/api/learners/{id}/evaluations',
      ]),
    );
    const header = (path: string) => doc.paths[path].post.parameters.find((p: { name: string }) => p.name === 'Idempotency-Key');
    expect(header('/api/evaluations')).toMatchObject({ in: 'header', required: false });
    expect(header('/api/evaluations/collective')).toMatchObject({ in: 'header', required: false });
    expect(Object.keys(doc.paths['/api/evaluations/import'].post.requestBody.content)).toEqual([
      'text/csv',
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    ]);
    expect(doc.paths['/api/evaluations/{id}'].patch).toBeDefined();
    expect(doc.components.schemas.RecordEvaluationDto.required).toEqual(
      expect.arrayContaining(['enrolmentId', 'modalityId', 'occurredOn']),
    );
  });

  it("lists a learner's results newest first, page by page, filtered by certification or block", async () => {
    const learner = await createLearner(t);
    const enrolmentId = (await enrol(t, learner.id, { certificationCode: 'RNCP41296' })).id;
    const otherCertification = (await enrol(t, learner.id, { certificationCode: 'RNCP41336' })).id;
    const dates = ['2025-01-10', '2025-03-10', '2025-02-10', '2025-03-10', '2025-05-10'];
    const ids: string[] = [];
    for (const [i, occurredOn] of dates.entries()) {
      const response = await post(t.admin.token, { enrolmentId, modalityId: i % 2 ? thesis : caseStudy, occurredOn, score: 10 + i }).expect(
        201,
      );
      ids.push(response.body.id);
    }
    const foreign = await post(t.admin.token, {
      enrolmentId: otherCertification,
      modalityId: foreignModality,
      occurredOn: '2025-04-01',
      score: 15,
    }).expect(201);

    const seen: { id: string; occurredOn: string }[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: { id: string; occurredOn: string }[]; nextCursor: string | null } } = await t
        .http()
        .get(`/api/learners/${learner.id}/evaluations`)
        .query({ limit: 2, ...(cursor ? { cursor } : {}) })
        .set(bearer(t.admin.token))
        .expect(200);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.items);
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen.map((item) => item.occurredOn)).toEqual([
      '2025-05-10',
      '2025-04-01',
      '2025-03-10',
      '2025-03-10',
      '2025-02-10',
      '2025-01-10',
    ]);
    // Same date: the later recording first.
    expect(seen[2].id).toBe(ids[3]);
    expect(seen[3].id).toBe(ids[1]);
    expect(new Set(seen.map((item) => item.id)).size).toBe(6);

    const byCertification = await t
      .http()
      .get(`/api/learners/${learner.id}/evaluations?certificationCode=RNCP41336`)
      .set(bearer(t.admin.token))
      .expect(200);
    expect(byCertification.body).toEqual({ items: [expect.objectContaining({ id: foreign.body.id })], nextCursor: null });
    const byBlock = await t
      .http()
      .get(`/api/learners/${learner.id}/evaluations?blockCode=rncp41296bc01`)
      .set(bearer(t.admin.token))
      .expect(200);
    expect(byBlock.body.items.map((item: { id: string }) => item.id)).toEqual([ids[3], ids[1]]);
  });
});
