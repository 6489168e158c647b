import { IdempotencyService } from '@project/platform';
import { TestApp, arrangeEvaluationScene, bearer, createTestApp, enrol, seedModalityId } from '@project/testing';

describe('Idempotency-Key on evaluation writes (HTTP)', () => {
  let t: TestApp;
  let scene: Awaited<ReturnType<typeof arrangeEvaluationScene>>;
  let caseStudy: string;
  let audit: string; // RNCP41336BC03 organisational audit, collective

  beforeAll(async () => {
    t = await createTestApp();
    scene = await arrangeEvaluationScene(t);
    caseStudy = await seedModalityId(t, 'RNCP41296BC02', 'case_study');
    audit = await seedModalityId(t, 'RNCP41336BC03', 'organisational_audit');
  });
  afterAll(() => t.close());

  const post = (key: string | undefined, body: object, token = scene.trainer.token, path = '/api/evaluations') => {
    const request = t.http().post(path).set(bearer(token));
    if (key !== undefined) request.set('Idempotency-Key', key);
    return request.send(body);
  };
  const body = () => ({ enrolmentId: scene.enrolmentId, modalityId: caseStudy, occurredOn: '2025-03-14', score: 12 });

  it('replays the first response for the same key and body, creating nothing more', async () => {
    const before = await t.count('evaluation_result');
    const first = await post('key-replay-1', body()).expect(201);
    // Same body, keys in another order: the same request.
    const { score, ...rest } = body();
    const again = await post('key-replay-1', { score, ...rest }).expect(201);
    expect(again.body).toEqual(first.body);
    expect(await t.count('evaluation_result')).toBe(before + 1);
    expect(await t.count('audit_event', `entity_id = $1`, [first.body.id])).toBe(1);
    expect(await t.count('idempotency_key', `key = 'key-replay-1'`)).toBe(1);
  });

  it('answers 422 when the key is reused with another body, writing nothing', async () => {
    await post('key-reuse-1', body()).expect(201);
    const before = await t.count('evaluation_result');
    const reused = await post('key-reuse-1', { ...body(), score: 13 }).expect(422);
    expect(reused.body).toMatchObject({
      code: 'idempotency_key_reused',
      errors: [{ field: 'Idempotency-Key', message: expect.any(String) }],
    });
    // The same key on another route is another request too.
    await post(
      'key-reuse-1',
      { ...body(), enrolmentIds: [scene.enrolmentId], enrolmentId: undefined, modalityId: audit },
      scene.trainer.token,
      '/api/evaluations/collective',
    ).expect(422);
    expect(await t.count('evaluation_result')).toBe(before);
  });

  it('keeps keys per organisation', async () => {
    const foreignBody = { ...body(), enrolmentId: scene.otherEnrolmentId };
    await post('shared-key', body()).expect(201);
    // Another organisation's identical key is unrelated to ours: its request is judged on its own (here 404).
    await post('shared-key', foreignBody, scene.foreignAdmin.token).expect(404);
    expect(await t.count('idempotency_key', `key = 'shared-key'`)).toBe(1);
  });

  it('does not keep a key whose request failed, so it can be retried', async () => {
    const before = await t.count('evaluation_result');
    await post('key-after-failure', { ...body(), modalityId: audit }).expect(422);
    expect(await t.count('idempotency_key', `key = 'key-after-failure'`)).toBe(0);
    await post('key-after-failure', body()).expect(201);
    expect(await t.count('evaluation_result')).toBe(before + 1);
  });

  it.each([
    ['empty', ''],
    ['with a space', 'a key'],
    ['too long', 'k'.repeat(201)],
    ['non-ASCII', 'clé-é'],
  ])('refuses a key that is %s (400 naming the header)', async (_name, key) => {
    const before = await t.count('evaluation_result');
    const response = await post(key, body()).expect(400);
    expect(response.body.errors).toEqual([{ field: 'Idempotency-Key', message: expect.any(String) }]);
    expect(await t.count('evaluation_result')).toBe(before);
  });

  it('accepts a 200-character key', async () => {
    await post('k'.repeat(200), body()).expect(201);
  });

  it('creates exactly one result for 20 parallel identical requests, all answered 201 with the same id', async () => {
    const before = await t.count('evaluation_result');
    const responses = await Promise.all(Array.from({ length: 20 }, () => post('parallel-key-20', body())));
    expect(responses.map((r) => r.status)).toEqual(Array(20).fill(201));
    expect(new Set(responses.map((r) => r.body.id)).size).toBe(1);
    expect(await t.count('evaluation_result')).toBe(before + 1);
    expect(await t.count('evaluation_result', 'id = $1', [responses[0].body.id])).toBe(1);
    expect(await t.count('audit_event', 'entity_id = $1', [responses[0].body.id])).toBe(1);
  });

  it('makes the collective route idempotent too, under parallel duplicates', async () => {
    const enrolmentIds = [
      (await enrol(t, scene.learner.id, { certificationCode: 'RNCP41336', accessRoute: 'apprenticeship' })).id,
      (await enrol(t, scene.otherLearner.id, { certificationCode: 'RNCP41336', accessRoute: 'apprenticeship' })).id,
    ];
    const collective = { enrolmentIds, modalityId: audit, occurredOn: '2025-06-20', score: 15.5 };
    const before = await t.count('evaluation_result');
    const responses = await Promise.all(
      Array.from({ length: 10 }, () => post('collective-key', collective, t.admin.token, '/api/evaluations/collective')),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(10).fill(201));
    for (const response of responses) expect(response.body).toEqual(responses[0].body);
    expect(responses[0].body.items).toHaveLength(2);
    expect(await t.count('evaluation_result')).toBe(before + 2);
  });
});

describe('Idempotency-Key retention', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ idempotencyKeyTtlHours: 24 });
  });
  afterAll(() => t.close());

  it('forgets keys older than IDEMPOTENCY_KEY_TTL_HOURS and keeps the recent ones', async () => {
    await t.db.query(
      `INSERT INTO idempotency_key (organisation_id, key, scope, request_hash, response_status, response_body, created_at)
       VALUES ($1, 'old-key', 'POST /api/evaluations', 'h', 201, '{}', now() - interval '25 hours'),
              ($1, 'recent-key', 'POST /api/evaluations', 'h', 201, '{}', now() - interval '23 hours')`,
      [t.admin.organisationId],
    );
    expect(await t.app.get(IdempotencyService).purgeExpired()).toBe(1);
    expect(await t.count('idempotency_key', `key = 'old-key'`)).toBe(0);
    expect(await t.count('idempotency_key', `key = 'recent-key'`)).toBe(1);
  });
});
