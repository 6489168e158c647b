import { missingForDeclaration } from '@project/domain';
import { TestApp, bearer, createLearner, createTestApp, insertEnrolment } from '@project/testing';

const COMPLETE = {
  usageName: 'Martin',
  givenNames: ['Inès', 'Marie'],
  sex: 'F',
  birthDate: '1990-04-12',
  birthCommuneCode: '2A004',
  birthCommune: 'Ajaccio',
};

/** The civil identity the CPF declaration needs: optional for existing learners, validated, audited, completed by admins or the learner. */
describe('learner civil identity (HTTP)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const identity = (id: string, token = t.admin.token) => t.http().get(`/api/learners/${id}/civil-identity`).set(bearer(token));
  const patch = (id: string, body: object, token = t.admin.token) =>
    t.http().patch(`/api/learners/${id}/civil-identity`).set(bearer(token)).send(body);

  it('an existing learner keeps working with an empty identity, which names what the declaration lacks', async () => {
    const learner = await createLearner(t, { birthDate: '1991-01-02' });
    await t.http().get(`/api/learners/${learner.id}`).set(bearer(t.admin.token)).expect(200);
    const body = (await identity(learner.id).expect(200)).body;
    expect(body).toMatchObject({
      learnerId: learner.id,
      givenNames: null,
      sex: null,
      birthDate: '1991-01-02',
      birthCommuneCode: null,
      missingForDeclaration: ['givenNames', 'sex', 'birthPlace'],
      updatedAt: null,
    });
  });

  it('an admin completes it: stored, declarable, audited with before and after', async () => {
    const learner = await createLearner(t);
    const body = (await patch(learner.id, COMPLETE).expect(200)).body;
    expect(body).toMatchObject({ ...COMPLETE, birthName: null, missingForDeclaration: [], updatedAt: expect.any(String) });
    expect((await identity(learner.id).expect(200)).body).toEqual(body);
    const audit = await t.db.query(
      `SELECT before, after FROM audit_event WHERE action = 'learner.civil_identity_updated' AND entity_id = $1`,
      [learner.id],
    );
    expect(audit.rows).toHaveLength(1);
    expect(audit.rows[0].before).toMatchObject({ sex: null, givenNames: null });
    expect(audit.rows[0].after).toMatchObject({ sex: 'F', givenNames: ['Inès', 'Marie'] });
    // Nothing changed, nothing audited; null clears a field.
    await patch(learner.id, { sex: 'F' }).expect(200);
    expect((await patch(learner.id, { usageName: null }).expect(200)).body.usageName).toBeNull();
    expect(await t.count('audit_event', `action = 'learner.civil_identity_updated' AND entity_id = $1`, [learner.id])).toBe(2);
  });

  it('the learner completes its own record, and only its own; trainers and jury members may not', async () => {
    const own = await createLearner(t);
    const other = await createLearner(t);
    const user = await t.createUser(['learner'], { learnerId: own.id });
    await patch(own.id, { birthCommuneCode: '99109', birthCountryCode: '109', birthCountry: 'Allemagne' }, user.token).expect(200);
    expect((await identity(own.id, user.token).expect(200)).body).toMatchObject({ birthCommuneCode: '99109', birthCountryCode: '109' });
    await patch(other.id, { sex: 'M' }, user.token).expect(404);
    await identity(other.id, user.token).expect(404);
    const trainer = await t.createUser(['trainer']);
    await patch(own.id, { sex: 'M' }, trainer.token).expect(403);
    const jury = await t.createUser(['jury_member']);
    await patch(own.id, { sex: 'M' }, jury.token).expect(403);
    const foreign = await t.createOrganisation();
    await patch(own.id, { sex: 'M' }, foreign.admin.token).expect(404);
    expect((await identity(own.id).expect(200)).body.sex).toBeNull();
  });

  it.each<[string, object, string]>([
    ['an impossible INSEE code (Corsica is 2A/2B)', { birthCommuneCode: '20004' }, 'birthCommuneCode'],
    ['an INSEE code of an unknown department', { birthCommuneCode: '96001' }, 'birthCommuneCode'],
    ['an INSEE code of the wrong shape', { birthCommuneCode: '7505' }, 'birthCommuneCode'],
    ['a birth date in the future', { birthDate: '2999-01-01' }, 'birthDate'],
    ['a birth date before 1900', { birthDate: '1899-12-31' }, 'birthDate'],
    ['four first names', { givenNames: ['A', 'B', 'C', 'D'] }, 'givenNames'],
    ['no first name', { givenNames: [] }, 'givenNames'],
    ['a blank first name', { givenNames: ['Inès', '  '] }, 'givenNames'],
    ['a sex the registry does not state', { sex: 'X' }, 'sex'],
    ['a postal code of 4 digits', { birthPostalCode: '7501' }, 'birthPostalCode'],
    ['a country code of 2 digits', { birthCountryCode: '10' }, 'birthCountryCode'],
    ['an abroad code for another country', { birthCommuneCode: '99109', birthCountryCode: '132' }, 'birthCountryCode'],
    ['a French commune with a foreign country', { birthCommuneCode: '75056', birthCountryCode: '109' }, 'birthCountryCode'],
    ['an unknown field', { nickname: 'Ines' }, 'nickname'],
  ])('%s → 400 naming the field, nothing written', async (_name, body, field) => {
    const learner = await createLearner(t);
    const before = await t.count('audit_event');
    const response = await patch(learner.id, body).expect(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    expect(await t.count('audit_event')).toBe(before);
    expect((await identity(learner.id).expect(200)).body.updatedAt).toBeNull();
  });

  it('a birthplace made inconsistent by a later change is refused too', async () => {
    const learner = await createLearner(t);
    await patch(learner.id, { birthCommuneCode: '99109' }).expect(200);
    const response = await patch(learner.id, { birthCountryCode: '132' }).expect(400);
    expect(response.body.errors).toEqual([{ field: 'birthCountryCode', message: expect.stringContaining('109') }]);
  });

  it('a birth date after an enrolment started is refused (422 naming it)', async () => {
    const learner = await createLearner(t);
    await insertEnrolment(t, { learnerId: learner.id, certificationCode: 'RNCP41296', startedOn: '2010-09-01' });
    const response = await patch(learner.id, { birthDate: '2011-01-01' }).expect(422);
    expect(response.body.errors[0].field).toBe('birthDate');
  });

  it("the database's cpf_identity_missing() names the same fields as missingForDeclaration()", async () => {
    const variants: object[] = [
      {},
      { sex: 'M' },
      { givenNames: ['Jean'], birthPostalCode: '75011' },
      { givenNames: ['Jean'], sex: 'M', birthDate: '1980-01-01' },
      COMPLETE,
      { ...COMPLETE, birthCommuneCode: null, birthPostalCode: '69001' },
    ];
    for (const variant of variants) {
      const learner = await createLearner(t);
      const body = (await patch(learner.id, variant).expect(200)).body;
      const sql = await t.db.query(`SELECT cpf_identity_missing(l) AS missing FROM learner l WHERE id = $1`, [learner.id]);
      expect(sql.rows[0].missing).toEqual(missingForDeclaration(body));
      expect(body.missingForDeclaration).toEqual(sql.rows[0].missing);
    }
  });
});
