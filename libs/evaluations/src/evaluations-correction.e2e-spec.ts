import { TestApp, arrangeEvaluationScene, bearer, createTestApp, seedModalityId, withoutInstance } from '@project/testing';
import { randomUUID } from 'node:crypto';

describe('correcting a result (HTTP)', () => {
  let t: TestApp;
  let scene: Awaited<ReturnType<typeof arrangeEvaluationScene>>;
  let caseStudy: string; // RNCP41296BC02
  let thesis: string; // RNCP41296BC01

  beforeAll(async () => {
    t = await createTestApp();
    scene = await arrangeEvaluationScene(t);
    caseStudy = await seedModalityId(t, 'RNCP41296BC02', 'case_study');
    thesis = await seedModalityId(t, 'RNCP41296BC01', 'professional_thesis');
  });
  afterAll(() => t.close());

  const record = async (modality = caseStudy, score = 9) =>
    (
      await t
        .http()
        .post('/api/evaluations')
        .set(bearer(scene.trainer.token))
        .send({ enrolmentId: scene.enrolmentId, modalityId: modality, occurredOn: '2025-03-14', score, comment: 'Première correction' })
        .expect(201)
    ).body;
  const patch = (token: string, id: string, body: object) => t.http().patch(`/api/evaluations/${id}`).set(bearer(token)).send(body);

  /** A jury session of the learner's certification that decided the block, optionally closed. */
  const juryDecides = async (blockCode: string, close: boolean) => {
    const session = await t.db.query(
      `INSERT INTO jury_session (organisation_id, certification_code, held_on) VALUES ($1, 'RNCP41296', '2025-07-01') RETURNING id`,
      [t.admin.organisationId],
    );
    await t.db.query(
      `INSERT INTO jury_decision (organisation_id, jury_session_id, enrolment_id, learner_id, block_code, decision) VALUES ($1, $2, $3, $4, $5, 'validated')`,
      [t.admin.organisationId, session.rows[0].id, scene.enrolmentId, scene.learner.id, blockCode],
    );
    if (close) await t.db.query(`UPDATE jury_session SET closed_at = now() WHERE id = $1`, [session.rows[0].id]);
    return session.rows[0].id as string;
  };

  it('corrects the score, keeping the previous value and the reason in the audit trail', async () => {
    const original = await record();
    const corrected = await patch(scene.trainer.token, original.id, {
      score: 11.5,
      occurredOn: '2025-03-15',
      reason: 'Erreur de report de la note',
    }).expect(200);
    expect(corrected.body).toEqual({ ...original, score: 11.5, occurredOn: '2025-03-15', updatedAt: expect.any(String) });
    expect(corrected.body.updatedAt >= original.updatedAt).toBe(true);
    const { rows } = await t.db.query(
      `SELECT actor_user_id, before, after, reason FROM audit_event WHERE entity_id = $1 AND action = 'evaluation.corrected'`,
      [original.id],
    );
    expect(rows).toEqual([
      { actor_user_id: scene.trainer.id, before: original, after: corrected.body, reason: 'Erreur de report de la note' },
    ]);
    const again = await t.http().get(`/api/evaluations/${original.id}`).set(bearer(t.admin.token)).expect(200);
    expect(again.body).toEqual(corrected.body);
    // The comment can be cleared.
    const cleared = await patch(t.admin.token, original.id, { comment: null, reason: 'Commentaire hors sujet' }).expect(200);
    expect(cleared.body).toMatchObject({ comment: null, score: 11.5 });
  });

  it.each([
    ['no reason', { score: 12 }, 'reason'],
    ['a blank reason', { score: 12, reason: '   ' }, 'reason'],
    ['score 21', { score: 21, reason: 'x' }, 'score'],
    ['both score and outcome', { score: 12, outcome: 'passed', reason: 'x' }, 'score'],
    ['nothing to correct', { reason: 'x' }, 'score'],
    ['an unknown property', { score: 12, reason: 'x', attempt: 3 }, 'attempt'],
    ['an impossible date', { occurredOn: '2025-13-01', reason: 'x' }, 'occurredOn'],
    ['a null date', { occurredOn: null, reason: 'x' }, 'occurredOn'],
    ['a date in year 0000', { occurredOn: '0000-03-15', reason: 'x' }, 'occurredOn'],
  ])('refuses %s with 400, changing nothing', async (_name, body, field) => {
    const original = await record();
    const audits = await t.count('audit_event');
    const response = await patch(scene.trainer.token, original.id, body).expect(400);
    expect(response.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    expect((await t.http().get(`/api/evaluations/${original.id}`).set(bearer(t.admin.token))).body).toEqual(original);
    expect(await t.count('audit_event')).toBe(audits);
  });

  it('refuses an outcome for a scored modality (422)', async () => {
    const original = await record();
    const response = await patch(scene.trainer.token, original.id, { outcome: 'passed', reason: 'x' }).expect(422);
    expect(response.body.errors).toEqual([{ field: 'outcome', message: expect.any(String) }]);
  });

  it.each([
    ['a trainer of another cohort', 404, () => scene.otherTrainer.token],
    ['the learner itself', 403, () => scene.learnerUser.token],
    ['the admin of another organisation', 404, () => scene.foreignAdmin.token],
  ])('refuses the correction to %s (%i)', async (_who, status, token) => {
    const original = await record();
    const refused = await patch(token(), original.id, { score: 20, reason: 'x' }).expect(status);
    expect((await t.http().get(`/api/evaluations/${original.id}`).set(bearer(t.admin.token))).body.score).toBe(original.score);
    if (status === 404) {
      // Those who may not see the result learn nothing from the answer: it is that of an unknown id.
      const unknown = await patch(token(), randomUUID(), { score: 20, reason: 'x' });
      expect(withoutInstance(refused)).toEqual(withoutInstance(unknown));
    }
  });

  it.each([
    ['in the future', '2099-03-15', '2099-03-15 is after today'],
    ["before the enrolment's start", '2024-08-31', '2024-08-31 is before the start of the enrolment (2024-09-01)'],
  ])('refuses to move a result %s (422 naming occurredOn)', async (_when, occurredOn, message) => {
    const original = await record();
    const refused = await patch(scene.trainer.token, original.id, { occurredOn, reason: 'Mauvaise date' }).expect(422);
    expect(refused.body.errors).toEqual([{ field: 'occurredOn', message: expect.stringContaining(message) }]);
    expect((await t.http().get(`/api/evaluations/${original.id}`).set(bearer(t.admin.token))).body.occurredOn).toBe(original.occurredOn);
  });

  it('answers 404 for an unknown result', async () => {
    await patch(t.admin.token, '00000000-0000-4000-8000-000000000000', { score: 12, reason: 'x' }).expect(404);
  });

  describe('once a closed jury decision used the result', () => {
    it('refuses the correction with 409, in the database itself', async () => {
      const used = await record(thesis, 8);
      const otherBlock = await record(caseStudy, 8);
      const sessionId = await juryDecides('RNCP41296BC01', false);
      // An open session can still change its mind: the result stays correctable.
      await patch(t.admin.token, used.id, { score: 9, reason: 'Avant la clôture du jury' }).expect(200);
      await t.db.query(`UPDATE jury_session SET closed_at = now() WHERE id = $1`, [sessionId]);

      const audits = await t.count('audit_event');
      const refused = await patch(t.admin.token, used.id, { score: 10, reason: 'Après la clôture' }).expect(409);
      expect(refused.body).toMatchObject({ status: 409, code: 'evaluation_locked_by_jury' });
      expect((await t.http().get(`/api/evaluations/${used.id}`).set(bearer(t.admin.token))).body.score).toBe(9);
      expect(await t.count('audit_event')).toBe(audits);
      // Not even SQL gets around it.
      await expect(t.db.query(`UPDATE evaluation_result SET score = 20 WHERE id = $1`, [used.id])).rejects.toMatchObject({
        hint: 'evaluation_locked_by_jury',
      });
      await expect(t.db.query(`DELETE FROM evaluation_result WHERE id = $1`, [used.id])).rejects.toMatchObject({
        hint: 'evaluation_locked_by_jury',
      });

      // A result of another block, and one recorded after the decision (a resit), stay correctable.
      await patch(t.admin.token, otherBlock.id, { score: 12, reason: 'Autre bloc' }).expect(200);
      const resit = await record(thesis, 11);
      await patch(t.admin.token, resit.id, { score: 12, reason: 'Rattrapage après le jury' }).expect(200);
    });
  });
});
