import {
  asBytes,
  TestApp,
  acquireFromOutside,
  bearer,
  blockModalities,
  compliantJury,
  createJurySession,
  createTestApp,
  insertEnrolment,
  insertLearner,
  insertResult,
  passBlock,
  withoutInstance,
} from '@project/testing';
import { randomUUID } from 'node:crypto';

describe('jury sessions and decisions (HTTP)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  async function candidate(certificationCode = 'RNCP41296', accessRoute = 'continuing_education') {
    const learnerId = await insertLearner(t);
    const enrolmentId = await insertEnrolment(t, { learnerId, certificationCode, accessRoute });
    return { learnerId, enrolmentId };
  }

  const decide = (sessionId: string, body: Record<string, unknown>, token = t.admin.token) =>
    t.http().post(`/api/jury-sessions/${sessionId}/decisions`).set(bearer(token)).send(body);

  describe('sessions', () => {
    it('creates a session with its members and shows it, paginated newest first', async () => {
      const juror = await t.createUser(['jury_member']);
      const members = compliantJury('RNCP41296', [juror.id]);
      const created = await t
        .http()
        .post('/api/jury-sessions')
        .set(bearer(t.admin.token))
        .send({ certificationCode: 'RNCP41296', heldOn: '2026-07-01', members })
        .expect(201);
      expect(created.body).toMatchObject({
        id: expect.any(String),
        certificationCode: 'RNCP41296',
        heldOn: '2026-07-01',
        closedAt: null,
        members: [
          { fullName: 'Sophie Bernard', role: 'external_professional', external: true, userId: juror.id },
          { fullName: 'Karim Haddad', role: 'external_professional', external: true, userId: null },
          { fullName: 'Hélène Roux', role: 'certifier_management', external: false, userId: null },
        ],
      });
      const fetched = await t.http().get(`/api/jury-sessions/${created.body.id}`).set(bearer(t.admin.token)).expect(200);
      expect(fetched.body).toEqual(created.body);
      expect(await t.count('audit_event', `action = 'jury_session.created' AND entity_id = $1`, [created.body.id])).toBe(1);

      await createJurySession(t, { certificationCode: 'RNCP41296', heldOn: '2026-07-02' });
      const page1 = await t.http().get('/api/jury-sessions?limit=1').set(bearer(t.admin.token)).expect(200);
      expect(page1.body.items).toHaveLength(1);
      expect(page1.body.items[0].heldOn).toBe('2026-07-02');
      const page2 = await t.http().get(`/api/jury-sessions?limit=1&cursor=${page1.body.nextCursor}`).set(bearer(t.admin.token)).expect(200);
      expect(page2.body.items[0].heldOn).toBe('2026-07-01');

      // A jury member lists only the sessions it sits on.
      const mine = await t.http().get('/api/jury-sessions').set(bearer(juror.token)).expect(200);
      expect(mine.body.items.map((s: { id: string }) => s.id)).toEqual([created.body.id]);
    });

    it('refuses bad bodies naming the field, and writes nothing', async () => {
      const before = await t.count('jury_session');
      const bad = await t
        .http()
        .post('/api/jury-sessions')
        .set(bearer(t.admin.token))
        .send({ certificationCode: 'RNCP41296', heldOn: '2026-13-01', members: [{ fullName: '', role: 'president', external: 'yes' }] })
        .expect(400);
      const fields = bad.body.errors.map((e: { field: string }) => e.field);
      expect(fields).toEqual(expect.arrayContaining(['heldOn', 'members[0].fullName', 'members[0].role', 'members[0].external']));
      const empty = await t
        .http()
        .post('/api/jury-sessions')
        .set(bearer(t.admin.token))
        .send({ certificationCode: 'RNCP41296', heldOn: '2026-07-01', members: [] })
        .expect(400);
      expect(empty.body.errors[0].field).toBe('members');
      const unknown = await t
        .http()
        .post('/api/jury-sessions')
        .set(bearer(t.admin.token))
        .send({ certificationCode: 'RNCP99999', heldOn: '2026-07-01', members: compliantJury('RNCP41296') })
        .expect(422);
      expect(unknown.body.errors[0].field).toBe('certificationCode');
      expect(await t.count('jury_session')).toBe(before);
    });

    it('links only jury_member users of the organisation (422 otherwise)', async () => {
      const trainer = await t.createUser(['trainer']);
      const other = await t.createOrganisation();
      const foreignJuror = await t.createUser(['jury_member'], { organisationId: other.id });
      const before = await t.count('jury_session');
      const response = await t
        .http()
        .post('/api/jury-sessions')
        .set(bearer(t.admin.token))
        .send({ certificationCode: 'RNCP41296', heldOn: '2026-07-01', members: compliantJury('RNCP41296', [trainer.id, foreignJuror.id]) })
        .expect(422);
      expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(response.body.errors).toEqual([
        { field: 'members[0].userId', message: expect.stringContaining('jury_member') },
        { field: 'members[1].userId', message: expect.stringContaining('no such user') },
      ]);
      expect(await t.count('jury_session')).toBe(before);
    });

    it('lets only admins create sessions, and hides them from other organisations and non-members', async () => {
      const juror = await t.createUser(['jury_member']);
      await t
        .http()
        .post('/api/jury-sessions')
        .set(bearer(juror.token))
        .send({ certificationCode: 'RNCP41296', heldOn: '2026-07-01', members: compliantJury('RNCP41296') })
        .expect(403);
      const session = await createJurySession(t, { certificationCode: 'RNCP41296' });
      // A session the juror does not sit on is not listed, and answers exactly as an unknown id.
      for (const path of ['', '/proposals', '/decisions', '/minutes']) {
        const hidden = await t.http().get(`/api/jury-sessions/${session.id}${path}`).set(bearer(juror.token)).expect(404);
        const unknown = await t.http().get(`/api/jury-sessions/${randomUUID()}${path}`).set(bearer(juror.token));
        expect(withoutInstance(hidden)).toEqual(withoutInstance(unknown));
      }
      const trainer = await t.createUser(['trainer']);
      await t.http().get(`/api/jury-sessions/${session.id}`).set(bearer(trainer.token)).expect(403);
      const other = await t.createOrganisation();
      await t.http().get(`/api/jury-sessions/${session.id}`).set(bearer(other.admin.token)).expect(404);
      await t.http().get('/api/jury-sessions/not-a-uuid').set(bearer(t.admin.token)).expect(400);
    });
  });

  describe('proposals', () => {
    it("lists each candidate with a block left, with each block's proposal, mark, missing modalities and eligibility", async () => {
      const session = await createJurySession(t, { certificationCode: 'RNCP41296', heldOn: '2026-06-30' });
      const { learnerId, enrolmentId } = await candidate();
      await passBlock(t, enrolmentId, 'RNCP41296BC01', { score: 12 });
      const [bc02] = await blockModalities(t, 'RNCP41296BC02');
      await insertResult(t, { enrolmentId, modalityId: bc02.id, score: 7 });
      const bc03 = await blockModalities(t, 'RNCP41296BC03');
      await insertResult(t, { enrolmentId, modalityId: bc03[0].id, score: 15 });

      const response = await t.http().get(`/api/jury-sessions/${session.id}/proposals`).set(bearer(t.admin.token)).expect(200);
      const entry = response.body.candidates.find((c: { learnerId: string }) => c.learnerId === learnerId);
      expect(entry).toMatchObject({
        enrolmentId,
        eligible: false,
        accessRoute: 'continuing_education',
        composition: { satisfied: true, missing: [] },
      });
      expect(entry.missingBlocks).toEqual(['RNCP41296BC01', 'RNCP41296BC02', 'RNCP41296BC03', 'RNCP41296BC04']);
      const byCode = Object.fromEntries(entry.blocks.map((b: { code: string }) => [b.code, b]));
      expect(byCode.RNCP41296BC01).toMatchObject({ proposal: 'acquired', mark: 12, missingModalities: [], held: false });
      expect(byCode.RNCP41296BC02).toMatchObject({ proposal: 'not_acquired', mark: 7, missingModalities: [] });
      expect(byCode.RNCP41296BC03).toMatchObject({ proposal: 'incomplete', mark: null, missingModalities: bc03.slice(1).map((m) => m.id) });
      expect(byCode.RNCP41296BC04).toMatchObject({ proposal: 'incomplete', status: 'not_started' });
    });

    it('filters by cohort', async () => {
      const session = await createJurySession(t, { certificationCode: 'RNCP41296' });
      const { rows } = await t.db.query(
        `INSERT INTO cohort (organisation_id, name, certification_code, starts_on, ends_on) VALUES ($1, 'P', 'RNCP41296', '2025-09-01', '2026-06-30') RETURNING id`,
        [t.admin.organisationId],
      );
      const inCohort = await insertLearner(t);
      await insertEnrolment(t, { learnerId: inCohort, certificationCode: 'RNCP41296', cohortId: rows[0].id });
      const outside = await candidate();
      const response = await t
        .http()
        .get(`/api/jury-sessions/${session.id}/proposals?cohortId=${rows[0].id}`)
        .set(bearer(t.admin.token))
        .expect(200);
      const ids = response.body.candidates.map((c: { learnerId: string }) => c.learnerId);
      expect(ids).toEqual([inCohort]);
      expect(ids).not.toContain(outside.learnerId);
    });
  });

  describe('decisions', () => {
    it("refuses any decision while the route's composition is known only as text (e.g. fresh from an import)", async () => {
      const sheet = (await t.http().get('/api/certifications/RNCP41296').set(bearer(t.admin.token)).expect(200)).body;
      const uncurated = {
        ...sheet,
        code: 'RNCP90501',
        title: 'Certification importée',
        blocks: sheet.blocks.map((block: { code: string; modalities: { id?: string }[] }) => ({
          ...block,
          code: block.code.replace('RNCP41296', 'RNCP90501'),
          modalities: block.modalities.map(({ id: _id, ...modality }) => modality),
        })),
        accessRoutes: sheet.accessRoutes.map((route: { juryComposition: { description: string } | null }) => ({
          ...route,
          juryComposition: route.juryComposition && { description: route.juryComposition.description, requirements: [] },
        })),
      };
      await t.http().put('/api/certifications/RNCP90501').set(bearer(t.admin.token)).send(uncurated).expect(201);
      const session = await createJurySession(t, { certificationCode: 'RNCP90501', members: compliantJury('RNCP41296') });
      const { enrolmentId } = await candidate('RNCP90501');
      const refused = await decide(session.id, { enrolmentId, blockCode: 'RNCP90501BC01', decision: 'deferred' }).expect(422);
      expect(refused.body).toMatchObject({ code: 'jury_composition_invalid', detail: expect.stringMatching(/known only as text/) });
      expect(await t.count('jury_decision', 'enrolment_id = $1', [enrolmentId])).toBe(0);
    });

    it('validates a block: stores proposal and mark, creates the acquisition and audits both in one go', async () => {
      const session = await createJurySession(t, { certificationCode: 'RNCP41296' });
      const { learnerId, enrolmentId } = await candidate();
      await passBlock(t, enrolmentId, 'RNCP41296BC01', { score: 13.5 });
      const response = await decide(session.id, { enrolmentId, blockCode: 'RNCP41296BC01', decision: 'validated' }).expect(201);
      expect(response.body).toMatchObject({
        jurySessionId: session.id,
        enrolmentId,
        learnerId,
        blockCode: 'RNCP41296BC01',
        decision: 'validated',
        proposal: 'acquired',
        mark: 13.5,
        departsFromProposal: false,
        rationale: null,
        decidedBy: t.admin.id,
      });
      const { rows } = await t.db.query(
        `SELECT source, to_char(acquired_on, 'YYYY-MM-DD') AS on, jury_decision_id FROM block_acquisition WHERE learner_id = $1`,
        [learnerId],
      );
      expect(rows).toEqual([{ source: 'jury', on: '2026-06-30', jury_decision_id: response.body.id }]);
      expect(await t.count('audit_event', `action = 'jury_decision.recorded' AND entity_id = $1`, [response.body.id])).toBe(1);
      expect(await t.count('audit_event', `action = 'block_acquisition.created' AND after->>'learnerId' = $1`, [learnerId])).toBe(1);
    });

    it("records a VAE candidate's validated block with the source vae", async () => {
      const session = await createJurySession(t, { certificationCode: 'RNCP41296' });
      const { learnerId, enrolmentId } = await candidate('RNCP41296', 'vae');
      await passBlock(t, enrolmentId, 'RNCP41296BC02');
      await decide(session.id, { enrolmentId, blockCode: 'RNCP41296BC02', decision: 'validated' }).expect(201);
      expect(await t.count('block_acquisition', `learner_id = $1 AND source = 'vae'`, [learnerId])).toBe(1);
    });

    it('requires a rationale to depart from the proposal (400 naming rationale), and stores the departure', async () => {
      const session = await createJurySession(t, { certificationCode: 'RNCP41296' });
      const { enrolmentId } = await candidate();
      await passBlock(t, enrolmentId, 'RNCP41296BC02', { score: 8 });
      const refused = await decide(session.id, { enrolmentId, blockCode: 'RNCP41296BC02', decision: 'validated' }).expect(400);
      expect(refused.body).toMatchObject({ code: 'rationale_required', errors: [{ field: 'rationale' }] });
      expect(await t.count('jury_decision', 'enrolment_id = $1', [enrolmentId])).toBe(0);
      const blank = await decide(session.id, { enrolmentId, blockCode: 'RNCP41296BC02', decision: 'validated', rationale: '   ' }).expect(
        400,
      );
      expect(blank.body.errors[0].field).toBe('rationale');
      const accepted = await decide(session.id, {
        enrolmentId,
        blockCode: 'RNCP41296BC02',
        decision: 'validated',
        rationale: 'Stage remarquable compensant la note.',
      }).expect(201);
      expect(accepted.body).toMatchObject({
        proposal: 'not_acquired',
        mark: 8,
        departsFromProposal: true,
        rationale: 'Stage remarquable compensant la note.',
      });
      // Deferring never departs from anything.
      await decide(session.id, { enrolmentId, blockCode: 'RNCP41296BC03', decision: 'deferred' }).expect(201);
    });

    it('refuses a decision that does not fit the block / certification split, or an unknown block', async () => {
      const session = await createJurySession(t, { certificationCode: 'RNCP41296' });
      const { enrolmentId } = await candidate();
      const a = await decide(session.id, { enrolmentId, blockCode: 'RNCP41296BC01', decision: 'awarded' }).expect(400);
      expect(a.body.errors[0].field).toBe('decision');
      const b = await decide(session.id, { enrolmentId, decision: 'validated' }).expect(400);
      expect(b.body.errors[0].field).toBe('decision');
      const c = await decide(session.id, { enrolmentId, blockCode: 'RNCP41336BC01', decision: 'validated', rationale: 'x' }).expect(422);
      expect(c.body.errors[0].field).toBe('blockCode');
      const d = await decide(session.id, { enrolmentId: 'nope', decision: 'maybe' }).expect(400);
      expect(d.body.errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(['enrolmentId', 'decision']));
      const cnam = await candidate('RNCP41336');
      const e = await decide(session.id, { enrolmentId: cnam.enrolmentId, blockCode: 'RNCP41296BC01', decision: 'deferred' }).expect(422);
      expect(e.body.errors[0].field).toBe('enrolmentId');
      expect(await t.count('jury_decision', 'jury_session_id = $1', [session.id])).toBe(0);
    });

    it("refuses any decision when the composition rule of the candidate's route is broken, naming the missing role", async () => {
      const members = [
        { fullName: 'Sophie Bernard', role: 'external_professional', external: true },
        { fullName: 'Jean Interne', role: 'external_professional', external: false },
        { fullName: 'Hélène Roux', role: 'certifier_management', external: false },
      ];
      const session = await createJurySession(t, { certificationCode: 'RNCP41296', members });
      const { enrolmentId } = await candidate();
      await passBlock(t, enrolmentId, 'RNCP41296BC01');
      const response = await decide(session.id, { enrolmentId, blockCode: 'RNCP41296BC01', decision: 'validated' }).expect(422);
      expect(response.body).toMatchObject({
        code: 'jury_composition_invalid',
        missing: [{ roles: ['external_professional'], external: true, required: 2, present: 1 }],
      });
      expect(response.body.detail).toContain('external_professional');
      expect(await t.count('jury_decision', 'jury_session_id = $1', [session.id])).toBe(0);
    });

    it('awards only an eligible learner (422 listing the missing blocks)', async () => {
      const session = await createJurySession(t, { certificationCode: 'RNCP41296' });
      const { enrolmentId } = await candidate();
      await passBlock(t, enrolmentId, 'RNCP41296BC01');
      await decide(session.id, { enrolmentId, blockCode: 'RNCP41296BC01', decision: 'validated' }).expect(201);
      const response = await decide(session.id, { enrolmentId, decision: 'awarded' }).expect(422);
      expect(response.body).toMatchObject({ code: 'not_eligible', missingBlocks: ['RNCP41296BC02', 'RNCP41296BC03', 'RNCP41296BC04'] });
      // Refusing a learner who is not eligible follows the proposal: no rationale needed.
      const refused = await decide(session.id, { enrolmentId, decision: 'refused' }).expect(201);
      expect(refused.body).toMatchObject({ blockCode: null, decision: 'refused', proposal: 'not_eligible', departsFromProposal: false });
    });

    it('needs a rationale to refuse an eligible learner, and awards a learner once', async () => {
      const session = await createJurySession(t, { certificationCode: 'RNCP41296', heldOn: '2026-06-30' });
      const { enrolmentId } = await candidate();
      for (const block of ['BC01', 'BC02', 'BC03', 'BC04']) {
        await passBlock(t, enrolmentId, `RNCP41296${block}`);
        await decide(session.id, { enrolmentId, blockCode: `RNCP41296${block}`, decision: 'validated' }).expect(201);
      }
      const noRationale = await decide(session.id, { enrolmentId, decision: 'refused' }).expect(400);
      expect(noRationale.body.errors[0].field).toBe('rationale');
      await decide(session.id, { enrolmentId, decision: 'awarded' }).expect(201);
      const later = await createJurySession(t, { certificationCode: 'RNCP41296', heldOn: '2026-11-30' });
      const twice = await decide(later.id, { enrolmentId, decision: 'awarded' }).expect(409);
      expect(twice.body.detail).toContain('already awarded');
      expect(await t.count('jury_decision', `enrolment_id = $1 AND block_code IS NULL`, [enrolmentId])).toBe(1);
    });

    it("cannot award after the certification's registration end date (422)", async () => {
      // A jury decides only once it has sat, so the registration window is tried on a sheet whose registration has ended.
      const sheet = {
        code: 'RNCP90077',
        title: 'Certification dont l’enregistrement a pris fin',
        level: 5,
        certifiers: [{ name: 'Certificateur de test', siret: null, website: null }],
        nsfCodes: [],
        formacodes: [],
        romeCodes: [],
        registrationEndsOn: '2026-06-29',
        replaces: [],
        accessRoutes: [
          {
            route: 'continuing_education',
            open: true,
            juryComposition: {
              description: 'Deux professionnels extérieurs',
              requirements: [{ label: 'Professionnels', roles: ['external_professional'], min: 2, external: true }],
            },
          },
        ],
        completionRule: { kind: 'all_blocks' },
        blocks: [
          {
            code: 'RNCP90077BC01',
            title: 'Piloter',
            competencies: ['Piloter un projet'],
            modalities: [{ kind: 'case_study', label: 'Étude de cas', mode: 'individual', form: 'written', coefficient: 1, passMark: 10 }],
          },
        ],
      };
      await t.http().put('/api/certifications/RNCP90077').set(bearer(t.admin.token)).send(sheet).expect(201);
      const late = await createJurySession(t, { certificationCode: 'RNCP90077', heldOn: '2026-06-30' });
      const learnerId = await insertLearner(t);
      const enrolmentId = await insertEnrolment(t, { learnerId, certificationCode: 'RNCP90077', startedOn: '2025-09-01' });
      await passBlock(t, enrolmentId, 'RNCP90077BC01');
      await decide(late.id, { enrolmentId, blockCode: 'RNCP90077BC01', decision: 'validated' }).expect(201);
      const response = await decide(late.id, { enrolmentId, decision: 'awarded' }).expect(422);
      expect(response.body).toMatchObject({ code: 'registration_ended', registrationEndsOn: '2026-06-29' });
      expect(await t.count('jury_decision', `enrolment_id = $1 AND decision = 'awarded'`, [enrolmentId])).toBe(0);
    });

    it('decides a block once per session: 20 identical decisions in parallel give one 201 and nineteen 409', async () => {
      const session = await createJurySession(t, { certificationCode: 'RNCP41296' });
      const { learnerId, enrolmentId } = await candidate();
      await passBlock(t, enrolmentId, 'RNCP41296BC01');
      const responses = await Promise.all(
        Array.from({ length: 20 }, () => decide(session.id, { enrolmentId, blockCode: 'RNCP41296BC01', decision: 'validated' })),
      );
      const statuses = responses.map((r) => r.status).sort();
      expect(statuses.filter((s) => s === 201)).toHaveLength(1);
      expect(statuses.filter((s) => s === 409)).toHaveLength(19);
      expect(await t.count('jury_decision', 'enrolment_id = $1', [enrolmentId])).toBe(1);
      expect(await t.count('block_acquisition', 'learner_id = $1', [learnerId])).toBe(1);
      // Another decision on the same block in the same session is refused too, whatever its value.
      await decide(session.id, { enrolmentId, blockCode: 'RNCP41296BC01', decision: 'deferred' }).expect(409);
    });

    it('decides a block or the award once per learner in a session, even through two enrolments of that learner (409)', async () => {
      const session = await createJurySession(t, { certificationCode: 'RNCP41296' });
      const learnerId = await insertLearner(t);
      const first = await insertEnrolment(t, { learnerId, certificationCode: 'RNCP41296', startedOn: '2025-09-01' });
      const second = await insertEnrolment(t, {
        learnerId,
        certificationCode: 'RNCP41296',
        accessRoute: 'apprenticeship',
        startedOn: '2026-09-01',
      });
      await passBlock(t, first, 'RNCP41296BC01');
      await decide(session.id, {
        enrolmentId: first,
        blockCode: 'RNCP41296BC01',
        decision: 'deferred',
        rationale: 'dossier incomplet',
      }).expect(201);
      await decide(session.id, { enrolmentId: second, blockCode: 'RNCP41296BC01', decision: 'validated' }).expect(409);
      await decide(session.id, { enrolmentId: second, decision: 'refused' }).expect(201);
      await decide(session.id, { enrolmentId: first, decision: 'refused' }).expect(409);
      expect(await t.count('jury_decision', 'jury_session_id = $1 AND learner_id = $2', [session.id, learnerId])).toBe(2);
      expect(await t.count('block_acquisition', 'learner_id = $1', [learnerId])).toBe(0);
    });

    it('awards a learner once even when several sessions award it at the same time', async () => {
      const { learnerId, enrolmentId } = await candidate();
      for (const block of ['BC01', 'BC02', 'BC03', 'BC04']) {
        await acquireFromOutside(t, learnerId, `RNCP41296${block}`, { source: 'vae', acquiredOn: '2025-06-01' });
      }
      const sessions = await Promise.all(Array.from({ length: 8 }, () => createJurySession(t, { certificationCode: 'RNCP41296' })));
      const responses = await Promise.all(sessions.map((session) => decide(session.id, { enrolmentId, decision: 'awarded' })));
      const statuses = responses.map((r) => r.status);
      expect(statuses.filter((s) => s === 201)).toHaveLength(1);
      expect(statuses.filter((s) => s === 409)).toHaveLength(7);
      expect(await t.count('jury_decision', `learner_id = $1 AND decision = 'awarded'`, [learnerId])).toBe(1);
    });

    it('lets the jury members linked to the session decide, and no other jury member', async () => {
      const sitting = await t.createUser(['jury_member']);
      const notSitting = await t.createUser(['jury_member']);
      const session = await createJurySession(t, { certificationCode: 'RNCP41296', members: compliantJury('RNCP41296', [sitting.id]) });
      const { enrolmentId } = await candidate();
      await passBlock(t, enrolmentId, 'RNCP41296BC01');
      await decide(session.id, { enrolmentId, blockCode: 'RNCP41296BC01', decision: 'validated' }, notSitting.token).expect(404);
      const trainer = await t.createUser(['trainer']);
      await decide(session.id, { enrolmentId, blockCode: 'RNCP41296BC01', decision: 'validated' }, trainer.token).expect(403);
      const proposals = await t.http().get(`/api/jury-sessions/${session.id}/proposals`).set(bearer(sitting.token)).expect(200);
      expect(proposals.body.candidates.some((c: { enrolmentId: string }) => c.enrolmentId === enrolmentId)).toBe(true);
      const decided = await decide(session.id, { enrolmentId, blockCode: 'RNCP41296BC01', decision: 'validated' }, sitting.token).expect(
        201,
      );
      expect(decided.body.decidedBy).toBe(sitting.id);
      const other = await t.createOrganisation();
      await decide(session.id, { enrolmentId, blockCode: 'RNCP41296BC02', decision: 'deferred' }, other.admin.token).expect(404);
    });
  });

  describe('closing, minutes and corrections', () => {
    it('closes a session: decisions become immutable, over HTTP and in the database', async () => {
      const session = await createJurySession(t, { certificationCode: 'RNCP41296' });
      const { enrolmentId } = await candidate();
      await passBlock(t, enrolmentId, 'RNCP41296BC01');
      const decision = await decide(session.id, { enrolmentId, blockCode: 'RNCP41296BC01', decision: 'validated' }).expect(201);
      const closed = await t.http().post(`/api/jury-sessions/${session.id}/close`).set(bearer(t.admin.token)).expect(200);
      expect(closed.body.closedAt).toEqual(expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/));

      const late = await decide(session.id, { enrolmentId, blockCode: 'RNCP41296BC02', decision: 'deferred' }).expect(409);
      expect(late.body.code).toBe('jury_session_closed');
      await t.http().post(`/api/jury-sessions/${session.id}/close`).set(bearer(t.admin.token)).expect(409);
      await expect(
        t.db.query(`UPDATE jury_decision SET decision = 'not_validated' WHERE id = $1`, [decision.body.id]),
      ).rejects.toMatchObject({ hint: 'jury_session_closed' });
      await expect(t.db.query(`DELETE FROM jury_decision WHERE id = $1`, [decision.body.id])).rejects.toMatchObject({
        hint: 'jury_session_closed',
      });
      await expect(t.db.query(`UPDATE jury_session SET minutes = '{}' WHERE id = $1`, [session.id])).rejects.toMatchObject({
        hint: 'jury_session_closed',
      });
      await expect(
        t.db.query(
          `INSERT INTO jury_decision (organisation_id, jury_session_id, enrolment_id, learner_id, block_code, decision) SELECT organisation_id, jury_session_id, enrolment_id, learner_id, 'RNCP41296BC03', 'deferred' FROM jury_decision WHERE id = $1`,
          [decision.body.id],
        ),
      ).rejects.toMatchObject({ hint: 'jury_session_closed' });
      expect(await t.count('jury_decision', 'jury_session_id = $1', [session.id])).toBe(1);
      expect(await t.count('audit_event', `action = 'jury_session.closed' AND entity_id = $1`, [session.id])).toBe(1);
    });

    it('never loses a decision racing the close: what was accepted is in the minutes, the rest is refused', async () => {
      const session = await createJurySession(t, { certificationCode: 'RNCP41296' });
      const enrolments: string[] = [];
      for (let i = 0; i < 12; i++) enrolments.push((await candidate()).enrolmentId);
      const decisions = enrolments.map((enrolmentId) =>
        decide(session.id, { enrolmentId, blockCode: 'RNCP41296BC01', decision: 'deferred' }),
      );
      const closing = t.http().post(`/api/jury-sessions/${session.id}/close`).set(bearer(t.admin.token));
      const [closed, ...responses] = await Promise.all([closing, ...decisions]);
      expect(closed.status).toBe(200);
      const accepted = responses
        .filter((r) => r.status === 201)
        .map((r) => r.body.id)
        .sort();
      expect(responses.every((r) => r.status === 201 || r.status === 409)).toBe(true);
      const minutes = await t.http().get(`/api/jury-sessions/${session.id}/minutes`).set(bearer(t.admin.token)).expect(200);
      const inMinutes = minutes.body.candidates.flatMap((c: { decisions: { id: string }[] }) => c.decisions.map((d) => d.id)).sort();
      expect(inMinutes).toEqual(accepted);
      expect(await t.count('jury_decision', 'jury_session_id = $1', [session.id])).toBe(accepted.length);
    });

    it('serves the minutes as JSON (frozen at closing) and as a PDF to sign', async () => {
      const session = await createJurySession(t, { certificationCode: 'RNCP41296' });
      const { learnerId, enrolmentId } = await candidate();
      await passBlock(t, enrolmentId, 'RNCP41296BC01');
      await passBlock(t, enrolmentId, 'RNCP41296BC02', { score: 9 });
      await decide(session.id, { enrolmentId, blockCode: 'RNCP41296BC01', decision: 'validated' }).expect(201);
      await decide(session.id, { enrolmentId, blockCode: 'RNCP41296BC02', decision: 'validated', rationale: 'Écart motivé' }).expect(201);
      const draft = await t.http().get(`/api/jury-sessions/${session.id}/minutes`).set(bearer(t.admin.token)).expect(200);
      expect(draft.body).toMatchObject({ draft: true, session: { closedAt: null } });

      const closed = await t.http().post(`/api/jury-sessions/${session.id}/close`).set(bearer(t.admin.token)).expect(200);
      const minutes = await t.http().get(`/api/jury-sessions/${session.id}/minutes`).set(bearer(t.admin.token)).expect(200);
      expect(minutes.body).toMatchObject({
        draft: false,
        session: { id: session.id, certificationCode: 'RNCP41296', heldOn: '2026-06-30', closedAt: closed.body.closedAt },
        members: compliantJury('RNCP41296').map((m) => ({ ...m, userId: null })),
        candidates: [
          {
            learnerId,
            enrolmentId,
            decisions: [
              {
                blockCode: 'RNCP41296BC01',
                decision: 'validated',
                proposal: 'acquired',
                mark: 14,
                rationale: null,
                departsFromProposal: false,
              },
              {
                blockCode: 'RNCP41296BC02',
                decision: 'validated',
                proposal: 'not_acquired',
                mark: 9,
                rationale: 'Écart motivé',
                departsFromProposal: true,
              },
            ],
          },
        ],
        summary: { candidates: 1, decisions: 2, blocksValidated: 2, departures: 1 },
      });
      const pdf = await asBytes(t.http().get(`/api/jury-sessions/${session.id}/minutes.pdf`).set(bearer(t.admin.token))).expect(200);
      expect(pdf.headers['content-type']).toMatch(/^application\/pdf/);
      expect((pdf.body as Buffer).subarray(0, 5).toString()).toBe('%PDF-');
      expect((pdf.body as Buffer).length).toBeGreaterThan(1000);
      // An embedded Unicode font, so names like Łucja or Nguyễn print as written.
      expect((pdf.body as Buffer).toString('latin1')).toMatch(/\/BaseFont \/[A-Z]{6}\+DejaVuSans/);
    });

    it("records an admin's decision as entered on behalf of the jury, a member's as its own, and the minutes say who entered what", async () => {
      const juror = await t.createUser(['jury_member']);
      const session = await createJurySession(t, { certificationCode: 'RNCP41296', members: compliantJury('RNCP41296', [juror.id]) });
      const { enrolmentId } = await candidate();
      await passBlock(t, enrolmentId, 'RNCP41296BC01');
      await passBlock(t, enrolmentId, 'RNCP41296BC02');
      const byAdmin = await decide(session.id, { enrolmentId, blockCode: 'RNCP41296BC01', decision: 'validated' }).expect(201);
      expect(byAdmin.body).toMatchObject({ decidedBy: t.admin.id, enteredOnBehalfOfJury: true });
      const byMember = await decide(session.id, { enrolmentId, blockCode: 'RNCP41296BC02', decision: 'validated' }, juror.token).expect(
        201,
      );
      expect(byMember.body).toMatchObject({ decidedBy: juror.id, enteredOnBehalfOfJury: false });
      const listed = await t.http().get(`/api/jury-sessions/${session.id}/decisions`).set(bearer(t.admin.token)).expect(200);
      expect(listed.body.map((d: { enteredOnBehalfOfJury: boolean }) => d.enteredOnBehalfOfJury)).toEqual([true, false]);
      expect(
        await t.count(
          'audit_event',
          `action = 'jury_decision.recorded' AND entity_id = $1 AND (after->>'enteredOnBehalfOfJury')::boolean`,
          [byAdmin.body.id],
        ),
      ).toBe(1);

      await t.http().post(`/api/jury-sessions/${session.id}/close`).set(bearer(t.admin.token)).expect(200);
      const minutes = await t.http().get(`/api/jury-sessions/${session.id}/minutes`).set(bearer(juror.token)).expect(200);
      expect(minutes.body.members).toEqual(
        compliantJury('RNCP41296', [juror.id]).map((m) => ({
          id: expect.any(String),
          userId: null,
          president: false,
          present: true,
          listed: true,
          replacesMemberName: null,
          ...m,
        })),
      );
      expect(minutes.body.candidates[0].decisions).toMatchObject([
        { blockCode: 'RNCP41296BC01', decidedBy: t.admin.id, enteredByName: 'Administrator', enteredOnBehalfOfJury: true },
        { blockCode: 'RNCP41296BC02', decidedBy: juror.id, enteredByName: juror.email.split('@')[0], enteredOnBehalfOfJury: false },
      ]);
      expect(minutes.body.summary).toMatchObject({ decisions: 2, enteredOnBehalfOfJury: 1 });
      const pdf = await t.http().get(`/api/jury-sessions/${session.id}/minutes.pdf`).set(bearer(juror.token)).expect(200);
      expect(pdf.headers['content-type']).toMatch(/^application\/pdf/);
    });

    it('corrects a closed decision by a later session with a reason; both stay visible and the block is revoked', async () => {
      const first = await createJurySession(t, { certificationCode: 'RNCP41296', heldOn: '2026-06-30' });
      const { learnerId, enrolmentId } = await candidate();
      await passBlock(t, enrolmentId, 'RNCP41296BC01');
      const original = await decide(first.id, { enrolmentId, blockCode: 'RNCP41296BC01', decision: 'validated' }).expect(201);
      await t.http().post(`/api/jury-sessions/${first.id}/close`).set(bearer(t.admin.token)).expect(200);

      const earlier = await createJurySession(t, { certificationCode: 'RNCP41296', heldOn: '2026-06-01' });
      const second = await createJurySession(t, { certificationCode: 'RNCP41296', heldOn: '2026-10-15' });
      const noReason = await decide(second.id, {
        enrolmentId,
        blockCode: 'RNCP41296BC01',
        decision: 'not_validated',
        rationale: 'Plagiat',
        supersedesDecisionId: original.body.id,
      }).expect(400);
      expect(noReason.body.errors[0].field).toBe('correctionReason');
      const notLater = await decide(earlier.id, {
        enrolmentId,
        blockCode: 'RNCP41296BC01',
        decision: 'not_validated',
        rationale: 'Plagiat',
        supersedesDecisionId: original.body.id,
        correctionReason: 'Plagiat établi',
      }).expect(422);
      expect(notLater.body.errors[0].field).toBe('supersedesDecisionId');
      // Without a correction, a held block cannot be taken back.
      await decide(second.id, { enrolmentId, blockCode: 'RNCP41296BC01', decision: 'not_validated', rationale: 'Plagiat' }).expect(409);

      const correction = await decide(second.id, {
        enrolmentId,
        blockCode: 'RNCP41296BC01',
        decision: 'not_validated',
        rationale: 'Plagiat établi après le jury',
        supersedesDecisionId: original.body.id,
        correctionReason: 'Plagiat établi après le jury',
      }).expect(201);
      expect(correction.body).toMatchObject({
        supersedesDecisionId: original.body.id,
        correctionReason: 'Plagiat établi après le jury',
        departsFromProposal: true,
      });
      const { rows } = await t.db.query(
        `SELECT revoked_at IS NOT NULL AS revoked, revoked_by_decision_id FROM block_acquisition WHERE learner_id = $1`,
        [learnerId],
      );
      expect(rows).toEqual([{ revoked: true, revoked_by_decision_id: correction.body.id }]);

      // Both decisions stay visible: the old one knows it was corrected, the old minutes are unchanged.
      const oldDecisions = await t.http().get(`/api/jury-sessions/${first.id}/decisions`).set(bearer(t.admin.token)).expect(200);
      expect(oldDecisions.body).toEqual([
        expect.objectContaining({ id: original.body.id, decision: 'validated', supersededByDecisionId: correction.body.id }),
      ]);
      const oldMinutes = await t.http().get(`/api/jury-sessions/${first.id}/minutes`).set(bearer(t.admin.token)).expect(200);
      expect(oldMinutes.body.candidates[0].decisions[0]).toMatchObject({ id: original.body.id, decision: 'validated' });
      expect(await t.count('audit_event', `action = 'jury_decision.corrected' AND entity_id = $1`, [correction.body.id])).toBe(1);
      expect(await t.count('audit_event', `action = 'block_acquisition.revoked'`)).toBeGreaterThanOrEqual(1);

      // A decision is corrected once.
      const third = await createJurySession(t, { certificationCode: 'RNCP41296', heldOn: '2026-12-01' });
      await decide(third.id, {
        enrolmentId,
        blockCode: 'RNCP41296BC01',
        decision: 'deferred',
        supersedesDecisionId: original.body.id,
        correctionReason: 'encore',
      }).expect(409);
    });
  });
});
