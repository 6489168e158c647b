import { parisToday } from '@project/domain';
import {
  asBytes,
  TestApp,
  bearer,
  compliantJury,
  createJurySession,
  createTestApp,
  insertEnrolment,
  insertLearner,
  passBlock,
  pdfText,
} from '@project/testing';
import { createHash } from 'node:crypto';

/** The jury's day (issue 15): dates, presence, signed minutes and their versions, the learner's view. */
describe("the jury's day (HTTP)", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const today = () => parisToday(new Date());
  const dayAfter = (day: string, days = 1) => new Date(Date.parse(`${day}T12:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
  const sha256 = (document: Buffer) => createHash('sha256').update(document).digest('hex');
  const api = (token = t.admin.token) => ({
    get: (path: string) => t.http().get(`/api${path}`).set(bearer(token)),
    post: (path: string, body: object = {}) => t.http().post(`/api${path}`).set(bearer(token)).send(body),
  });

  /** The seed's RNCP41296 jury, its third member (of the certifier's management) presiding. */
  const presidedJury = (userIds: string[] = []) =>
    compliantJury('RNCP41296', userIds).map((m, i) => (i === 2 ? { ...m, president: true } : m));

  async function candidate(blocks: string[] = ['RNCP41296BC01']) {
    const learnerId = await insertLearner(t);
    const enrolmentId = await insertEnrolment(t, { learnerId, certificationCode: 'RNCP41296' });
    for (const block of blocks) await passBlock(t, enrolmentId, block);
    return { learnerId, enrolmentId };
  }

  /** Three jury members with accounts (two external professionals, one of the certifier's management). */
  async function jurors() {
    return Promise.all([t.createUser(['jury_member']), t.createUser(['jury_member']), t.createUser(['jury_member'])]);
  }

  describe('dates', () => {
    it('refuses decisions, presence and closing before the day the jury sits (422 naming the date), and writes nothing', async () => {
      const tomorrow = dayAfter(today());
      const session = await createJurySession(t, { certificationCode: 'RNCP41296', heldOn: tomorrow });
      const { enrolmentId } = await candidate();
      const decision = await api().post(`/jury-sessions/${session.id}/decisions`, {
        enrolmentId,
        blockCode: 'RNCP41296BC01',
        decision: 'validated',
      });
      expect(decision.status).toBe(422);
      expect(decision.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(decision.body).toMatchObject({ code: 'jury_not_sat_yet', errors: [{ field: 'heldOn' }] });
      expect(decision.body.detail).toContain(tomorrow);
      const presence = await api()
        .post(`/jury-sessions/${session.id}/presence`, { present: session.members.map((m) => m.id) })
        .expect(422);
      expect(presence.body.code).toBe('jury_not_sat_yet');
      const close = await api().post(`/jury-sessions/${session.id}/close`).expect(422);
      expect(close.body.code).toBe('jury_not_sat_yet');
      expect(await t.count('jury_decision', 'jury_session_id = $1', [session.id])).toBe(0);
      expect(await t.count('jury_session', 'id = $1 AND closed_at IS NULL AND presence_recorded_at IS NULL', [session.id])).toBe(1);
    });

    it('decides and closes on the day itself, in the organisation time zone', async () => {
      const session = await createJurySession(t, { certificationCode: 'RNCP41296', heldOn: today() });
      const { enrolmentId } = await candidate();
      await api()
        .post(`/jury-sessions/${session.id}/decisions`, { enrolmentId, blockCode: 'RNCP41296BC01', decision: 'validated' })
        .expect(201);
      await api().post(`/jury-sessions/${session.id}/close`).expect(200);
    });

    it("counts the day in the jury organisation's own time zone", async () => {
      // Kiritimati (UTC+14) and Pago Pago (UTC−11) are always on different dates: the jury's day there differs.
      const dayIn = (timeZone: string) =>
        new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
      const heldOn = dayIn('Pacific/Kiritimati');
      const attempt = async (timeZone: string) => {
        const organisation = await t.createOrganisation();
        await t.db.query(`UPDATE organisation SET time_zone = $2 WHERE id = $1`, [organisation.id, timeZone]);
        const session = await createJurySession(t, { certificationCode: 'RNCP41296', heldOn }, organisation.admin.token);
        const learnerId = await insertLearner(t, { organisationId: organisation.id });
        const enrolmentId = await insertEnrolment(t, { learnerId, certificationCode: 'RNCP41296', organisationId: organisation.id });
        await passBlock(t, enrolmentId, 'RNCP41296BC01', { organisationId: organisation.id });
        return api(organisation.admin.token).post(`/jury-sessions/${session.id}/decisions`, {
          enrolmentId,
          blockCode: 'RNCP41296BC01',
          decision: 'validated',
        });
      };
      expect((await attempt('Pacific/Kiritimati')).status).toBe(201);
      const early = await attempt('Pacific/Pago_Pago');
      expect(early.status).toBe(422);
      expect(early.body.detail).toContain('Pacific/Pago_Pago');
    });

    it("keeps the organisation's time zone, Europe/Paris unless told, and refuses one that does not exist (400)", async () => {
      const operator = await api().get(`/organisations/${t.admin.organisationId}`).expect(200);
      expect(operator.body.timeZone).toBe('Europe/Paris');
      const bad = await api()
        .post('/organisations', {
          name: 'Centre des Antilles',
          kind: 'training_centre',
          siret: '73282932000074',
          adminEmail: 'direction@antilles.example.fr',
          adminDisplayName: 'Direction',
          timeZone: 'Mars/Olympus',
        })
        .expect(400);
      expect(bad.body.errors).toContainEqual(expect.objectContaining({ field: 'timeZone' }));
      expect(await t.count('organisation', `name = 'Centre des Antilles'`)).toBe(0);
    });
  });

  describe('presence', () => {
    it('until presence is recorded, the listed members count as present, and the minutes say presence was not recorded', async () => {
      const session = await createJurySession(t, { certificationCode: 'RNCP41296' });
      const minutes = await api().get(`/jury-sessions/${session.id}/minutes`).expect(200);
      expect(minutes.body.session.presenceRecorded).toBe(false);
      expect(minutes.body.members.every((m: { present: boolean }) => m.present)).toBe(true);
      const pdf = await asBytes(api().get(`/jury-sessions/${session.id}/minutes.pdf`)).expect(200);
      expect(pdfText(pdf.body).flat).toMatch(/présence non relevée/i);
    });

    it('counts the composition rule on the members present: an absent member breaks it (422 naming the role), a replacement restores it', async () => {
      const session = await createJurySession(t, { certificationCode: 'RNCP41296' });
      const [sophie, karim, helene] = session.members;
      const { enrolmentId } = await candidate(['RNCP41296BC01', 'RNCP41296BC02']);
      await api()
        .post(`/jury-sessions/${session.id}/presence`, { present: [sophie.id, helene.id] })
        .expect(200);

      const refused = await api()
        .post(`/jury-sessions/${session.id}/decisions`, { enrolmentId, blockCode: 'RNCP41296BC01', decision: 'validated' })
        .expect(422);
      expect(refused.body.code).toBe('jury_composition_invalid');
      expect(refused.body.detail).toContain('external_professional');
      expect(refused.body.detail).toContain('members present');
      expect(await t.count('jury_decision', 'jury_session_id = $1', [session.id])).toBe(0);

      const recorded = await api()
        .post(`/jury-sessions/${session.id}/presence`, {
          present: [sophie.id, helene.id],
          replacements: [{ fullName: 'Nadia Benali', role: 'external_professional', external: true, replacesMemberId: karim.id }],
        })
        .expect(200);
      expect(recorded.body.presenceRecordedAt).toEqual(expect.any(String));
      expect(recorded.body.members).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ id: karim.id, present: false, listed: true }),
          expect.objectContaining({ fullName: 'Nadia Benali', present: true, listed: false, replacesMemberId: karim.id }),
        ]),
      );
      await api()
        .post(`/jury-sessions/${session.id}/decisions`, { enrolmentId, blockCode: 'RNCP41296BC01', decision: 'validated' })
        .expect(201);

      // Nadia leaves before the end: the session can no longer decide nor close.
      await api()
        .post(`/jury-sessions/${session.id}/presence`, { present: [sophie.id, helene.id] })
        .expect(200);
      await api()
        .post(`/jury-sessions/${session.id}/decisions`, { enrolmentId, blockCode: 'RNCP41296BC02', decision: 'validated' })
        .expect(422);
      const close = await api().post(`/jury-sessions/${session.id}/close`).expect(422);
      expect(close.body.code).toBe('jury_composition_invalid');
      expect(await t.count('jury_session', 'id = $1 AND closed_at IS NULL', [session.id])).toBe(1);
      expect(await t.count('audit_event', `action = 'jury_session.presence_recorded' AND entity_id = $1`, [session.id])).toBe(3);

      // The minutes list those present and absent.
      const minutes = await api().get(`/jury-sessions/${session.id}/minutes`).expect(200);
      expect(minutes.body.session.presenceRecorded).toBe(true);
      expect(minutes.body.members.find((m: { id: string }) => m.id === karim.id).present).toBe(false);
    });

    it('refuses presence for someone not listed, a replacement without a role, or a present member replaced — naming the field, writing nothing', async () => {
      const session = await createJurySession(t, { certificationCode: 'RNCP41296' });
      const [sophie, karim] = session.members;
      const put = (body: object) => api().post(`/jury-sessions/${session.id}/presence`, body);
      const cases: [object, number, string][] = [
        [{ present: [sophie.id, '00000000-0000-4000-8000-000000000000'] }, 422, 'present[1]'],
        [{ present: [sophie.id, sophie.id] }, 422, 'present[1]'],
        [{ present: [sophie.id], replacements: [{ fullName: 'Sans rôle', external: true }] }, 400, 'replacements[0].role'],
        [{ present: [sophie.id], replacements: [{ fullName: 'X', role: 'jester', external: true }] }, 400, 'replacements[0].role'],
        [
          {
            present: [sophie.id, karim.id],
            replacements: [{ fullName: 'Nadia', role: 'external_professional', external: true, replacesMemberId: karim.id }],
          },
          422,
          'replacements[0].replacesMemberId',
        ],
        [{ present: 'everyone' }, 400, 'present'],
        [{ present: ['not-a-uuid'] }, 400, 'present'],
      ];
      for (const [body, status, field] of cases) {
        const response = await put(body).expect(status);
        expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(response.body.errors.map((e: { field: string }) => e.field)).toContainEqual(expect.stringContaining(field));
      }
      expect(await t.count('jury_member', 'jury_session_id = $1 AND (present IS NOT NULL OR NOT listed)', [session.id])).toBe(0);
      expect(await t.count('jury_session', 'id = $1 AND presence_recorded_at IS NULL', [session.id])).toBe(1);
    });
  });

  describe('signing the minutes', () => {
    it('closing, then three members signing, makes the minutes signed; each fingerprint is the SHA-256 of the closed minutes as downloaded', async () => {
      const [sophie, karim, helene] = await jurors();
      const outsider = await t.createUser(['jury_member']);
      const members = presidedJury([sophie.id, karim.id, helene.id]);
      const session = await createJurySession(t, { certificationCode: 'RNCP41296', members });
      const { learnerId, enrolmentId } = await candidate();
      await api()
        .post(`/jury-sessions/${session.id}/decisions`, { enrolmentId, blockCode: 'RNCP41296BC01', decision: 'validated' })
        .expect(201);

      // Not before closing.
      const early = await api(sophie.token)
        .post(`/jury-sessions/${session.id}/minutes/signatures`, { sha256: 'a'.repeat(64) })
        .expect(409);
      expect(early.body.code).toBe('invalid_state');
      await api().post(`/jury-sessions/${session.id}/close`).expect(200);

      const closed = await asBytes(api(sophie.token).get(`/jury-sessions/${session.id}/minutes/versions/1`)).expect(200);
      expect(closed.headers['content-type']).toMatch(/^application\/pdf/);
      const fingerprint = sha256(closed.body);
      const status = await api().get(`/jury-sessions/${session.id}/minutes`).expect(200);
      expect(status.body.signing).toMatchObject({ version: 1, sha256: fingerprint, signed: false, signatures: [] });
      expect(status.body.signing.expectedSigners).toHaveLength(3);

      // Bad signatures: a wrong fingerprint, an admin who does not sit, a jury member of another session.
      const wrong = await api(sophie.token)
        .post(`/jury-sessions/${session.id}/minutes/signatures`, { sha256: 'b'.repeat(64) })
        .expect(409);
      expect(wrong.body).toMatchObject({ code: 'minutes_fingerprint_mismatch', errors: [{ field: 'sha256' }] });
      await api().post(`/jury-sessions/${session.id}/minutes/signatures`, { sha256: fingerprint }).expect(403);
      await api(outsider.token).post(`/jury-sessions/${session.id}/minutes/signatures`, { sha256: fingerprint }).expect(404);
      const malformed = await api(sophie.token).post(`/jury-sessions/${session.id}/minutes/signatures`, { sha256: 'xyz' }).expect(400);
      expect(malformed.body.errors[0].field).toBe('sha256');
      expect(await t.count('jury_minutes_signature', 'jury_session_id = $1', [session.id])).toBe(0);

      // The learner's view: the jury date, not signed yet.
      const before = await api().get(`/learners/${learnerId}/decisions`).expect(200);
      expect(before.body[0]).toMatchObject({ heldOn: session.heldOn, sessionClosed: true, minutesSignedAt: null });

      await api(sophie.token).post(`/jury-sessions/${session.id}/minutes/signatures`, { sha256: fingerprint }).expect(201);
      const twice = await api(sophie.token)
        .post(`/jury-sessions/${session.id}/minutes/signatures`, { sha256: fingerprint.toUpperCase() })
        .expect(409);
      expect(twice.body.detail).toMatch(/already signed/);
      await api(karim.token).post(`/jury-sessions/${session.id}/minutes/signatures`, { sha256: fingerprint }).expect(201);
      const last = await api(helene.token).post(`/jury-sessions/${session.id}/minutes/signatures`, { sha256: fingerprint }).expect(201);
      expect(last.body).toMatchObject({ version: 1, signed: true, signedAt: expect.any(String) });
      expect(last.body.signatures).toHaveLength(3);
      for (const signature of last.body.signatures) expect(signature.sha256).toBe(fingerprint);
      expect(last.body.signatures.map((s: { fullName: string }) => s.fullName)).toEqual(['Sophie Bernard', 'Karim Haddad', 'Hélène Roux']);

      // The closed minutes are still the same bytes; the signed rendition shows each signature and the fingerprint.
      const again = await asBytes(api().get(`/jury-sessions/${session.id}/minutes/versions/1`)).expect(200);
      expect(sha256(again.body)).toBe(fingerprint);
      const signedPdf = pdfText((await asBytes(api().get(`/jury-sessions/${session.id}/minutes.pdf`)).expect(200)).body).flat;
      for (const name of ['Sophie Bernard', 'Karim Haddad', 'Hélène Roux']) expect(signedPdf).toContain(name);
      expect(signedPdf.replace(/\s/g, '')).toContain(fingerprint);

      const after = await api().get(`/learners/${learnerId}/decisions`).expect(200);
      expect(after.body[0].minutesSignedAt).toEqual(last.body.signedAt);
      // The learner itself reads it: the jury's date and that its minutes are signed.
      const learnerUser = await t.createUser(['learner'], { learnerId });
      const own = await api(learnerUser.token).get(`/learners/${learnerId}/decisions`).expect(200);
      expect(own.body[0]).toMatchObject({ heldOn: session.heldOn, minutesSignedAt: last.body.signedAt });
      expect(await t.count('audit_event', `action = 'jury_minutes.signed' AND entity_id = $1`, [session.id])).toBe(3);

      // Database-enforced: neither a signature nor a version changes.
      await expect(
        t.db.query(`UPDATE jury_minutes_signature SET signed_at = now() WHERE jury_session_id = $1`, [session.id]),
      ).rejects.toThrow(/append-only/);
      await expect(t.db.query(`DELETE FROM jury_minutes WHERE jury_session_id = $1`, [session.id])).rejects.toThrow(/append-only/);
      await expect(t.db.query(`UPDATE jury_minutes SET document = 'x'::bytea WHERE jury_session_id = $1`, [session.id])).rejects.toThrow(
        /append-only/,
      );
    });

    it('three members signing at the same moment: three signatures, the minutes signed once', async () => {
      const jury = await jurors();
      const session = await createJurySession(t, {
        certificationCode: 'RNCP41296',
        members: compliantJury(
          'RNCP41296',
          jury.map((j) => j.id),
        ),
      });
      const { enrolmentId } = await candidate();
      await api()
        .post(`/jury-sessions/${session.id}/decisions`, { enrolmentId, blockCode: 'RNCP41296BC01', decision: 'validated' })
        .expect(201);
      await api().post(`/jury-sessions/${session.id}/close`).expect(200);
      const fingerprint = sha256((await asBytes(api().get(`/jury-sessions/${session.id}/minutes/versions/1`)).expect(200)).body);
      const responses = await Promise.all(
        [...jury, ...jury].map((juror) =>
          api(juror.token).post(`/jury-sessions/${session.id}/minutes/signatures`, { sha256: fingerprint }),
        ),
      );
      expect(responses.map((r) => r.status).sort()).toEqual([201, 201, 201, 409, 409, 409]);
      expect(await t.count('jury_minutes_signature', 'jury_session_id = $1', [session.id])).toBe(3);
      expect(await t.count('jury_minutes', 'jury_session_id = $1 AND signed_at IS NOT NULL', [session.id])).toBe(1);
      expect(responses.filter((r) => r.status === 201 && r.body.signed)).toHaveLength(1);
    });

    it('an absent member does not sign; with the president policy, the president alone makes the minutes signed', async () => {
      const [sophie, karim, helene] = await jurors();
      const members = presidedJury([sophie.id, karim.id, helene.id]);
      const created = await api()
        .post('/jury-sessions', {
          certificationCode: 'RNCP41296',
          heldOn: today(),
          place: 'Lyon, salle 3',
          signaturePolicy: 'president',
          members,
        })
        .expect(201);
      const session = created.body;
      expect(session).toMatchObject({ place: 'Lyon, salle 3', signaturePolicy: 'president' });
      const [s, k, h] = session.members;
      await api()
        .post(`/jury-sessions/${session.id}/presence`, {
          present: [s.id, h.id],
          replacements: [{ fullName: 'Nadia Benali', role: 'external_professional', external: true, replacesMemberId: k.id }],
        })
        .expect(200);
      const { enrolmentId } = await candidate();
      await api()
        .post(`/jury-sessions/${session.id}/decisions`, { enrolmentId, blockCode: 'RNCP41296BC01', decision: 'validated' })
        .expect(201);
      await api().post(`/jury-sessions/${session.id}/close`).expect(200);
      const fingerprint = sha256((await asBytes(api().get(`/jury-sessions/${session.id}/minutes/versions/1`)).expect(200)).body);

      const absent = await api(karim.token).post(`/jury-sessions/${session.id}/minutes/signatures`, { sha256: fingerprint }).expect(403);
      expect(absent.body.detail).toMatch(/absent/);
      // The database itself refuses a signature whose fingerprint is not that version's.
      await expect(
        t.db.query(
          `INSERT INTO jury_minutes_signature (jury_session_id, version, sha256, jury_member_id, user_id) VALUES ($1, 1, $2, $3, $4)`,
          [session.id, 'c'.repeat(64), k.id, karim.id],
        ),
      ).rejects.toThrow(/foreign key/);
      const bySophie = await api(sophie.token).post(`/jury-sessions/${session.id}/minutes/signatures`, { sha256: fingerprint }).expect(201);
      expect(bySophie.body.signed).toBe(false);
      const byPresident = await api(helene.token)
        .post(`/jury-sessions/${session.id}/minutes/signatures`, { sha256: fingerprint })
        .expect(201);
      expect(byPresident.body).toMatchObject({ signed: true, expectedSigners: [{ fullName: 'Hélène Roux' }] });

      const minutes = await api().get(`/jury-sessions/${session.id}/minutes`).expect(200);
      expect(minutes.body.session).toMatchObject({ place: 'Lyon, salle 3', presenceRecorded: true, signaturePolicy: 'president' });
      expect(minutes.body.members.find((m: { fullName: string }) => m.fullName === 'Nadia Benali')).toMatchObject({
        present: true,
        listed: false,
        replacesMemberName: 'Karim Haddad',
      });
    });

    it('refuses a second president, and a president-signed session whose president is absent cannot close', async () => {
      const members = compliantJury('RNCP41296').map((m) => ({ ...m, president: true }));
      const two = await api().post('/jury-sessions', { certificationCode: 'RNCP41296', heldOn: today(), members }).expect(400);
      expect(two.body.errors[0].field).toBe('members[1].president');

      const one = presidedJury();
      const created = await api()
        .post('/jury-sessions', {
          certificationCode: 'RNCP41296',
          heldOn: today(),
          signaturePolicy: 'president',
          members: [...one, { fullName: 'Luc Moreau', role: 'certifier_management', external: false }],
        })
        .expect(201);
      const [s, k, , luc] = created.body.members;
      await api()
        .post(`/jury-sessions/${created.body.id}/presence`, { present: [s.id, k.id, luc.id] })
        .expect(200);
      const close = await api().post(`/jury-sessions/${created.body.id}/close`).expect(422);
      expect(close.body.errors[0].field).toBe('signaturePolicy');
      expect(await t.count('jury_session', 'id = $1 AND closed_at IS NULL', [created.body.id])).toBe(1);
    });

    it('a member without an account cannot sign until an admin links one, which is allowed once even after closing', async () => {
      const [paul, other] = await Promise.all([t.createUser(['jury_member']), t.createUser(['trainer'])]);
      const session = await createJurySession(t, { certificationCode: 'RNCP41296' });
      const { enrolmentId } = await candidate();
      await api()
        .post(`/jury-sessions/${session.id}/decisions`, { enrolmentId, blockCode: 'RNCP41296BC01', decision: 'validated' })
        .expect(201);
      await api().post(`/jury-sessions/${session.id}/close`).expect(200);
      const status = await api().get(`/jury-sessions/${session.id}/minutes`).expect(200);
      expect(status.body.signing.expectedSigners.map((s: { hasAccount: boolean }) => s.hasAccount)).toEqual([false, false, false]);

      const member = session.members[0];
      const link = (body: object, memberId = member.id) => api().post(`/jury-sessions/${session.id}/members/${memberId}/account`, body);
      const notJury = await link({ userId: other.id }).expect(422);
      expect(notJury.body.errors[0].field).toBe('userId');
      await link({ userId: 'nope' }).expect(400);
      await link({ userId: paul.id }, '00000000-0000-4000-8000-000000000000').expect(404);
      const linked = await link({ userId: paul.id }).expect(200);
      expect(linked.body.members[0].userId).toBe(paul.id);
      await link({ userId: paul.id }).expect(409);
      const sameUserTwice = await link({ userId: paul.id }, session.members[1].id).expect(422);
      expect(sameUserTwice.body.errors[0].field).toBe('userId');

      const fingerprint = sha256((await asBytes(api().get(`/jury-sessions/${session.id}/minutes/versions/1`)).expect(200)).body);
      const signed = await api(paul.token).post(`/jury-sessions/${session.id}/minutes/signatures`, { sha256: fingerprint }).expect(201);
      expect(signed.body.signatures).toEqual([expect.objectContaining({ fullName: member.fullName, sha256: fingerprint })]);
      expect(signed.body.expectedSigners[0].hasAccount).toBe(true);
      expect(await t.count('audit_event', `action = 'jury_member.account_linked' AND entity_id = $1`, [session.id])).toBe(1);
      // Only that change: the database still refuses any other change to a closed session's member.
      await expect(t.db.query(`UPDATE jury_member SET full_name = 'X' WHERE id = $1`, [member.id])).rejects.toThrow(/closed/);
    });

    it('a replacement presides when the listed president is absent; an absent member neither decides nor closes', async () => {
      const [president, sophie, karim, nadia] = await Promise.all([
        t.createUser(['jury_member']),
        t.createUser(['jury_member']),
        t.createUser(['jury_member']),
        t.createUser(['jury_member']),
      ]);
      const members = presidedJury([sophie.id, karim.id, president.id]);
      const noPresident = await api()
        .post('/jury-sessions', {
          certificationCode: 'RNCP41296',
          heldOn: today(),
          signaturePolicy: 'president',
          members: compliantJury('RNCP41296'),
        })
        .expect(400);
      expect(noPresident.body.errors[0].field).toBe('signaturePolicy');
      const blank = await api()
        .post('/jury-sessions', {
          certificationCode: 'RNCP41296',
          heldOn: today(),
          members: [{ fullName: '   ', role: 'other', external: false }],
        })
        .expect(400);
      expect(blank.body.errors[0].field).toBe('members[0].fullName');

      const created = await api()
        .post('/jury-sessions', { certificationCode: 'RNCP41296', heldOn: today(), signaturePolicy: 'president', members })
        .expect(201);
      const session = created.body;
      const [s, k, h] = session.members;
      const replacement = {
        fullName: 'Nadia Benali',
        role: 'certifier_management',
        external: false,
        userId: nadia.id,
        replacesMemberId: h.id,
      };
      const whilePresent = await api()
        .post(`/jury-sessions/${session.id}/presence`, {
          present: [s.id, k.id, h.id],
          replacements: [{ ...replacement, president: true, replacesMemberId: undefined }],
        })
        .expect(422);
      expect(whilePresent.body.errors[0].field).toBe('replacements[0].president');
      const recorded = await api()
        .post(`/jury-sessions/${session.id}/presence`, {
          present: [s.id, k.id],
          place: 'Lyon, salle 3',
          replacements: [{ ...replacement, president: true }],
        })
        .expect(200);
      expect(recorded.body.place).toBe('Lyon, salle 3');

      const { enrolmentId } = await candidate();
      const absent = await api(president.token)
        .post(`/jury-sessions/${session.id}/decisions`, { enrolmentId, blockCode: 'RNCP41296BC01', decision: 'validated' })
        .expect(403);
      expect(absent.body.detail).toMatch(/absent/);
      await api(nadia.token)
        .post(`/jury-sessions/${session.id}/decisions`, { enrolmentId, blockCode: 'RNCP41296BC01', decision: 'validated' })
        .expect(201);
      await api(president.token).post(`/jury-sessions/${session.id}/close`).expect(403);
      await api(nadia.token).post(`/jury-sessions/${session.id}/close`).expect(200);

      const fingerprint = sha256((await asBytes(api().get(`/jury-sessions/${session.id}/minutes/versions/1`)).expect(200)).body);
      const signed = await api(nadia.token).post(`/jury-sessions/${session.id}/minutes/signatures`, { sha256: fingerprint }).expect(201);
      expect(signed.body).toMatchObject({ signed: true, expectedSigners: [{ fullName: 'Nadia Benali' }] });
      const minutes = await api().get(`/jury-sessions/${session.id}/minutes`).expect(200);
      expect(minutes.body.session.place).toBe('Lyon, salle 3');
      expect(minutes.body.certification.blocks).toEqual(
        expect.arrayContaining([expect.objectContaining({ code: 'RNCP41296BC01', title: expect.any(String) })]),
      );
    });

    it('a correction after signing adds a version of the minutes, never edits the signed one', async () => {
      const [sophie, karim, helene] = await jurors();
      const members = compliantJury('RNCP41296', [sophie.id, karim.id, helene.id]);
      const first = await createJurySession(t, { certificationCode: 'RNCP41296', heldOn: '2026-06-30', members });
      const { enrolmentId } = await candidate();
      const decided = await api()
        .post(`/jury-sessions/${first.id}/decisions`, { enrolmentId, blockCode: 'RNCP41296BC01', decision: 'validated' })
        .expect(201);
      await api().post(`/jury-sessions/${first.id}/close`).expect(200);
      const v1 = (await asBytes(api().get(`/jury-sessions/${first.id}/minutes/versions/1`)).expect(200)).body;
      for (const juror of [sophie, karim, helene]) {
        await api(juror.token)
          .post(`/jury-sessions/${first.id}/minutes/signatures`, { sha256: sha256(v1) })
          .expect(201);
      }

      const correcting = await createJurySession(t, { certificationCode: 'RNCP41296', heldOn: '2026-09-15' });
      await api()
        .post(`/jury-sessions/${correcting.id}/decisions`, {
          enrolmentId,
          blockCode: 'RNCP41296BC01',
          decision: 'not_validated',
          rationale: 'Plagiat établi après la session',
          supersedesDecisionId: decided.body.id,
          correctionReason: 'Plagiat établi après la session',
        })
        .expect(201);
      // Nothing changes in the first session's minutes until the correcting session closes.
      expect(await t.count('jury_minutes', 'jury_session_id = $1', [first.id])).toBe(1);
      await api().post(`/jury-sessions/${correcting.id}/close`).expect(200);

      const minutes = await api().get(`/jury-sessions/${first.id}/minutes`).expect(200);
      expect(minutes.body.version).toBe(2);
      expect(minutes.body.rectifications).toEqual([
        expect.objectContaining({
          decisionId: decided.body.id,
          decision: 'validated',
          correctedDecision: 'not_validated',
          correctedOn: '2026-09-15',
        }),
      ]);
      expect(minutes.body.signing).toMatchObject({ version: 2, signed: false, signatures: [] });
      expect(minutes.body.previousVersion).toMatchObject({ version: 1, sha256: sha256(v1), signedAt: expect.any(String) });
      expect(minutes.body.signing.versions[0].reason).toBe('Rectification par la session du jury du 15 septembre 2026');
      const v2Text = pdfText((await asBytes(api().get(`/jury-sessions/${first.id}/minutes/versions/2`)).expect(200)).body).flat;
      expect(v2Text).toContain(sha256(v1));
      const correctingText = pdfText(
        (await asBytes(api().get(`/jury-sessions/${correcting.id}/minutes/versions/1`)).expect(200)).body,
      ).flat;
      expect(correctingText).toContain('Rectifie la décision du jury du 30 juin 2026 (validé)');
      expect(
        minutes.body.signing.versions.map((v: { version: number; signedAt: string | null }) => [v.version, v.signedAt !== null]),
      ).toEqual([
        [2, false],
        [1, true],
      ]);
      const v2 = (await asBytes(api().get(`/jury-sessions/${first.id}/minutes/versions/2`)).expect(200)).body;
      expect(sha256(v2)).not.toBe(sha256(v1));
      expect(sha256((await asBytes(api().get(`/jury-sessions/${first.id}/minutes/versions/1`)).expect(200)).body)).toBe(sha256(v1));
      // Version 1's fingerprint no longer signs: the current version is 2.
      const stale = await api(sophie.token)
        .post(`/jury-sessions/${first.id}/minutes/signatures`, { sha256: sha256(v1) })
        .expect(409);
      expect(stale.body.code).toBe('minutes_fingerprint_mismatch');
      await api(sophie.token)
        .post(`/jury-sessions/${first.id}/minutes/signatures`, { sha256: sha256(v2) })
        .expect(201);
      expect(await t.count('jury_minutes_signature', 'jury_session_id = $1 AND version = 1', [first.id])).toBe(3);
      await api().get(`/jury-sessions/${first.id}/minutes/versions/3`).expect(404);
      await api().get(`/jury-sessions/${first.id}/minutes/versions/0`).expect(400);
      await api().get(`/jury-sessions/${first.id}/minutes/versions/abc`).expect(400);
    });
  });

  it('a session closed before minutes had versions gets its version 1 from what it froze then, once, when first asked', async () => {
    const [juror] = await jurors();
    // As the old code closed it: members, then closed_at and the minutes JSON in the session row.
    const { rows } = await t.db.query(
      `INSERT INTO jury_session (organisation_id, certification_code, held_on) VALUES ($1, 'RNCP41296', '2025-06-30') RETURNING id`,
      [t.admin.organisationId],
    );
    const id = rows[0].id;
    await t.db.query(
      `INSERT INTO jury_member (jury_session_id, position, full_name, role, external, user_id)
       VALUES ($1, 1, 'Sophie Bernard', 'external_professional', true, $2)`,
      [id, juror.id],
    );
    await t.db.query(`UPDATE jury_session SET closed_at = '2025-06-30T16:00:00Z', minutes = $2::jsonb WHERE id = $1`, [
      id,
      JSON.stringify({
        session: {
          id,
          certificationCode: 'RNCP41296',
          certificationTitle: 'Manager',
          heldOn: '2025-06-30',
          closedAt: '2025-06-30T16:00:00.000Z',
        },
        members: [{ fullName: 'Sophie Bernard', role: 'external_professional', external: true, userId: juror.id }],
        candidates: [],
        summary: {
          candidates: 0,
          decisions: 0,
          blocksValidated: 0,
          awarded: 0,
          refused: 0,
          departures: 0,
          corrections: 0,
          enteredOnBehalfOfJury: 0,
        },
        draft: false,
      }),
    ]);
    const [first, second] = await Promise.all([api().get(`/jury-sessions/${id}/minutes`), api().get(`/jury-sessions/${id}/minutes`)]);
    expect(first.status).toBe(200);
    expect(second.status).toBe(200);
    expect(first.body).toMatchObject({
      version: 1,
      session: { heldOn: '2025-06-30', closedAt: '2025-06-30T16:00:00.000Z', presenceRecorded: false },
    });
    expect(second.body.signing.sha256).toBe(first.body.signing.sha256);
    expect(await t.count('jury_minutes', 'jury_session_id = $1', [id])).toBe(1);
    const document = (await asBytes(api().get(`/jury-sessions/${id}/minutes/versions/1`)).expect(200)).body;
    expect(sha256(document)).toBe(first.body.signing.sha256);
    // Its member signs it like any other.
    const signed = await api(juror.token)
      .post(`/jury-sessions/${id}/minutes/signatures`, { sha256: sha256(document) })
      .expect(201);
    expect(signed.body.signed).toBe(true);
  });

  it("renders a 200-candidate session's minutes over several numbered pages", async () => {
    const session = await createJurySession(t, { certificationCode: 'RNCP41296', heldOn: '2026-06-30' });
    const names: string[] = [];
    for (let i = 0; i < 200; i++) {
      const lastName = `Candidat${String(i).padStart(3, '0')}`;
      const learnerId = await insertLearner(t, { lastName });
      const enrolmentId = await insertEnrolment(t, { learnerId, certificationCode: 'RNCP41296' });
      await passBlock(t, enrolmentId, 'RNCP41296BC01');
      names.push(lastName);
      await api()
        .post(`/jury-sessions/${session.id}/decisions`, { enrolmentId, blockCode: 'RNCP41296BC01', decision: 'validated' })
        .expect(201);
    }
    await api().post(`/jury-sessions/${session.id}/close`).expect(200);
    const text = pdfText((await asBytes(api().get(`/jury-sessions/${session.id}/minutes/versions/1`)).expect(200)).body);
    const pages = Math.max(...text.placed.map((line) => line.page));
    expect(pages).toBeGreaterThan(3);
    expect(text.flat).toMatch(new RegExp(`page 1 ?/ ?${pages}`, 'i'));
    expect(text.flat).toMatch(new RegExp(`page ${pages} ?/ ?${pages}`, 'i'));
    for (const name of names) expect(text.flat).toContain(name);
    expect(text.flat).toContain('30 juin 2026');

    // Laying out 200 candidates takes a while: meanwhile the server answers others.
    const finished: string[] = [];
    const rendition = asBytes(api().get(`/jury-sessions/${session.id}/minutes.pdf`)).then((response) => {
      finished.push('minutes');
      return response;
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    await t.http().get('/api/health/live').expect(200);
    finished.push('health');
    expect((await rendition).status).toBe(200);
    expect(finished).toEqual(['health', 'minutes']);
  });
});
