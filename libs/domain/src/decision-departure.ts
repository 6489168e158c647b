import type { BlockDecision, CertificationDecision, Proposal } from './vocabulary';

/**
 * Rule 1 (domain.md) — a block's proposal is computed, its validation is decided. A jury may depart
 * from the proposal, but a departure needs a written rationale.
 */

/**
 * - 'validated' departs unless the proposal is 'acquired' (validating a not acquired or incomplete block);
 * - 'not_validated' departs when the proposal is 'acquired';
 * - 'deferred' never departs: it decides nothing, it postpones.
 */
export function decisionDepartsFromProposal(decision: BlockDecision, proposal: Proposal): boolean {
  switch (decision) {
    case 'validated':
      return proposal !== 'acquired';
    case 'not_validated':
      return proposal === 'acquired';
    case 'deferred':
      return false;
  }
}

/** A departing decision without a (non-blank) rationale is refused. */
export function rationaleRequired(decision: BlockDecision, proposal: Proposal): boolean {
  return decisionDepartsFromProposal(decision, proposal);
}

/**
 * Rules 1 and 4 for the whole certification: refusing an eligible learner departs from what the blocks
 * say and needs a rationale. Awarding a learner who is not eligible is not a departure: it is forbidden
 * (see checkEligibility).
 */
export function certificationDecisionDeparts(decision: CertificationDecision, eligible: boolean): boolean {
  return decision === 'refused' && eligible;
}
