import { ApiProperty } from '@nestjs/swagger';
import { JURY_DECISIONS, JuryDecisionValue } from './jury-decision.dto';

/**
 * A decision concerning a learner, as its own organisation reads it: a partner centre reads what its certifier's jury
 * decided for its learners (never the jury's session itself, which is the certifier's).
 */
export class LearnerDecisionDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'RNCP41296' }) certificationCode: string;
  @ApiProperty({ nullable: true, type: String, description: 'Absent: the decision on the whole certification' })
  blockCode: string | null;
  @ApiProperty({ enum: JURY_DECISIONS }) decision: JuryDecisionValue;
  @ApiProperty({ nullable: true, type: String }) rationale: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) supersedesDecisionId: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Why a correction was made (with supersedesDecisionId)' })
  correctionReason: string | null;
  @ApiProperty({ format: 'date', description: 'The day the jury sat' }) heldOn: string;
  @ApiProperty({ description: 'Whether the jury session is closed (its minutes frozen)' }) sessionClosed: boolean;
  @ApiProperty({
    format: 'date-time',
    nullable: true,
    type: String,
    description: "When the session's minutes became signed by the jury (null: not signed yet)",
  })
  minutesSignedAt: string | null;
  @ApiProperty({ format: 'uuid', description: "The jury's organisation: the learner's own, or the certifier of its network" })
  juryOrganisationId: string;
  @ApiProperty() juryOrganisationName: string;
  @ApiProperty({ format: 'date-time' }) decidedAt: string;
}

export type LearnerDecisionRow = { [K in keyof LearnerDecisionDto]: LearnerDecisionDto[K] };

export function mapLearnerDecision(row: LearnerDecisionRow): LearnerDecisionDto {
  return {
    id: row.id,
    certificationCode: row.certificationCode,
    blockCode: row.blockCode,
    decision: row.decision,
    rationale: row.rationale,
    supersedesDecisionId: row.supersedesDecisionId,
    correctionReason: row.correctionReason,
    heldOn: row.heldOn,
    sessionClosed: row.sessionClosed,
    minutesSignedAt: row.minutesSignedAt,
    juryOrganisationId: row.juryOrganisationId,
    juryOrganisationName: row.juryOrganisationName,
    decidedAt: row.decidedAt,
  };
}
