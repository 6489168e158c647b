import { createHash, randomBytes } from 'node:crypto';
import { CREDENTIAL_CONTEXT } from './credential-signing';

/** What an Open Badge states about one issued credential. No clear personal data: the holder is a salted hash. */
export interface BadgeFacts {
  id: string;
  kind: 'block' | 'certification';
  reference: string;
  organisationName: string;
  holderEmail: string;
  certification: { code: string; title: string; level: number | null };
  block: { code: string; title: string; competencies: string[] } | null;
  source: string | null;
  awardedOn: string;
  statusListIndex: number;
}

export interface BadgeUrls {
  issuerId: string;
  statusListId: string;
}

/** The France Compétences page of a sheet: https://www.francecompetences.fr/recherche/rncp/41296/ */
export function rncpSheetUrl(certificationCode: string): string {
  return `https://www.francecompetences.fr/recherche/rncp/${certificationCode.replace(/^RNCP/, '')}/`;
}

const RNCP_FRAMEWORK = 'Répertoire national des certifications professionnelles (RNCP)';

/** The identity hash of Open Badges: sha256$hex(email + salt), the salt published beside it. */
export function identityHash(email: string, salt: string): string {
  return `sha256$${createHash('sha256')
    .update(email + salt)
    .digest('hex')}`;
}

/** The unsigned OpenBadgeCredential of an attestation (a block: Competency) or a certificate (an award: Certification). */
export function buildOpenBadge(facts: BadgeFacts, urls: BadgeUrls, salt = randomBytes(16).toString('hex')) {
  const { certification, block } = facts;
  const level = certification.level !== null ? `, niveau ${certification.level}` : '';
  const sheet = rncpSheetUrl(certification.code);
  const alignment = [
    {
      type: ['Alignment'],
      targetName: `${certification.code} — ${certification.title}`,
      targetUrl: sheet,
      targetCode: certification.code,
      targetFramework: RNCP_FRAMEWORK,
      targetType: 'ceterms:Credential',
    },
    ...(block
      ? [
          {
            type: ['Alignment'],
            targetName: `${block.code} — ${block.title}`,
            targetUrl: `${sheet}#${block.code}`,
            targetCode: block.code,
            targetFramework: RNCP_FRAMEWORK,
            targetType: 'ceasn:Competency',
          },
        ]
      : []),
  ];
  const achievement = block
    ? {
        id: `${sheet}#${block.code}`,
        type: ['Achievement'],
        achievementType: 'Competency',
        name: `${block.code} — ${block.title}`,
        description: `Bloc de compétences de la certification professionnelle ${certification.code} — ${certification.title}${level}. Compétences : ${block.competencies.join(' ; ')}`,
        criteria: {
          narrative:
            'Validé par décision du jury de certification, sur évaluation des modalités du bloc (ou par VAE, équivalence ou justificatif).',
        },
        alignment,
      }
    : {
        id: sheet,
        type: ['Achievement'],
        achievementType: 'Certification',
        name: `${certification.code} — ${certification.title}`,
        description: `Certification professionnelle enregistrée au RNCP${level}.`,
        criteria: {
          narrative: 'Délivrée par décision du jury de certification à un candidat ayant acquis tous les blocs de compétences requis.',
        },
        alignment,
      };
  return {
    '@context': CREDENTIAL_CONTEXT,
    id: `urn:uuid:${facts.id}`,
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    issuer: { id: urls.issuerId, type: ['Profile'], name: facts.organisationName },
    validFrom: `${facts.awardedOn}T00:00:00Z`,
    name: block
      ? `Attestation de validation du bloc ${block.code} (${facts.reference})`
      : `Certificat ${certification.code} (${facts.reference})`,
    credentialSubject: {
      type: ['AchievementSubject'],
      identifier: [
        {
          type: 'IdentityObject',
          identityType: 'emailAddress',
          hashed: true,
          identityHash: identityHash(facts.holderEmail, salt),
          salt,
        },
      ],
      achievement,
      result: [{ type: ['Result'], status: 'Completed' }],
    },
    credentialStatus: {
      id: `${urls.statusListId}#${facts.statusListIndex}`,
      type: 'BitstringStatusListEntry',
      statusPurpose: 'revocation',
      statusListIndex: String(facts.statusListIndex),
      statusListCredential: urls.statusListId,
    },
  };
}
