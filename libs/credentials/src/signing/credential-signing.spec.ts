import {
  CREDENTIAL_CONTEXT,
  controllerDocument,
  credentialSigner,
  generateIssuerKey,
  openSecret,
  revokedByStatusList,
  sealSecret,
  statusListCredential,
  verifyWithKnownIssuer,
} from './credential-signing';
import { BadgeFacts, buildOpenBadge, identityHash } from './open-badge';

const ISSUER = { id: 'https://competences.example.org/api/issuers/5b3c2a1e-0000-4000-8000-000000000001', name: 'Centre de test' };
const STATUS_LIST = `${ISSUER.id}/status-list`;

function badge(index: number) {
  return {
    '@context': CREDENTIAL_CONTEXT,
    id: 'urn:uuid:6f1c2d3e-1111-4222-8333-944455556666',
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    issuer: { id: ISSUER.id, type: ['Profile'], name: ISSUER.name },
    validFrom: '2025-06-30T00:00:00Z',
    name: 'RNCP41296BC01',
    credentialSubject: {
      type: ['AchievementSubject'],
      achievement: {
        id: 'https://www.francecompetences.fr/recherche/rncp/41296/#RNCP41296BC01',
        type: ['Achievement'],
        name: 'Bloc 1',
        description: 'Bloc de compétences',
        criteria: { narrative: 'Décision du jury' },
        achievementType: 'Competency',
      },
    },
    credentialStatus: {
      id: `${STATUS_LIST}#${index}`,
      type: 'BitstringStatusListEntry',
      statusPurpose: 'revocation',
      statusListIndex: String(index),
      statusListCredential: STATUS_LIST,
    },
  };
}

describe('signing Open Badges with eddsa-rdfc-2022 and the local contexts', () => {
  it('signs a credential the independent verifier accepts, and refuses it altered or under another key', async () => {
    const key = await generateIssuerKey(ISSUER.id);
    const signed = await (await credentialSigner(key))(badge(3));
    expect(signed.proof).toMatchObject({ type: 'DataIntegrityProof', cryptosuite: 'eddsa-rdfc-2022', proofPurpose: 'assertionMethod' });
    const controller = controllerDocument(ISSUER, key);
    await expect(verifyWithKnownIssuer(signed, controller)).resolves.toEqual({ verified: true, errors: [] });

    const altered = structuredClone(signed);
    altered.credentialSubject.achievement.name = 'Bloc 2';
    expect((await verifyWithKnownIssuer(altered, controller)).verified).toBe(false);
    const otherKey = await generateIssuerKey(ISSUER.id);
    expect((await verifyWithKnownIssuer(signed, controllerDocument(ISSUER, otherKey))).verified).toBe(false);
  });

  it('seals the secret key under CREDENTIALS_KEY for its organisation only', () => {
    const key = Buffer.alloc(32, 1);
    const sealed = sealSecret('zSecret', key, 'org-a');
    expect(sealed).not.toContain('zSecret');
    expect(openSecret(sealed, key, 'org-a')).toBe('zSecret');
    expect(() => openSecret(sealed, Buffer.alloc(32, 2), 'org-a')).toThrow(/CREDENTIALS_KEY/);
    expect(() => openSecret(sealed, key, 'org-b')).toThrow(/CREDENTIALS_KEY/);
  });

  it('reads a credential’s revocation bit from the status list', async () => {
    const list = await statusListCredential(STATUS_LIST, [3]);
    expect(list.type).toEqual(['VerifiableCredential', 'BitstringStatusListCredential']);
    await expect(revokedByStatusList(badge(3), { ...list, issuer: ISSUER.id })).resolves.toEqual({ revoked: true });
    await expect(revokedByStatusList(badge(4), { ...list, issuer: ISSUER.id })).resolves.toEqual({ revoked: false });
  });

  it('an attestation and a certificate built from the facts carry the RNCP alignment, a hashed holder, and sign', async () => {
    const key = await generateIssuerKey(ISSUER.id);
    const sign = await credentialSigner(key);
    const facts: BadgeFacts = {
      id: '0d8f6c1a-2b3c-4d5e-8f90-123456789abc',
      kind: 'block',
      reference: 'RNCP41296-2025-000001',
      organisationName: ISSUER.name,
      holderEmail: 'ines.moreau@example.org',
      certification: { code: 'RNCP41296', title: 'Manager en organisation de solidarité', level: 7 },
      block: {
        code: 'RNCP41296BC01',
        title: 'Analyser les déterminants stratégiques',
        competencies: ['Réaliser un diagnostic', 'Élaborer une stratégie'],
      },
      source: 'jury',
      awardedOn: '2025-06-30',
      statusListIndex: 7,
    };
    const block = buildOpenBadge(facts, { issuerId: ISSUER.id, statusListId: STATUS_LIST }, 'salt');
    expect(block.credentialSubject.achievement).toMatchObject({
      achievementType: 'Competency',
      id: 'https://www.francecompetences.fr/recherche/rncp/41296/#RNCP41296BC01',
    });
    expect(block.credentialSubject.achievement.alignment.map((a) => a.targetCode)).toEqual(['RNCP41296', 'RNCP41296BC01']);
    expect(block.credentialSubject.identifier[0].identityHash).toBe(identityHash('ines.moreau@example.org', 'salt'));
    expect(JSON.stringify(block)).not.toContain('ines.moreau');
    expect(block.validFrom).toBe('2025-06-30T00:00:00Z');
    const certificate = buildOpenBadge(
      { ...facts, kind: 'certification', block: null },
      { issuerId: ISSUER.id, statusListId: STATUS_LIST },
    );
    expect(certificate.credentialSubject.achievement).toMatchObject({ achievementType: 'Certification' });
    const controller = controllerDocument(ISSUER, key);
    for (const credential of [block, certificate]) {
      await expect(verifyWithKnownIssuer(await sign(credential), controller)).resolves.toEqual({ verified: true, errors: [] });
    }
  });
});
