import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';
import { ACQUISITION_SOURCES, AcquisitionSource, BLOCK_STATUSES, BlockStatus, MissingJuryRole, PROPOSALS, Proposal } from '@project/domain';
import { CertificationStanding } from '@project/progress';
import { JuryDecisionDto } from './jury-decision.dto';
import { Omittable } from '@project/platform';

export class ProposalsQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Only the candidates of this cohort' }) @Omittable() @IsUUID() cohortId?: string;
}

export class MissingJuryRoleDto {
  @ApiProperty() label: string;
  @ApiProperty({ type: [String] }) roles: string[];
  @ApiProperty() external: boolean;
  @ApiProperty() required: number;
  @ApiProperty() present: number;
}

export class CompositionCheckDto {
  @ApiProperty({ description: "Whether the session's members satisfy the rule of the candidate's access route" }) satisfied: boolean;
  @ApiProperty({ type: [MissingJuryRoleDto] }) missing: MissingJuryRoleDto[];
}

export class BlockProposalDto {
  @ApiProperty({ example: 'RNCP41296BC01' }) code: string;
  @ApiProperty() title: string;
  @ApiProperty({ enum: PROPOSALS }) proposal: Proposal;
  @ApiProperty({ nullable: true, type: Number }) mark: number | null;
  @ApiProperty({ type: [String], description: 'Modality ids without a result yet' }) missingModalities: string[];
  @ApiProperty({ enum: BLOCK_STATUSES }) status: BlockStatus;
  @ApiProperty({ description: 'Already held (capitalised, by a jury, VAE or an equivalence): nothing to decide' }) held: boolean;
  @ApiProperty({ format: 'date', nullable: true, type: String }) acquiredOn: string | null;
  @ApiProperty({ enum: ACQUISITION_SOURCES, nullable: true }) source: AcquisitionSource | null;
}

export class CandidateProposalDto {
  @ApiProperty({ format: 'uuid' }) enrolmentId: string;
  @ApiProperty({ format: 'uuid' }) learnerId: string;
  @ApiProperty() firstName: string;
  @ApiProperty() lastName: string;
  @ApiProperty() accessRoute: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: "null for a partner centre's candidate" })
  cohortId: string | null;
  @ApiProperty({ format: 'uuid', description: "The organisation preparing the candidate: the session's own, or a centre it authorised" })
  trainingCentreId: string;
  @ApiProperty() eligible: boolean;
  @ApiProperty({ type: [String] }) missingBlocks: string[];
  @ApiProperty({ format: 'date', nullable: true, type: String }) awardedOn: string | null;
  @ApiProperty({ type: CompositionCheckDto }) composition: CompositionCheckDto;
  @ApiProperty({ type: [BlockProposalDto] }) blocks: BlockProposalDto[];
  @ApiProperty({ type: [JuryDecisionDto], description: 'Decisions already recorded for this candidate in this session' })
  decisions: JuryDecisionDto[];
}

export class SessionProposalsDto {
  @ApiProperty({ format: 'uuid' }) sessionId: string;
  @ApiProperty() certificationCode: string;
  @ApiProperty({ format: 'date' }) heldOn: string;
  @ApiProperty({ type: [CandidateProposalDto] }) candidates: CandidateProposalDto[];
}

export interface CandidateRow {
  enrolmentId: string;
  learnerId: string;
  firstNames: string;
  lastName: string;
  accessRoute: string;
  /** The organisation that enrolled the learner (a partner centre in a certifier's session). */
  organisationId: string;
  cohortId: string | null;
  juryComposition: unknown;
}

export function mapCandidateProposal(
  candidate: CandidateRow,
  standing: CertificationStanding,
  composition: { satisfied: boolean; missing: MissingJuryRole[] },
  decisions: JuryDecisionDto[],
): CandidateProposalDto {
  return {
    enrolmentId: candidate.enrolmentId,
    learnerId: candidate.learnerId,
    firstName: candidate.firstNames,
    lastName: candidate.lastName,
    accessRoute: candidate.accessRoute,
    cohortId: candidate.cohortId,
    trainingCentreId: candidate.organisationId,
    eligible: standing.eligible,
    missingBlocks: standing.missingBlocks,
    awardedOn: standing.awardedOn,
    composition: { satisfied: composition.satisfied, missing: composition.missing },
    blocks: standing.blocks.map((b) => ({
      code: b.code,
      title: b.title,
      proposal: b.proposal,
      mark: b.mark,
      missingModalities: b.missingModalities,
      status: b.status,
      held: b.held,
      acquiredOn: b.acquiredOn,
      source: b.source,
    })),
    decisions,
  };
}
