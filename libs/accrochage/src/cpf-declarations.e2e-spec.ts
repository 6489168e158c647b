import { daysLeftToDeclare, parisToday } from '@project/domain';
import {
  asBytes,
  RNCP41296_BLOCKS,
  TestApp,
  bearer,
  closeSession,
  createJurySession,
  createLearner,
  createTestApp,
  decide,
  insertEnrolment,
  passBlock,
  repeated,
  zipOf,
} from '@project/testing';
import { createHash } from 'node:crypto';
import { DEFAULT_CPF_XSD_PATH, XsdValidator } from './xml/xsd-validator';

const SETTINGS = {
  cdcClientId: 'AB12CD34',
  cdcContractId: 'CTR-2026',
  certifications: [{ certificationCode: 'RNCP41296', natureDeposant: 'CERTIFICATEUR' }],
};
const IDENTITY = { givenNames: ['Inès', 'Marie'], sex: 'F', birthDate: '1990-04-12', birthCommuneCode: '2A004', birthCommune: 'Ajaccio' };

interface Award {
  learnerId: string;
  enrolmentId: string;
  awardId: string;
}

/** The certification awarded (every block validated, then awarded) to each candidate, in one closed session held on `heldOn`. */
async function award(
  t: TestApp,
  candidates: { route: string; identity?: object | null; lastName?: string }[],
  heldOn: string,
  token = t.admin.token,
): Promise<Award[]> {
  const awards: Award[] = [];
  const session = await createJurySession(t, { certificationCode: 'RNCP41296', heldOn }, token);
  for (const candidate of candidates) {
    const learner = await createLearner(t, { lastName: candidate.lastName ?? 'Moreau' }, token);
    if (candidate.identity !== null) await patchIdentity(t, learner.id, candidate.identity ?? IDENTITY, token);
    const organisationId = await orgOf(t, learner.id);
    const enrolmentId = await insertEnrolment(t, {
      learnerId: learner.id,
      certificationCode: 'RNCP41296',
      accessRoute: candidate.route,
      startedOn: '2024-09-01',
      organisationId,
    });
    for (const block of RNCP41296_BLOCKS) {
      await passBlock(t, enrolmentId, block, { occurredOn: '2024-10-01', organisationId });
      await decideAs(t, token, session.id, { enrolmentId, blockCode: block, decision: 'validated' });
    }
    const awardId = await decideAs(t, token, session.id, { enrolmentId, decision: 'awarded' });
    awards.push({ learnerId: learner.id, enrolmentId, awardId });
  }
  const closed = await t.http().post(`/api/jury-sessions/${session.id}/close`).set(bearer(token));
  if (closed.status !== 200) throw new Error(`closing failed: ${closed.status} ${JSON.stringify(closed.body)}`);
  return awards;
}

async function orgOf(t: TestApp, learnerId: string): Promise<string> {
  return (await t.db.query(`SELECT organisation_id FROM learner WHERE id = $1`, [learnerId])).rows[0].organisation_id;
}

async function decideAs(t: TestApp, token: string, sessionId: string, body: object): Promise<string> {
  if (token === t.admin.token) return decide(t, sessionId, body as Record<string, unknown>);
  const response = await t.http().post(`/api/jury-sessions/${sessionId}/decisions`).set(bearer(token)).send(body);
  if (response.status !== 201) throw new Error(`decision failed: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body.id;
}

async function patchIdentity(t: TestApp, learnerId: string, identity: object, token = t.admin.token): Promise<void> {
  const response = await t.http().patch(`/api/learners/${learnerId}/civil-identity`).set(bearer(token)).send(identity);
  if (response.status !== 200) throw new Error(`identity failed: ${response.status} ${JSON.stringify(response.body)}`);
}

/**
 * An award date whose deadline is `daysLeft` days from Paris's today, or the nearest one before (month ends make some
 * deadlines unreachable: nothing is awarded on 30 February), with the days it really leaves by the pure rule.
 */
function awardedOnFor(daysLeft: number): { day: string; daysLeft: number } {
  const today = parisToday(new Date());
  for (let back = 0; back < 400; back++) {
    const day = new Date(Date.parse(today) - back * 86_400_000).toISOString().slice(0, 10);
    if (daysLeftToDeclare(day, today) <= daysLeft) return { day, daysLeft: daysLeftToDeclare(day, today) };
  }
  throw new Error(`no award date with ${daysLeft} days left`);
}

const report = (accepted: string[], rejected: { id: string; message: string }[], idFlux?: string) =>
  `<?xml version="1.0" encoding="UTF-8"?>
<ns2:accuseTraitement xmlns:ns2="urn:cdc:cpf:pc5:schema:1.0.0">
  ${idFlux ? `<ns2:idFlux>${idFlux}</ns2:idFlux>` : ''}
  <ns2:passagesOK>${accepted.map((id) => `<ns2:passageOK><ns2:idTechnique>${id}</ns2:idTechnique></ns2:passageOK>`).join('\n')}</ns2:passagesOK>
  <ns2:passagesKO>${rejected
    .map(
      (r) =>
        `<ns2:passageKO><ns2:idTechnique>${r.id}</ns2:idTechnique><ns2:erreurs><ns2:erreur>${r.message}</ns2:erreur></ns2:erreurs></ns2:passageKO>`,
    )
    .join('\n')}</ns2:passagesKO>
</ns2:accuseTraitement>`;

describe('CPF declarations: export, processing report, status (HTTP)', () => {
  let t: TestApp;
  let validator: XsdValidator;
  beforeAll(async () => {
    t = await createTestApp();
    validator = await XsdValidator.open(DEFAULT_CPF_XSD_PATH);
  });
  afterAll(async () => {
    await validator.close();
    await t.close();
  });

  const exportFile = (body: object = {}, token = t.admin.token) => t.http().post('/api/cpf-declarations').set(bearer(token)).send(body);
  const download = async (id: string, token = t.admin.token) => {
    const response = await asBytes(t.http().get(`/api/cpf-declarations/${id}/file.xml`).set(bearer(token)));
    expect(response.status).toBe(200);
    return response.body as Buffer;
  };
  const postReport = (id: string, xml: string | Buffer, type = 'application/xml', token = t.admin.token) =>
    t.http().post(`/api/cpf-declarations/${id}/report`).set(bearer(token)).set('content-type', type).send(Buffer.from(xml));
  const statusOf = async (query = '', token = t.admin.token) => {
    const response = await t.http().get(`/api/cpf-declarations/status${query}`).set(bearer(token));
    expect(response.status).toBe(200);
    return response.body.items as {
      awardDecisionId: string;
      state: string;
      missing: string[];
      messages: string[];
      idTechnique: string | null;
      daysLeft: number | null;
      deadline: string;
    }[];
  };
  const stateOf = async (awardId: string) => (await statusOf('?limit=500')).find((item) => item.awardDecisionId === awardId);

  it('the monthly routine: settings, a validated file, a report, a corrected resend, a withdrawal', async () => {
    // Settings first: the export names what is missing.
    const [apprentice, adult, vae, unplaced] = await award(
      t,
      [
        { route: 'apprenticeship', lastName: 'Apprentie' },
        {
          route: 'continuing_education',
          identity: { ...IDENTITY, birthCommuneCode: null, birthPostalCode: '75011', sex: 'M', givenNames: ['Jean'] },
          lastName: 'Adulte',
        },
        {
          route: 'vae',
          identity: {
            ...IDENTITY,
            birthCommuneCode: '99109',
            birthCommune: 'Berlin',
            birthCountry: 'Allemagne',
            givenNames: ['A', 'B', 'C'],
          },
          lastName: 'Vae',
        },
        { route: 'apprenticeship', identity: { givenNames: ['Léa'], sex: 'F', birthDate: '1995-01-01' }, lastName: 'Sanslieu' },
      ],
      awardedOnFor(45).day,
    );
    const left = awardedOnFor(45).daysLeft;
    const noSettings = await exportFile().expect(422);
    expect(noSettings.body).toMatchObject({ code: 'cpf_settings_missing' });
    expect(noSettings.body.errors.map((e: { field: string }) => e.field)).toEqual(['cdcClientId', 'cdcContractId']);
    await t
      .http()
      .put('/api/cpf-declarations/settings')
      .set(bearer(t.admin.token))
      .send({ ...SETTINGS, certifications: [] })
      .expect(200);
    const noNature = await exportFile().expect(422);
    expect(noNature.body.errors).toEqual([{ field: 'certifications[RNCP41296].natureDeposant', message: 'is not set' }]);
    expect(await t.count('cpf_declaration_file')).toBe(0);
    await t.http().put('/api/cpf-declarations/settings').set(bearer(t.admin.token)).send(SETTINGS).expect(200);

    // One file, three routes; the holder without a birthplace waits, named.
    const first = (await exportFile().expect(201)).body;
    expect(first).toMatchObject({
      passageCount: 3,
      notDeclarable: 1,
      remaining: 0,
      withdrawn: [],
      passages: { sent: 3, accepted: 0, rejected: 0 },
    });
    const xml = await download(first.id);
    expect(createHash('sha256').update(xml).digest('hex')).toBe(first.sha256);
    expect(xml.length).toBe(first.byteSize);
    expect(await validator.validate(xml.toString('utf8'))).toEqual([]);
    const text = xml.toString('utf8');
    expect(text).toContain(`<cpf:idFlux>${first.idFlux}</cpf:idFlux>`);
    expect(text).toContain('<cpf:idClient>AB12CD34</cpf:idClient>');
    expect(text).toContain('<cpf:natureDeposant>CERTIFICATEUR</cpf:natureDeposant>');
    for (const [a, modalite] of [
      [apprentice, 'FORMATION_INITIALE_APPRENTISSAGE'],
      [adult, 'FORMATION_CONTINUE_HORS_CONTRAT_DE_PROFESSIONNALISATION'],
      [vae, 'VAE'],
    ] as const) {
      const passage = text.slice(text.indexOf(`<cpf:idTechnique>${a.awardId}</cpf:idTechnique>`));
      expect(passage.slice(0, passage.indexOf('</cpf:passageCertification>'))).toContain(
        `<cpf:modaliteAcces>${modalite}</cpf:modaliteAcces>`,
      );
      expect(passage).toMatch(
        /^<cpf:idTechnique>[^<]+<\/cpf:idTechnique><cpf:urlPreuve>http:\/\/localhost:\d+\/verify\/[0-9a-f-]{36}<\/cpf:urlPreuve><cpf:obtentionCertification>PAR_ADMISSION/,
      );
    }
    expect(text).not.toContain(unplaced.awardId);
    expect(text).toContain('<cpf:codePostalNaissance><cpf:codePostal>75011</cpf:codePostal></cpf:codePostalNaissance>');
    expect(text).toContain(
      '<cpf:codeInsee>99109</cpf:codeInsee></cpf:codeInseeNaissance></cpf:codeCommuneNaissance><cpf:libelleCommuneNaissance>Berlin</cpf:libelleCommuneNaissance><cpf:codePaysNaissance>109</cpf:codePaysNaissance>',
    );
    expect(await stateOf(unplaced.awardId)).toMatchObject({ state: 'not_declarable', missing: ['birthPlace'], daysLeft: left });
    expect(await stateOf(apprentice.awardId)).toMatchObject({ state: 'declared', idTechnique: apprentice.awardId, daysLeft: left });

    // Nothing new: refused with the reasons counted.
    const nothing = await exportFile().expect(422);
    expect(nothing.body).toMatchObject({
      code: 'nothing_to_declare',
      reasons: {
        notDeclarable: 1,
        declared: 3,
        accepted: 0,
        rejected: 0,
        withdrawn: 0,
        missing: { birthPlace: 1, sex: 0, givenNames: 0, birthDate: 0 },
      },
    });

    // Completed, the holder appears in the next file.
    await patchIdentity(t, unplaced.learnerId, { birthCommuneCode: '75056' });
    const second = (await exportFile().expect(201)).body;
    expect(second).toMatchObject({ passageCount: 1, notDeclarable: 0 });
    expect((await download(second.id)).toString('utf8')).toContain(`<cpf:idTechnique>${unplaced.awardId}</cpf:idTechnique>`);

    // The report: two accepted, one rejected with its message; the file is marked, the states follow.
    const applied = await postReport(
      first.id,
      report(
        [apprentice.awardId, adult.awardId],
        [{ id: vae.awardId, message: 'Date de naissance incohérente avec le RNIPP' }],
        first.idFlux,
      ),
    ).expect(200);
    expect(applied.body).toEqual({ fileId: first.id, accepted: 2, rejected: 1, notInReport: 0 });
    expect(await stateOf(apprentice.awardId)).toMatchObject({ state: 'accepted', daysLeft: null });
    expect(await stateOf(vae.awardId)).toMatchObject({
      state: 'rejected',
      messages: ['Date de naissance incohérente avec le RNIPP'],
      daysLeft: left,
    });
    expect((await t.http().get(`/api/cpf-declarations/${first.id}`).set(bearer(t.admin.token)).expect(200)).body).toMatchObject({
      passages: { sent: 0, accepted: 2, rejected: 1 },
      reportAppliedAt: expect.any(String),
    });
    await postReport(first.id, report([apprentice.awardId], [])).expect(409);

    // Not corrected: not resent. Corrected: resent with the same idTechnique.
    await exportFile().expect(422);
    await patchIdentity(t, vae.learnerId, { birthDate: '1990-04-21' });
    const third = (await exportFile().expect(201)).body;
    expect(third.passageCount).toBe(1);
    const resent = (await download(third.id)).toString('utf8');
    expect(resent).toContain(`<cpf:idTechnique>${vae.awardId}</cpf:idTechnique>`);
    expect(resent).toContain('<cpf:jourNaissance>21</cpf:jourNaissance>');
    expect(await stateOf(vae.awardId)).toMatchObject({ state: 'declared', idTechnique: vae.awardId, fileId: third.id });

    // A correcting decision takes back an accepted award: listed as withdrawn for the admin (the format has no deletion).
    const correcting = await createJurySession(t, { certificationCode: 'RNCP41296', heldOn: parisToday(new Date()) });
    await decide(t, correcting.id, {
      enrolmentId: apprentice.enrolmentId,
      decision: 'refused',
      rationale: 'Fraude établie',
      supersedesDecisionId: apprentice.awardId,
      correctionReason: 'Fraude établie au mémoire',
    });
    await closeSession(t, correcting.id);
    expect(await stateOf(apprentice.awardId)).toMatchObject({ state: 'withdrawn', daysLeft: null });
    const [newcomer] = await award(t, [{ route: 'student', lastName: 'Nouvelle' }], awardedOnFor(60).day);
    const fourth = (await exportFile().expect(201)).body;
    expect(fourth.passageCount).toBe(1);
    expect(fourth.withdrawn.map((w: { awardDecisionId: string }) => w.awardDecisionId)).toEqual([apprentice.awardId]);
    expect((await download(fourth.id)).toString('utf8')).toContain(`<cpf:idTechnique>${newcomer.awardId}</cpf:idTechnique><cpf:urlPreuve>`);

    // The learner sees its own state; not another's.
    const holder = await t.createUser(['learner'], { learnerId: vae.learnerId });
    const own = await t.http().get(`/api/learners/${vae.learnerId}/cpf-declarations`).set(bearer(holder.token)).expect(200);
    expect(own.body).toEqual([expect.objectContaining({ awardDecisionId: vae.awardId, state: 'declared', daysLeft: left })]);
    await t.http().get(`/api/learners/${adult.learnerId}/cpf-declarations`).set(bearer(holder.token)).expect(404);
    // …and in its progress, next to the award.
    const progress = (await t.http().get('/api/me/progress').set(bearer(holder.token)).expect(200)).body;
    const awarded = progress.certifications.find((c: { awardedOn: string | null }) => c.awardedOn !== null);
    expect(awarded.cpfDeclaration).toMatchObject({ awardDecisionId: vae.awardId, state: 'declared', daysLeft: left });
    // An admin reading its progress finds the state at /learners/{id}/cpf-declarations, not in the progress (the hot path).
    const newcomerProgress = (await t.http().get(`/api/learners/${newcomer.learnerId}/progress`).set(bearer(t.admin.token)).expect(200))
      .body;
    expect(newcomerProgress.certifications.every((c: { cpfDeclaration: unknown }) => c.cpfDeclaration === null)).toBe(true);
    await t.http().get('/api/cpf-declarations/status').set(bearer(holder.token)).expect(403);

    // Files and their passages are immutable in the database too.
    await expect(t.db.query(`DELETE FROM cpf_declaration_file_chunk WHERE file_id = $1`, [first.id])).rejects.toThrow(/immutable/);
    await expect(
      t.db.query(`UPDATE cpf_declaration_passage SET state = 'sent', reported_at = NULL WHERE file_id = $1`, [first.id]),
    ).rejects.toThrow(/immutable/);
    await expect(t.db.query(`UPDATE cpf_declaration_file SET passage_count = 2 WHERE id = $1`, [first.id])).rejects.toThrow(/immutable/);
  });

  describe('a processing report that does not fit is refused, nothing applied', () => {
    let org: { id: string; admin: { token: string } };
    let file: { id: string; idFlux: string };
    let other: { id: string; idFlux: string };
    let awards: Award[];
    beforeAll(async () => {
      org = await t.createOrganisation('Certificateur B');
      await t.http().put('/api/cpf-declarations/settings').set(bearer(org.admin.token)).send(SETTINGS).expect(200);
      awards = await award(t, [{ route: 'apprenticeship' }, { route: 'student' }], awardedOnFor(40).day, org.admin.token);
      file = (await exportFile({}, org.admin.token).expect(201)).body;
      await award(t, [{ route: 'vae' }], awardedOnFor(50).day, org.admin.token);
      other = (await exportFile({}, org.admin.token).expect(201)).body;
    });
    const otherPassage = async (): Promise<string> =>
      (await t.db.query(`SELECT id_technique FROM cpf_declaration_passage WHERE file_id = $1`, [other.id])).rows[0].id_technique;
    const passageStates = async () =>
      (await t.db.query(`SELECT state FROM cpf_declaration_passage WHERE file_id = $1 ORDER BY id_technique`, [file.id])).rows.map(
        (r) => r.state,
      );

    it.each<[string, () => Promise<string | Buffer>, string, number, string]>([
      ['malformed XML', async () => '<accuse><passagesOK><passageOK><idTechnique>x', 'application/xml', 400, 'unreadable_report'],
      [
        'an external entity (XXE)',
        async () =>
          `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r><passagesOK><p><idTechnique>&x;</idTechnique></p></passagesOK></r>`,
        'application/xml',
        400,
        'unreadable_report',
      ],
      [
        'a zip bomb',
        async () => zipOf([{ name: 'accuse.xml', content: repeated(' ', 80 * 1024 * 1024) }]),
        'application/zip',
        400,
        'unreadable_report',
      ],
      [
        'a zip that is no zip',
        async () => Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(100, 1)]),
        'application/zip',
        400,
        'unreadable_report',
      ],
      [
        'an idTechnique of another file',
        async () => report([awards[0].awardId], [{ id: await otherPassage(), message: 'KO' }]),
        'application/xml',
        422,
        'invalid_report',
      ],
      [
        'an idTechnique nobody issued',
        async () => report([awards[0].awardId, '00000000-0000-4000-8000-000000000000'], []),
        'application/xml',
        422,
        'invalid_report',
      ],
      [
        'the report of another file (idFlux)',
        async () => report([awards[0].awardId], [], other.idFlux),
        'application/xml',
        422,
        'invalid_report',
      ],
      ['a repeated idTechnique', async () => report([awards[0].awardId, awards[0].awardId], []), 'application/xml', 422, 'invalid_report'],
      ['a JSON body', async () => '{"accepted":[]}', 'application/json', 400, ''],
    ])('%s', async (_name, body, type, status, code) => {
      const response = await postReport(file.id, await body(), type, org.admin.token);
      expect(response.status).toBe(status);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      if (code) expect(response.body.code).toBe(code);
      expect(await passageStates()).toEqual(['sent', 'sent']);
      expect(
        (await t.db.query(`SELECT report_applied_at FROM cpf_declaration_file WHERE id = $1`, [file.id])).rows[0].report_applied_at,
      ).toBeNull();
    });

    it("another organisation's file is not found, for the report as for the download", async () => {
      await postReport(file.id, report([awards[0].awardId], []), 'application/xml', t.admin.token).expect(404);
      await t.http().get(`/api/cpf-declarations/${file.id}/file.xml`).set(bearer(t.admin.token)).expect(404);
      expect(await passageStates()).toEqual(['sent', 'sent']);
    });

    it('a zipped report is read', async () => {
      const zipped = await zipOf([{ name: 'accuse.xml', content: report([awards[0].awardId, awards[1].awardId], []) }]);
      expect((await postReport(file.id, zipped, 'application/zip', org.admin.token).expect(200)).body).toMatchObject({ accepted: 2 });
    });
  });

  it('the deadline counts days around the three-month boundary, overdue first, page after page', async () => {
    const org = await t.createOrganisation('Certificateur C');
    const dates = [awardedOnFor(-1), awardedOnFor(0), awardedOnFor(1)];
    const overdue = await award(t, [{ route: 'student', lastName: 'Retard' }], dates[0].day, org.admin.token);
    const lastDay = await award(t, [{ route: 'student', lastName: 'Jour' }], dates[1].day, org.admin.token);
    const tomorrow = await award(t, [{ route: 'student', lastName: 'Demain', identity: null }], dates[2].day, org.admin.token);
    const seen: { awardDecisionId: string; daysLeft: number | null; state: string }[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `?limit=1${cursor ? `&cursor=${cursor}` : ''}`;
      const page = await t.http().get(`/api/cpf-declarations/status${query}`).set(bearer(org.admin.token)).expect(200);
      seen.push(...page.body.items);
      cursor = page.body.nextCursor;
    } while (cursor);
    // Around today's boundary (on most days exactly -1, 0 and 1): the SQL count is the pure rule's, overdue first.
    expect(seen.map((s) => [s.awardDecisionId, s.daysLeft, s.state])).toEqual([
      [overdue[0].awardId, dates[0].daysLeft, 'to_declare'],
      [lastDay[0].awardId, dates[1].daysLeft, 'to_declare'],
      [tomorrow[0].awardId, dates[2].daysLeft, 'not_declarable'],
    ]);
    expect(dates[0].daysLeft).toBeLessThan(0);
    expect(dates[2].daysLeft).toBeGreaterThanOrEqual(0);
    const filtered = await t.http().get('/api/cpf-declarations/status?state=not_declarable').set(bearer(org.admin.token)).expect(200);
    expect(filtered.body.items).toEqual([
      expect.objectContaining({ awardDecisionId: tomorrow[0].awardId, missing: ['givenNames', 'sex', 'birthDate', 'birthPlace'] }),
    ]);
  });

  it.each<[string, string, object, string]>([
    ['a client id of 7 characters', 'put', { ...SETTINGS, cdcClientId: 'AB12CD3' }, 'cdcClientId'],
    ['a contract id of 21 characters', 'put', { ...SETTINGS, cdcContractId: 'X'.repeat(21) }, 'cdcContractId'],
    [
      'an unknown natureDeposant',
      'put',
      { ...SETTINGS, certifications: [{ certificationCode: 'RNCP41296', natureDeposant: 'AUTRE' }] },
      'certifications',
    ],
    [
      'an unknown certification',
      'put',
      { ...SETTINGS, certifications: [{ certificationCode: 'RNCP1', natureDeposant: 'CERTIFICATEUR' }] },
      'certifications',
    ],
    ['an impossible award date', 'post', { awardedFrom: '2026-02-30' }, 'awardedFrom'],
    ['a range the wrong way round', 'post', { awardedFrom: '2026-06-01', awardedTo: '2026-01-01' }, 'awardedTo'],
    ['a code that is no RNCP code', 'post', { certificationCode: 'ABC' }, 'certificationCode'],
  ])('%s → 400 naming the field', async (_name, method, body, field) => {
    const request = method === 'put' ? t.http().put('/api/cpf-declarations/settings') : t.http().post('/api/cpf-declarations');
    const response = await request.set(bearer(t.admin.token)).send(body).expect(400);
    expect(response.body.errors.map((e: { field: string }) => e.field.split(/[.[]/)[0])).toContain(field);
  });
});
