import { TestApp, bearer, createCohort, createLearner, createTestApp, enrol, enrolledLearner, insertExtraModality, seedModalityId } from '@project/testing';

describe('spreadsheet import of results (HTTP)', () => {
  let t: TestApp;
  let trainer: { id: string; token: string };
  let ann: { id: string; email: string };
  let bob: { id: string; email: string };
  let annEnrolment: string;
  let bobEnrolment: string;
  let caseStudy: string; // RNCP41296BC02
  let passFail: string; // RNCP41296BC03, pass/fail

  const HEADER = 'learnerEmail,certificationCode,blockCode,modalityId,modalityKind,occurredOn,score,outcome,attempt,comment';

  beforeAll(async () => {
    t = await createTestApp();
    trainer = await t.createUser(['trainer']);
    const cohortId = (await createCohort(t, { certificationCode: 'RNCP41296', trainerUserIds: [trainer.id] })).id;
    ann = await createLearner(t, { email: 'ann.import@apprenant-test.fr' });
    // Ann's earlier enrolment (no cohort) is not the one the trainer records for.
    await enrol(t, ann.id, { certificationCode: 'RNCP41296', startedOn: '2023-01-01' });
    annEnrolment = (await enrol(t, ann.id, { certificationCode: 'RNCP41296', cohortId, startedOn: '2025-09-01' })).id;
    const enrolledBob = await enrolledLearner(t, { cohortId, email: 'bob.import@apprenant-test.fr' });
    bob = { id: enrolledBob.learnerId, email: enrolledBob.email };
    bobEnrolment = enrolledBob.enrolmentId;
    caseStudy = await seedModalityId(t, 'RNCP41296BC02', 'case_study');
    passFail = await insertExtraModality(t, { blockCode: 'RNCP41296BC03', grading: 'pass_fail' });
  });
  afterAll(() => t.close());

  const upload = (csv: string, token = trainer.token) => t.http().post('/api/evaluations/import').set(bearer(token)).set('Content-Type', 'text/csv').send(csv);

  it('records every line in one go (comma file: modality by id or by kind + block, quoted comments)', async () => {
    const before = await t.count('evaluation_result');
    const csv = [
      HEADER,
      `${ann.email},RNCP41296,,${caseStudy},,2025-03-14,14.5,,,"Très bien, ""clair"""`,
      `${bob.email},,RNCP41296BC02,,case_study,2025-03-14,8,,,`,
      `${bob.email},,RNCP41296BC02,,case_study,2025-06-14,11,,2,"rattrapage
sur deux lignes"`,
      `${ann.email.toUpperCase()},,,${passFail},,2025-04-01,,passed,,`,
    ].join('\r\n');
    const response = await upload(csv).expect(201);
    expect(response.body).toEqual({ created: 4 });
    expect(await t.count('evaluation_result')).toBe(before + 4);
    const { rows } = await t.db.query(
      `SELECT enrolment_id, modality_id, score::float8 AS score, outcome, attempt, comment, assessor_user_id FROM evaluation_result
       WHERE enrolment_id = ANY($1) ORDER BY enrolment_id, modality_id, attempt`,
      [[annEnrolment, bobEnrolment]],
    );
    expect(rows).toEqual(
      expect.arrayContaining([
        { enrolment_id: annEnrolment, modality_id: caseStudy, score: 14.5, outcome: null, attempt: 1, comment: 'Très bien, "clair"', assessor_user_id: trainer.id },
        { enrolment_id: annEnrolment, modality_id: passFail, score: null, outcome: 'passed', attempt: 1, comment: null, assessor_user_id: trainer.id },
        { enrolment_id: bobEnrolment, modality_id: caseStudy, score: 8, outcome: null, attempt: 1, comment: null, assessor_user_id: trainer.id },
        { enrolment_id: bobEnrolment, modality_id: caseStudy, score: 11, outcome: null, attempt: 2, comment: 'rattrapage\nsur deux lignes', assessor_user_id: trainer.id },
      ]),
    );
    expect(rows).toHaveLength(4);
    expect(await t.count('audit_event', `action = 'evaluation.recorded' AND after->>'enrolmentId' = ANY($1)`, [[annEnrolment, bobEnrolment]])).toBe(4);
  });

  it('reads semicolon files with decimal commas and French dates, columns in any order', async () => {
    const csv = `occurredOn;learnerEmail;blockCode;modalityKind;score\n15/09/2025;${ann.email};RNCP41296BC02;case_study;12,25\n`;
    await upload(csv).expect(201, { created: 1 });
    const { rows } = await t.db.query(
      `SELECT to_char(occurred_on, 'YYYY-MM-DD') AS d, score::float8 AS score, attempt FROM evaluation_result WHERE enrolment_id = $1 AND modality_id = $2 ORDER BY attempt DESC LIMIT 1`,
      [annEnrolment, caseStudy],
    );
    expect(rows[0]).toEqual({ d: '2025-09-15', score: 12.25, attempt: 2 });
  });

  it('writes nothing when any line is bad, reporting every bad line with its field', async () => {
    const foreignModality = await seedModalityId(t, 'RNCP41336BC01', 'written_synthesis');
    const before = await t.count('evaluation_result');
    const audits = await t.count('audit_event');
    const csv = [
      HEADER,
      `${ann.email},,,${caseStudy},,2025-10-01,13,,,ok`, // 2: fine
      `nobody@apprenant-test.fr,,,${caseStudy},,2025-10-01,13,,,`, // 3: unknown learner
      `${bob.email},,,${caseStudy},,2025-10-01,25,,,`, // 4: score out of range
      `${bob.email},,,${caseStudy},,2025-10-01,12.345,,,`, // 5: three decimals
      `${bob.email},,,${caseStudy},,2025-10-01,,,,`, // 6: neither score nor outcome
      `${bob.email},,,${caseStudy},,2025-10-01,12,passed,,`, // 7: both
      `${bob.email},,,${passFail},,2025-10-01,12,,,`, // 8: score for a pass/fail modality
      `${bob.email},,,not-a-uuid,,2025-10-01,12,,,`, // 9: bad modality id
      `${bob.email},,RNCP41296BC02,,oral_defence,2025-10-01,12,,,`, // 10: no such kind in the block
      `${bob.email},,,${foreignModality},,2025-10-01,12,,,`, // 11: bob is not enrolled in RNCP41336
      `${bob.email},,,${caseStudy},,2025-31-10,12,,,`, // 12: bad date
      `${bob.email},,,${caseStudy},,2025-10-01,12,,7,`, // 13: attempt out of sequence
      `${bob.email},RNCP41336,,${caseStudy},,2025-10-01,12,,,`, // 14: certification does not match
      `${bob.email},,,${caseStudy},,2025-10-01,12`, // 15: missing fields
      `${ann.email},,,${caseStudy},,2025-10-02,14,,,fine too`, // 16: fine
    ].join('\n');
    const response = await upload(csv).expect(422);
    expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(response.body.code).toBe('invalid_import');
    const byLine = response.body.errors.map((e: { line: number; field: string }) => [e.line, e.field]);
    expect(byLine).toEqual([
      [3, 'learnerEmail'],
      [4, 'score'],
      [5, 'score'],
      [6, 'score'],
      [7, 'outcome'],
      [8, 'score'],
      [9, 'modalityId'],
      [10, 'modalityKind'],
      [11, 'learnerEmail'],
      [12, 'occurredOn'],
      [13, 'attempt'],
      [14, 'certificationCode'],
      [15, 'row'],
    ]);
    for (const error of response.body.errors) expect(error.message).toEqual(expect.any(String));
    expect(await t.count('evaluation_result')).toBe(before);
    expect(await t.count('audit_event')).toBe(audits);
  });

  it('only uses enrolments the trainer is assigned to', async () => {
    const outsiderCohort = await createCohort(t, { certificationCode: 'RNCP41296' });
    const outsider = await enrolledLearner(t, { cohortId: outsiderCohort.id });
    const before = await t.count('evaluation_result');
    const response = await upload(`${HEADER}\n${outsider.email},,,${caseStudy},,2025-10-01,12,,,`).expect(422);
    expect(response.body.errors).toEqual([{ line: 2, field: 'learnerEmail', message: expect.stringContaining('not assigned') }]);
    // The admin may record for it.
    await upload(`${HEADER}\n${outsider.email},,,${caseStudy},,2025-10-01,12,,,`, t.admin.token).expect(201, { created: 1 });
    expect(await t.count('evaluation_result')).toBe(before + 1);
  });

  it.each([
    ['an empty body', '', 'header'],
    ['an unknown column', `${HEADER},grade\n`, 'grade'],
    ['no modality columns', `learnerEmail,occurredOn,score\n${'x@y.fr'},2025-01-01,12`, 'modalityId'],
    ['only a header', `${HEADER}\n`, 'row'],
    ['an unclosed quote', `${HEADER}\n"x@y.fr,,,`, 'row'],
  ])('refuses %s with 422 naming the problem', async (_name, csv, field) => {
    const before = await t.count('evaluation_result');
    const response = await upload(csv).expect(422);
    expect(response.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    expect(await t.count('evaluation_result')).toBe(before);
  });

  it('refuses learners (403), other organisations\' admins see no learner, and JSON bodies are 415', async () => {
    const learnerUser = await t.createUser(['learner'], { learnerId: ann.id });
    await upload(`${HEADER}\n${ann.email},,,${caseStudy},,2025-10-01,12,,,`, learnerUser.token).expect(403);
    const foreign = await t.createOrganisation();
    const response = await upload(`${HEADER}\n${ann.email},,,${caseStudy},,2025-10-01,12,,,`, foreign.admin.token).expect(422);
    expect(response.body.errors).toEqual([{ line: 2, field: 'learnerEmail', message: expect.stringContaining('no learner') }]);
    await t.http().post('/api/evaluations/import').set(bearer(trainer.token)).send({ csv: 'x' }).expect(415);
  });

  it('honours Idempotency-Key on imports', async () => {
    const before = await t.count('evaluation_result');
    const csv = `${HEADER}\n${bob.email},,,${caseStudy},,2025-11-01,15,,,`;
    const first = await upload(csv).set('Idempotency-Key', 'import-1').expect(201);
    const again = await upload(csv).set('Idempotency-Key', 'import-1').expect(201);
    expect(again.body).toEqual(first.body);
    expect(await t.count('evaluation_result')).toBe(before + 1);
    await upload(csv.replace('15', '16')).set('Idempotency-Key', 'import-1').expect(422);
  });
});
