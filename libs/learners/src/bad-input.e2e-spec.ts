import { TestApp, bearer, createCohort, createLearner, createTestApp, enrol } from '@project/testing';

/** Bad requests answer 4xx problem+json naming the field, and write nothing (rows counted before and after). */
describe('bad input on learners, cohorts and enrolments (HTTP)', () => {
  let t: TestApp;
  let learnerId: string;
  let cohortId: string;
  let enrolmentId: string;
  const TABLES = ['learner', 'cohort', 'cohort_trainer', 'enrolment', 'audit_event'];
  const counts = () => Promise.all(TABLES.map((table) => t.count(table)));

  beforeAll(async () => {
    t = await createTestApp();
    learnerId = (await createLearner(t)).id;
    cohortId = (await createCohort(t, { certificationCode: 'RNCP41296' })).id;
    enrolmentId = (await enrol(t, learnerId, { certificationCode: 'RNCP41296', cohortId })).id;
  });
  afterAll(() => t.close());

  const learner = { firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.org' };
  const cohort = { name: 'P', certificationCode: 'RNCP41296', startsOn: '2025-09-01', endsOn: '2026-06-30', trainerUserIds: [] };
  const enrolment = { certificationCode: 'RNCP41296', accessRoute: 'student', startedOn: '2025-09-01' };

  const dayFromToday = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
  type Case = [string, 'post' | 'patch', () => string, object, string[]];
  const bodyCases: Case[] = [
    ['malformed email on create', 'post', () => '/api/learners', { ...learner, email: 'not-an-email' }, ['email']],
    ['malformed email on patch', 'patch', () => `/api/learners/${learnerId}`, { email: 'ada@' }, ['email']],
    ['unknown property on learner', 'post', () => '/api/learners', { ...learner, nickname: 'Ada' }, ['nickname']],
    ['empty last name', 'post', () => '/api/learners', { ...learner, lastName: '   ' }, ['lastName']],
    ['missing fields', 'post', () => '/api/learners', {}, ['firstName', 'lastName', 'email']],
    ['impossible birth date', 'post', () => '/api/learners', { ...learner, birthDate: '2026-02-30' }, ['birthDate']],
    ['birth date that is not a date', 'post', () => '/api/learners', { ...learner, birthDate: 'not-a-date' }, ['birthDate']],
    ['birth date with a time', 'patch', () => `/api/learners/${learnerId}`, { birthDate: '1990-01-01T10:00:00Z' }, ['birthDate']],
    ['birth date tomorrow', 'post', () => '/api/learners', { ...learner, birthDate: dayFromToday(1) }, ['birthDate']],
    ['birth date today', 'post', () => '/api/learners', { ...learner, birthDate: dayFromToday(0) }, ['birthDate']],
    ['birth date on 1900-01-01', 'post', () => '/api/learners', { ...learner, birthDate: '1900-01-01' }, ['birthDate']],
    ['birth date in the 1800s', 'patch', () => `/api/learners/${learnerId}`, { birthDate: '1899-12-31' }, ['birthDate']],
    ['birth date in the future on patch', 'patch', () => `/api/learners/${learnerId}`, { birthDate: '2999-01-01' }, ['birthDate']],
    ['unknown property on patch', 'patch', () => `/api/learners/${learnerId}`, { id: '7c4a5a7e-0000-4000-8000-000000000000' }, ['id']],
    ['impossible cohort start', 'post', () => '/api/cohorts', { ...cohort, startsOn: '2026-02-30' }, ['startsOn']],
    ['cohort end that is not a date', 'post', () => '/api/cohorts', { ...cohort, endsOn: 'not-a-date' }, ['endsOn']],
    ['trainer id that is not a uuid', 'post', () => '/api/cohorts', { ...cohort, trainerUserIds: ['nope'] }, ['trainerUserIds']],
    ['unknown property on cohort', 'post', () => '/api/cohorts', { ...cohort, level: 7 }, ['level']],
    ['trainer userId that is not a uuid', 'post', () => `/api/cohorts/${cohortId}/trainers`, { userId: '42' }, ['userId']],
    [
      'unknown access route',
      'post',
      () => `/api/learners/${learnerId}/enrolments`,
      { ...enrolment, accessRoute: 'magic' },
      ['accessRoute'],
    ],
    [
      'impossible start date',
      'post',
      () => `/api/learners/${learnerId}/enrolments`,
      { ...enrolment, startedOn: '2026-02-30' },
      ['startedOn'],
    ],
    [
      'start that is not a date',
      'post',
      () => `/api/learners/${learnerId}/enrolments`,
      { ...enrolment, startedOn: 'not-a-date' },
      ['startedOn'],
    ],
    ['cohort id that is not a uuid', 'post', () => `/api/learners/${learnerId}/enrolments`, { ...enrolment, cohortId: 'x' }, ['cohortId']],
    [
      'jobSeeker that is not a boolean',
      'post',
      () => `/api/learners/${learnerId}/enrolments`,
      { ...enrolment, jobSeeker: 'yes' },
      ['jobSeeker'],
    ],
    ['unknown property on enrolment', 'post', () => `/api/learners/${learnerId}/enrolments`, { ...enrolment, cohort: 'x' }, ['cohort']],
    [
      'certification code of the wrong shape',
      'post',
      () => `/api/learners/${learnerId}/enrolments`,
      { ...enrolment, certificationCode: "RNCP1' OR 1=1" },
      ['certificationCode'],
    ],
    ['move to a cohort id that is not a uuid', 'patch', () => `/api/enrolments/${enrolmentId}`, { cohortId: 'x' }, ['cohortId']],
    // PostgreSQL cannot store U+0000: it used to fail in SQL as a 500.
    ['NUL character in a learner name', 'post', () => '/api/learners', { ...learner, firstName: 'A\u0000da' }, ['firstName']],
    ['NUL character in a patched birth name', 'patch', () => `/api/learners/${learnerId}`, { birthName: '\u0000' }, ['birthName']],
    ['NUL character in a cohort name', 'post', () => '/api/cohorts', { ...cohort, name: 'P\u0000' }, ['name']],
    // A lone surrogate is no character: isEmail threw a URIError on it (500), other fields stored U+FFFD instead.
    ['lone surrogate as a new email', 'post', () => '/api/learners', { ...learner, email: '\ud800' }, ['email']],
    ['lone surrogate in a patched email', 'patch', () => `/api/learners/${learnerId}`, { email: 'ada\udfff@example.org' }, ['email']],
    ['lone surrogate in a learner name', 'post', () => '/api/learners', { ...learner, firstName: 'Ad\udc00a' }, ['firstName']],
    ['lone surrogate in a cohort name', 'post', () => '/api/cohorts', { ...cohort, name: 'P\ud83d' }, ['name']],
  ];

  it.each(bodyCases)('%s → 400 naming the field, nothing written', async (_name, method, path, body, fields) => {
    const before = await counts();
    const response = await t.http()[method](path()).set(bearer(t.admin.token)).send(body);
    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(response.body.errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(fields));
    expect(await counts()).toEqual(before);
  });

  const BAD_IDS = ['not-a-uuid', '123', "1' OR '1'='1", '00000000-0000-0000-0000-00000000000g'];
  const pathCases: [string, 'get' | 'post' | 'patch' | 'delete', (id: string) => string, object | undefined, string][] = [
    ['GET learner', 'get', (id) => `/api/learners/${id}`, undefined, 'id'],
    ['PATCH learner', 'patch', (id) => `/api/learners/${id}`, { lastName: 'X' }, 'id'],
    ['GET cohort', 'get', (id) => `/api/cohorts/${id}`, undefined, 'id'],
    ['POST cohort trainer', 'post', (id) => `/api/cohorts/${id}/trainers`, { userId: '0d9e8f7a-6b5c-4d3e-8f1a-2b3c4d5e6f70' }, 'id'],
    ['DELETE cohort trainer (cohort id)', 'delete', (id) => `/api/cohorts/${id}/trainers/${cohortId}`, undefined, 'id'],
    ['DELETE cohort trainer (user id)', 'delete', (id) => `/api/cohorts/${cohortId}/trainers/${id}`, undefined, 'userId'],
    ['GET cohort enrolments', 'get', (id) => `/api/cohorts/${id}/enrolments`, undefined, 'id'],
    ['POST enrolment', 'post', (id) => `/api/learners/${id}/enrolments`, enrolment, 'id'],
    ['GET learner enrolments', 'get', (id) => `/api/learners/${id}/enrolments`, undefined, 'id'],
    ['PATCH enrolment', 'patch', (id) => `/api/enrolments/${id}`, { jobSeeker: true }, 'id'],
  ];

  it.each(pathCases)('%s with a path id that is not a UUID → 400 naming it, never 500', async (_name, method, path, body, field) => {
    const before = await counts();
    for (const bad of BAD_IDS) {
      let request = t
        .http()
        [method](path(encodeURIComponent(bad)))
        .set(bearer(t.admin.token));
      if (body) request = request.send(body);
      const response = await request;
      expect(response.status).toBe(400);
      expect(response.body.errors).toEqual([{ field, message: expect.any(String) }]);
    }
    expect(await counts()).toEqual(before);
  });

  it.each(['/api/learners', '/api/cohorts', '/api/audit', '/api/learners/{learner}/enrolments', '/api/cohorts/{cohort}/enrolments'])(
    'GET %s refuses limit 501, 0 and "ten", and a forged cursor, with 400 naming the field',
    async (template) => {
      const path = template.replace('{learner}', learnerId).replace('{cohort}', cohortId);
      for (const limit of ['501', '0', 'ten']) {
        const response = await t.http().get(path).query({ limit }).set(bearer(t.admin.token)).expect(400);
        expect(new Set(response.body.errors.map((e: { field: string }) => e.field))).toEqual(new Set(['limit']));
      }
      await t.http().get(path).query({ limit: 500 }).set(bearer(t.admin.token)).expect(200);
      for (const cursor of [
        'garbage!',
        Buffer.from(JSON.stringify(['2025-02-30', 'x', 'y'])).toString('base64url'),
        Buffer.from('{"a":1}').toString('base64url'),
      ]) {
        const response = await t.http().get(path).query({ cursor }).set(bearer(t.admin.token)).expect(400);
        expect(response.body.errors).toEqual([{ field: 'cursor', message: expect.any(String) }]);
      }
    },
  );

  it('refuses a forged cursor whose parts have the right count but not the right types', async () => {
    const forged = (key: unknown[]) => Buffer.from(JSON.stringify(key)).toString('base64url');
    for (const [path, cursor] of [
      ['/api/learners', forged(['a', 'b', 'not-a-uuid'])],
      ['/api/cohorts', forged(['2025-02-30', cohortId])],
      ['/api/cohorts', forged([1, 2])],
      [`/api/learners/${learnerId}/enrolments`, forged(['2025-09-01', 'nope'])],
      [`/api/cohorts/${cohortId}/enrolments`, forged(['a', null, cohortId])],
    ] as const) {
      const response = await t.http().get(path).query({ cursor }).set(bearer(t.admin.token));
      expect({ path, status: response.status }).toEqual({ path, status: 400 });
    }
  });

  it('refuses a NUL character in a search or a cursor with 400 naming it, not a 500', async () => {
    const search = await t.http().get('/api/learners').query({ search: 'Ada\u0000' }).set(bearer(t.admin.token)).expect(400);
    expect(search.body.errors).toEqual([{ field: 'search', message: expect.any(String) }]);
    const cursor = Buffer.from(JSON.stringify(['a\u0000', 'b', learnerId])).toString('base64url');
    const forged = await t.http().get('/api/learners').query({ cursor }).set(bearer(t.admin.token)).expect(400);
    expect(forged.body.errors).toEqual([{ field: 'cursor', message: expect.any(String) }]);
  });

  it('refuses malformed JSON with 400 and writes nothing', async () => {
    const before = await counts();
    const response = await t
      .http()
      .post('/api/learners')
      .set(bearer(t.admin.token))
      .set('Content-Type', 'application/json')
      .send('{"firstName": "Ada",');
    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(await counts()).toEqual(before);
  });

  it('answers 404 (not 500) for well-formed ids that do not exist', async () => {
    const ghost = '5b0c8f7e-3d2a-4c1b-9e8f-7a6b5c4d3e2f';
    await t.http().get(`/api/learners/${ghost}`).set(bearer(t.admin.token)).expect(404);
    await t.http().patch(`/api/learners/${ghost}`).set(bearer(t.admin.token)).send({ lastName: 'X' }).expect(404);
    await t.http().get(`/api/cohorts/${ghost}`).set(bearer(t.admin.token)).expect(404);
    await t.http().post(`/api/cohorts/${ghost}/trainers`).set(bearer(t.admin.token)).send({ userId: ghost }).expect(404);
    await t.http().post(`/api/learners/${ghost}/enrolments`).set(bearer(t.admin.token)).send(enrolment).expect(404);
    await t.http().patch(`/api/enrolments/${ghost}`).set(bearer(t.admin.token)).send({ jobSeeker: true }).expect(404);
    await t.http().get(`/api/learners/${ghost}/enrolments`).set(bearer(t.admin.token)).expect(404);
    await t.http().get(`/api/cohorts/${ghost}/enrolments`).set(bearer(t.admin.token)).expect(404);
  });
});
