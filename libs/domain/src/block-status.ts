import type { BlockDecision, Proposal } from './vocabulary';

/**
 * A block's status in a learner's progress (api-contract "Progress"), from rules 1–3:
 * 1. held (rule 3: by a jury, VAE or an equivalence, in any enrolment)  → 'acquired';
 * 2. the last jury decision on it is 'not_validated'                    → 'not_acquired';
 * 3. every modality has a result (proposal acquired or not_acquired),
 *    and no jury has settled it yet (no decision, or 'deferred')        → 'pending_jury';
 * 4. some results                                                       → 'in_progress';
 * 5. none                                                               → 'not_started'.
 * Results recorded after the last decision (a resit after a refusal) make that decision stale:
 * pass hasResultsAfterLastDecision so the block goes back to in_progress / pending_jury.
 */

export const BLOCK_STATUSES = ['not_started', 'in_progress', 'pending_jury', 'acquired', 'not_acquired'] as const;
export type BlockStatus = (typeof BLOCK_STATUSES)[number];

export interface BlockStatusInput {
  held: boolean;
  proposal: Proposal;
  hasResults: boolean;
  lastDecision: BlockDecision | null;
  hasResultsAfterLastDecision?: boolean;
}

export function blockStatus(input: BlockStatusInput): BlockStatus {
  if (input.held) return 'acquired';
  const decision = input.hasResultsAfterLastDecision ? null : input.lastDecision;
  if (decision === 'not_validated') return 'not_acquired';
  // 'validated' without the block held means the acquisition was revoked by a correction: undecided.
  if (input.proposal !== 'incomplete') return 'pending_jury';
  if (input.hasResults) return 'in_progress';
  return 'not_started';
}
