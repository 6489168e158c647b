import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsUUID, Matches, ValidateIf } from 'class-validator';
import { IsCalendarDate, Omittable, PageQueryDto } from '@project/platform';
import { CertifierProposalRow, CertifierRow, HabilitationRow } from '../rows';

const CERTIFICATION_CODE = { message: 'certificationCode must look like RNCP41296' };

export class CertifierOrganisationDto {
  @ApiProperty({ format: 'uuid' }) organisationId: string;
  @ApiProperty() name: string;
  @ApiProperty({ nullable: true, type: String }) siret: string | null;
  @ApiProperty({ format: 'date-time' }) linkedAt: string;
}

export class LinkCertifierDto {
  @ApiProperty({ format: 'uuid', description: 'An active organisation of this platform' })
  @IsUUID()
  organisationId: string;
}

export class CertifierProposalDto {
  @ApiProperty({ format: 'uuid' }) organisationId: string;
  @ApiProperty() name: string;
  @ApiProperty({ nullable: true, type: String }) siret: string | null;
  @ApiProperty({ description: 'The certifier as the sheet names it' }) sheetName: string;
  @ApiProperty({ enum: ['siret', 'name'], description: "Matched on the sheet's SIRET, or on the name when the sheet gives none" })
  matchedBy: 'siret' | 'name';
}

export class CreateHabilitationDto {
  @ApiProperty({ example: 'RNCP41296', description: 'One of the certifications your organisation certifies' })
  @Matches(/^RNCP\d+$/, CERTIFICATION_CODE)
  certificationCode: string;

  @ApiProperty({ example: '73254472900013', description: 'The SIRET of the training centre authorised (an organisation of this platform)' })
  @Matches(/^\d{14}$/, { message: 'trainingCentreSiret must be 14 digits' })
  trainingCentreSiret: string;

  @ApiProperty({ format: 'date', example: '2025-09-01' })
  @IsCalendarDate()
  validFrom: string;

  @ApiPropertyOptional({ format: 'date', nullable: true, type: String, description: 'Last day covered (included); none: open-ended' })
  @ValidateIf((dto: CreateHabilitationDto) => dto.validUntil !== undefined && dto.validUntil !== null)
  @IsCalendarDate()
  validUntil?: string | null;
}

export class HabilitationQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: 'RNCP41296' })
  @Omittable()
  @Matches(/^RNCP\d+$/, CERTIFICATION_CODE)
  certificationCode?: string;
}

export class HabilitationDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'RNCP41296' }) certificationCode: string;
  @ApiProperty({ format: 'uuid' }) certifierId: string;
  @ApiProperty() certifierName: string;
  @ApiProperty({ format: 'uuid' }) trainingCentreId: string;
  @ApiProperty() trainingCentreName: string;
  @ApiProperty({ nullable: true, type: String }) trainingCentreSiret: string | null;
  @ApiProperty({ format: 'date' }) validFrom: string;
  @ApiProperty({ format: 'date', nullable: true, type: String }) validUntil: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) revokedAt: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class HabilitationPageDto {
  @ApiProperty({ type: [HabilitationDto] }) items: HabilitationDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

export function mapCertifier(row: CertifierRow): CertifierOrganisationDto {
  return { organisationId: row.organisationId, name: row.name, siret: row.siret, linkedAt: row.linkedAt.toISOString() };
}

export function mapHabilitation(row: HabilitationRow): HabilitationDto {
  return { ...row, revokedAt: row.revokedAt?.toISOString() ?? null, createdAt: row.createdAt.toISOString() };
}

export function mapCertifierProposal(row: CertifierProposalRow): CertifierProposalDto {
  return { ...row };
}
