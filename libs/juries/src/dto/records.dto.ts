import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsDateString, IsIn, IsInt, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { ACQUISITION_SOURCES } from '@project/domain';
import { Omittable, PageQueryDto } from '@project/platform';

const BLOCK_CODE = /^RNCP\d+BC\d+$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

export class CreateBlockEquivalenceDto {
  @ApiProperty({ example: 'RNCP35080BC01', description: 'A block of the replaced certification (it need not be in the catalogue)' })
  @Matches(BLOCK_CODE, { message: 'fromBlockCode must look like RNCP35080BC01' })
  fromBlockCode: string;
  @ApiProperty({ example: 'RNCP41336BC01' })
  @Matches(BLOCK_CODE, { message: 'toBlockCode must look like RNCP41336BC01' })
  toBlockCode: string;
}

export class BlockEquivalenceDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() fromBlockCode: string;
  @ApiProperty() toBlockCode: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class BlockEquivalencePageDto {
  @ApiProperty({ type: [BlockEquivalenceDto] }) items: BlockEquivalenceDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

export class ListBlockEquivalencesQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: 'RNCP41336', description: 'Only equivalences towards blocks of this certification' })
  @Omittable()
  @Matches(/^RNCP\d+$/, { message: 'certificationCode must look like RNCP41336' })
  certificationCode?: string;
}

export function mapBlockEquivalence(row: BlockEquivalenceDto): BlockEquivalenceDto {
  return { id: row.id, fromBlockCode: row.fromBlockCode, toBlockCode: row.toBlockCode, createdAt: row.createdAt };
}

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
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) revokedAt: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) revokedByDecisionId: string | null;
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
    revokedAt: row.revokedAt,
    revokedByDecisionId: row.revokedByDecisionId,
  };
}

export class RecordFollowUpDto {
  @ApiProperty({ example: 'RNCP41296' })
  @Matches(/^RNCP\d+$/, { message: 'certificationCode must look like RNCP41296' })
  certificationCode: string;
  @ApiProperty({ format: 'date' })
  @IsDateString({ strict: true }, { message: 'observedOn must be a real date' })
  @Matches(DAY, { message: 'observedOn must be formatted YYYY-MM-DD' })
  observedOn: string;
  @ApiProperty({ enum: [6, 24] }) @IsInt() @IsIn([6, 24]) monthsAfterAward: 6 | 24;
  @ApiProperty() @IsBoolean() employed: boolean;
  @ApiProperty({ description: 'Employed in the job the certification targets (implies employed)' }) @IsBoolean() inTargetJob: boolean;
}

export class FollowUpDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) learnerId: string;
  @ApiProperty() certificationCode: string;
  @ApiProperty({ format: 'date' }) observedOn: string;
  @ApiProperty() monthsAfterAward: number;
  @ApiProperty() employed: boolean;
  @ApiProperty() inTargetJob: boolean;
}

export function mapFollowUp(row: FollowUpDto): FollowUpDto {
  return {
    id: row.id,
    learnerId: row.learnerId,
    certificationCode: row.certificationCode,
    observedOn: row.observedOn,
    monthsAfterAward: row.monthsAfterAward,
    employed: row.employed,
    inTargetJob: row.inTargetJob,
  };
}

export class StatisticsYearDto {
  @ApiProperty() year: number;
  @ApiProperty() certifiedCount: number;
  @ApiProperty() certifiedByVaeCount: number;
  @ApiProperty({ nullable: true, type: Number, description: 'Percent of 6-month follow-ups in employment; null without follow-ups' })
  insertionRate6Months: number | null;
  @ApiProperty({ nullable: true, type: Number }) insertionRateInTargetJob6Months: number | null;
  @ApiProperty({ nullable: true, type: Number }) insertionRate2Years: number | null;
}

export function mapStatisticsYear(row: StatisticsYearDto): StatisticsYearDto {
  return {
    year: row.year,
    certifiedCount: row.certifiedCount,
    certifiedByVaeCount: row.certifiedByVaeCount,
    insertionRate6Months: row.insertionRate6Months,
    insertionRateInTargetJob6Months: row.insertionRateInTargetJob6Months,
    insertionRate2Years: row.insertionRate2Years,
  };
}

export class CertificationStatisticsDto {
  @ApiProperty() certificationCode: string;
  @ApiProperty({ type: [StatisticsYearDto], description: 'Newest year first, as the sheets publish them' }) years: StatisticsYearDto[];
}
