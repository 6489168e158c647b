import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayNotEmpty,
  ArrayUnique,
  IsArray,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
} from 'class-validator';
import { OUTCOMES, Outcome } from '@project/domain';
import { Omittable, PageQueryDto } from '@project/platform';
import { ExactlyOneOf, IsCalendarDate, IsOutcome, IsScore, NotWith } from './evaluation-validators';

export const MAX_COLLECTIVE_ENROLMENTS = 500;

export class RecordEvaluationDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  enrolmentId: string;

  @ApiProperty({ format: 'uuid', description: "A modality of a block of the enrolment's certification" })
  @IsUUID()
  modalityId: string;

  @ApiProperty({ format: 'date', example: '2025-06-12' })
  @IsCalendarDate()
  occurredOn: string;

  @ApiPropertyOptional({ minimum: 0, maximum: 20, multipleOf: 0.01, description: 'For a scored modality; exactly one of score or outcome' })
  @ExactlyOneOf('outcome')
  @IsScore()
  score?: number;

  @ApiPropertyOptional({ enum: OUTCOMES, description: 'For a pass/fail modality; exactly one of score or outcome' })
  @ExactlyOneOf('score')
  @IsOutcome()
  outcome?: Outcome;

  @ApiPropertyOptional({ minimum: 1, description: '1 = first sitting; assigned automatically when omitted, else must be the next one' })
  @Omittable()
  @IsInt()
  @Min(1)
  @Max(100)
  attempt?: number;

  @ApiPropertyOptional({ maxLength: 2000 })
  @Omittable()
  @IsString()
  @MaxLength(2000)
  comment?: string;
}

export class RecordCollectiveEvaluationDto {
  @ApiProperty({
    type: [String],
    format: 'uuid',
    maxItems: MAX_COLLECTIVE_ENROLMENTS,
    description: 'One result is recorded for each, all or none',
  })
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(MAX_COLLECTIVE_ENROLMENTS)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  enrolmentIds: string[];

  @ApiProperty({ format: 'uuid', description: 'A collective modality' })
  @IsUUID()
  modalityId: string;

  @ApiProperty({ format: 'date', example: '2025-06-12' })
  @IsCalendarDate()
  occurredOn: string;

  @ApiPropertyOptional({ minimum: 0, maximum: 20, multipleOf: 0.01 })
  @ExactlyOneOf('outcome')
  @IsScore()
  score?: number;

  @ApiPropertyOptional({ enum: OUTCOMES })
  @ExactlyOneOf('score')
  @IsOutcome()
  outcome?: Outcome;

  @ApiPropertyOptional({ maxLength: 2000 })
  @Omittable()
  @IsString()
  @MaxLength(2000)
  comment?: string;
}

export class CorrectEvaluationDto {
  @ApiPropertyOptional({ minimum: 0, maximum: 20, multipleOf: 0.01 })
  @NotWith('outcome')
  @IsScore()
  score?: number;

  @ApiPropertyOptional({ enum: OUTCOMES })
  @NotWith('score')
  @IsOutcome()
  outcome?: Outcome;

  @ApiPropertyOptional({ format: 'date' })
  @ValidateIf((dto: CorrectEvaluationDto) => dto.occurredOn !== undefined)
  @IsCalendarDate()
  occurredOn?: string;

  @ApiPropertyOptional({ maxLength: 2000, nullable: true, description: 'null clears the comment' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  comment?: string | null;

  @ApiProperty({ maxLength: 2000, description: 'Why the result is corrected; kept in the audit trail' })
  @IsString()
  @Matches(/\S/, { message: 'reason must not be blank' })
  @MaxLength(2000)
  reason: string;
}

export class EvaluationIdParamDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  id: string;
}

export class ListEvaluationsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: 'RNCP41296' })
  @Omittable()
  @IsString()
  @Matches(/^RNCP[0-9]+$/i)
  certificationCode?: string;

  @ApiPropertyOptional({ example: 'RNCP41296BC01' })
  @Omittable()
  @IsString()
  @Matches(/^RNCP[0-9]+BC[0-9]+$/i)
  blockCode?: string;
}

export class EvaluationDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) enrolmentId: string;
  @ApiProperty({ format: 'uuid' }) learnerId: string;
  @ApiProperty({ example: 'RNCP41296' }) certificationCode: string;
  @ApiProperty({ format: 'uuid' }) modalityId: string;
  @ApiProperty({ example: 'case_study' }) modalityKind: string;
  @ApiProperty({ example: 'RNCP41296BC02' }) blockCode: string;
  @ApiProperty({ format: 'date' }) occurredOn: string;
  @ApiProperty({ type: Number, nullable: true }) score: number | null;
  @ApiProperty({ enum: OUTCOMES, nullable: true }) outcome: Outcome | null;
  @ApiProperty() attempt: number;
  @ApiProperty({ type: String, nullable: true }) comment: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) assessorUserId: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

export class EvaluationListDto {
  @ApiProperty({ type: [EvaluationDto] }) items: EvaluationDto[];
}

export class EvaluationPageDto extends EvaluationListDto {
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}

export class ImportSummaryDto {
  @ApiProperty({ description: 'Results recorded' }) created: number;
}

/** An evaluation_result row as EvaluationsRepository reads it (with its enrolment's learner and certification, its modality's kind and block). */
export interface EvaluationRow {
  id: string;
  enrolmentId: string;
  learnerId: string;
  certificationCode: string;
  modalityId: string;
  modalityKind: string;
  blockCode: string;
  occurredOn: string;
  score: number | null;
  outcome: Outcome | null;
  attempt: number;
  comment: string | null;
  assessorUserId: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export function mapEvaluation(row: EvaluationRow): EvaluationDto {
  return {
    id: row.id,
    enrolmentId: row.enrolmentId,
    learnerId: row.learnerId,
    certificationCode: row.certificationCode,
    modalityId: row.modalityId,
    modalityKind: row.modalityKind,
    blockCode: row.blockCode,
    occurredOn: row.occurredOn,
    score: row.score,
    outcome: row.outcome,
    attempt: row.attempt,
    comment: row.comment,
    assessorUserId: row.assessorUserId,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
