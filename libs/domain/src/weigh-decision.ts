import { certificationDecisionDeparts, decisionDepartsFromProposal } from './decision-departure';
import { DomainError, DomainErrorCode } from './domain-error';
import { canAwardOn } from './registration-window';
import type { AcquisitionSource, BlockDecision, CertificationDecision, Proposal } from './vocabulary';

/** The session a decision is taken in. */
export interface SessionForDecision {
  certificationCode: string;
  /** ISO date. */
  heldOn: string;
  registrationEndsOn: string | null;
}

/** What the rules computed for the learner in the session's certification (see assessStanding). */
export interface StandingForDecision {
  blocks: readonly {
    code: string;
    held: boolean;
    source: AcquisitionSource | null;
    acquiredOn: string | null;
    proposal: Proposal;
    mark: number | null;
  }[];
  eligible: boolean;
  missingBlocks: readonly string[];
  awardedOn: string | null;
}

export interface WeighedDecision {
  /** A block's proposal, or 'eligible' / 'not_eligible' for the certification. */
  proposal: Proposal | 'eligible' | 'not_eligible';
  mark: number | null;
  departs: boolean;
}

/**
 * Rules 1, 3, 4 and 7 for one decision: the proposal it is weighed against and whether it departs from it
 * (a departure needs a rationale). Refuses what the rules forbid: a held block stays acquired unless the
 * decision that validated it is corrected (rule 3); only an eligible learner is awarded (rule 4), only while
 * the certification is registered (rule 7), and only once unless a correction replaces the award.
 * `blockCode` null decides the certification; `correctedDecision` is the decision a correction replaces.
 */
export function weighDecision(
  session: SessionForDecision,
  standing: StandingForDecision,
  blockCode: string | null,
  decision: BlockDecision | CertificationDecision,
  correctedDecision: string | null,
): WeighedDecision {
  if (blockCode !== null) {
    const block = standing.blocks.find((b) => b.code === blockCode);
    if (!block) throw new DomainError(DomainErrorCode.RuleViolation, `${blockCode} is not a block of ${session.certificationCode}`);
    if (block.held && decision !== 'validated' && correctedDecision !== 'validated') {
      // Only a correction of the decision that granted the block can undo it.
      throw new DomainError(
        DomainErrorCode.InvalidState,
        `${blockCode} is already acquired (${block.source}, ${block.acquiredOn}); only a correction of the decision that validated it can change that`,
      );
    }
    return { proposal: block.proposal, mark: block.mark, departs: decisionDepartsFromProposal(decision as BlockDecision, block.proposal) };
  }
  if (decision === 'awarded') {
    if (!canAwardOn(session.registrationEndsOn, session.heldOn)) {
      throw new DomainError(
        DomainErrorCode.RegistrationEnded,
        `${session.certificationCode} cannot be awarded by a jury sitting on ${session.heldOn}: its registration ended on ${session.registrationEndsOn}`,
        { registrationEndsOn: session.registrationEndsOn },
      );
    }
    if (!standing.eligible) {
      throw new DomainError(
        DomainErrorCode.NotEligible,
        `The learner is not eligible: missing blocks ${standing.missingBlocks.join(', ')}`,
        {
          missingBlocks: standing.missingBlocks,
        },
      );
    }
    if (standing.awardedOn !== null && correctedDecision === null) {
      throw new DomainError(
        DomainErrorCode.Conflict,
        `${session.certificationCode} was already awarded to this learner on ${standing.awardedOn}`,
      );
    }
  }
  return {
    proposal: standing.eligible ? 'eligible' : 'not_eligible',
    mark: null,
    departs: certificationDecisionDeparts(decision as CertificationDecision, standing.eligible),
  };
}
