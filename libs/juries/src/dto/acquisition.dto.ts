import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsDateString, IsIn, IsObject, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { ACQUISITION_SOURCES } from '@project/domain';
import { Omittable } from '@project/platform';

const BLOCK_CODE = /^RNCP\d+BC\d+$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

export const PRIOR_ACQUISITION_SOURCES = ['equivalence', 'vae', 'external'] as const;

export class RecordAcquisitionDto {
  @ApiProperty({ example: 'RNCP35080BC01' }) @Matches(BLOCK_CODE, { message: 'blockCode must look like RNCP41336BC01' }) blockCode: string;
  @ApiProperty({
    format: 'date',
    description: 'When it was awarded (past, not before 1900); for an equivalence, not before the held block',
  })
  @IsDateString({ strict: true }, { message: 'acquiredOn must be a real date' })
  @Matches(DAY, { message: 'acquiredOn must be formatted YYYY-MM-DD' })
  acquiredOn: string;
  @ApiProperty({
    enum: PRIOR_ACQUISITION_SOURCES,
    description:
      'equivalence: follows from a declared equivalence fromBlockCode → blockCode and a block the learner holds; vae (a VAE jury elsewhere) and external (a block obtained elsewhere) need evidenceReference and awardingCertifier',
  })
  @IsIn(PRIOR_ACQUISITION_SOURCES)
  source: (typeof PRIOR_ACQUISITION_SOURCES)[number];
  @ApiPropertyOptional({ example: 'RNCP35080BC01', description: 'With source equivalence (only): the held block it follows from' })
  @Omittable()
  @Matches(BLOCK_CODE, { message: 'fromBlockCode must look like RNCP35080BC01' })
  fromBlockCode?: string;
  @ApiPropertyOptional({
    example: 'Certificat CNAM 2023-0457',
    description: 'Required for vae and external: the document proving it (its kind and number, letters and digits)',
  })
  @Omittable()
  @IsString()
  @MinLength(1)
  @MaxLength(1000)
  evidenceReference?: string;
  @ApiPropertyOptional({ example: 'CNAM', description: 'Required for vae and external: the certifier that awarded the block' })
  @Omittable()
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  awardingCertifier?: string;
}

const CREDENTIAL_REFERENCE = /^RNCP\d+-\d{4}-\d{6,}$/i;

/** Blocks follow the person: a block recorded from the attestation the learner holds, issued on this platform. */
export class RecordAcquisitionFromCredentialDto {
  @ApiPropertyOptional({
    example: 'RNCP41296-2026-000123',
    description: 'The reference printed on the attestation (give it, or the credential)',
  })
  @Omittable()
  @Matches(CREDENTIAL_REFERENCE, { message: 'credentialReference must look like RNCP41296-2026-000123' })
  credentialReference?: string;
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description: 'The signed OpenBadgeCredential of the block, as GET /api/credentials/{id} answered it (give it, or the reference)',
  })
  @Omittable()
  @IsObject({ message: 'credential must be the signed credential, a JSON object' })
  credential?: Record<string, unknown>;
  @ApiPropertyOptional({
    example: 'RNCP41296BC01',
    description: 'The block the centre means to record: refused when the attestation is of another block',
  })
  @Omittable()
  @Matches(BLOCK_CODE, { message: 'blockCode must look like RNCP41296BC01' })
  blockCode?: string;
}

export class AcquisitionDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) learnerId: string;
  @ApiProperty() blockCode: string;
  @ApiProperty({ format: 'date' }) acquiredOn: string;
  @ApiProperty({ enum: ACQUISITION_SOURCES }) source: string;
  @ApiProperty({ nullable: true, type: String }) evidenceReference: string | null;
  @ApiProperty({ nullable: true, type: String }) awardingCertifier: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'For an equivalence: the held acquisition it follows from' })
  derivedFromAcquisitionId: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) juryDecisionId: string | null;
  @ApiProperty({
    format: 'uuid',
    nullable: true,
    type: String,
    description: 'Recorded from an attestation: the credential (its reference is evidenceReference, its issuer awardingCertifier)',
  })
  credentialId: string | null;
  @ApiProperty({
    format: 'uuid',
    nullable: true,
    type: String,
    description: 'Recorded from an attestation: the organisation that issued it',
  })
  credentialIssuerId: string | null;
  @ApiProperty({
    format: 'date-time',
    nullable: true,
    type: String,
    description:
      'Recorded from an attestation its issuer has since revoked. With revokedAt: the block was withdrawn then; without: a standing award counts it, and it is kept until that award is corrected',
  })
  credentialRevokedAt: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) revokedAt: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'The correcting decision that took the block back' })
  revokedByDecisionId: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'Withdrawn without a decision of this organisation: why (its attestation revoked)',
  })
  revocationReason: string | null;
}

export function mapAcquisition(row: AcquisitionDto): AcquisitionDto {
  return {
    id: row.id,
    learnerId: row.learnerId,
    blockCode: row.blockCode,
    acquiredOn: row.acquiredOn,
    source: row.source,
    evidenceReference: row.evidenceReference,
    awardingCertifier: row.awardingCertifier,
    derivedFromAcquisitionId: row.derivedFromAcquisitionId,
    juryDecisionId: row.juryDecisionId,
    credentialId: row.credentialId,
    credentialIssuerId: row.credentialIssuerId,
    credentialRevokedAt: row.credentialRevokedAt,
    revokedAt: row.revokedAt,
    revokedByDecisionId: row.revokedByDecisionId,
    revocationReason: row.revocationReason,
  };
}
