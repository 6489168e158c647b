import { TestApp, bearer, createCohort, createLearner, createTestApp, enrol } from '@project/testing';

describe('learners (HTTP)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('creates a learner, storing first names and answering camelCase fields, with an audit event in the same transaction', async () => {
    const response = await t
      .http()
      .post('/api/learners')
      .set(bearer(t.admin.token))
      .send({ firstName: 'Léa Marie', lastName: 'Dupont', email: 'Lea.Dupont@Example.org', birthDate: '1999-03-14', birthName: 'Durand' })
      .expect(201);
    expect(response.body).toEqual({
      id: expect.any(String),
      firstName: 'Léa Marie',
      lastName: 'Dupont',
      birthName: 'Durand',
      birthDate: '1999-03-14',
      email: 'lea.dupont@example.org',
      createdAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
    });
    const { rows } = await t.db.query(`SELECT first_names, organisation_id FROM learner WHERE id = $1`, [response.body.id]);
    expect(rows[0]).toEqual({ first_names: 'Léa Marie', organisation_id: t.admin.organisationId });
    const audit = await t.db.query(
      `SELECT action, actor_user_id, after FROM audit_event WHERE entity_type = 'learner' AND entity_id = $1`,
      [response.body.id],
    );
    expect(audit.rows).toEqual([{ action: 'learner.created', actor_user_id: t.admin.id, after: response.body }]);
  });

  it('makes birth fields optional and reads a learner back by id', async () => {
    const created = await t
      .http()
      .post('/api/learners')
      .set(bearer(t.admin.token))
      .send({ firstName: 'Noé', lastName: 'Bernard', email: 'noe.bernard@example.org' })
      .expect(201);
    expect(created.body).toMatchObject({ birthDate: null, birthName: null });
    const read = await t.http().get(`/api/learners/${created.body.id}`).set(bearer(t.admin.token)).expect(200);
    expect(read.body).toEqual(created.body);
  });

  it('refuses a duplicate email in the organisation with 409 naming email, but allows it in another organisation', async () => {
    const first = await createLearner(t, { email: 'twin@example.org' });
    const before = await t.count('learner');
    const duplicate = await t
      .http()
      .post('/api/learners')
      .set(bearer(t.admin.token))
      .send({ firstName: 'A', lastName: 'B', email: 'TWIN@example.org' })
      .expect(409);
    expect(duplicate.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(duplicate.body.errors).toEqual([{ field: 'email', message: expect.any(String) }]);
    expect(await t.count('learner')).toBe(before);
    expect(await t.count('audit_event', `action = 'learner.created' AND after->>'email' = 'twin@example.org'`)).toBe(1);

    const other = await t.createOrganisation();
    const elsewhere = await createLearner(t, { email: 'twin@example.org' }, other.admin.token);
    expect(elsewhere.id).not.toBe(first.id);
  });

  it('patches only the given fields, can clear birth fields, and audits before and after', async () => {
    const learner = await createLearner(t, { firstName: 'Jean', lastName: 'Petit', birthName: 'Grand', birthDate: '1990-01-01' });
    const patched = await t
      .http()
      .patch(`/api/learners/${learner.id}`)
      .set(bearer(t.admin.token))
      .send({ lastName: 'Petit-Grand', birthName: null })
      .expect(200);
    expect(patched.body).toEqual({ ...learner, lastName: 'Petit-Grand', birthName: null });
    const { rows } = await t.db.query(`SELECT before, after FROM audit_event WHERE action = 'learner.updated' AND entity_id = $1`, [
      learner.id,
    ]);
    expect(rows).toEqual([{ before: learner, after: patched.body }]);

    // Changing nothing leaves the trail as it is.
    await t.http().patch(`/api/learners/${learner.id}`).set(bearer(t.admin.token)).send({}).expect(200);
    expect(await t.count('audit_event', `action = 'learner.updated' AND entity_id = $1`, [learner.id])).toBe(1);
  });

  it('accepts birth dates from 1900-01-02 to yesterday, and refuses one after the start of an enrolment (422 naming birthDate)', async () => {
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    const oldest = await createLearner(t, { birthDate: '1900-01-02' });
    expect(oldest.birthDate).toBe('1900-01-02');
    const youngest = await createLearner(t, { birthDate: yesterday });
    expect(youngest.birthDate).toBe(yesterday);

    const learner = await createLearner(t, { birthDate: '2001-05-20' });
    await enrol(t, learner.id, { certificationCode: 'RNCP41296', startedOn: '2023-09-01' });
    const later = await t
      .http()
      .patch(`/api/learners/${learner.id}`)
      .set(bearer(t.admin.token))
      .send({ birthDate: '2023-09-02' })
      .expect(422);
    expect(later.body.errors).toEqual([{ field: 'birthDate', message: expect.stringContaining('2023-09-01') }]);
    expect(await t.count('audit_event', `action = 'learner.updated' AND entity_id = $1`, [learner.id])).toBe(0);
    await t.http().patch(`/api/learners/${learner.id}`).set(bearer(t.admin.token)).send({ birthDate: '2001-05-21' }).expect(200);
    // The database keeps the lower bound whatever the code path.
    await expect(t.db.query(`UPDATE learner SET birth_date = '1850-01-01' WHERE id = $1`, [learner.id])).rejects.toThrow(
      /learner_birth_date_check/,
    );
  });

  it('refuses a patch to an email another learner has, and a null first name, writing nothing', async () => {
    const a = await createLearner(t);
    const b = await createLearner(t);
    const conflict = await t.http().patch(`/api/learners/${b.id}`).set(bearer(t.admin.token)).send({ email: a.email }).expect(409);
    expect(conflict.body.errors[0].field).toBe('email');
    const nulled = await t.http().patch(`/api/learners/${b.id}`).set(bearer(t.admin.token)).send({ firstName: null }).expect(400);
    expect(nulled.body.errors.map((e: { field: string }) => e.field)).toContain('firstName');
    const read = await t.http().get(`/api/learners/${b.id}`).set(bearer(t.admin.token)).expect(200);
    expect(read.body).toEqual(b);
    expect(await t.count('audit_event', `action = 'learner.updated' AND entity_id = $1`, [b.id])).toBe(0);
  });

  it('has no DELETE route: learners are never hard-deleted', async () => {
    const learner = await createLearner(t);
    const response = await t.http().delete(`/api/learners/${learner.id}`).set(bearer(t.admin.token));
    expect(response.status).toBe(404);
    expect(await t.count('learner', 'id = $1', [learner.id])).toBe(1);
  });

  it('documents its routes and body shapes in the OpenAPI document', async () => {
    const doc = (await t.http().get('/api/docs-json').expect(200)).body;
    for (const path of [
      '/api/learners',
      '/api/learners/{id}',
      '/api/learners/{id}/enrolments',
      '/api/cohorts',
      '/api/cohorts/{id}',
      '/api/cohorts/{id}/trainers',
      '/api/cohorts/{id}/trainers/{userId}',
      '/api/cohorts/{id}/enrolments',
      '/api/enrolments/{id}',
      '/api/audit',
    ]) {
      expect(doc.paths).toHaveProperty([path]);
    }
    expect(doc.paths['/api/learners']).not.toHaveProperty('delete');
    expect(Object.keys(doc.components.schemas.CreateLearnerDto.properties).sort()).toEqual([
      'birthDate',
      'birthName',
      'email',
      'firstName',
      'lastName',
    ]);
    expect(doc.components.schemas.CreateEnrolmentDto.required.sort()).toEqual(['accessRoute', 'certificationCode', 'startedOn']);
  });

  describe('listing', () => {
    let other: TestApp['admin'];
    const names: string[] = [];
    beforeAll(async () => {
      const org = await t.createOrganisation();
      other = org.admin;
      for (const [first, last] of [
        ['Zoé', 'Abadie'],
        ['Ana', 'Abadie'],
        ['Marc', 'Bonnet'],
        ['Inès', 'Charpentier'],
        ['Hugo', 'Dubois'],
      ]) {
        await createLearner(t, { firstName: first, lastName: last, email: `${first}.${last}.list@liste.test`.toLowerCase() }, other.token);
        names.push(`${last} ${first}`);
      }
    });

    it('pages by keyset on (last name, first names, id) without gaps or repeats', async () => {
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const response: { body: { items: { firstName: string; lastName: string }[]; nextCursor: string | null } } = await t
          .http()
          .get('/api/learners')
          .query({ limit: 2, ...(cursor ? { cursor } : {}) })
          .set(bearer(other.token))
          .expect(200);
        seen.push(...response.body.items.map((l) => `${l.lastName} ${l.firstName}`));
        cursor = response.body.nextCursor;
        pages++;
      } while (cursor);
      expect(pages).toBe(3);
      expect(seen).toEqual(['Abadie Ana', 'Abadie Zoé', 'Bonnet Marc', 'Charpentier Inès', 'Dubois Hugo']);
    });

    it('searches by name or email, case-insensitively, treating % as a literal', async () => {
      const byName = await t.http().get('/api/learners').query({ search: 'abad' }).set(bearer(other.token)).expect(200);
      expect(byName.body.items.map((l: { firstName: string }) => l.firstName)).toEqual(['Ana', 'Zoé']);
      const byEmail = await t.http().get('/api/learners').query({ search: 'MARC.BONNET' }).set(bearer(other.token)).expect(200);
      expect(byEmail.body.items.map((l: { lastName: string }) => l.lastName)).toEqual(['Bonnet']);
      const byFullName = await t.http().get('/api/learners').query({ search: 'Inès Charp' }).set(bearer(other.token)).expect(200);
      expect(byFullName.body.items).toHaveLength(1);
      const wildcard = await t.http().get('/api/learners').query({ search: '%' }).set(bearer(other.token)).expect(200);
      expect(wildcard.body.items).toEqual([]);
    });

    it("never lists another organisation's learners", async () => {
      const mine = await t.http().get('/api/learners').query({ search: 'liste.test', limit: 500 }).set(bearer(t.admin.token)).expect(200);
      expect(mine.body.items).toEqual([]);
    });

    it('shows a trainer only the learners enrolled in its cohorts, and a learner only itself', async () => {
      const trainer = await t.createUser(['trainer']);
      const taught = await createLearner(t, { lastName: 'Enseigné' });
      const untaught = await createLearner(t, { lastName: 'Ailleurs' });
      const cohort = await createCohort(t, { certificationCode: 'RNCP41296', trainerUserIds: [trainer.id] });
      await enrol(t, taught.id, { certificationCode: 'RNCP41296', cohortId: cohort.id });
      await enrol(t, untaught.id, { certificationCode: 'RNCP41296' });
      const trainerList = await t.http().get('/api/learners').query({ limit: 500 }).set(bearer(trainer.token)).expect(200);
      expect(trainerList.body.items.map((l: { id: string }) => l.id)).toEqual([taught.id]);

      const self = await t.createUser(['learner'], { learnerId: untaught.id });
      const selfList = await t.http().get('/api/learners').query({ limit: 500 }).set(bearer(self.token)).expect(200);
      expect(selfList.body.items.map((l: { id: string }) => l.id)).toEqual([untaught.id]);

      const jury = await t.createUser(['jury_member']);
      const juryList = await t.http().get('/api/learners').query({ limit: 500 }).set(bearer(jury.token)).expect(200);
      expect(juryList.body.items.map((l: { id: string }) => l.id)).toEqual(expect.arrayContaining([taught.id, untaught.id]));
    });
  });
});
