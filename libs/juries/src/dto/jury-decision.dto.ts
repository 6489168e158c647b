import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsString, IsUUID, Matches, MaxLength, MinLength } from 'class-validator';
import { BLOCK_DECISIONS, CERTIFICATION_DECISIONS } from '@project/domain';
import { Omittable } from '@project/platform';

export const JURY_DECISIONS = [...BLOCK_DECISIONS, ...CERTIFICATION_DECISIONS] as const;
export type JuryDecisionValue = (typeof JURY_DECISIONS)[number];

export class RecordDecisionDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() enrolmentId: string;
  @ApiPropertyOptional({ example: 'RNCP41296BC01', description: 'Absent: the decision is on the whole certification (awarded|refused)' })
  @Omittable()
  @Matches(/^RNCP\d+BC\d+$/, { message: 'blockCode must look like RNCP41296BC01' })
  blockCode?: string;
  @ApiProperty({ enum: JURY_DECISIONS, description: 'With blockCode: validated|not_validated|deferred; without: awarded|refused' })
  @IsIn(JURY_DECISIONS)
  decision: JuryDecisionValue;
  @ApiPropertyOptional({ description: 'Required when the decision departs from the computed proposal' })
  @Omittable()
  @IsString()
  @MinLength(1)
  @MaxLength(5000)
  rationale?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'A decision of an earlier (closed) session this one corrects' })
  @Omittable()
  @IsUUID()
  supersedesDecisionId?: string;
  @ApiPropertyOptional({ description: 'Required with supersedesDecisionId' })
  @Omittable()
  @IsString()
  @MinLength(1)
  @MaxLength(5000)
  correctionReason?: string;
}

export class JuryDecisionDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) jurySessionId: string;
  @ApiProperty({ format: 'uuid' }) enrolmentId: string;
  @ApiProperty({ format: 'uuid' }) learnerId: string;
  @ApiProperty({ nullable: true, type: String }) blockCode: string | null;
  @ApiProperty({ enum: JURY_DECISIONS }) decision: JuryDecisionValue;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'acquired|not_acquired|incomplete for a block, eligible|not_eligible for the certification',
  })
  proposal: string | null;
  @ApiProperty({ nullable: true, type: Number }) mark: number | null;
  @ApiProperty({ description: 'Whether the decision departs from the proposal' }) departsFromProposal: boolean;
  @ApiProperty({ nullable: true, type: String }) rationale: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) supersedesDecisionId: string | null;
  @ApiProperty({ nullable: true, type: String }) correctionReason: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'The later decision that corrects this one, if any' })
  supersededByDecisionId: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) decidedBy: string | null;
  @ApiProperty({ format: 'date-time' }) decidedAt: string;
  @ApiProperty({
    description:
      "True when decidedBy does not sit on the session (e.g. an admin acting as the jury's secretary): the decision is the jury members', entered on their behalf",
  })
  enteredOnBehalfOfJury: boolean;
}

/**
 * The repository's SQL already answers the response's camelCase shape. mapJuryDecision still copies the
 * fields one by one: some queries add columns (organisationId, sessionHeldOn) that must not reach a response or the audit.
 */
export type JuryDecisionRow = { [K in keyof JuryDecisionDto]: JuryDecisionDto[K] };

/** What is written for a new decision: the row less what the database assigns or derives. */
export type NewDecision = Omit<JuryDecisionRow, 'id' | 'supersededByDecisionId' | 'decidedBy' | 'decidedAt' | 'enteredOnBehalfOfJury'> & {
  organisationId: string;
  decidedBy: string;
};

export function mapJuryDecision(row: JuryDecisionRow): JuryDecisionDto {
  return {
    id: row.id,
    jurySessionId: row.jurySessionId,
    enrolmentId: row.enrolmentId,
    learnerId: row.learnerId,
    blockCode: row.blockCode,
    decision: row.decision,
    proposal: row.proposal,
    mark: row.mark,
    departsFromProposal: row.departsFromProposal,
    rationale: row.rationale,
    supersedesDecisionId: row.supersedesDecisionId,
    correctionReason: row.correctionReason,
    supersededByDecisionId: row.supersededByDecisionId,
    decidedBy: row.decidedBy,
    decidedAt: row.decidedAt,
    enteredOnBehalfOfJury: row.enteredOnBehalfOfJury,
  };
}
