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
});
