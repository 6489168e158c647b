import { inflateZip } from '@project/platform';
import { Workbook } from 'exceljs';
import {
  TestApp,
  bearer,
  createCohort,
  createLearner,
  createTestApp,
  declareSizes,
  enrol,
  enrolledLearner,
  insertExtraModality,
  repeated,
  seedModalityId,
  withPeakMemory,
  zipOf,
} from '@project/testing';

describe('spreadsheet import of results (HTTP)', () => {
  let t: TestApp;
  let trainer: { id: string; token: string };
  let ann: { id: string; email: string };
  let bob: { id: string; email: string };
  let annEnrolment: string;
  let bobEnrolment: string;
  let caseStudy: string; // RNCP41296BC02
  let passFail: string; // RNCP41296BC03, pass/fail
  let cohortId: string; // the trainer's

  const HEADER = 'learnerEmail,certificationCode,blockCode,modalityId,modalityKind,occurredOn,score,outcome,attempt,comment';

  beforeAll(async () => {
    t = await createTestApp();
    trainer = await t.createUser(['trainer']);
    cohortId = (await createCohort(t, { certificationCode: 'RNCP41296', trainerUserIds: [trainer.id] })).id;
    ann = await createLearner(t, { email: 'ann.import@apprenant-test.fr' });
    // Ann's earlier enrolment (no cohort) is not the one the trainer records for.
    await enrol(t, ann.id, { certificationCode: 'RNCP41296', startedOn: '2023-01-01' });
    annEnrolment = (await enrol(t, ann.id, { certificationCode: 'RNCP41296', cohortId, startedOn: '2024-09-01' })).id;
    const enrolledBob = await enrolledLearner(t, { cohortId, email: 'bob.import@apprenant-test.fr' });
    bob = { id: enrolledBob.learnerId, email: enrolledBob.email };
    bobEnrolment = enrolledBob.enrolmentId;
    caseStudy = await seedModalityId(t, 'RNCP41296BC02', 'case_study');
    passFail = await insertExtraModality(t, { blockCode: 'RNCP41296BC03', grading: 'pass_fail' });
  });
  afterAll(() => t.close());

  const upload = (csv: string, token = trainer.token) =>
    t.http().post('/api/evaluations/import').set(bearer(token)).set('Content-Type', 'text/csv').send(csv);

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
        {
          enrolment_id: annEnrolment,
          modality_id: caseStudy,
          score: 14.5,
          outcome: null,
          attempt: 1,
          comment: 'Très bien, "clair"',
          assessor_user_id: trainer.id,
        },
        {
          enrolment_id: annEnrolment,
          modality_id: passFail,
          score: null,
          outcome: 'passed',
          attempt: 1,
          comment: null,
          assessor_user_id: trainer.id,
        },
        {
          enrolment_id: bobEnrolment,
          modality_id: caseStudy,
          score: 8,
          outcome: null,
          attempt: 1,
          comment: null,
          assessor_user_id: trainer.id,
        },
        {
          enrolment_id: bobEnrolment,
          modality_id: caseStudy,
          score: 11,
          outcome: null,
          attempt: 2,
          comment: 'rattrapage\nsur deux lignes',
          assessor_user_id: trainer.id,
        },
      ]),
    );
    expect(rows).toHaveLength(4);
    expect(
      await t.count('audit_event', `action = 'evaluation.recorded' AND after->>'enrolmentId' = ANY($1)`, [[annEnrolment, bobEnrolment]]),
    ).toBe(4);
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
      `${bob.email},,,${caseStudy},,2099-10-01,12,,,`, // 17: in the future
      `${ann.email},,,${caseStudy},,31/08/2024,12,,,`, // 18: before Ann's enrolment started (2024-09-01)
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
      [17, 'occurredOn'],
      [18, 'occurredOn'],
    ]);
    for (const error of response.body.errors) expect(error.message).toEqual(expect.any(String));
    expect(await t.count('evaluation_result')).toBe(before);
    expect(await t.count('audit_event')).toBe(audits);
  });

  it('answers a file of thousands of bad lines with a small problem: the first 100 errors and how many there were', async () => {
    const before = await t.count('evaluation_result');
    // Four errors a line: unknown learner, modality id, score and date.
    const csv = [HEADER, ...Array<string>(5_000).fill('nobody@apprenant-test.fr,,,not-a-uuid,,2025-31-10,abc,,,')].join('\n');
    const response = await upload(csv).expect(422);
    expect(response.body).toMatchObject({ code: 'invalid_import', detail: expect.stringMatching(/^5000 line\(s\) cannot be imported/) });
    expect(response.body.errors).toHaveLength(100);
    expect(response.body.errorCount).toBe(20_000);
    // The first lines of the file, in order.
    expect(response.body.errors[0]).toMatchObject({ line: 2 });
    expect(response.body.errors[99]).toMatchObject({ line: 26 });
    expect(JSON.stringify(response.body).length).toBeLessThan(20_000);
    expect(await t.count('evaluation_result')).toBe(before);
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

  it("refuses learners (403), other organisations' admins see no learner, and JSON bodies are 415", async () => {
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

  describe('XLSX workbooks', () => {
    const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
    const uploadXlsx = (file: Buffer, token = trainer.token) =>
      t.http().post('/api/evaluations/import').set(bearer(token)).set('Content-Type', XLSX).send(file);

    /** A workbook whose first sheet holds these rows (null leaves a row empty); a second sheet that must be ignored. */
    async function workbook(rows: (unknown[] | null)[]): Promise<Buffer> {
      const book = new Workbook();
      const sheet = book.addWorksheet('Résultats');
      rows.forEach((row, i) => {
        if (row) sheet.getRow(i + 1).values = row as never;
      });
      book.addWorksheet('Notes').addRow(['learnerEmail', 'not a result']);
      return Buffer.from(await book.xlsx.writeBuffer());
    }

    async function resultsOf(enrolmentId: string) {
      const { rows } = await t.db.query(
        `SELECT modality_id, to_char(occurred_on, 'YYYY-MM-DD') AS occurred_on, score::float8 AS score, outcome, attempt, comment, assessor_user_id
         FROM evaluation_result WHERE enrolment_id = $1 ORDER BY occurred_on, attempt`,
        [enrolmentId],
      );
      return rows;
    }

    it('records the first sheet: columns in any order, number cells, real date cells, text dates, rich text and mailto links', async () => {
      const carl = await enrolledLearner(t, { cohortId });
      const dana = await enrolledLearner(t, { cohortId });
      const before = await t.count('evaluation_result');
      const file = await workbook([
        ['score', 'occurredOn', 'learnerEmail', 'modalityId', 'blockCode', 'modalityKind', 'outcome', 'attempt', 'comment'],
        [
          14.5,
          new Date(Date.UTC(2025, 2, 14)),
          carl.email,
          caseStudy,
          null,
          null,
          null,
          null,
          { richText: [{ text: 'Très ' }, { text: 'bien', font: { bold: true } }] },
        ],
        [8, '15/09/2025', { text: dana.email, hyperlink: `mailto:${dana.email}` }, null, 'RNCP41296BC02', 'case_study'],
        [null, '2025-04-01', carl.email, passFail, null, null, 'passed'],
        null, // an empty row in the middle is skipped
        ['12,25', new Date(Date.UTC(2025, 9, 2)), dana.email, null, 'RNCP41296BC02', 'case_study', null, 2, 'rattrapage'],
      ]);
      const response = await uploadXlsx(file).expect(201);
      expect(response.body).toEqual({ created: 4 });
      expect(await t.count('evaluation_result')).toBe(before + 4);
      expect(await resultsOf(carl.enrolmentId)).toEqual([
        {
          modality_id: caseStudy,
          occurred_on: '2025-03-14',
          score: 14.5,
          outcome: null,
          attempt: 1,
          comment: 'Très bien',
          assessor_user_id: trainer.id,
        },
        {
          modality_id: passFail,
          occurred_on: '2025-04-01',
          score: null,
          outcome: 'passed',
          attempt: 1,
          comment: null,
          assessor_user_id: trainer.id,
        },
      ]);
      expect(await resultsOf(dana.enrolmentId)).toEqual([
        {
          modality_id: caseStudy,
          occurred_on: '2025-09-15',
          score: 8,
          outcome: null,
          attempt: 1,
          comment: null,
          assessor_user_id: trainer.id,
        },
        {
          modality_id: caseStudy,
          occurred_on: '2025-10-02',
          score: 12.25,
          outcome: null,
          attempt: 2,
          comment: 'rattrapage',
          assessor_user_id: trainer.id,
        },
      ]);
      expect(
        await t.count(
          'audit_event',
          `action = 'evaluation.recorded' AND reason = 'spreadsheet import' AND after->>'enrolmentId' = ANY($1)`,
          [[carl.enrolmentId, dana.enrolmentId]],
        ),
      ).toBe(4);
    });

    it('writes nothing when any row is bad, reporting every bad row by its sheet row number and field', async () => {
      const erin = await enrolledLearner(t, { cohortId });
      const before = await t.count('evaluation_result');
      const audits = await t.count('audit_event');
      const file = await workbook([
        null, // the header may start lower: row numbers stay the sheet's
        ['learnerEmail', 'modalityId', 'occurredOn', 'score', 'outcome', 'attempt'],
        [erin.email, caseStudy, new Date(Date.UTC(2025, 9, 1)), 13], // 3: fine
        ['nobody@apprenant-test.fr', caseStudy, '2025-10-01', 13], // 4: unknown learner
        [erin.email, caseStudy, '2025-10-01', 25], // 5: score out of range
        [erin.email, caseStudy, '2025-10-01', 12.345], // 6: three decimals
        null,
        [erin.email, caseStudy, '2025-10-01', 'douze'], // 8: not a number
        [erin.email, caseStudy, '2025-10-01', 12, 'passed'], // 9: both
        [erin.email, passFail, '2025-10-01', 12], // 10: score for a pass/fail modality
        [erin.email, 'not-a-uuid', '2025-10-01', 12], // 11: bad modality id
        [erin.email, caseStudy, 45000, 12], // 12: a bare number is not a date
        [erin.email, caseStudy, '2025-10-01', 12, null, 9], // 13: attempt out of sequence
        [erin.email, caseStudy, '2025-10-01', 12, null, null, 'extra'], // 14: a cell beyond the header
        [erin.email], // 15: only the email
        [erin.email, caseStudy, new Date(Date.UTC(2099, 0, 1)), 12], // 16: a date cell in the future
        [erin.email, caseStudy, '2024-08-31', 12], // 17: before Erin's enrolment started (2024-09-01)
      ]);
      const response = await uploadXlsx(file).expect(422);
      expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(response.body.code).toBe('invalid_import');
      expect(response.body.errors.map((e: { line: number; field: string }) => [e.line, e.field])).toEqual([
        [4, 'learnerEmail'],
        [5, 'score'],
        [6, 'score'],
        [8, 'score'],
        [9, 'outcome'],
        [10, 'score'],
        [11, 'modalityId'],
        [12, 'occurredOn'],
        [13, 'attempt'],
        [14, 'row'],
        [15, 'modalityKind'],
        [15, 'score'],
        [15, 'occurredOn'],
        [16, 'occurredOn'],
        [17, 'occurredOn'],
      ]);
      expect(await t.count('evaluation_result')).toBe(before);
      expect(await t.count('audit_event')).toBe(audits);
    });

    it('answers 400 naming file, and writes nothing, for a body that is not a readable workbook', async () => {
      const valid = await workbook([
        ['learnerEmail', 'modalityId', 'occurredOn', 'score'],
        [ann.email, caseStudy, '2025-10-01', 12],
      ]);
      const before = await t.count('evaluation_result');
      for (const body of [Buffer.from('learnerEmail,modalityId\nnot,a workbook'), valid.subarray(0, valid.length / 2), Buffer.alloc(0)]) {
        const response = await uploadXlsx(body).expect(400);
        expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
        expect(response.body.errors).toEqual([{ field: 'file', message: expect.stringContaining('not a readable XLSX') }]);
      }
      expect(await t.count('evaluation_result')).toBe(before);
    });

    it('refuses with 422 a cell over 10,000 characters, a sheet over 50,000 rows and a workbook declaring more than 100 MB inflated', async () => {
      const before = await t.count('evaluation_result');
      const longCell = await workbook([
        ['learnerEmail', 'modalityId', 'occurredOn', 'score', 'comment'],
        [ann.email, caseStudy, '2025-10-01', 12, 'x'.repeat(10_001)],
      ]);
      const response = await uploadXlsx(longCell).expect(422);
      expect(response.body.errors).toEqual([{ line: 2, field: 'column 5', message: expect.stringContaining('10000 characters') }]);
      const manyRows = await workbook([['learnerEmail'], ...Array.from({ length: 50_001 }, (_, i) => [`l${i}@x.fr`])]);
      const tooLong = await uploadXlsx(manyRows).expect(422);
      expect(tooLong.body.errors).toEqual([{ line: 1, field: 'row', message: expect.stringContaining('50000 rows') }]);
      // A zip bomb: the central directory declares 2 GB for the sheet; refused before anything is inflated.
      const bomb = Buffer.from(longCell);
      const entry = bomb.indexOf(Buffer.from('PK\x01\x02\x14', 'latin1'));
      expect(entry).toBeGreaterThan(0);
      bomb.writeUInt32LE(0x7fffffff, entry + 24);
      const bombed = await uploadXlsx(bomb).expect(422);
      expect(bombed.body.errors).toEqual([{ field: 'file', message: expect.stringContaining('inflates to more than 100 MB') }]);
      expect(await t.count('evaluation_result')).toBe(before);
    });

    it('refuses with 422 naming file, without inflating it, a workbook whose zip declares 1 kB for a sheet of 200 MB', async () => {
      // Sizes lie in the central directory and the local headers alike: only counting what inflates catches it.
      const bomb = declareSizes(await zipOf([{ name: 'xl/worksheets/sheet1.xml', content: repeated('0', 200 * 1024 * 1024) }]), 1024);
      expect(bomb.length).toBeLessThan(300 * 1024);
      const before = await t.count('evaluation_result');
      const { result: response, grownMb } = await withPeakMemory(() => uploadXlsx(bomb).expect(422));
      expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(response.body.errors).toEqual([
        { field: 'file', message: 'xl/worksheets/sheet1.xml inflates beyond the 1024 bytes its zip directory declares' },
      ]);
      // Inflating the sheet would take 200 MB at least (twice that as exceljs reads it as text).
      expect(grownMb).toBeLessThan(100);
      expect(await t.count('evaluation_result')).toBe(before);
    });

    it('refuses with 422 naming file, before exceljs reads it, a 100 kB workbook of more than two million XML elements', async () => {
      // 20,000 rows of 51 cells (a cell and its value are two elements): within the row and column limits, but seconds of exceljs work.
      const files = await inflateZip(await workbook([['learnerEmail']]), { maxEntries: 100, maxEntryBytes: 1e8, maxTotalBytes: 1e8 });
      const cells = '<c><v>1</v></c>'.repeat(51);
      const rows = Array.from({ length: 20_000 }, (_, i) => `<row r="${i + 1}">${cells}</row>`).join('');
      const huge = files.map(({ name, content }) =>
        name === 'xl/worksheets/sheet1.xml'
          ? { name, content: content.toString().replace(/<sheetData>.*<\/sheetData>/s, `<sheetData>${rows}</sheetData>`) }
          : { name, content },
      );
      const file = await zipOf(huge);
      expect(file.length).toBeLessThan(200 * 1024);
      const before = await t.count('evaluation_result');
      const response = await uploadXlsx(file).expect(422);
      expect(response.body.errors).toEqual([
        { field: 'file', message: 'the workbook holds more than 2000000 XML elements (cells, values, texts)' },
      ]);
      expect(await t.count('evaluation_result')).toBe(before);
    });

    it('only uses enrolments the trainer is assigned to', async () => {
      const outsider = await enrolledLearner(t, { cohortId: (await createCohort(t, { certificationCode: 'RNCP41296' })).id });
      const file = await workbook([
        ['learnerEmail', 'modalityId', 'occurredOn', 'score'],
        [outsider.email, caseStudy, new Date(Date.UTC(2025, 9, 1)), 12],
      ]);
      const before = await t.count('evaluation_result');
      const response = await uploadXlsx(file).expect(422);
      expect(response.body.errors).toEqual([{ line: 2, field: 'learnerEmail', message: expect.stringContaining('not assigned') }]);
      expect(await t.count('evaluation_result')).toBe(before);
      await uploadXlsx(file, t.admin.token).expect(201, { created: 1 });
      expect(await resultsOf(outsider.enrolmentId)).toHaveLength(1);
    });

    it('honours Idempotency-Key: the same workbook replays, another one with the same key is 422', async () => {
      const fay = await enrolledLearner(t, { cohortId });
      const file = await workbook([
        ['learnerEmail', 'modalityId', 'occurredOn', 'score'],
        [fay.email, caseStudy, new Date(Date.UTC(2025, 10, 1)), 15],
      ]);
      const first = await uploadXlsx(file).set('Idempotency-Key', 'xlsx-import-1').expect(201);
      const again = await uploadXlsx(file).set('Idempotency-Key', 'xlsx-import-1').expect(201);
      expect(again.body).toEqual(first.body);
      expect(await resultsOf(fay.enrolmentId)).toHaveLength(1);
      const other = await workbook([
        ['learnerEmail', 'modalityId', 'occurredOn', 'score'],
        [fay.email, caseStudy, new Date(Date.UTC(2025, 10, 1)), 16],
      ]);
      const reused = await uploadXlsx(other).set('Idempotency-Key', 'xlsx-import-1').expect(422);
      expect(reused.body.code).toBe('idempotency_key_reused');
      expect(await resultsOf(fay.enrolmentId)).toHaveLength(1);
    });
  });
});
