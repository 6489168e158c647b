import {
  TestApp,
  acquireByEquivalence,
  acquireFromOutside,
  bearer,
  createJurySession,
  createTestApp,
  insertEnrolment,
  insertLearner,
} from '@project/testing';

describe('equivalences, prior acquisitions, follow-ups and statistics (HTTP)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const acquire = (learnerId: string, body: Record<string, unknown>, token = t.admin.token) =>
    t.http().post(`/api/learners/${learnerId}/acquisitions`).set(bearer(token)).send(body);
  const decide = (sessionId: string, body: Record<string, unknown>) =>
    t.http().post(`/api/jury-sessions/${sessionId}/decisions`).set(bearer(t.admin.token)).send(body);
  const followUp = (learnerId: string, body: Record<string, unknown>, token = t.admin.token) =>
    t.http().post(`/api/learners/${learnerId}/follow-ups`).set(bearer(token)).send(body);

  /** A learner who holds every block by VAE and is awarded by a jury held on `heldOn`. */
  async function awardedLearner(certificationCode: string, heldOn: string, accessRoute = 'continuing_education') {
    const learnerId = await insertLearner(t);
    const enrolmentId = await insertEnrolment(t, { learnerId, certificationCode, accessRoute });
    for (const block of ['BC01', 'BC02', 'BC03', 'BC04']) {
      await acquireFromOutside(t, learnerId, `${certificationCode}${block}`, { source: 'vae', acquiredOn: '2024-01-10' });
    }
    const session = await createJurySession(t, { certificationCode, heldOn });
    await decide(session.id, { enrolmentId, decision: 'awarded' }).expect(201);
    return learnerId;
  }

  describe('block equivalences', () => {
    it("lets an admin declare an equivalence from a replaced sheet's block, once", async () => {
      const created = await t
        .http()
        .post('/api/block-equivalences')
        .set(bearer(t.admin.token))
        .send({ fromBlockCode: 'RNCP35080BC02', toBlockCode: 'RNCP41336BC02' })
        .expect(201);
      expect(created.body).toEqual({
        id: expect.any(String),
        fromBlockCode: 'RNCP35080BC02',
        toBlockCode: 'RNCP41336BC02',
        createdAt: expect.any(String),
      });
      expect(await t.count('audit_event', `action = 'block_equivalence.created' AND entity_id = $1`, [created.body.id])).toBe(1);
      const again = await t
        .http()
        .post('/api/block-equivalences')
        .set(bearer(t.admin.token))
        .send({ fromBlockCode: 'RNCP35080BC02', toBlockCode: 'RNCP41336BC02' })
        .expect(409);
      expect(again.headers['content-type']).toMatch(/application\/problem\+json/);
      const list = await t.http().get('/api/block-equivalences?certificationCode=RNCP41336').set(bearer(t.admin.token)).expect(200);
      expect(list.body.items).toContainEqual(created.body);
      const none = await t.http().get('/api/block-equivalences?certificationCode=RNCP41296').set(bearer(t.admin.token)).expect(200);
      expect(none.body).toEqual({ items: [], nextCursor: null });
    });

    it('refuses unknown target blocks, malformed codes and non-admins, writing nothing', async () => {
      const before = await t.count('block_equivalence');
      const unknown = await t
        .http()
        .post('/api/block-equivalences')
        .set(bearer(t.admin.token))
        .send({ fromBlockCode: 'RNCP35080BC01', toBlockCode: 'RNCP41336BC09' })
        .expect(422);
      expect(unknown.body.errors[0].field).toBe('toBlockCode');
      const malformed = await t
        .http()
        .post('/api/block-equivalences')
        .set(bearer(t.admin.token))
        .send({ fromBlockCode: 'BC01', toBlockCode: 42 })
        .expect(400);
      expect(malformed.body.errors.map((e: { field: string }) => e.field)).toEqual(
        expect.arrayContaining(['fromBlockCode', 'toBlockCode']),
      );
      const self = await t
        .http()
        .post('/api/block-equivalences')
        .set(bearer(t.admin.token))
        .send({ fromBlockCode: 'RNCP41336BC01', toBlockCode: 'RNCP41336BC01' })
        .expect(400);
      expect(self.body.errors[0].field).toBe('toBlockCode');
      const trainer = await t.createUser(['trainer']);
      await t
        .http()
        .post('/api/block-equivalences')
        .set(bearer(trainer.token))
        .send({ fromBlockCode: 'RNCP35080BC03', toBlockCode: 'RNCP41336BC03' })
        .expect(403);
      // Equivalences count for every organisation's learners: a tenant's admin cannot declare one.
      const other = await t.createOrganisation();
      await t
        .http()
        .post('/api/block-equivalences')
        .set(bearer(other.admin.token))
        .send({ fromBlockCode: 'RNCP35080BC03', toBlockCode: 'RNCP41336BC03' })
        .expect(403);
      expect(await t.count('block_equivalence')).toBe(before);
    });
  });

  describe('prior acquisitions', () => {
    const declare = (fromBlockCode: string, toBlockCode: string) =>
      t.http().post('/api/block-equivalences').set(bearer(t.admin.token)).send({ fromBlockCode, toBlockCode }).expect(201);
    /** A complete block from outside, and an equivalence from RNCP35080BC04, to vary field by field. */
    const fromOutside = {
      blockCode: 'RNCP41336BC01',
      acquiredOn: '2023-06-01',
      source: 'external',
      evidenceReference: 'Certificat CNAM 2023-0457',
      awardingCertifier: 'CNAM',
    };
    const byEquivalence = { blockCode: 'RNCP41336BC04', fromBlockCode: 'RNCP35080BC04', acquiredOn: '2024-03-15', source: 'equivalence' };

    it('records a block acquired by VAE or elsewhere, once, with its document, certifier and date, and lists it', async () => {
      const learnerId = await insertLearner(t);
      const created = await acquire(learnerId, {
        blockCode: 'RNCP41336BC03',
        acquiredOn: '2024-03-15',
        source: 'vae',
        evidenceReference: ' Jury VAE CNAM 2024-031 ',
        awardingCertifier: 'CNAM',
      }).expect(201);
      expect(created.body).toEqual({
        id: expect.any(String),
        learnerId,
        blockCode: 'RNCP41336BC03',
        acquiredOn: '2024-03-15',
        source: 'vae',
        evidenceReference: 'Jury VAE CNAM 2024-031',
        awardingCertifier: 'CNAM',
        derivedFromAcquisitionId: null,
        juryDecisionId: null,
        credentialId: null,
        credentialIssuerId: null,
        credentialRevokedAt: null,
        revokedAt: null,
        revokedByDecisionId: null,
        revocationReason: null,
      });
      expect(await t.count('audit_event', `action = 'block_acquisition.created' AND entity_id = $1`, [created.body.id])).toBe(1);
      await acquire(learnerId, { ...fromOutside, blockCode: 'RNCP41336BC03' }).expect(409);
      const list = await t.http().get(`/api/learners/${learnerId}/acquisitions`).set(bearer(t.admin.token)).expect(200);
      expect(list.body).toEqual([created.body]);
    });

    it('does not make anyone eligible on an admin\'s word: equivalences without a held block, evidence "none", dates in 2099', async () => {
      const learnerId = await insertLearner(t);
      const enrolmentId = await insertEnrolment(t, { learnerId, certificationCode: 'RNCP41336' });
      // The attack as it was seen: four "equivalences" with no evidence, then an award.
      for (const block of ['BC01', 'BC02', 'BC03', 'BC04']) {
        const refused = await acquire(learnerId, {
          blockCode: `RNCP41336${block}`,
          acquiredOn: '2024-03-15',
          source: 'equivalence',
          evidenceReference: 'none',
        }).expect(400);
        expect(refused.body.errors).toEqual([{ field: 'fromBlockCode', message: 'an equivalence names the held block it follows from' }]);
      }
      const noEvidence = await acquire(learnerId, {
        blockCode: 'RNCP41336BC01',
        acquiredOn: '2099-01-01',
        source: 'vae',
        evidenceReference: 'none',
      }).expect(422);
      expect(noEvidence.body.errors.map((e: { field: string }) => e.field)).toEqual([
        'evidenceReference',
        'awardingCertifier',
        'acquiredOn',
      ]);
      const variants: [string, Record<string, string>][] = [
        ['evidenceReference', { evidenceReference: 'x' }],
        ['evidenceReference', { evidenceReference: 'n/a' }],
        ['evidenceReference', { evidenceReference: '12345678' }],
        ['awardingCertifier', { awardingCertifier: '??' }],
        ['acquiredOn', { acquiredOn: '1850-06-01' }],
      ];
      for (const [field, change] of variants) {
        const refused = await acquire(learnerId, { ...fromOutside, ...change }).expect(422);
        expect(refused.body.errors.map((e: { field: string }) => e.field)).toEqual([field]);
      }
      const notOnlyEquivalence = await acquire(learnerId, { ...fromOutside, fromBlockCode: 'RNCP35080BC01' }).expect(400);
      expect(notOnlyEquivalence.body.errors[0].field).toBe('fromBlockCode');
      expect(await t.count('block_acquisition', 'learner_id = $1', [learnerId])).toBe(0);
      // The database holds the same line: no block from outside without its evidence, no equivalence without its origin.
      for (const [source, evidence] of [
        ['vae', 'Jury VAE CNAM 2024-031'],
        ['external', null],
        ['equivalence', 'none'],
      ]) {
        await expect(
          t.db.query(
            `INSERT INTO block_acquisition (organisation_id, learner_id, block_code, acquired_on, source, evidence_reference)
             VALUES ($1, $2, 'RNCP41336BC01', '2024-01-01', $3, $4)`,
            [t.admin.organisationId, learnerId, source, evidence],
          ),
        ).rejects.toMatchObject({ code: '23514' });
      }
      const session = await createJurySession(t, { certificationCode: 'RNCP41336' });
      await decide(session.id, { enrolmentId, decision: 'awarded' }).expect(422);
    });

    it('records an equivalence only from a declared one and a block the learner holds, linked to that acquisition', async () => {
      await declare('RNCP35080BC04', 'RNCP41336BC04');
      const learnerId = await insertLearner(t);
      const notHeld = await acquire(learnerId, byEquivalence).expect(422);
      expect(notHeld.body.errors).toEqual([{ field: 'fromBlockCode', message: 'the learner does not hold RNCP35080BC04' }]);

      const origin = await acquireFromOutside(t, learnerId, 'RNCP35080BC04', { acquiredOn: '2022-07-01' });
      const undeclared = await acquire(learnerId, { ...byEquivalence, blockCode: 'RNCP41336BC03' }).expect(422);
      expect(undeclared.body.errors).toEqual([
        { field: 'fromBlockCode', message: 'no equivalence RNCP35080BC04 → RNCP41336BC03 is declared' },
      ]);
      const tooEarly = await acquire(learnerId, { ...byEquivalence, acquiredOn: '2022-06-30' }).expect(422);
      expect(tooEarly.body.errors[0].field).toBe('acquiredOn');

      const created = await acquireByEquivalence(t, learnerId, 'RNCP35080BC04', 'RNCP41336BC04', { acquiredOn: '2024-03-15' });
      expect(created).toMatchObject({
        blockCode: 'RNCP41336BC04',
        source: 'equivalence',
        acquiredOn: '2024-03-15',
        derivedFromAcquisitionId: origin.id,
      });
    });

    it('revokes an equivalence with the jury decision it followed from, when a later session corrects that decision', async () => {
      await declare('RNCP41296BC02', 'RNCP41336BC02');
      const learnerId = await insertLearner(t);
      const enrolmentId = await insertEnrolment(t, { learnerId, certificationCode: 'RNCP41296' });
      const first = await createJurySession(t, { certificationCode: 'RNCP41296', heldOn: '2026-06-30' });
      const validated = await decide(first.id, {
        enrolmentId,
        blockCode: 'RNCP41296BC02',
        decision: 'validated',
        rationale: 'Dossier complet',
      }).expect(201);
      await t.http().post(`/api/jury-sessions/${first.id}/close`).set(bearer(t.admin.token)).expect(200);
      const equivalence = await acquireByEquivalence(t, learnerId, 'RNCP41296BC02', 'RNCP41336BC02', { acquiredOn: '2026-07-01' });

      const second = await createJurySession(t, { certificationCode: 'RNCP41296', heldOn: '2026-10-15' });
      const correction = await decide(second.id, {
        enrolmentId,
        blockCode: 'RNCP41296BC02',
        decision: 'not_validated',
        supersedesDecisionId: validated.body.id,
        correctionReason: 'Fraude établie après le jury',
      }).expect(201);
      const list = await t.http().get(`/api/learners/${learnerId}/acquisitions`).set(bearer(t.admin.token)).expect(200);
      expect(list.body.map((a: { blockCode: string; revokedByDecisionId: string }) => [a.blockCode, a.revokedByDecisionId])).toEqual([
        ['RNCP41296BC02', correction.body.id],
        ['RNCP41336BC02', correction.body.id],
      ]);
      expect(await t.count('audit_event', `action = 'block_acquisition.revoked' AND entity_id = $1`, [equivalence.id])).toBe(1);
    });

    it("refuses unknown blocks, bad bodies, other organisations' learners and non-admins", async () => {
      const learnerId = await insertLearner(t);
      const unknown = await acquire(learnerId, { ...fromOutside, blockCode: 'RNCP99999BC01' }).expect(422);
      expect(unknown.body.errors[0].field).toBe('blockCode');
      const bad = await acquire(learnerId, { ...fromOutside, acquiredOn: '2024-02-30', source: 'jury', evidenceReference: '' }).expect(400);
      expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(
        expect.arrayContaining(['acquiredOn', 'source', 'evidenceReference']),
      );
      const other = await t.createOrganisation();
      await acquire(learnerId, fromOutside, other.admin.token).expect(404);
      const juror = await t.createUser(['jury_member']);
      await acquire(learnerId, fromOutside, juror.token).expect(403);
      expect(await t.count('block_acquisition', 'learner_id = $1', [learnerId])).toBe(0);
    });
  });

  describe('follow-ups and statistics', () => {
    it('records a follow-up of an awarded learner once per delay', async () => {
      const learnerId = await awardedLearner('RNCP41296', '2026-06-30');
      const created = await followUp(learnerId, {
        certificationCode: 'RNCP41296',
        observedOn: '2026-12-30',
        monthsAfterAward: 6,
        employed: true,
        inTargetJob: false,
      }).expect(201);
      expect(created.body).toEqual({
        id: expect.any(String),
        learnerId,
        certificationCode: 'RNCP41296',
        observedOn: '2026-12-30',
        monthsAfterAward: 6,
        employed: true,
        inTargetJob: false,
      });
      expect(await t.count('audit_event', `action = 'follow_up.recorded' AND entity_id = $1`, [created.body.id])).toBe(1);
      await followUp(learnerId, {
        certificationCode: 'RNCP41296',
        observedOn: '2027-01-15',
        monthsAfterAward: 6,
        employed: false,
        inTargetJob: false,
      }).expect(409);
    });

    it('refuses follow-ups of learners not awarded, and incoherent bodies', async () => {
      const learnerId = await insertLearner(t);
      const notAwarded = await followUp(learnerId, {
        certificationCode: 'RNCP41296',
        observedOn: '2026-12-30',
        monthsAfterAward: 6,
        employed: true,
        inTargetJob: true,
      }).expect(422);
      expect(notAwarded.body.errors[0].field).toBe('certificationCode');
      const incoherent = await followUp(learnerId, {
        certificationCode: 'RNCP41296',
        observedOn: '2026-12-30',
        monthsAfterAward: 6,
        employed: false,
        inTargetJob: true,
      }).expect(400);
      expect(incoherent.body.errors[0].field).toBe('inTargetJob');
      const bad = await followUp(learnerId, {
        certificationCode: 'RNCP41296',
        observedOn: 'soon',
        monthsAfterAward: 12,
        employed: 'yes',
        inTargetJob: false,
      }).expect(400);
      expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(
        expect.arrayContaining(['observedOn', 'monthsAfterAward', 'employed']),
      );
      expect(await t.count('follow_up', 'learner_id = $1', [learnerId])).toBe(0);
    });

    it('computes per year the certified holders, those by VAE, and the insertion rates from follow-ups', async () => {
      const a = await awardedLearner('RNCP41336', '2025-07-01');
      const b = await awardedLearner('RNCP41336', '2025-07-01');
      const c = await awardedLearner('RNCP41336', '2025-07-01', 'vae');
      const d = await awardedLearner('RNCP41336', '2026-07-01', 'vae');
      const six = (learnerId: string, employed: boolean, inTargetJob: boolean) =>
        followUp(learnerId, {
          certificationCode: 'RNCP41336',
          observedOn: '2026-01-01',
          monthsAfterAward: 6,
          employed,
          inTargetJob,
        }).expect(201);
      await six(a, true, true);
      await six(b, true, false);
      await six(c, false, false);
      await six(d, true, true);
      await followUp(a, {
        certificationCode: 'RNCP41336',
        observedOn: '2027-07-01',
        monthsAfterAward: 24,
        employed: true,
        inTargetJob: true,
      }).expect(201);
      await followUp(b, {
        certificationCode: 'RNCP41336',
        observedOn: '2027-07-01',
        monthsAfterAward: 24,
        employed: false,
        inTargetJob: false,
      }).expect(201);

      const response = await t.http().get('/api/certifications/RNCP41336/statistics').set(bearer(t.admin.token)).expect(200);
      expect(response.body).toEqual({
        certificationCode: 'RNCP41336',
        years: [
          {
            year: 2026,
            certifiedCount: 1,
            certifiedByVaeCount: 1,
            insertionRate6Months: 100,
            insertionRateInTargetJob6Months: 100,
            insertionRate2Years: null,
          },
          {
            year: 2025,
            certifiedCount: 3,
            certifiedByVaeCount: 1,
            insertionRate6Months: 67,
            insertionRateInTargetJob6Months: 33,
            insertionRate2Years: 50,
          },
        ],
      });
      // Another organisation's statistics are its own.
      const other = await t.createOrganisation();
      const theirs = await t.http().get('/api/certifications/RNCP41336/statistics').set(bearer(other.admin.token)).expect(200);
      expect(theirs.body.years).toEqual([]);
      await t.http().get('/api/certifications/RNCP00001/statistics').set(bearer(t.admin.token)).expect(404);
      const learnerUser = await t.createUser(['learner'], { learnerId: a });
      await t.http().get('/api/certifications/RNCP41336/statistics').set(bearer(learnerUser.token)).expect(403);
    });
  });
});
