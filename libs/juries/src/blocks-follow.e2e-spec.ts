import {
  NetworkOrganisation,
  TestApp,
  acquireByEquivalence,
  bearer,
  closeSession,
  createJurySession,
  createLearner,
  createNetworkOrganisation,
  createTestApp,
  decide,
  enrol,
  habilitate,
  insertEnrolment,
  linkCertifier,
  passBlock,
} from '@project/testing';

/**
 * Blocks follow the person (issue 13, item 4): a learner who moves to another centre keeps the blocks they hold.
 * The new centre records each from the learner's attestation (its reference or the signed credential), verified as
 * anyone verifies it and naming this learner; the block then counts like any other.
 */
describe('blocks follow the person to another centre (HTTP)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const INES = { firstName: 'Inès', lastName: 'Moreau', birthDate: '1990-04-12' };
  let sequence = 0;

  /** At the operator's centre (which certifies the seeds): BC01 validated by a closed 2025 jury. Its attestation. */
  async function bc01Holder(identity: Partial<typeof INES> = {}) {
    const learner = await createLearner(t, { ...INES, ...identity, email: `ines-${++sequence}@centre-a.fr` });
    const enrolmentId = await insertEnrolment(t, { learnerId: learner.id, certificationCode: 'RNCP41296', startedOn: '2024-09-01' });
    await passBlock(t, enrolmentId, 'RNCP41296BC01', { occurredOn: '2025-05-20' });
    const session = await createJurySession(t, { certificationCode: 'RNCP41296', heldOn: '2025-06-30' });
    const decisionId = await decide(t, session.id, { enrolmentId, blockCode: 'RNCP41296BC01', decision: 'validated' });
    await closeSession(t, session.id);
    const credentials = await t.http().get(`/api/learners/${learner.id}/credentials`).set(bearer(t.admin.token)).expect(200);
    const attestation: { id: string; reference: string } = credentials.body.find(
      (c: { blockCode: string }) => c.blockCode === 'RNCP41296BC01',
    );
    return { learnerId: learner.id, enrolmentId, decisionId, attestation };
  }

  /** The same person, as the new centre records them (another email, names as that centre typed them). */
  async function movedLearner(centre: NetworkOrganisation, identity: Partial<typeof INES> = {}) {
    const learner = await createLearner(
      t,
      { firstName: 'INES Marie', lastName: 'moreau', birthDate: INES.birthDate, email: `ines-${++sequence}@centre-b.fr`, ...identity },
      centre.admin.token,
    );
    const enrolment = await enrol(t, learner.id, { certificationCode: 'RNCP41296', startedOn: '2025-09-01' }, centre.admin.token);
    return { learnerId: learner.id, enrolmentId: enrolment.id };
  }

  const fromCredential = (learnerId: string, body: Record<string, unknown>, token: string) =>
    t.http().post(`/api/learners/${learnerId}/acquisitions/from-credential`).set(bearer(token)).send(body);
  const progress = async (learnerId: string, token: string) => {
    const response = await t.http().get(`/api/learners/${learnerId}/progress`).set(bearer(token)).expect(200);
    return response.body.certifications.find((c: { code: string }) => c.code === 'RNCP41296');
  };
  const block = (standing: { blocks: { code: string }[] }, code: string) => standing.blocks.find((b) => b.code === code);

  it('a learner who moves to another certifier keeps BC01, proved by its reference, and is awarded after the other blocks there', async () => {
    const origin = await bc01Holder();
    const centre = await createNetworkOrganisation(t, 'certifier', 'Nouveau centre certificateur');
    await linkCertifier(t, 'RNCP41296', centre.id);
    const moved = await movedLearner(centre);
    expect((await progress(moved.learnerId, centre.admin.token)).eligible).toBe(false);

    const recorded = await fromCredential(
      moved.learnerId,
      { credentialReference: origin.attestation.reference },
      centre.admin.token,
    ).expect(201);
    const operator = await t.http().get(`/api/organisations/${t.admin.organisationId}`).set(bearer(t.admin.token)).expect(200);
    expect(recorded.body).toEqual({
      id: expect.any(String),
      learnerId: moved.learnerId,
      blockCode: 'RNCP41296BC01',
      acquiredOn: '2025-06-30',
      source: 'external',
      evidenceReference: origin.attestation.reference,
      awardingCertifier: operator.body.name,
      derivedFromAcquisitionId: null,
      juryDecisionId: null,
      credentialId: origin.attestation.id,
      credentialIssuerId: t.admin.organisationId,
      credentialRevokedAt: null,
      revokedAt: null,
      revokedByDecisionId: null,
      revocationReason: null,
    });
    // Audited in the new centre's trail, with its source; no second credential: the learner holds the first one.
    const audit = await t.db.query(
      `SELECT organisation_id, after FROM audit_event WHERE action = 'block_acquisition.created' AND entity_id = $1`,
      [recorded.body.id],
    );
    expect(audit.rows).toHaveLength(1);
    expect(audit.rows[0].organisation_id).toBe(centre.id);
    expect(audit.rows[0].after).toMatchObject({ credentialId: origin.attestation.id, evidenceReference: origin.attestation.reference });
    expect(await t.count('issued_credential', 'learner_id = $1', [moved.learnerId])).toBe(0);
    const listed = await t.http().get(`/api/learners/${moved.learnerId}/acquisitions`).set(bearer(centre.admin.token)).expect(200);
    expect(listed.body).toEqual([recorded.body]);
    // Recorded once: the same attestation again is a conflict.
    await fromCredential(moved.learnerId, { credentialReference: origin.attestation.reference }, centre.admin.token).expect(409);

    // It counts like any other block: progress, then the new centre's jury proposals.
    expect(block(await progress(moved.learnerId, centre.admin.token), 'RNCP41296BC01')).toMatchObject({
      status: 'acquired',
      acquiredOn: '2025-06-30',
      source: 'external',
    });
    for (const code of ['RNCP41296BC02', 'RNCP41296BC03', 'RNCP41296BC04']) {
      await passBlock(t, moved.enrolmentId, code, { occurredOn: '2026-05-20', organisationId: centre.id });
    }
    // Only the blocks no jury validated yet are missing: BC01 is not.
    expect(await progress(moved.learnerId, centre.admin.token)).toMatchObject({
      missingBlocks: ['RNCP41296BC02', 'RNCP41296BC03', 'RNCP41296BC04'],
    });
    const session = await createJurySession(t, { certificationCode: 'RNCP41296', heldOn: '2026-06-30' }, centre.admin.token);
    const proposals = await t.http().get(`/api/jury-sessions/${session.id}/proposals`).set(bearer(centre.admin.token)).expect(200);
    const candidate = proposals.body.candidates.find((c: { learnerId: string }) => c.learnerId === moved.learnerId);
    expect(candidate.blocks.map((b: { code: string; held: boolean; proposal: string }) => [b.code, b.held, b.held || b.proposal])).toEqual([
      ['RNCP41296BC01', true, true],
      ['RNCP41296BC02', false, 'acquired'],
      ['RNCP41296BC03', false, 'acquired'],
      ['RNCP41296BC04', false, 'acquired'],
    ]);
    expect(candidate.blocks[0]).toMatchObject({ status: 'acquired', source: 'external', acquiredOn: '2025-06-30' });
    const decideThere = (body: Record<string, unknown>) =>
      t.http().post(`/api/jury-sessions/${session.id}/decisions`).set(bearer(centre.admin.token)).send(body).expect(201);
    for (const code of ['RNCP41296BC02', 'RNCP41296BC03', 'RNCP41296BC04']) {
      await decideThere({ enrolmentId: moved.enrolmentId, blockCode: code, decision: 'validated' });
    }
    await decideThere({ enrolmentId: moved.enrolmentId, decision: 'awarded' });
    await t.http().post(`/api/jury-sessions/${session.id}/close`).set(bearer(centre.admin.token)).expect(200);

    expect(await progress(moved.learnerId, centre.admin.token)).toMatchObject({ awardedOn: '2026-06-30' });
    const credentials = await t.http().get(`/api/learners/${moved.learnerId}/credentials`).set(bearer(centre.admin.token)).expect(200);
    expect(credentials.body.map((c: { kind: string; blockCode: string | null }) => c.blockCode ?? c.kind).sort()).toEqual([
      'RNCP41296BC02',
      'RNCP41296BC03',
      'RNCP41296BC04',
      'certification',
    ]);
    // The origin centre's record is untouched: its learner, acquisition and credential stay its own.
    expect(await t.count('block_acquisition', 'learner_id = $1 AND revoked_at IS NULL', [origin.learnerId])).toBe(1);
  });

  it('a partner centre records it from the signed credential itself, and the certifier’s jury sees the block held', async () => {
    const origin = await bc01Holder({ lastName: 'Lefèvre' });
    const centre = await createNetworkOrganisation(t, 'training_centre', 'Centre partenaire');
    await habilitate(t, { admin: t.admin } as NetworkOrganisation, centre, { certificationCode: 'RNCP41296', validFrom: '2025-01-01' });
    const moved = await movedLearner(centre, { lastName: 'LEFEVRE', firstName: 'Inès' });
    const badge = await t.http().get(`/api/credentials/${origin.attestation.id}`).set(bearer(t.admin.token)).expect(200);

    const recorded = await fromCredential(moved.learnerId, { credential: badge.body, blockCode: 'RNCP41296BC01' }, centre.admin.token);
    expect(recorded.status).toBe(201);
    expect(recorded.body).toMatchObject({ blockCode: 'RNCP41296BC01', credentialId: origin.attestation.id, source: 'external' });
    expect(block(await progress(moved.learnerId, centre.admin.token), 'RNCP41296BC01')).toMatchObject({ status: 'acquired' });
    const session = await createJurySession(t, { certificationCode: 'RNCP41296', heldOn: '2026-06-30' });
    const proposals = await t.http().get(`/api/jury-sessions/${session.id}/proposals`).set(bearer(t.admin.token)).expect(200);
    const candidate = proposals.body.candidates.find((c: { learnerId: string }) => c.learnerId === moved.learnerId);
    expect(candidate.blocks.find((b: { code: string }) => b.code === 'RNCP41296BC01')).toMatchObject({
      held: true,
      status: 'acquired',
      source: 'external',
    });
  });

  it('refuses, writing nothing, what does not prove this learner holds the block', async () => {
    const origin = await bc01Holder({ lastName: 'Garnier' });
    const centre = await createNetworkOrganisation(t, 'certifier', 'Centre exigeant');
    await linkCertifier(t, 'RNCP41296', centre.id);
    const moved = await movedLearner(centre, { lastName: 'Garnier' });
    const reference = origin.attestation.reference;
    const badge = (await t.http().get(`/api/credentials/${origin.attestation.id}`).set(bearer(t.admin.token)).expect(200)).body;
    const written = async () => [
      await t.count('block_acquisition'),
      await t.count('audit_event', `action LIKE 'block_acquisition.%' OR action LIKE 'issued_credential.%'`),
      await t.count('issued_credential'),
    ];
    const before = await written();
    const refused = async (learnerId: string, body: Record<string, unknown>, status: number, code: string | undefined, field: string) => {
      const response = await fromCredential(learnerId, body, centre.admin.token).expect(status);
      expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(response.body.code).toBe(code);
      expect(response.body.errors.map((e: { field: string }) => e.field)).toContain(field);
      return response.body;
    };

    await refused(moved.learnerId, {}, 400, undefined, 'credentialReference');
    await refused(moved.learnerId, { credentialReference: reference, credential: badge }, 400, undefined, 'credentialReference');
    await refused(moved.learnerId, { credentialReference: 'BC01 du centre A' }, 400, undefined, 'credentialReference');
    await refused(moved.learnerId, { credential: 'RNCP41296-2025-000001' }, 400, undefined, 'credential');
    const unknown = await refused(
      moved.learnerId,
      { credentialReference: 'RNCP41296-2025-987654' },
      422,
      'rule_violation',
      'credentialReference',
    );
    expect(unknown.detail).toContain('RNCP41296-2025-987654');
    // Altered (another date), or not a credential at all: not verified.
    const altered = JSON.parse(JSON.stringify(badge).replace(/2025-06-30/g, '2025-06-29'));
    const notVerified = await refused(moved.learnerId, { credential: altered }, 422, 'credential_not_verified', 'credential');
    expect(notVerified.detail).toContain('signature');
    await refused(moved.learnerId, { credential: { hello: 'world' } }, 422, 'rule_violation', 'type');
    // The attestation of another block than the one meant, or a block the catalogue does not have.
    await refused(moved.learnerId, { credentialReference: reference, blockCode: 'RNCP41296BC02' }, 422, 'rule_violation', 'blockCode');
    await refused(moved.learnerId, { credentialReference: reference, blockCode: 'RNCP41296BC09' }, 422, 'rule_violation', 'blockCode');
    // Someone else's: another birth date, another first name, another family name. The holder's data is not disclosed.
    for (const identity of [{ birthDate: '1990-04-13' }, { firstName: 'Agnès' }, { lastName: 'Garnière' }]) {
      const other = await movedLearner(centre, { lastName: 'Garnier', ...identity });
      const mismatch = await refused(
        other.learnerId,
        { credentialReference: reference },
        422,
        'credential_holder_mismatch',
        'credentialReference',
      );
      expect(JSON.stringify(mismatch)).not.toContain('1990-04-12');
    }
    const noBirthDate = await createLearner(t, { firstName: 'Inès', lastName: 'Garnier' }, centre.admin.token);
    await refused(noBirthDate.id, { credential: badge }, 422, 'credential_holder_mismatch', 'credential');
    expect(await written()).toEqual(before);

    // Not the centre's learner, or not an admin: the credential is not even looked at.
    await fromCredential(origin.learnerId, { credentialReference: reference }, centre.admin.token).expect(404);
    const trainer = await t.createUser(['trainer'], { organisationId: centre.id });
    await fromCredential(moved.learnerId, { credentialReference: reference }, trainer.token).expect(403);
    expect(await written()).toEqual(before);

    // Revoked by a correcting decision of its jury: refused by reference and as JSON.
    const correcting = await createJurySession(t, { certificationCode: 'RNCP41296', heldOn: '2025-09-15' });
    await decide(t, correcting.id, {
      enrolmentId: origin.enrolmentId,
      blockCode: 'RNCP41296BC01',
      decision: 'not_validated',
      rationale: 'Plagiat',
      supersedesDecisionId: origin.decisionId,
      correctionReason: 'Plagiat établi',
    });
    const afterRevocation = await written();
    const revoked = await refused(moved.learnerId, { credentialReference: reference }, 422, 'credential_revoked', 'credentialReference');
    expect(revoked.detail).toContain('Plagiat établi');
    await refused(moved.learnerId, { credential: badge }, 422, 'credential_revoked', 'credential');
    expect(await written()).toEqual(afterRevocation);
  });

  /** The issuer's later jury takes BC01 back from the origin learner: its attestation is revoked. */
  async function correctBc01(origin: { enrolmentId: string; decisionId: string }, correctionReason: string) {
    const correcting = await createJurySession(t, { certificationCode: 'RNCP41296', heldOn: '2025-09-15' });
    await decide(t, correcting.id, {
      enrolmentId: origin.enrolmentId,
      blockCode: 'RNCP41296BC01',
      decision: 'not_validated',
      rationale: correctionReason,
      supersedesDecisionId: origin.decisionId,
      correctionReason,
    });
  }
  const acquisitionsOf = async (learnerId: string, token: string) =>
    (await t.http().get(`/api/learners/${learnerId}/acquisitions`).set(bearer(token)).expect(200)).body;
  const auditOf = async (action: string, entityId: string) =>
    (
      await t.db.query(`SELECT organisation_id, actor_user_id, after, reason FROM audit_event WHERE action = $1 AND entity_id = $2`, [
        action,
        entityId,
      ])
    ).rows;

  /** A BC01 holder who moved to a new certifying centre, which recorded BC01 from the attestation. */
  async function recordedInNewCentre(lastName: string, centreName: string) {
    const origin = await bc01Holder({ lastName });
    const centre = await createNetworkOrganisation(t, 'certifier', centreName);
    await linkCertifier(t, 'RNCP41296', centre.id);
    const moved = await movedLearner(centre, { lastName });
    const recorded = await fromCredential(moved.learnerId, { credentialReference: origin.attestation.reference }, centre.admin.token);
    expect(recorded.status).toBe(201);
    return { origin, centre, moved, recorded };
  }

  it('withdraws a block recorded from an attestation its issuer revokes: kept, dated, with the reason, audited; it counts no more', async () => {
    const { origin, centre, moved, recorded } = await recordedInNewCentre('Roux', 'Centre abusé');
    expect(block(await progress(moved.learnerId, centre.admin.token), 'RNCP41296BC01')).toMatchObject({ status: 'acquired' });
    // The centre also counts it for the renewed sheet's block, through an equivalence: a credential of its own.
    await t
      .http()
      .post('/api/block-equivalences')
      .set(bearer(t.admin.token))
      .send({ fromBlockCode: 'RNCP41296BC01', toBlockCode: 'RNCP41336BC01' })
      .expect(201);
    const equivalence = await acquireByEquivalence(t, moved.learnerId, 'RNCP41296BC01', 'RNCP41336BC01', {
      acquiredOn: '2025-07-01',
      token: centre.admin.token,
    });
    const [derivedCredential] = (
      await t.http().get(`/api/learners/${moved.learnerId}/credentials`).set(bearer(centre.admin.token)).expect(200)
    ).body;
    expect(derivedCredential).toMatchObject({ blockCode: 'RNCP41336BC01', status: 'active' });

    await correctBc01(origin, 'Plagiat établi');

    // What followed from it goes too: the equivalence, and the credential issued for it.
    const [withdrawn, derived] = await acquisitionsOf(moved.learnerId, centre.admin.token);
    expect(derived).toMatchObject({ id: equivalence.id, revokedAt: expect.any(String), revocationReason: withdrawn.revocationReason });
    const listed = await t.http().get(`/api/learners/${moved.learnerId}/credentials`).set(bearer(centre.admin.token)).expect(200);
    expect(listed.body).toEqual([
      expect.objectContaining({ id: derivedCredential.id, status: 'revoked', revocationReason: withdrawn.revocationReason }),
    ]);
    expect(withdrawn).toMatchObject({
      id: recorded.body.id,
      credentialId: origin.attestation.id,
      credentialRevokedAt: expect.any(String),
      revokedAt: expect.any(String),
      revokedByDecisionId: null,
    });
    expect(withdrawn.revocationReason).toContain(origin.attestation.reference);
    expect(withdrawn.revocationReason).toContain('Plagiat établi');
    expect(block(await progress(moved.learnerId, centre.admin.token), 'RNCP41296BC01')).toMatchObject({ acquiredOn: null, source: null });
    // In the centre's own trail, by no user of the issuer's.
    const audit = await auditOf('block_acquisition.revoked', recorded.body.id);
    expect(audit).toEqual([
      expect.objectContaining({ organisation_id: centre.id, actor_user_id: null, reason: withdrawn.revocationReason }),
    ]);
    expect(await t.count('block_acquisition', 'learner_id = $1 AND revoked_at IS NULL', [moved.learnerId])).toBe(0);
  });

  it('keeps, flagged, a block from a revoked attestation that a standing award counts, until that award is corrected', async () => {
    const { origin, centre, moved, recorded } = await recordedInNewCentre('Blanc', 'Centre qui a décerné');
    const others = ['RNCP41296BC02', 'RNCP41296BC03', 'RNCP41296BC04'];
    for (const code of others) await passBlock(t, moved.enrolmentId, code, { occurredOn: '2026-05-20', organisationId: centre.id });
    const decideThere = async (sessionId: string, body: Record<string, unknown>) => {
      const response = await t.http().post(`/api/jury-sessions/${sessionId}/decisions`).set(bearer(centre.admin.token)).send(body);
      expect(response.status).toBe(201);
      return response.body;
    };
    const session = await createJurySession(t, { certificationCode: 'RNCP41296', heldOn: '2026-06-30' }, centre.admin.token);
    for (const code of others) await decideThere(session.id, { enrolmentId: moved.enrolmentId, blockCode: code, decision: 'validated' });
    const award = await decideThere(session.id, { enrolmentId: moved.enrolmentId, decision: 'awarded' });
    await t.http().post(`/api/jury-sessions/${session.id}/close`).set(bearer(centre.admin.token)).expect(200);

    // The issuer's correction goes through; the award it cannot see keeps the block, flagged.
    await correctBc01(origin, 'Fraude établie');
    const [kept] = await acquisitionsOf(moved.learnerId, centre.admin.token);
    expect(kept).toMatchObject({ id: recorded.body.id, credentialRevokedAt: expect.any(String), revokedAt: null, revocationReason: null });
    expect(await progress(moved.learnerId, centre.admin.token)).toMatchObject({ awardedOn: '2026-06-30' });
    const flag = await auditOf('block_acquisition.source_revoked', recorded.body.id);
    expect(flag).toEqual([
      expect.objectContaining({
        organisation_id: centre.id,
        after: { keptForAward: { certificationCode: 'RNCP41296', heldOn: '2026-06-30' } },
        reason: expect.stringContaining('Fraude établie'),
      }),
    ]);

    // The centre's jury corrects its award: the block goes with it.
    const later = await createJurySession(t, { certificationCode: 'RNCP41296', heldOn: '2026-10-15' }, centre.admin.token);
    await decideThere(later.id, {
      enrolmentId: moved.enrolmentId,
      decision: 'refused',
      rationale: 'Le bloc BC01 reposait sur une attestation révoquée',
      supersedesDecisionId: award.id,
      correctionReason: 'Attestation de BC01 révoquée par son émetteur',
    });
    const [withdrawn] = await acquisitionsOf(moved.learnerId, centre.admin.token);
    expect(withdrawn).toMatchObject({ id: recorded.body.id, revokedAt: expect.any(String) });
    expect(withdrawn.revocationReason).toContain('Fraude établie');
    const standing = await progress(moved.learnerId, centre.admin.token);
    expect(standing.awardedOn).toBeNull();
    expect(block(standing, 'RNCP41296BC01')).toMatchObject({ acquiredOn: null });
    expect(await auditOf('block_acquisition.revoked', recorded.body.id)).toHaveLength(1);
  });

  it('refuses a certificate: each block is recorded from its own attestation', async () => {
    const centre = await createNetworkOrganisation(t, 'certifier', 'Centre des certificats');
    await linkCertifier(t, 'RNCP41296', centre.id);
    const learner = await createLearner(t, { ...INES, lastName: 'Certifiée', email: `ines-${++sequence}@centre-a.fr` });
    const enrolmentId = await insertEnrolment(t, { learnerId: learner.id, certificationCode: 'RNCP41296', startedOn: '2024-09-01' });
    const session = await createJurySession(t, { certificationCode: 'RNCP41296', heldOn: '2026-06-30' });
    for (const code of ['RNCP41296BC01', 'RNCP41296BC02', 'RNCP41296BC03', 'RNCP41296BC04']) {
      await passBlock(t, enrolmentId, code, { occurredOn: '2026-05-20' });
      await decide(t, session.id, { enrolmentId, blockCode: code, decision: 'validated' });
    }
    await decide(t, session.id, { enrolmentId, decision: 'awarded' });
    await closeSession(t, session.id);
    const credentials = await t.http().get(`/api/learners/${learner.id}/credentials`).set(bearer(t.admin.token)).expect(200);
    const certificate = credentials.body.find((c: { kind: string }) => c.kind === 'certification');
    const moved = await movedLearner(centre, { lastName: 'Certifiée' });
    const before = await t.count('block_acquisition');
    const response = await fromCredential(moved.learnerId, { credentialReference: certificate.reference }, centre.admin.token).expect(422);
    expect(response.body).toMatchObject({ code: 'rule_violation', errors: [{ field: 'credentialReference' }] });
    expect(response.body.detail).toContain('certificate');
    expect(await t.count('block_acquisition')).toBe(before);
  });

  it('throttles the attestation checks of an organisation (VERIFY_THROTTLE_PER_MINUTE): a 429, nothing written', async () => {
    const origin = await bc01Holder({ lastName: 'Barbier' });
    const centre = await createNetworkOrganisation(t, 'certifier', 'Centre pressé');
    await linkCertifier(t, 'RNCP41296', centre.id);
    const stranger = await movedLearner(centre, { lastName: 'Barbier', birthDate: '1991-01-01' });
    const moved = await movedLearner(centre, { lastName: 'Barbier' });
    const strict = await t.startInstance({ verifyThrottlePerMinute: 2 });
    const check = (learnerId: string) =>
      strict.http().post(`/api/learners/${learnerId}/acquisitions/from-credential`).set(bearer(centre.admin.token)).send({
        credentialReference: origin.attestation.reference,
      });
    expect((await check(stranger.learnerId)).body.code).toBe('credential_holder_mismatch');
    expect((await check(stranger.learnerId)).body.code).toBe('credential_holder_mismatch');
    const refused = await check(moved.learnerId).expect(429);
    expect(refused.body).toMatchObject({ code: 'too_many_requests', detail: expect.stringContaining('attestation checks') });
    expect(await t.count('block_acquisition', 'learner_id = $1', [moved.learnerId])).toBe(0);
    // Another organisation's checks are counted apart.
    const elsewhere = await createNetworkOrganisation(t, 'certifier', 'Centre tranquille');
    await linkCertifier(t, 'RNCP41296', elsewhere.id);
    const there = await movedLearner(elsewhere, { lastName: 'Barbier' });
    await strict
      .http()
      .post(`/api/learners/${there.learnerId}/acquisitions/from-credential`)
      .set(bearer(elsewhere.admin.token))
      .send({ credentialReference: origin.attestation.reference })
      .expect(201);
  });
});
