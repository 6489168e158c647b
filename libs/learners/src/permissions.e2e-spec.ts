import { TestApp, TestUser, bearer, createCohort, createLearner, createTestApp, enrol } from '@project/testing';

/**
 * Every route of learners, cohorts, enrolments and audit × every kind of caller → the expected status.
 * The targets (learner L, cohort C, enrolment E) belong to organisation A. Callers of another organisation
 * get 404 whenever their role could act on such a resource; a role that may never call the route is refused
 * with 403 by the role guard before any lookup, which reveals nothing either.
 */
type Actor =
  | 'anonymous'
  | 'admin'
  | 'trainerAssigned'
  | 'trainerNotAssigned'
  | 'jury'
  | 'learnerSelf'
  | 'learnerOther'
  | 'otherOrgAdmin'
  | 'otherOrgTrainer'
  | 'otherOrgJury'
  | 'otherOrgLearner';

interface Fixture {
  learnerId: string;
  cohortId: string;
  enrolmentId: string;
}

interface Route {
  name: string;
  method: 'get' | 'post' | 'patch' | 'delete';
  path: (f: Fixture, extra: Record<string, string>) => string;
  body?: (f: Fixture, extra: Record<string, string>) => object;
  /** Arranges what one call needs (e.g. a fresh trainer to add), so that each case can succeed on its own. */
  setup?: (t: TestApp, f: Fixture) => Promise<Record<string, string>>;
  expected: Record<Exclude<Actor, 'anonymous'>, number>;
}

const adminOnly = (otherOrgAdmin: number) => ({
  admin: 0, // filled per route
  trainerAssigned: 403,
  trainerNotAssigned: 403,
  jury: 403,
  learnerSelf: 403,
  learnerOther: 403,
  otherOrgAdmin,
  otherOrgTrainer: 403,
  otherOrgJury: 403,
  otherOrgLearner: 403,
});

/** Reading one learner's records: assertCanReadLearner's rule (others' ids answer 404, never 403). */
const readsOfOneLearner = {
  admin: 200,
  trainerAssigned: 200,
  trainerNotAssigned: 404,
  jury: 200,
  learnerSelf: 200,
  learnerOther: 404,
  otherOrgAdmin: 404,
  otherOrgTrainer: 404,
  otherOrgJury: 404,
  otherOrgLearner: 404,
} as const;

const freshTrainer = async (t: TestApp) => ({ trainerId: (await t.createUser(['trainer'])).id });

const ROUTES: Route[] = [
  {
    name: 'POST /api/learners',
    method: 'post',
    path: () => '/api/learners',
    body: (_f, extra) => ({ firstName: 'Matrix', lastName: 'Case', email: `matrix-${extra.n}@example.org` }),
    setup: async () => ({ n: `${Date.now()}-${Math.random().toString(36).slice(2)}` }),
    expected: { ...adminOnly(201), admin: 201 },
  },
  {
    name: 'GET /api/learners',
    method: 'get',
    path: () => '/api/learners',
    expected: {
      admin: 200,
      trainerAssigned: 200,
      trainerNotAssigned: 200,
      jury: 200,
      learnerSelf: 200,
      learnerOther: 200,
      otherOrgAdmin: 200,
      otherOrgTrainer: 200,
      otherOrgJury: 200,
      otherOrgLearner: 200,
    },
  },
  {
    name: 'GET /api/learners/{id}',
    method: 'get',
    path: (f) => `/api/learners/${f.learnerId}`,
    expected: readsOfOneLearner,
  },
  {
    name: 'PATCH /api/learners/{id}',
    method: 'patch',
    path: (f) => `/api/learners/${f.learnerId}`,
    body: (_f, extra) => ({ birthName: `Nom-${extra.n}` }),
    setup: async () => ({ n: Math.random().toString(36).slice(2) }),
    expected: { ...adminOnly(404), admin: 200 },
  },
  {
    name: 'POST /api/cohorts',
    method: 'post',
    path: () => '/api/cohorts',
    body: () => ({ name: 'Matrix', certificationCode: 'RNCP41296', startsOn: '2025-09-01', endsOn: '2026-06-30', trainerUserIds: [] }),
    expected: { ...adminOnly(201), admin: 201 },
  },
  {
    name: 'GET /api/cohorts',
    method: 'get',
    path: () => '/api/cohorts',
    expected: {
      admin: 200,
      trainerAssigned: 200,
      trainerNotAssigned: 200,
      jury: 200,
      learnerSelf: 403,
      learnerOther: 403,
      otherOrgAdmin: 200,
      otherOrgTrainer: 200,
      otherOrgJury: 200,
      otherOrgLearner: 403,
    },
  },
  {
    name: 'GET /api/cohorts/{id}',
    method: 'get',
    path: (f) => `/api/cohorts/${f.cohortId}`,
    expected: {
      admin: 200,
      trainerAssigned: 200,
      trainerNotAssigned: 403,
      jury: 200,
      learnerSelf: 403,
      learnerOther: 403,
      otherOrgAdmin: 404,
      otherOrgTrainer: 404,
      otherOrgJury: 404,
      otherOrgLearner: 403,
    },
  },
  {
    name: 'POST /api/cohorts/{id}/trainers',
    method: 'post',
    path: (f) => `/api/cohorts/${f.cohortId}/trainers`,
    body: (_f, extra) => ({ userId: extra.trainerId }),
    setup: freshTrainer,
    expected: { ...adminOnly(404), admin: 201 },
  },
  {
    name: 'DELETE /api/cohorts/{id}/trainers/{userId}',
    method: 'delete',
    path: (f, extra) => `/api/cohorts/${f.cohortId}/trainers/${extra.trainerId}`,
    setup: async (t, f) => {
      const { trainerId } = await freshTrainer(t);
      await t.db.query(`INSERT INTO cohort_trainer (cohort_id, user_id) VALUES ($1, $2)`, [f.cohortId, trainerId]);
      return { trainerId };
    },
    expected: { ...adminOnly(404), admin: 204 },
  },
  {
    name: 'GET /api/cohorts/{id}/enrolments',
    method: 'get',
    path: (f) => `/api/cohorts/${f.cohortId}/enrolments`,
    expected: {
      admin: 200,
      trainerAssigned: 200,
      trainerNotAssigned: 403,
      jury: 200,
      learnerSelf: 403,
      learnerOther: 403,
      otherOrgAdmin: 404,
      otherOrgTrainer: 404,
      otherOrgJury: 404,
      otherOrgLearner: 403,
    },
  },
  {
    name: 'POST /api/learners/{id}/enrolments',
    method: 'post',
    path: (f) => `/api/learners/${f.learnerId}/enrolments`,
    body: () => ({ certificationCode: 'RNCP41336', accessRoute: 'continuing_education', startedOn: '2025-09-01' }),
    expected: { ...adminOnly(404), admin: 201 },
  },
  {
    name: 'GET /api/learners/{id}/enrolments',
    method: 'get',
    path: (f) => `/api/learners/${f.learnerId}/enrolments`,
    expected: readsOfOneLearner,
  },
  {
    name: 'PATCH /api/enrolments/{id}',
    method: 'patch',
    path: (f) => `/api/enrolments/${f.enrolmentId}`,
    body: (_f, extra) => ({ jobSeeker: extra.flag === 'true' }),
    setup: async () => ({ flag: String(Math.random() < 0.5) }),
    expected: { ...adminOnly(404), admin: 200 },
  },
  {
    name: 'GET /api/audit',
    method: 'get',
    path: () => '/api/audit',
    expected: { ...adminOnly(200), admin: 200 },
  },
];

const ACTORS: Exclude<Actor, 'anonymous'>[] = [
  'admin',
  'trainerAssigned',
  'trainerNotAssigned',
  'jury',
  'learnerSelf',
  'learnerOther',
  'otherOrgAdmin',
  'otherOrgTrainer',
  'otherOrgJury',
  'otherOrgLearner',
];

describe('permission matrix (HTTP)', () => {
  let t: TestApp;
  let fixture: Fixture;
  const users = {} as Record<Exclude<Actor, 'anonymous'>, TestUser>;

  beforeAll(async () => {
    t = await createTestApp();
    const learner = await createLearner(t);
    const otherLearner = await createLearner(t);
    const trainerAssigned = await t.createUser(['trainer']);
    const cohort = await createCohort(t, { certificationCode: 'RNCP41296', trainerUserIds: [trainerAssigned.id] });
    const enrolment = await enrol(t, learner.id, { certificationCode: 'RNCP41296', cohortId: cohort.id });
    fixture = { learnerId: learner.id, cohortId: cohort.id, enrolmentId: enrolment.id };

    const other = await t.createOrganisation();
    const otherOrgLearnerRecord = await createLearner(t, {}, other.admin.token);
    const otherOrgTrainer = await t.createUser(['trainer'], { organisationId: other.id });
    // The other organisation's trainer teaches a cohort of its own, so "not assigned" is not why it is refused.
    const otherCohort = await createCohort(t, { certificationCode: 'RNCP41296', trainerUserIds: [otherOrgTrainer.id] }, other.admin.token);
    await enrol(t, otherOrgLearnerRecord.id, { certificationCode: 'RNCP41296', cohortId: otherCohort.id }, other.admin.token);

    Object.assign(users, {
      admin: t.admin,
      trainerAssigned,
      trainerNotAssigned: await t.createUser(['trainer']),
      jury: await t.createUser(['jury_member']),
      learnerSelf: await t.createUser(['learner'], { learnerId: learner.id }),
      learnerOther: await t.createUser(['learner'], { learnerId: otherLearner.id }),
      otherOrgAdmin: other.admin,
      otherOrgTrainer,
      otherOrgJury: await t.createUser(['jury_member'], { organisationId: other.id }),
      otherOrgLearner: await t.createUser(['learner'], { organisationId: other.id, learnerId: otherOrgLearnerRecord.id }),
    });
  });
  afterAll(() => t.close());

  const call = async (route: Route, token?: string) => {
    const extra = route.setup ? await route.setup(t, fixture) : {};
    let request = t.http()[route.method](route.path(fixture, extra));
    if (token) request = request.set(bearer(token));
    return route.body ? request.send(route.body(fixture, extra)) : request;
  };

  const cases = ROUTES.flatMap((route) => ACTORS.map((actor) => [route.name, actor, route.expected[actor], route] as const));

  it.each(cases)('%s as %s → %i', async (_name, actor, expected, route) => {
    const auditBefore = await t.count('audit_event');
    const response = await call(route, users[actor].token);
    expect({ status: response.status, body: response.status >= 400 ? response.body : undefined }).toMatchObject({ status: expected });
    if (response.status >= 400) {
      expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
      // A refused call writes nothing, not even an audit event.
      expect(await t.count('audit_event')).toBe(auditBefore);
    }
  });

  it.each(ROUTES.map((route) => [route.name, route] as const))('%s without a token → 401', async (_name, route) => {
    const before = await t.count('audit_event');
    const response = await call(route);
    expect(response.status).toBe(401);
    expect(await t.count('audit_event')).toBe(before);
  });

  it("never lists another organisation's learners, cohorts or audit events", async () => {
    const learners = await t.http().get('/api/learners').query({ limit: 500 }).set(bearer(users.otherOrgAdmin.token)).expect(200);
    expect(learners.body.items.map((l: { id: string }) => l.id)).not.toContain(fixture.learnerId);
    const cohorts = await t.http().get('/api/cohorts').query({ limit: 500 }).set(bearer(users.otherOrgAdmin.token)).expect(200);
    expect(cohorts.body.items.map((c: { id: string }) => c.id)).not.toContain(fixture.cohortId);
    const audit = await t
      .http()
      .get('/api/audit')
      .query({ entityId: fixture.learnerId })
      .set(bearer(users.otherOrgAdmin.token))
      .expect(200);
    expect(audit.body.items).toEqual([]);
    const trainerView = await t.http().get('/api/learners').query({ limit: 500 }).set(bearer(users.otherOrgTrainer.token)).expect(200);
    expect(trainerView.body.items.map((l: { id: string }) => l.id)).not.toContain(fixture.learnerId);
  });

  it('lists for each role exactly what it may see', async () => {
    const ids = async (actor: keyof typeof users, path: string) =>
      (await t.http().get(path).query({ limit: 500 }).set(bearer(users[actor].token)).expect(200)).body.items.map(
        (x: { id: string }) => x.id,
      );
    expect(await ids('trainerAssigned', '/api/learners')).toEqual([fixture.learnerId]);
    expect(await ids('trainerNotAssigned', '/api/learners')).toEqual([]);
    expect(await ids('learnerSelf', '/api/learners')).toEqual([fixture.learnerId]);
    expect(await ids('learnerOther', '/api/learners')).not.toContain(fixture.learnerId);
    expect(await ids('jury', '/api/learners')).toContain(fixture.learnerId);
    expect(await ids('trainerAssigned', '/api/cohorts')).toEqual([fixture.cohortId]);
    expect(await ids('trainerNotAssigned', '/api/cohorts')).toEqual([]);
    expect(await ids('jury', '/api/cohorts')).toContain(fixture.cohortId);
  });
});
