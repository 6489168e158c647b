import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { PersonIdentity } from '@project/domain';

export const CREDENTIAL_KINDS = ['block', 'certification'] as const;
export type CredentialKind = (typeof CREDENTIAL_KINDS)[number];

/** An issued credential as stored, with the names the documents print. */
export interface IssuedCredentialRow {
  id: string;
  organisationId: string;
  reference: string;
  kind: CredentialKind;
  learnerId: string;
  certificationCode: string;
  certificationTitle: string;
  blockCode: string | null;
  blockTitle: string | null;
  blockAcquisitionId: string | null;
  juryDecisionId: string | null;
  awardedOn: string;
  issuedAt: string;
  statusListIndex: number;
  revokedAt: string | null;
  revocationReason: string | null;
}

/** What a verified block attestation proves, for a centre recording that block (blocks follow the person). */
export interface AttestationFacts {
  credentialId: string;
  reference: string;
  kind: CredentialKind;
  issuerOrganisationId: string;
  issuerName: string;
  certificationCode: string;
  blockCode: string | null;
  awardedOn: string;
  /** Whom the issuer recorded as the holder (never shown to the presenting centre: only compared). */
  holder: PersonIdentity;
}

export class CredentialLinksDto {
  @ApiProperty({ example: '/api/credentials/6f1c…', description: 'The signed Open Badges 3.0 credential (JSON-LD)' }) self: string;
  @ApiProperty({
    example: '/api/credentials/6f1c…/attestation.pdf',
    description: 'The attestation (block) or certificate (award) to print',
  })
  pdf: string;
  @ApiProperty({ example: '/verify/6f1c…', description: 'The public verification page (outside /api), the QR code’s target' })
  verification: string;
}

export class IssuedCredentialDto {
  @ApiProperty({ format: 'uuid', description: 'Random, unguessable' }) id: string;
  @ApiProperty({ example: 'RNCP41296-2027-000123', description: 'Human reference: certification, year of the decision, number' })
  reference: string;
  @ApiProperty({ enum: CREDENTIAL_KINDS, description: 'block: attestation of a validated block; certification: the award' })
  kind: CredentialKind;
  @ApiProperty({ format: 'uuid' }) learnerId: string;
  @ApiProperty({ example: 'RNCP41296' }) certificationCode: string;
  @ApiProperty() certificationTitle: string;
  @ApiProperty({ nullable: true, type: String, example: 'RNCP41296BC01' }) blockCode: string | null;
  @ApiProperty({ nullable: true, type: String }) blockTitle: string | null;
  @ApiProperty({ format: 'date', description: 'Date of the jury decision (or of the acquisition recorded)' }) awardedOn: string;
  @ApiProperty({ format: 'date-time' }) issuedAt: string;
  @ApiProperty({ enum: ['active', 'revoked'] }) status: 'active' | 'revoked';
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) revokedAt: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'Why a correcting decision took it back' })
  revocationReason: string | null;
  @ApiProperty({ type: CredentialLinksDto }) links: CredentialLinksDto;
}

export function mapIssuedCredential(row: IssuedCredentialRow): IssuedCredentialDto {
  return {
    id: row.id,
    reference: row.reference,
    kind: row.kind,
    learnerId: row.learnerId,
    certificationCode: row.certificationCode,
    certificationTitle: row.certificationTitle,
    blockCode: row.blockCode,
    blockTitle: row.blockTitle,
    awardedOn: row.awardedOn,
    issuedAt: row.issuedAt,
    status: row.revokedAt === null ? 'active' : 'revoked',
    revokedAt: row.revokedAt,
    revocationReason: row.revocationReason,
    links: credentialLinks(row.id),
  };
}

export function credentialLinks(id: string): CredentialLinksDto {
  return { self: `/api/credentials/${id}`, pdf: `/api/credentials/${id}/attestation.pdf`, verification: `/verify/${id}` };
}

export const NAME_DISPLAYS = ['initial_and_last_name', 'full_name', 'hidden'] as const;
export type NameDisplay = (typeof NAME_DISPLAYS)[number];

/** The holder's consent: how the public verification page of their credentials names them. */
export class CredentialPreferencesDto {
  @ApiProperty({
    enum: NAME_DISPLAYS,
    description: 'initial_and_last_name (the default: « I. MOREAU »), full_name, or hidden (no name at all)',
  })
  @IsIn(NAME_DISPLAYS, { message: `nameDisplay must be one of ${NAME_DISPLAYS.join(', ')}` })
  nameDisplay: NameDisplay;
}
