import { AwardDeclarationDto } from '@project/accrochage';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ACQUISITION_SOURCES,
  AcquisitionSource,
  BLOCK_STATUSES,
  BlockStatus,
  OUTCOMES,
  Outcome,
  PROPOSALS,
  Proposal,
} from '@project/domain';
import { Omittable, PageQueryDto } from '@project/platform';
import { IsUUID } from 'class-validator';
import { CertificationStanding } from '../standing';

export class ModalityProgressDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'case_study' }) kind: string;
  @ApiProperty({ nullable: true, type: Number }) latestScore: number | null;
  @ApiProperty({ enum: OUTCOMES, nullable: true }) latestOutcome: Outcome | null;
  @ApiProperty() attempts: number;
}

export class BlockProgressDto {
  @ApiProperty({ example: 'RNCP41296BC01' }) code: string;
  @ApiProperty() title: string;
  @ApiProperty({ enum: BLOCK_STATUSES }) status: BlockStatus;
  @ApiProperty({ enum: PROPOSALS }) proposal: Proposal;
  @ApiProperty({ nullable: true, type: Number }) mark: number | null;
  @ApiProperty({ format: 'date', nullable: true, type: String }) acquiredOn: string | null;
  @ApiProperty({ enum: ACQUISITION_SOURCES, nullable: true }) source: AcquisitionSource | null;
  @ApiProperty({ nullable: true, type: String, description: 'The block actually acquired, when held through an equivalence' })
  acquiredBlockCode: string | null;
  @ApiProperty({ type: [String], description: 'Modality ids with no result yet' }) missingModalities: string[];
  @ApiProperty({ type: [ModalityProgressDto] }) modalities: ModalityProgressDto[];
}

export class CertificationProgressDto {
  @ApiProperty({ example: 'RNCP41296' }) code: string;
  @ApiProperty() title: string;
  @ApiProperty() eligible: boolean;
  @ApiProperty({ format: 'date', nullable: true, type: String }) awardedOn: string | null;
  @ApiProperty({ type: [String] }) missingBlocks: string[];
  @ApiProperty({ type: [BlockProgressDto] }) blocks: BlockProgressDto[];
  @ApiProperty({
    type: AwardDeclarationDto,
    nullable: true,
    description:
      "In the learner's own progress (/me/progress), once awarded: where the award's declaration to the CPF (accrochage) stands, with the days left before its deadline; null elsewhere (see /learners/{id}/cpf-declarations)",
  })
  cpfDeclaration: AwardDeclarationDto | null;
}

export class LearnerProgressDto {
  @ApiProperty({ format: 'uuid' }) learnerId: string;
  @ApiProperty({ type: [CertificationProgressDto] }) certifications: CertificationProgressDto[];
}

export function mapCertificationProgress(standing: CertificationStanding): CertificationProgressDto {
  return {
    code: standing.code,
    title: standing.title,
    eligible: standing.eligible,
    awardedOn: standing.awardedOn,
    missingBlocks: standing.missingBlocks,
    cpfDeclaration: null,
    blocks: standing.blocks.map((b) => ({
      code: b.code,
      title: b.title,
      status: b.status,
      proposal: b.proposal,
      mark: b.mark,
      acquiredOn: b.acquiredOn,
      source: b.source,
      acquiredBlockCode: b.acquiredBlockCode,
      missingModalities: b.missingModalities,
      modalities: b.modalities.map((m) => ({
        id: m.id,
        kind: m.kind ?? 'other',
        latestScore: m.latestScore,
        latestOutcome: m.latestOutcome,
        attempts: m.attempts,
      })),
    })),
  };
}

export class EligibleLearnersQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid' }) @Omittable() @IsUUID() cohortId?: string;
}

export class EligibleLearnerDto {
  @ApiProperty({ format: 'uuid' }) learnerId: string;
  @ApiProperty() firstName: string;
  @ApiProperty() lastName: string;
  @ApiProperty() email: string;
  @ApiProperty({ format: 'date', nullable: true, type: String }) awardedOn: string | null;
}

export class EligibleLearnerPageDto {
  @ApiProperty({ type: [EligibleLearnerDto] }) items: EligibleLearnerDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

export interface EligibleLearnerRow {
  id: string;
  firstNames: string;
  lastName: string;
  email: string;
  awardedOn: string | null;
}

export function mapEligibleLearner(row: EligibleLearnerRow): EligibleLearnerDto {
  return { learnerId: row.id, firstName: row.firstNames, lastName: row.lastName, email: row.email, awardedOn: row.awardedOn };
}
