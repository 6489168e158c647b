import {
  asBytes,
  HolderJourney,
  RNCP41296_BLOCKS,
  TestApp,
  acquireByEquivalence,
  acquireFromOutside,
  bearer,
  closeSession,
  createJurySession,
  createLearner,
  createTestApp,
  decide,
  holderJourney,
  insertEnrolment,
  passBlock,
  pdfText,
} from '@project/testing';
import { verifyWithKnownIssuer } from './signing/credential-signing';
import { SigningQueue } from './signing/signing-queue.service';

const REFERENCE = /^RNCP41296-(2025|2026)-\d{6}$/;

describe('issued credentials: issued with the decisions, revoked by corrections (HTTP)', () => {
  let t: TestApp;
  let journey: HolderJourney;
  beforeAll(async () => {
    t = await createTestApp();
    journey = await holderJourney(t);
  });
  afterAll(() => t.close());

  const credentialsOf = async (learnerId: string, token = t.admin.token) =>
    (await t.http().get(`/api/learners/${learnerId}/credentials`).set(bearer(token)).expect(200)).body;

  it('closing each session issues a credential for every block it validated and the certification it awarded', async () => {
    // Signed in the background once the closing transaction committed.
    await t.app.get(SigningQueue).drained();
    expect(await t.count('issued_credential', 'learner_id = $1 AND document IS NOT NULL', [journey.learnerId])).toBe(5);
    const credentials = await credentialsOf(journey.learnerId);
    expect(
      credentials.map((c: { kind: string; blockCode: string | null; awardedOn: string; status: string }) => [
        c.kind,
        c.blockCode,
        c.awardedOn,
        c.status,
      ]),
    ).toEqual([
      ['block', 'RNCP41296BC01', '2025-06-30', 'active'],
      ['block', 'RNCP41296BC02', '2026-06-30', 'active'],
      ['block', 'RNCP41296BC03', '2026-06-30', 'active'],
      ['block', 'RNCP41296BC04', '2026-06-30', 'active'],
      ['certification', null, '2026-06-30', 'active'],
    ]);
    for (const credential of credentials) {
      expect(credential.reference).toMatch(REFERENCE);
      expect(credential.reference.slice(10, 14)).toBe(credential.awardedOn.slice(0, 4));
      expect(credential.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(credential.links).toEqual({
        self: `/api/credentials/${credential.id}`,
        pdf: `/api/credentials/${credential.id}/attestation.pdf`,
        verification: `/verify/${credential.id}`,
      });
      expect(credential).toMatchObject({ learnerId: journey.learnerId, certificationCode: 'RNCP41296', revokedAt: null });
    }
    expect(credentials[0].blockTitle).toEqual(expect.any(String));
    expect(new Set(credentials.map((c: { reference: string }) => c.reference)).size).toBe(5);
    expect(
      await t.count('audit_event', `action = 'issued_credential.issued' AND entity_id = ANY($1)`, [
        credentials.map((c: { id: string }) => c.id),
      ]),
    ).toBe(5);
  });

  it('nothing is issued before the session closes; references follow one another per certification and year', async () => {
    const other = await createLearner(t);
    const enrolmentId = await insertEnrolment(t, { learnerId: other.id, certificationCode: 'RNCP41296' });
    await passBlock(t, enrolmentId, 'RNCP41296BC02', { occurredOn: '2026-05-20' });
    const session = await createJurySession(t, { certificationCode: 'RNCP41296', heldOn: '2026-07-02' });
    await decide(t, session.id, { enrolmentId, blockCode: 'RNCP41296BC02', decision: 'validated' });
    expect(await credentialsOf(other.id)).toEqual([]);
    await closeSession(t, session.id);
    const [issued] = await credentialsOf(other.id);
    const numbers2026 = (await credentialsOf(journey.learnerId))
      .filter((c: { awardedOn: string }) => c.awardedOn.startsWith('2026'))
      .map((c: { reference: string }) => Number(c.reference.slice(-6)));
    expect(Number(issued.reference.slice(-6))).toBe(Math.max(...numbers2026) + 1);
  });

  it('two sessions closing at once number their credentials without a gap or a duplicate', async () => {
    const sessions: string[] = [];
    const learners: string[] = [];
    for (let i = 0; i < 2; i++) {
      const learner = await createLearner(t);
      // A year no other test of this file issues in, so the numbering starts at 1.
      const enrolmentId = await insertEnrolment(t, { learnerId: learner.id, certificationCode: 'RNCP41296', startedOn: '2023-09-01' });
      for (const block of RNCP41296_BLOCKS.slice(0, 2)) await passBlock(t, enrolmentId, block, { occurredOn: '2024-05-20' });
      const session = await createJurySession(t, { certificationCode: 'RNCP41296', heldOn: '2024-06-28' });
      for (const block of RNCP41296_BLOCKS.slice(0, 2))
        await decide(t, session.id, { enrolmentId, blockCode: block, decision: 'validated' });
      sessions.push(session.id);
      learners.push(learner.id);
    }
    await Promise.all(sessions.map((id) => closeSession(t, id)));
    const references = (await Promise.all(learners.map((id) => credentialsOf(id)))).flat().map((c: { reference: string }) => c.reference);
    expect(references.sort()).toEqual(['RNCP41296-2024-000001', 'RNCP41296-2024-000002', 'RNCP41296-2024-000003', 'RNCP41296-2024-000004']);
  });

  it('the learner lists its own credentials; another learner or organisation gets 404', async () => {
    const mine = await t.http().get('/api/me/credentials').set(bearer(journey.holder.token)).expect(200);
    expect(mine.body).toHaveLength(5);
    await t.http().get(`/api/learners/${journey.learnerId}/credentials`).set(bearer(journey.holder.token)).expect(200);

    const stranger = await createLearner(t);
    const strangerUser = await t.createUser(['learner'], { learnerId: stranger.id });
    expect((await t.http().get('/api/me/credentials').set(bearer(strangerUser.token)).expect(200)).body).toEqual([]);
    const foreign = await t.http().get(`/api/learners/${journey.learnerId}/credentials`).set(bearer(strangerUser.token)).expect(404);
    expect(foreign.headers['content-type']).toContain('application/problem+json');
    const otherOrganisation = await t.createOrganisation();
    await t.http().get(`/api/learners/${journey.learnerId}/credentials`).set(bearer(otherOrganisation.admin.token)).expect(404);
    await t.http().get('/api/learners/not-a-uuid/credentials').set(bearer(t.admin.token)).expect(400);
    await t.http().get('/api/me/credentials').expect(401);
  });

  it('a block recorded from outside gets its credential when recorded; a block outside the catalogue gets none', async () => {
    const learner = await createLearner(t);
    const acquisition = await acquireFromOutside(t, learner.id, 'RNCP41296BC03', { source: 'vae', acquiredOn: '2024-06-01' });
    const [credential] = await credentialsOf(learner.id);
    expect(credential).toMatchObject({ kind: 'block', blockCode: 'RNCP41296BC03', awardedOn: '2024-06-01', status: 'active' });
    expect(credential.reference).toMatch(/^RNCP41296-2024-\d{6}$/);
    expect(await t.count('issued_credential', 'block_acquisition_id = $1', [acquisition.id])).toBe(1);

    await t.db.query(
      `INSERT INTO block_equivalence (from_block_code, to_block_code) VALUES ('RNCP35080BC01', 'RNCP41336BC01') ON CONFLICT DO NOTHING`,
    );
    const old = await createLearner(t);
    await acquireFromOutside(t, old.id, 'RNCP35080BC01', { source: 'external' });
    expect(await credentialsOf(old.id)).toEqual([]);
  });

  it('a correcting decision that takes a block back revokes its credential, kept with date and reason; a new award issues a new one', async () => {
    const journey2 = await holderJourney(t, { lastName: 'Lefèvre' });
    const before = await credentialsOf(journey2.learnerId);
    const bc02 = before.find((c: { blockCode: string }) => c.blockCode === 'RNCP41296BC02');
    const award = before.find((c: { kind: string }) => c.kind === 'certification');

    const correcting = await createJurySession(t, { certificationCode: 'RNCP41296', heldOn: '2026-09-15' });
    // The block cannot go while the award counting it stands: the certificate would list 3 of 4 blocks.
    const decisionsBefore = await t.count('jury_decision', 'learner_id = $1', [journey2.learnerId]);
    const blockFirst = await t
      .http()
      .post(`/api/jury-sessions/${correcting.id}/decisions`)
      .set(bearer(t.admin.token))
      .send({
        enrolmentId: journey2.enrolmentId,
        blockCode: 'RNCP41296BC02',
        decision: 'not_validated',
        rationale: 'Plagiat',
        supersedesDecisionId: journey2.decisions.RNCP41296BC02,
        correctionReason: 'Plagiat établi',
      })
      .expect(409);
    expect(blockFirst.body).toMatchObject({ code: 'invalid_state', certificationCode: 'RNCP41296' });
    expect(blockFirst.body.detail).toContain('correct that award first');
    expect(await t.count('jury_decision', 'learner_id = $1', [journey2.learnerId])).toBe(decisionsBefore);
    expect((await credentialsOf(journey2.learnerId)).every((c: { status: string }) => c.status === 'active')).toBe(true);

    const awardCorrection = await decide(t, correcting.id, {
      enrolmentId: journey2.enrolmentId,
      decision: 'refused',
      rationale: 'Fraude établie',
      supersedesDecisionId: journey2.decisions.award,
      correctionReason: 'Fraude établie au mémoire',
    });
    await decide(t, correcting.id, {
      enrolmentId: journey2.enrolmentId,
      blockCode: 'RNCP41296BC02',
      decision: 'not_validated',
      rationale: 'Plagiat',
      supersedesDecisionId: journey2.decisions.RNCP41296BC02,
      correctionReason: 'Plagiat établi',
    });
    // Revoked at once, with the correction, not when the correcting session closes.
    const after = await credentialsOf(journey2.learnerId);
    expect(after).toHaveLength(5);
    expect(after.find((c: { id: string }) => c.id === bc02.id)).toMatchObject({
      status: 'revoked',
      revocationReason: 'Plagiat établi',
      revokedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
      reference: bc02.reference,
    });
    expect(after.find((c: { id: string }) => c.id === award.id)).toMatchObject({
      status: 'revoked',
      revocationReason: 'Fraude établie au mémoire',
    });
    expect(after.filter((c: { status: string }) => c.status === 'active')).toHaveLength(3);
    expect(await t.count('audit_event', `action = 'issued_credential.revoked'`)).toBeGreaterThanOrEqual(2);
    await closeSession(t, correcting.id);
    expect(await credentialsOf(journey2.learnerId)).toHaveLength(5);
    const revokedBadge = (await t.http().get(`/api/credentials/${bc02.id}`).set(bearer(t.admin.token)).expect(200)).body;
    const revokedCheck = await t.http().post('/api/credentials/verify').send(revokedBadge).expect(200);
    expect(revokedCheck.body).toMatchObject({
      verified: false,
      checks: { signature: true, issuerKnown: true, notAltered: true, notRevoked: false },
      credential: { reference: bc02.reference, revocationReason: 'Plagiat établi' },
    });
    const page = await t.http().get(`/verify/${bc02.id}`).expect(200);
    expect(page.text).toContain('RÉVOQUÉ');
    expect(page.text).toContain('Plagiat établi');
    expect(await pdfOf(bc02.id)).toMatch(/DOCUMENT RÉVOQUÉ le \d+(er)? \S+ \d{4} — Plagiat établi/);

    // A later jury validates BC02 again and awards again: new credentials, the revoked ones stay.
    const again = await createJurySession(t, { certificationCode: 'RNCP41296', heldOn: '2026-11-30' });
    await decide(t, again.id, { enrolmentId: journey2.enrolmentId, blockCode: 'RNCP41296BC02', decision: 'validated' });
    await decide(t, again.id, {
      enrolmentId: journey2.enrolmentId,
      decision: 'awarded',
      supersedesDecisionId: awardCorrection,
      correctionReason: 'Recours accepté',
    });
    await closeSession(t, again.id);
    const final = await credentialsOf(journey2.learnerId);
    expect(final).toHaveLength(7);
    expect(
      final
        .filter((c: { status: string }) => c.status === 'active')
        .map((c: { blockCode: string | null }) => c.blockCode)
        .sort(),
    ).toEqual([...RNCP41296_BLOCKS, null].sort());
  });

  const pdfOf = async (id: string, token = t.admin.token) => {
    const response = await asBytes(t.http().get(`/api/credentials/${id}/attestation.pdf`).set(bearer(token))).expect(200);
    expect(response.headers['content-type']).toMatch(/^application\/pdf/);
    const pdf = response.body as Buffer;
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.toString('latin1')).toMatch(/\/BaseFont \/[A-Z]{6}\+DejaVuSerif/);
    return pdfText(pdf).flat;
  };

  it('the block attestation names the holder, the certification, the block and its competencies, the jury, the certifier and how to verify', async () => {
    const [bc01] = await credentialsOf(journey.learnerId);
    expect(bc01.links.pdf).toBe(`/api/credentials/${bc01.id}/attestation.pdf`);
    const { rows } = await t.db.query(
      `SELECT o.name, b.title, b.competencies FROM organisation o, block b WHERE o.id = $1 AND b.code = 'RNCP41296BC01'`,
      [t.admin.organisationId],
    );
    const text = await pdfOf(bc01.id, journey.holder.token);
    for (const expected of [
      'ATTESTATION DE VALIDATION DE BLOC DE COMPÉTENCES',
      rows[0].name,
      'Inès MOREAU',
      'né(e) le 12 avril 1990',
      `RNCP41296BC01 — ${rows[0].title}`,
      'RNCP41296 — Manager en organisation de solidarité, niveau 7',
      ...rows[0].competencies,
      'par décision du jury de certification en date du 30 juin 2025',
      'Certificateur : ASSOCIATION SAINTE ANNE',
      bc01.reference,
      `${t.config.publicUrl}/verify/${bc01.id}`,
    ]) {
      expect(text).toContain(expected);
    }
    expect(text).not.toContain('RÉVOQUÉ');
  });

  it('the certificate of the award lists the blocks with their dates; another learner or organisation gets 404', async () => {
    const credentials = await credentialsOf(journey.learnerId);
    const award = credentials.find((c: { kind: string }) => c.kind === 'certification');
    const text = await pdfOf(award.id);
    for (const expected of [
      'CERTIFICAT DE CERTIFICATION PROFESSIONNELLE',
      'Inès MOREAU',
      'par décision du jury de certification du 30 juin 2026',
      'Manager en organisation de solidarité',
      'RNCP41296BC01',
      'acquis le 30 juin 2025',
      'RNCP41296BC04',
      'acquis le 30 juin 2026',
      award.reference,
      `${t.config.publicUrl}/verify/${award.id}`,
    ]) {
      expect(text).toContain(expected);
    }
    const stranger = await createLearner(t);
    const strangerUser = await t.createUser(['learner'], { learnerId: stranger.id });
    const foreign = await t.http().get(`/api/credentials/${award.id}/attestation.pdf`).set(bearer(strangerUser.token)).expect(404);
    expect(foreign.headers['content-type']).toContain('application/problem+json');
    const otherOrganisation = await t.createOrganisation();
    await t.http().get(`/api/credentials/${award.id}/attestation.pdf`).set(bearer(otherOrganisation.admin.token)).expect(404);
    await t.http().get(`/api/credentials/00000000-0000-4000-8000-000000000000/attestation.pdf`).set(bearer(t.admin.token)).expect(404);
    await t.http().get(`/api/credentials/nope/attestation.pdf`).set(bearer(t.admin.token)).expect(400);
  });

  it('each credential is a signed OpenBadgeCredential the independent verifier accepts against the public issuer profile', async () => {
    const credentials = await credentialsOf(journey.learnerId);
    const issuerUrl = `${t.config.publicUrl}/api/issuers/${t.admin.organisationId}`;
    const profile = (await t.http().get(`/api/issuers/${t.admin.organisationId}`).expect(200)).body;
    expect(profile).toMatchObject({ id: issuerUrl, type: ['Profile'], assertionMethod: [`${issuerUrl}#key-1`] });
    expect(profile.verificationMethod[0]).toMatchObject({
      type: 'Multikey',
      controller: issuerUrl,
      publicKeyMultibase: expect.stringMatching(/^z/),
    });
    expect(JSON.stringify(profile)).not.toMatch(/secret/i);
    const { rows } = await t.db.query(`SELECT email FROM learner WHERE id = $1`, [journey.learnerId]);

    for (const credential of credentials) {
      const badge = (await t.http().get(`/api/credentials/${credential.id}`).set(bearer(journey.holder.token)).expect(200)).body;
      expect(badge).toMatchObject({
        '@context': ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'],
        id: `urn:uuid:${credential.id}`,
        type: ['VerifiableCredential', 'OpenBadgeCredential'],
        issuer: { id: issuerUrl, type: ['Profile'] },
        validFrom: `${credential.awardedOn}T00:00:00Z`,
        proof: {
          type: 'DataIntegrityProof',
          cryptosuite: 'eddsa-rdfc-2022',
          proofPurpose: 'assertionMethod',
          verificationMethod: `${issuerUrl}#key-1`,
        },
        credentialStatus: {
          type: 'BitstringStatusListEntry',
          statusPurpose: 'revocation',
          statusListCredential: `${issuerUrl}/status-list`,
        },
      });
      const achievement = badge.credentialSubject.achievement;
      expect(achievement.achievementType).toBe(credential.kind === 'block' ? 'Competency' : 'Certification');
      expect(achievement.alignment[0]).toMatchObject({
        targetCode: 'RNCP41296',
        targetUrl: 'https://www.francecompetences.fr/recherche/rncp/41296/',
      });
      if (credential.kind === 'block') expect(achievement.alignment[1].targetCode).toBe(credential.blockCode);
      expect(badge.credentialSubject.identifier[0]).toMatchObject({
        identityType: 'emailAddress',
        hashed: true,
        identityHash: expect.stringMatching(/^sha256\$[0-9a-f]{64}$/),
      });
      // No clear personal data in the public document.
      expect(JSON.stringify(badge)).not.toContain(rows[0].email);
      expect(JSON.stringify(badge)).not.toMatch(/Moreau|Inès|1990/i);

      await expect(verifyWithKnownIssuer(badge, profile)).resolves.toEqual({ verified: true, errors: [] });
      // Any character changed breaks the proof.
      const altered = JSON.parse(
        JSON.stringify(badge).replace(
          credential.reference,
          credential.reference.replace(/\d$/, (d: string) => String((Number(d) + 1) % 10)),
        ),
      );
      expect(altered).not.toEqual(badge);
      expect((await verifyWithKnownIssuer(altered, profile)).verified).toBe(false);
      // Signed once: served as stored.
      const again = (await t.http().get(`/api/credentials/${credential.id}`).set(bearer(t.admin.token)).expect(200)).body;
      expect(again.proof.proofValue).toBe(badge.proof.proofValue);
    }

    const stranger = await t.createUser(['learner'], { learnerId: (await createLearner(t)).id });
    await t.http().get(`/api/credentials/${credentials[0].id}`).set(bearer(stranger.token)).expect(404);
    await t.http().get(`/api/credentials/${credentials[0].id}`).expect(401);
    await t.http().get('/api/issuers/00000000-0000-4000-8000-000000000000').expect(404);
  });

  it('changing any one character of a credential, in any value or any name, makes it fail: with the independent verifier and through the API', async () => {
    const [credential] = await credentialsOf(journey.learnerId);
    const badge = (await t.http().get(`/api/credentials/${credential.id}`).set(bearer(t.admin.token)).expect(200)).body;
    const profile = (await t.http().get(`/api/issuers/${t.admin.organisationId}`).expect(200)).body;
    const flip = (text: string) => {
      const i = Math.floor(text.length / 2);
      return text.slice(0, i) + (text[i] === 'a' ? 'b' : 'a') + text.slice(i + 1);
    };
    // Every string value and every member name, each changed on its own.
    const alterations: { where: string; altered: unknown }[] = [];
    const walk = (node: unknown, path: string, rebuild: (replacement: unknown) => unknown): void => {
      if (typeof node === 'string') alterations.push({ where: path, altered: rebuild(flip(node)) });
      else if (Array.isArray(node))
        node.forEach((item, i) => walk(item, `${path}[${i}]`, (r) => rebuild(node.map((x, j) => (j === i ? r : x)))));
      else if (node && typeof node === 'object') {
        const entries = Object.entries(node);
        entries.forEach(([key, value], i) => {
          const renamed = Object.fromEntries(entries.map(([k, v], j) => (j === i ? [flip(k), v] : [k, v])));
          alterations.push({ where: `${path}.${key} (name)`, altered: rebuild(renamed) });
          walk(value, `${path}.${key}`, (r) => rebuild({ ...node, [key]: r }));
        });
      }
    };
    walk(badge, '$', (r) => r);
    expect(alterations.length).toBeGreaterThan(60);
    const survivors: string[] = [];
    for (const { where, altered } of alterations) {
      expect(altered).not.toEqual(badge);
      const independent = await verifyWithKnownIssuer(altered as object, profile).catch(() => ({ verified: false }));
      const response = await t
        .http()
        .post('/api/credentials/verify')
        .send(altered as object);
      // 422: no longer a credential of the suite verified here (its @context, type, issuer or proof); else a verdict.
      expect([200, 422]).toContain(response.status);
      if (independent.verified || (response.status === 200 && response.body.verified !== false)) survivors.push(where);
    }
    expect(survivors).toEqual([]);
  });

  it('anyone verifies a credential without an account: all checks pass; altered or of an unknown issuer, it does not', async () => {
    const credentials = await credentialsOf(journey.learnerId);
    for (const credential of credentials) {
      const badge = (await t.http().get(`/api/credentials/${credential.id}`).set(bearer(t.admin.token)).expect(200)).body;
      const checked = await t.http().post('/api/credentials/verify').send(badge).expect(200);
      expect(checked.body).toEqual({
        verified: true,
        checks: { signature: true, issuerKnown: true, notRevoked: true, notAltered: true },
        errors: [],
        credential: expect.objectContaining({
          id: credential.id,
          reference: credential.reference,
          awardedOn: credential.awardedOn,
          revokedAt: null,
        }),
      });
    }
    const badge = (await t.http().get(`/api/credentials/${credentials[0].id}`).set(bearer(t.admin.token)).expect(200)).body;
    const altered = { ...badge, validFrom: badge.validFrom.replace('2025', '2024') };
    const alteredCheck = await t.http().post('/api/credentials/verify').send(altered).expect(200);
    expect(alteredCheck.body).toMatchObject({ verified: false, checks: { signature: false, notAltered: false, issuerKnown: true } });
    const forged = { ...badge, issuer: { ...badge.issuer, id: 'https://issuer.example.org/profile' } };
    const forgedCheck = await t.http().post('/api/credentials/verify').send(forged).expect(200);
    expect(forgedCheck.body).toMatchObject({ verified: false, checks: { issuerKnown: false, signature: false } });
    const otherOrganisation = await t.createOrganisation();
    const wrongIssuer = { ...badge, issuer: { ...badge.issuer, id: `${t.config.publicUrl}/api/issuers/${otherOrganisation.id}` } };
    expect((await t.http().post('/api/credentials/verify').send(wrongIssuer).expect(200)).body.checks.issuerKnown).toBe(false);

    const statusList = (await t.http().get(`/api/issuers/${t.admin.organisationId}/status-list`).expect(200)).body;
    expect(statusList).toMatchObject({
      type: ['VerifiableCredential', 'BitstringStatusListCredential'],
      credentialSubject: { type: 'BitstringStatusList', statusPurpose: 'revocation', encodedList: expect.any(String) },
      proof: { cryptosuite: 'eddsa-rdfc-2022' },
    });
    const page = await t.http().get(`/verify/${credentials[0].id}`).expect(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    for (const expected of ['VALIDE', 'I. MOREAU', credentials[0].reference, '30 juin 2025', 'RNCP41296BC01'])
      expect(page.text).toContain(expected);
    expect(page.text).not.toContain('Inès');
    await t.http().get('/verify/00000000-0000-4000-8000-000000000000').expect(404);

    // The holder chooses how the page names them.
    const preferences = () => t.http().get('/api/me/credential-preferences').set(bearer(journey.holder.token));
    expect((await preferences().expect(200)).body).toEqual({ nameDisplay: 'initial_and_last_name' });
    const choose = (nameDisplay: unknown, token = journey.holder.token) =>
      t.http().put('/api/me/credential-preferences').set(bearer(token)).send({ nameDisplay });
    await choose('full_name').expect(200);
    expect((await t.http().get(`/verify/${credentials[0].id}`).expect(200)).text).toContain('Inès MOREAU');
    await choose('hidden').expect(200);
    const hidden = (await t.http().get(`/verify/${credentials[0].id}`).expect(200)).text;
    expect(hidden).not.toMatch(/MOREAU|Inès/);
    expect(hidden).toContain('VALIDE');
    const bad = await choose('everything').expect(400);
    expect(bad.body.errors[0].field).toBe('nameDisplay');
    await choose('full_name', t.admin.token).expect(403);
    expect(await t.count('audit_event', `action = 'credential_preference.changed'`)).toBe(2);
  });

  it('a verifier may send the credential as JSON-LD (application/ld+json, application/vc+ld+json, application/vc); other routes still refuse those types', async () => {
    const [credential] = await credentialsOf(journey.learnerId);
    const badge = (await t.http().get(`/api/credentials/${credential.id}`).set(bearer(t.admin.token)).expect(200)).body;
    for (const type of ['application/ld+json', 'application/vc+ld+json; charset=utf-8', 'application/vc']) {
      const checked = await t.http().post('/api/credentials/verify').set('content-type', type).send(JSON.stringify(badge)).expect(200);
      expect(checked.body.verified).toBe(true);
    }
    const deep = JSON.stringify({ ...badge, nested: JSON.parse('['.repeat(40) + ']'.repeat(40)) });
    await t.http().post('/api/credentials/verify').set('content-type', 'application/ld+json').send(deep).expect(400);
    await t.http().post('/api/auth/refresh').set('content-type', 'application/ld+json').send('{}').expect(415);
  });

  it('public verification is throttled per address (VERIFY_THROTTLE_PER_MINUTE): beyond it a 429 problem with Retry-After, across instances', async () => {
    const [credential] = await credentialsOf(journey.learnerId);
    const badge = (await t.http().get(`/api/credentials/${credential.id}`).set(bearer(t.admin.token)).expect(200)).body;
    await t.db.query(`DELETE FROM throttle_hit WHERE key LIKE 'verify:%'`);
    const strict = await t.startInstance({ verifyThrottlePerMinute: 3 });
    // The count lives in PostgreSQL: two checks through the other instance leave this one a single check.
    for (let i = 0; i < 2; i++) await t.http().post('/api/credentials/verify').send(badge).expect(200);
    await strict.http().post('/api/credentials/verify').send(badge).expect(200);
    const refused = await strict.http().post('/api/credentials/verify').send(badge).expect(429);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(refused.body).toMatchObject({ code: 'too_many_requests', detail: expect.stringContaining('credential verifications') });
  });

  it('bad input to the verifier is a 4xx problem naming what is wrong, never a 500', async () => {
    const malformed = await t
      .http()
      .post('/api/credentials/verify')
      .set('content-type', 'application/json')
      .send('{"@context": [')
      .expect(400);
    expect(malformed.headers['content-type']).toContain('application/problem+json');
    const notCredential = await t.http().post('/api/credentials/verify').send({ hello: 'world' }).expect(422);
    expect(notCredential.headers['content-type']).toContain('application/problem+json');
    expect(notCredential.body.errors.map((e: { field: string }) => e.field)).toEqual(['@context', 'type', 'issuer', 'proof']);
    const array = await t.http().post('/api/credentials/verify').send([1, 2]).expect(400);
    expect(array.body.errors[0].field).toBe('body');
    const [credential] = await credentialsOf(journey.learnerId);
    const badge = (await t.http().get(`/api/credentials/${credential.id}`).set(bearer(t.admin.token)).expect(200)).body;
    const otherSuite = await t
      .http()
      .post('/api/credentials/verify')
      .send({ ...badge, proof: { ...badge.proof, cryptosuite: 'ecdsa-rdfc-2019' } })
      .expect(422);
    expect(otherSuite.body.errors[0]).toMatchObject({ field: 'proof.cryptosuite', message: expect.stringContaining('ecdsa-rdfc-2019') });
    const huge = await t
      .http()
      .post('/api/credentials/verify')
      .set('content-type', 'application/json')
      .send(JSON.stringify({ ...badge, padding: 'x'.repeat(5 * 1024 * 1024) }))
      .expect(413);
    expect(huge.headers['content-type']).toContain('application/problem+json');
    await t.http().get('/api/issuers/not-a-uuid/status-list').expect(400);
  });

  it('the database keeps a credential as issued: no change but its revocation, once; no deletion; unique references', async () => {
    const [credential] = await credentialsOf(journey.learnerId);
    await expect(
      t.db.query(`UPDATE issued_credential SET reference = 'RNCP41296-2025-999999' WHERE id = $1`, [credential.id]),
    ).rejects.toThrow(/immutable/);
    await expect(t.db.query(`UPDATE issued_credential SET awarded_on = '2020-01-01' WHERE id = $1`, [credential.id])).rejects.toThrow(
      /immutable/,
    );
    await expect(t.db.query(`DELETE FROM issued_credential WHERE id = $1`, [credential.id])).rejects.toThrow(/never deleted/);
    await t.db.query(`UPDATE issued_credential SET revoked_at = now(), revocation_reason = 'test' WHERE id = $1`, [credential.id]);
    await expect(
      t.db.query(`UPDATE issued_credential SET revoked_at = now(), revocation_reason = 'again' WHERE id = $1`, [credential.id]),
    ).rejects.toThrow(/immutable/);
    await expect(
      t.db.query(
        `INSERT INTO issued_credential (organisation_id, reference, kind, learner_id, certification_code, jury_decision_id, awarded_on, status_list_index)
         SELECT organisation_id, reference, 'certification', learner_id, certification_code, $2, awarded_on, 100000 FROM issued_credential WHERE id = $1`,
        [credential.id, journey.decisions.RNCP41296BC01],
      ),
    ).rejects.toThrow(/issued_credential_reference_key/);
  });

  it('a block recorded through an equivalence gets its credential; correcting the block it follows from revokes both', async () => {
    await t.db.query(
      `INSERT INTO block_equivalence (from_block_code, to_block_code) VALUES ('RNCP41296BC01', 'RNCP41336BC01') ON CONFLICT DO NOTHING`,
    );
    const journey3 = await holderJourney(t, { lastName: 'Garnier' });
    await acquireByEquivalence(t, journey3.learnerId, 'RNCP41296BC01', 'RNCP41336BC01', { acquiredOn: '2025-07-01' });
    const derived = (await credentialsOf(journey3.learnerId)).find((c: { blockCode: string }) => c.blockCode === 'RNCP41336BC01');
    expect(derived).toMatchObject({ kind: 'block', certificationCode: 'RNCP41336', awardedOn: '2025-07-01', status: 'active' });
    expect(derived.reference).toMatch(/^RNCP41336-2025-\d{6}$/);
    expect(await pdfOf(derived.id)).toContain('par équivalence avec un bloc de compétences déjà détenu');

    const correcting = await createJurySession(t, { certificationCode: 'RNCP41296', heldOn: '2026-10-01' });
    // The award counting BC01 goes first (a block is not taken back from under a standing award).
    await decide(t, correcting.id, {
      enrolmentId: journey3.enrolmentId,
      decision: 'refused',
      rationale: 'Fraude',
      supersedesDecisionId: journey3.decisions.award,
      correctionReason: 'Fraude établie à l’épreuve',
    });
    await decide(t, correcting.id, {
      enrolmentId: journey3.enrolmentId,
      blockCode: 'RNCP41296BC01',
      decision: 'not_validated',
      rationale: 'Fraude',
      supersedesDecisionId: journey3.decisions.RNCP41296BC01,
      correctionReason: 'Fraude établie à l’épreuve',
    });
    const after = await credentialsOf(journey3.learnerId);
    for (const code of ['RNCP41296BC01', 'RNCP41336BC01']) {
      expect(after.find((c: { blockCode: string }) => c.blockCode === code)).toMatchObject({
        status: 'revoked',
        revocationReason: 'Fraude établie à l’épreuve',
      });
    }
  });

  it('the certificate lists a block held through an equivalence, though no acquisition of it was recorded', async () => {
    await t.db.query(
      `INSERT INTO block_equivalence (from_block_code, to_block_code) VALUES ('RNCP41296BC01', 'RNCP41336BC01') ON CONFLICT DO NOTHING`,
    );
    const learner = await createLearner(t, { firstName: 'Jules', lastName: 'Perrin' });
    await acquireFromOutside(t, learner.id, 'RNCP41296BC01', { source: 'vae', acquiredOn: '2024-03-04' });
    for (const block of ['RNCP41336BC02', 'RNCP41336BC03', 'RNCP41336BC04']) {
      await acquireFromOutside(t, learner.id, block, { source: 'vae', acquiredOn: '2025-05-06' });
    }
    const enrolmentId = await insertEnrolment(t, { learnerId: learner.id, certificationCode: 'RNCP41336', accessRoute: 'vae' });
    const session = await createJurySession(t, { certificationCode: 'RNCP41336', heldOn: '2026-06-30' });
    await decide(t, session.id, { enrolmentId, decision: 'awarded' });
    await closeSession(t, session.id);
    const award = (await credentialsOf(learner.id)).find((c: { kind: string }) => c.kind === 'certification');
    const text = await pdfOf(award.id);
    expect(text).toMatch(/RNCP41336BC01 .* — acquis le 4 mars 2024, par équivalence avec un bloc de compétences déjà détenu/);
    for (const block of ['RNCP41336BC02', 'RNCP41336BC03', 'RNCP41336BC04']) expect(text).toContain(block);
    expect(text).toContain('acquis le 6 mai 2025, par la validation des acquis de l’expérience (VAE)');
    expect(text).not.toContain('RNCP41296BC01');
  });

  // Last: it stops this instance's background signing.
  it('a process that stops after issuing and before signing leaves its credentials to the next instance, which signs them', async () => {
    await t.app.get(SigningQueue).stop();
    const learner = await createLearner(t);
    await acquireFromOutside(t, learner.id, 'RNCP41296BC02', { source: 'vae', acquiredOn: '2024-05-02' });
    const [issued] = await credentialsOf(learner.id);
    expect(await t.count('issued_credential', 'id = $1 AND document IS NULL', [issued.id])).toBe(1);

    const next = await t.startInstance();
    await next.app.get(SigningQueue).drained();
    expect(await t.count('issued_credential', 'document IS NULL')).toBe(0);
    const badge = (await next.http().get(`/api/credentials/${issued.id}`).set(bearer(t.admin.token)).expect(200)).body;
    expect((await next.http().post('/api/credentials/verify').send(badge).expect(200)).body.verified).toBe(true);
  });
});
