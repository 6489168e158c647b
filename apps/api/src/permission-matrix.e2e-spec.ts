import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import {
  TestApp,
  TestUser,
  bearer,
  compliantJury,
  createCohort,
  createJurySession,
  createLearner,
  createNetworkOrganisation,
  createTestApp,
  enrol,
  habilitate,
  holderJourney,
  linkCertifier,
  acquireFromOutside,
  seedModalityId,
} from '@project/testing';
import { buildOpenApiDocument } from './app.factory';

/**
 * The permission matrix of issue 13: every route of the application × every role × own / other organisation.
 * Organisation A (the operator's) holds a full set of data, each named with MARKER; organisation B has one user of
 * each role. Every call of B's users with A's ids must leave A's data exactly as it was (one fingerprint of every row
 * A owns or that points at A's learners, users or enrolments, and of the shared catalogue) and answer nothing of A
 * (no MARKER; on success, none of A's ids); a call naming one of A's resources in its path must be refused (4xx)
 * unless the route is public by design (listed below with the reason). B is a partner centre of A's network (A
 * certifies the seeds and authorised B). The same holds the other way round in a network: a certifier's users, with
 * the ids of a centre it authorised, change and read nothing of it (what it does see, its sessions' candidates, is
 * tested in libs/organisations/src/network-juries.e2e-spec.ts, and what its juries decide for them, which the centre
 * reads, in network-decisions.e2e-spec.ts). A's own users reach their data (no 5xx, and A's admin
 * reads each of A's resources).
 *
 * The routes come from the application itself (every controller handler), and must all be in ROUTES: a new route
 * fails this test until it is given a body and, if it shares anything across organisations, a reason.
 */

const MARKER = 'Zorglub-secret-A';
const MARKER_P = 'Zorglub-partner-P';
const STRONG_PASSWORD = 'matrix-passphrase-orbit-91';

interface Ids {
  organisationId: string;
  learnerId: string;
  enrolmentId: string;
  cohortId: string;
  evaluationId: string;
  openSessionId: string;
  closedSessionId: string;
  trainerUserId: string;
  credentialId: string;
  habilitationId: string;
  modalityId: string;
  cpfFileId: string;
}

interface RouteSpec {
  body?: (ids: Ids) => unknown;
  query?: (ids: Ids) => Record<string, string>;
  contentType?: string;
  /** Why the route may answer another organisation's caller about A's resource named in its path (public by design). */
  shared?: string;
}

const ROUTES: Record<string, RouteSpec> = {
  'GET /api/health': {},
  'GET /api/health/live': {},
  'GET /api/health/ready': {},
  'POST /api/auth/login': { body: () => ({ email: 'nobody-matrix@centre-test.fr', password: 'wrong-password-1' }) },
  'POST /api/auth/refresh': { body: () => ({ refreshToken: 'x'.repeat(43) }) },
  'POST /api/auth/logout': { body: () => ({ refreshToken: 'x'.repeat(43) }) },
  'GET /api/auth/me': {},
  'POST /api/users': {
    body: () => ({
      email: `matrix-${Math.random().toString(36).slice(2)}@centre-test.fr`,
      password: STRONG_PASSWORD,
      displayName: 'Matrix',
      roles: ['trainer'],
    }),
  },
  'GET /api/users': {},
  'GET /api/users/{id}': {},
  'PATCH /api/users/{id}': { body: () => ({ displayName: 'Renamed by the matrix' }) },
  'POST /api/users/{id}/password': { body: () => ({ password: STRONG_PASSWORD }) },
  'GET /api/certifications': {},
  'GET /api/certifications/{code}': {},
  'PUT /api/certifications/{code}': { body: () => ({}) },
  'POST /api/block-equivalences': { body: () => ({ fromBlockCode: 'RNCP41296BC01', toBlockCode: 'RNCP41336BC01' }) },
  'GET /api/block-equivalences': {},
  'POST /api/certifications/import': { body: () => '<FICHES></FICHES>', contentType: 'application/xml' },
  'POST /api/evaluations': {
    body: (ids) => ({ enrolmentId: ids.enrolmentId, modalityId: ids.modalityId, occurredOn: '2025-03-03', score: 3 }),
  },
  'POST /api/evaluations/collective': {
    body: (ids) => ({ enrolmentIds: [ids.enrolmentId], modalityId: ids.modalityId, occurredOn: '2025-03-03', score: 3 }),
  },
  'POST /api/evaluations/import': {
    contentType: 'text/csv',
    body: (ids) =>
      `learnerEmail,certificationCode,blockCode,modalityId,modalityKind,occurredOn,score,outcome,attempt,comment\n` +
      `a-learner-${ids.learnerId}@example.org,RNCP41296,,${ids.modalityId},,2025-03-03,3,,,\n`,
  },
  'GET /api/evaluations/{id}': {},
  'PATCH /api/evaluations/{id}': { body: () => ({ score: 2, reason: 'changed by another organisation' }) },
  'GET /api/learners/{id}/evaluations': {},
  'POST /api/learners': {
    body: () => ({ firstName: 'Matrix', lastName: 'Learner', email: `m-${Math.random().toString(36).slice(2)}@example.org` }),
  },
  'GET /api/learners': { query: () => ({ search: 'Zorglub' }) },
  'GET /api/learners/{id}': {},
  'PATCH /api/learners/{id}': { body: () => ({ firstNames: 'Changed' }) },
  'POST /api/cohorts': {
    body: (ids) => ({
      name: 'Matrix cohort',
      certificationCode: 'RNCP41296',
      startsOn: '2025-09-01',
      endsOn: '2026-06-30',
      trainerUserIds: [ids.trainerUserId],
    }),
  },
  'GET /api/cohorts': {},
  'GET /api/cohorts/{id}': {},
  'POST /api/cohorts/{id}/trainers': { body: (ids) => ({ userId: ids.trainerUserId }) },
  'DELETE /api/cohorts/{id}/trainers/{userId}': {},
  'POST /api/learners/{id}/enrolments': {
    body: () => ({ certificationCode: 'RNCP41296', accessRoute: 'continuing_education', startedOn: '2025-09-01' }),
  },
  'GET /api/learners/{id}/enrolments': {},
  'GET /api/cohorts/{id}/enrolments': {},
  'PATCH /api/enrolments/{id}': { body: () => ({ jobSeeker: true }) },
  'GET /api/audit': {},
  'POST /api/jury-sessions': {
    body: (ids) => ({ certificationCode: 'RNCP41296', heldOn: '2026-07-01', members: compliantJury('RNCP41296', [ids.trainerUserId]) }),
  },
  'GET /api/jury-sessions': {},
  'GET /api/jury-sessions/{id}': {},
  'GET /api/jury-sessions/{id}/proposals': {},
  'GET /api/jury-sessions/{id}/decisions': {},
  'POST /api/jury-sessions/{id}/decisions': {
    body: (ids) => ({ enrolmentId: ids.enrolmentId, blockCode: 'RNCP41296BC02', decision: 'deferred', rationale: 'matrix' }),
  },
  'POST /api/jury-sessions/{id}/close': {},
  'GET /api/jury-sessions/{id}/minutes': {},
  'GET /api/jury-sessions/{id}/minutes.pdf': {},
  'POST /api/jury-sessions/{id}/presence': { body: () => ({ present: [] }) },
  'POST /api/jury-sessions/{id}/members/{memberId}/account': { body: (ids) => ({ userId: ids.trainerUserId }) },
  'POST /api/jury-sessions/{id}/minutes/signatures': { body: () => ({ sha256: 'a'.repeat(64) }) },
  'GET /api/jury-sessions/{id}/minutes/versions/{version}': {},
  'POST /api/learners/{id}/acquisitions': {
    body: () => ({
      blockCode: 'RNCP41296BC03',
      acquiredOn: '2024-06-01',
      source: 'external',
      evidenceReference: 'Certificat matrix',
      awardingCertifier: 'CNAM',
    }),
  },
  'POST /api/learners/{id}/acquisitions/from-credential': { body: () => ({ credentialReference: 'RNCP41296-2025-000001' }) },
  'GET /api/learners/{id}/acquisitions': {},
  'POST /api/learners/{id}/follow-ups': {
    body: () => ({ certificationCode: 'RNCP41296', observedOn: '2027-02-01', monthsAfterAward: 24, employed: true, inTargetJob: false }),
  },
  'GET /api/certifications/{code}/statistics': {},
  'GET /api/certifications/{code}/statistics/centres': {},
  'GET /api/me/credentials': {},
  'GET /api/me/credential-preferences': {},
  'PUT /api/me/credential-preferences': { body: () => ({ nameDisplay: 'initials' }) },
  'GET /api/learners/{id}/credentials': {},
  'GET /api/credentials/{id}/attestation.pdf': {},
  'GET /api/credentials/{id}': {},
  'GET /api/issuers/{organisationId}': { shared: "an issuer's public key: anyone verifies the credentials it signed" },
  'POST /api/credentials/verify': { body: () => ({}) },
  'GET /api/issuers/{organisationId}/status-list': { shared: "an issuer's revocation list: public, as the specification requires" },
  'GET /verify/{id}': {
    shared: "a credential's public verification page, reached from the QR code its holder shows (names no one)",
  },
  'GET /api/learners/{id}/progress': {},
  'GET /api/learners/{id}/decisions': {},
  'GET /api/me/progress': {},
  'GET /api/certifications/{code}/eligible-learners': { query: (ids) => ({ cohortId: ids.cohortId }) },
  'POST /api/organisations': {
    body: () => ({ name: 'Matrix', kind: 'training_centre', siret: '73282932000074', adminEmail: 'm@x.fr', adminDisplayName: 'M' }),
  },
  'GET /api/organisations': {},
  'GET /api/organisations/{id}': {},
  'POST /api/organisations/{id}/deactivate': {},
  'POST /api/organisations/{id}/invitations': { body: () => ({ email: 'intruder@centre-b.fr', displayName: 'Intruder' }) },
  'POST /api/invitations/accept': { body: () => ({ token: 'x'.repeat(43), password: STRONG_PASSWORD }) },
  'GET /api/certifications/{code}/certifiers': {},
  'GET /api/certifications/{code}/certifiers/proposals': {},
  'POST /api/certifications/{code}/certifiers': { body: (ids) => ({ organisationId: ids.organisationId }) },
  'DELETE /api/certifications/{code}/certifiers/{organisationId}': {},
  'POST /api/habilitations': {
    body: () => ({ certificationCode: 'RNCP41296', trainingCentreSiret: '73282932000074', validFrom: '2025-01-01' }),
  },
  'GET /api/habilitations': {},
  'POST /api/habilitations/{id}/revoke': {},
  'GET /api/learners/{id}/civil-identity': {},
  'PATCH /api/learners/{id}/civil-identity': { body: () => ({ sex: 'M' }) },
  'GET /api/learners/{id}/cpf-declarations': {},
  'GET /api/cpf-declarations/settings': {},
  'PUT /api/cpf-declarations/settings': { body: () => ({ cdcClientId: 'ZZ99ZZ99', cdcContractId: 'CTR-B', certifications: [] }) },
  'GET /api/cpf-declarations/status': {},
  'POST /api/cpf-declarations': { body: () => ({}) },
  'GET /api/cpf-declarations': {},
  'GET /api/cpf-declarations/{id}': {},
  'GET /api/cpf-declarations/{id}/file.xml': {},
  'POST /api/cpf-declarations/{id}/report': {
    contentType: 'application/xml',
    body: () => '<r><passagesOK><p><idTechnique>x</idTechnique></p></passagesOK></r>',
  },
};

/** Every route the application serves, from its controllers' metadata (routes left out of the OpenAPI document included). */
function applicationRoutes(app: NestFastifyApplication): string[] {
  const routes = new Set<string>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const type = wrapper.metatype as (new (...args: unknown[]) => unknown) | undefined;
      if (!type) continue;
      const base: string = Reflect.getMetadata(PATH_METADATA, type) ?? '';
      for (const name of Object.getOwnPropertyNames(type.prototype)) {
        const handler = type.prototype[name];
        const path: string | undefined = Reflect.getMetadata(PATH_METADATA, handler);
        const method: RequestMethod | undefined = Reflect.getMetadata(METHOD_METADATA, handler);
        if (typeof handler !== 'function' || path === undefined || method === undefined) continue;
        const full = `/${[base, path].join('/')}`
          .replace(/\/+/g, '/')
          .replace(/\/$/, '')
          .replace(/:(\w+)/g, '{$1}');
        const prefixed = full === '/verify/{id}' ? full : `/api${full}`;
        routes.add(`${RequestMethod[method]} ${prefixed}`);
      }
    }
  }
  return [...routes].sort();
}

function pathFor(route: string, ids: Ids): { method: string; url: string; namesA: boolean } {
  const [method, template] = route.split(' ');
  let namesA = false;
  const url = template.replace(/\/([a-z-]+)\/\{(\w+)\}/g, (_, collection: string, param: string) => {
    if (param === 'code') return `/${collection}/RNCP41296`;
    if (param === 'version') return `/${collection}/1`;
    if (param === 'memberId') return `/${collection}/${ids.trainerUserId}`;
    namesA = true;
    if (param === 'userId') return `/${collection}/${ids.trainerUserId}`;
    if (param === 'organisationId') return `/${collection}/${ids.organisationId}`;
    const byCollection: Record<string, string> = {
      learners: ids.learnerId,
      cohorts: ids.cohortId,
      enrolments: ids.enrolmentId,
      evaluations: ids.evaluationId,
      'jury-sessions': ids.openSessionId,
      users: ids.trainerUserId,
      credentials: ids.credentialId,
      verify: ids.credentialId,
      organisations: ids.organisationId,
      habilitations: ids.habilitationId,
      'cpf-declarations': ids.cpfFileId,
    };
    const id = byCollection[collection];
    if (!id) throw new Error(`${route}: no id of organisation A for /${collection}/{${param}} — add one to pathFor`);
    return `/${collection}/${id}`;
  });
  return { method: method.toLowerCase(), url, namesA };
}

describe('permission matrix: every route × role × own / other organisation', () => {
  let t: TestApp;
  let ids: Ids;
  let idsOfA: string[];
  let own: Record<string, TestUser>;
  let other: Record<string, TestUser>;
  let fingerprintSql: string;

  const call = (route: string, token: string | undefined, target: Ids = ids) => {
    const spec = ROUTES[route];
    const ids = target;
    const { method, url } = pathFor(route, ids);
    let request = (t.http() as unknown as Record<string, (url: string) => import('supertest').Test>)[method](url);
    if (spec.query) request = request.query(spec.query(ids));
    if (token) request = request.set(bearer(token));
    if (spec.body) {
      const body = spec.body(ids);
      request = spec.contentType ? request.set('Content-Type', spec.contentType).send(body as string) : request.send(body as object);
    }
    return request;
  };

  const fingerprint = async (organisationId: string): Promise<string> =>
    (await t.db.query(fingerprintSql, [organisationId])).rows[0].fingerprint;

  /**
   * Every route called by each of `callers` with the target organisation's ids: what goes wrong. `exempt` names the
   * routes where the callers legitimately act on the target (with the reason).
   */
  const leaksInto = async (
    target: { ids: Ids; ownIds: string[]; marker: string },
    callers: [string, TestUser | undefined][],
    exempt: Record<string, string> = {},
  ): Promise<string[]> => {
    const before = await fingerprint(target.ids.organisationId);
    const leaks: string[] = [];
    for (const route of Object.keys(ROUTES).filter((route) => !(route in exempt))) {
      const { namesA } = pathFor(route, target.ids);
      for (const [role, user] of callers) {
        const response = await call(route, user?.token, target.ids);
        const text = JSON.stringify(response.body ?? '') + (typeof response.text === 'string' ? response.text : '');
        const problems: string[] = [];
        if (response.status >= 500) problems.push(`answered ${response.status}`);
        if (text.includes(target.marker)) problems.push("answered the target's data");
        const ok = response.status < 300;
        if (ok && target.ownIds.some((id) => text.includes(id))) problems.push("answered one of the target's ids");
        if (ok && namesA && !ROUTES[route].shared) problems.push(`answered ${response.status} on the target's resource`);
        if ((await fingerprint(target.ids.organisationId)) !== before) problems.push("changed the target's data");
        if (problems.length > 0) leaks.push(`${route} as ${role}: ${problems.join(', ')}`);
      }
    }
    return leaks;
  };

  beforeAll(async () => {
    t = await createTestApp();
    // Organisation A: the operator's, with a full set of data.
    const journey = await holderJourney(t, { lastName: MARKER });
    const trainer = await t.createUser(['trainer']);
    const jury = await t.createUser(['jury_member']);
    const cohort = await createCohort(t, { certificationCode: 'RNCP41296', trainerUserIds: [trainer.id], name: `Promotion ${MARKER}` });
    const learner = await createLearner(t, { lastName: `${MARKER}-2` });
    const enrolment = await enrol(t, learner.id, { certificationCode: 'RNCP41296', cohortId: cohort.id });
    const modalityId = await seedModalityId(t, 'RNCP41296BC02', 'case_study');
    const evaluation = await t
      .http()
      .post('/api/evaluations')
      .set(bearer(t.admin.token))
      .send({ enrolmentId: enrolment.id, modalityId, occurredOn: '2025-03-02', score: 12, comment: MARKER })
      .expect(201);
    const open = await createJurySession(t, { certificationCode: 'RNCP41296', members: compliantJury('RNCP41296', [jury.id]) });
    await acquireFromOutside(t, learner.id, 'RNCP41296BC04');
    await t
      .http()
      .post(`/api/learners/${journey.learnerId}/follow-ups`)
      .set(bearer(t.admin.token))
      .send({ certificationCode: 'RNCP41296', observedOn: '2027-01-10', monthsAfterAward: 6, employed: true, inTargetJob: true })
      .expect(201);
    const partner = await createNetworkOrganisation(t, 'training_centre');
    const habilitation = await t
      .http()
      .post('/api/habilitations')
      .set(bearer(t.admin.token))
      .send({ certificationCode: 'RNCP41296', trainingCentreSiret: partner.siret, validFrom: '2025-01-01' })
      .expect(201);
    // A CPF declaration file of A, declaring the journey's award.
    await t
      .http()
      .put('/api/cpf-declarations/settings')
      .set(bearer(t.admin.token))
      .send({
        cdcClientId: 'AB12CD34',
        cdcContractId: 'CTR-A',
        certifications: [{ certificationCode: 'RNCP41296', natureDeposant: 'CERTIFICATEUR' }],
      })
      .expect(200);
    await t
      .http()
      .patch(`/api/learners/${journey.learnerId}/civil-identity`)
      .set(bearer(t.admin.token))
      .send({ givenNames: ['Inès'], sex: 'F', birthCommuneCode: '75056' })
      .expect(200);
    const cpfFile = await t.http().post('/api/cpf-declarations').set(bearer(t.admin.token)).send({}).expect(201);
    const credential = await t.db.query(`SELECT id FROM issued_credential WHERE organisation_id = $1 LIMIT 1`, [t.admin.organisationId]);
    if (!credential.rows[0]) throw new Error('the fixture issued no credential');
    ids = {
      organisationId: t.admin.organisationId,
      learnerId: learner.id,
      enrolmentId: enrolment.id,
      cohortId: cohort.id,
      evaluationId: evaluation.body.id,
      openSessionId: open.id,
      closedSessionId: journey.sessions.second,
      trainerUserId: trainer.id,
      credentialId: credential.rows[0].id,
      habilitationId: habilitation.body.id,
      modalityId,
      cpfFileId: cpfFile.body.id,
    };
    idsOfA = [
      journey.learnerId,
      learner.id,
      enrolment.id,
      journey.enrolmentId,
      cohort.id,
      evaluation.body.id,
      open.id,
      trainer.id,
      jury.id,
    ];
    own = { admin: t.admin, trainer, jury_member: jury, learner: journey.holder };

    // Organisation B: a partner centre with a user of each role (and its own learner for its learner account).
    const b = await t.createOrganisation('Centre B');
    const bLearner = await createLearner(t, {}, b.admin.token);
    other = {
      admin: b.admin,
      trainer: await t.createUser(['trainer'], { organisationId: b.id }),
      jury_member: await t.createUser(['jury_member'], { organisationId: b.id }),
      learner: await t.createUser(['learner'], { organisationId: b.id, learnerId: bLearner.id }),
    };

    // One statement: every row with A's organisation_id, every row pointing at A's learners, users or enrolments,
    // A's organisation, certifier links and habilitations, and the shared catalogue.
    const { rows: columns } = await t.db.query(
      `SELECT table_name, column_name FROM information_schema.columns
       WHERE table_schema = 'public' AND column_name IN ('organisation_id', 'learner_id', 'user_id', 'enrolment_id')
         AND table_name IN (SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE')
       ORDER BY table_name, column_name`,
    );
    const pointsAtA: Record<string, string> = {
      organisation_id: `$1::uuid`,
      learner_id: `(SELECT id FROM learner WHERE organisation_id = $1)`,
      user_id: `(SELECT id FROM app_user WHERE organisation_id = $1)`,
      enrolment_id: `(SELECT id FROM enrolment WHERE organisation_id = $1)`,
    };
    const parts = [
      ...columns.map(
        (c: { table_name: string; column_name: string }) =>
          `(SELECT md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) FROM ${c.table_name} x WHERE x.${c.column_name} IN (${pointsAtA[c.column_name]}))`,
      ),
      `(SELECT md5(x::text) FROM organisation x WHERE x.id = $1)`,
      `(SELECT md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) FROM habilitation x WHERE $1 IN (x.certifier_id, x.training_centre_id))`,
      ...[
        'certification',
        'certification_access_route',
        'block',
        'assessment_modality',
        'block_equivalence',
        'certification_certifier',
      ].map((table) => `(SELECT md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) FROM ${table} x)`),
    ];
    expect(columns.length).toBeGreaterThan(15);
    fingerprintSql = `SELECT md5(${parts.join(' || ')}) AS fingerprint`;
  }, 180_000);
  afterAll(() => t.close());

  it('knows every route the application serves, and every route of its OpenAPI document', () => {
    const served = applicationRoutes(t.app);
    expect(served.filter((route) => !(route in ROUTES))).toEqual([]);
    expect(Object.keys(ROUTES).filter((route) => !served.includes(route))).toEqual([]);
    const documented = Object.entries(buildOpenApiDocument(t.app).paths).flatMap(([path, operations]) =>
      Object.keys(operations as object).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(documented.filter((route) => !served.includes(route))).toEqual([]);
    expect(served.length).toBeGreaterThanOrEqual(70);
  });

  it("lets no caller of another organisation read or change organisation A's data, on any route", async () => {
    const callers: [string, TestUser | undefined][] = [['anonymous', undefined], ...Object.entries(other)];
    expect(await leaksInto({ ids, ownIds: idsOfA, marker: MARKER }, callers)).toEqual([]);
  }, 300_000);

  it('lets a certifier read or change nothing of a partner centre it authorised, on any route', async () => {
    // A certifier (not the operator) and a centre it authorised for RNCP41336, with the centre's own data.
    const certifier = await createNetworkOrganisation(t, 'certifier');
    const centre = await createNetworkOrganisation(t, 'training_centre');
    await linkCertifier(t, 'RNCP41336', certifier.id);
    const habilitation = await habilitate(t, certifier, centre, { certificationCode: 'RNCP41336', validFrom: '2024-01-01' });
    const token = centre.admin.token;
    const trainer = await t.createUser(['trainer'], { organisationId: centre.id });
    const cohort = await createCohort(
      t,
      { certificationCode: 'RNCP41336', trainerUserIds: [trainer.id], name: `Promotion ${MARKER_P}` },
      token,
    );
    const learner = await createLearner(t, { lastName: MARKER_P }, token);
    const enrolment = await enrol(t, learner.id, { certificationCode: 'RNCP41336', cohortId: cohort.id }, token);
    const modalityId = (await t.db.query(`SELECT id FROM assessment_modality WHERE block_code = 'RNCP41336BC01' LIMIT 1`)).rows[0].id;
    const evaluation = await t
      .http()
      .post('/api/evaluations')
      .set(bearer(token))
      .send({ enrolmentId: enrolment.id, modalityId, occurredOn: '2025-03-02', score: 12, comment: MARKER_P })
      .expect(201);
    const session = await createJurySession(t, { certificationCode: 'RNCP41336' }, token);
    await acquireFromOutside(t, learner.id, 'RNCP41336BC04', { token });
    // The same learner in another certification (the operator authorised the centre for it): a credential of RNCP41296.
    await habilitate(t, { admin: t.admin } as Parameters<typeof habilitate>[1], centre, { certificationCode: 'RNCP41296' });
    await enrol(t, learner.id, { certificationCode: 'RNCP41296' }, token);
    await acquireFromOutside(t, learner.id, 'RNCP41296BC04', { token });
    const credentialOf = async (certificationCode: string): Promise<string> =>
      (
        await t.db.query(`SELECT id FROM issued_credential WHERE learner_id = $1 AND certification_code = $2`, [
          learner.id,
          certificationCode,
        ])
      ).rows[0].id;
    const ofItsCertification = await credentialOf('RNCP41336');
    const partnerIds: Ids = {
      organisationId: centre.id,
      learnerId: learner.id,
      enrolmentId: enrolment.id,
      cohortId: cohort.id,
      evaluationId: evaluation.body.id,
      openSessionId: session.id,
      closedSessionId: session.id,
      trainerUserId: trainer.id,
      // Another certification's: the certifier reads it on no route.
      credentialId: await credentialOf('RNCP41296'),
      habilitationId: habilitation.id,
      modalityId,
      cpfFileId: '00000000-0000-4000-8000-00000000cf01',
    };
    const callers: [string, TestUser][] = [
      ['certifier admin', certifier.admin],
      ['certifier trainer', await t.createUser(['trainer'], { organisationId: certifier.id })],
      ['certifier jury member', await t.createUser(['jury_member'], { organisationId: certifier.id })],
    ];
    const leaks = await leaksInto(
      { ids: partnerIds, ownIds: [learner.id, enrolment.id, cohort.id, evaluation.body.id, session.id, trainer.id], marker: MARKER_P },
      callers,
      {
        'POST /api/habilitations/{id}/revoke': 'the certifier revokes the habilitation it granted',
        'GET /api/learners/{id}/credentials': "the certifier's admins and jury read the credentials of its certification (below)",
      },
    );
    expect(leaks).toEqual([]);
    // The credentials issued for its certification to its network's learners, that certification's only, by its admins
    // and jury members only.
    for (const [role, user] of callers) {
      const listed = await t.http().get(`/api/learners/${learner.id}/credentials`).set(bearer(user.token));
      const readable = role !== 'certifier trainer';
      expect([role, listed.status]).toEqual([role, readable ? 200 : 404]);
      if (readable) expect(listed.body.map((c: { id: string }) => c.id)).toEqual([ofItsCertification]);
      for (const path of [`/api/credentials/${ofItsCertification}`, `/api/credentials/${ofItsCertification}/attestation.pdf`]) {
        const response = await t.http().get(path).set(bearer(user.token));
        expect([role, path, response.status]).toEqual([role, path, readable ? 200 : 404]);
      }
    }
    // What it does share: the certifier's sessions propose the centre's candidates (network-juries spec) and decide for
    // them, the decisions written in the centre's name (network-decisions spec) — through the certifier's sessions only.
  }, 300_000);

  it("lets A's own users reach A's data (no 5xx; A's admin reads each of A's resources)", async () => {
    const failures: string[] = [];
    // The admin last: some of its calls change what the others may do (a password set, a trainer removed).
    for (const role of ['learner', 'jury_member', 'trainer', 'admin']) {
      for (const route of Object.keys(ROUTES)) {
        const response = await call(route, own[role].token);
        if (response.status >= 500) failures.push(`${route} as own ${role}: ${response.status}`);
        const { namesA } = pathFor(route, ids);
        const readsA = namesA && route.startsWith('GET ') && !route.includes('/me/');
        if (role === 'admin' && readsA && response.status !== 200) failures.push(`${route} as own admin: ${response.status}`);
      }
    }
    expect(failures).toEqual([]);
  }, 300_000);
});
