import type { ModalityGrading, Outcome, Proposal } from './vocabulary';

/**
 * Rule 2 (domain.md) — the default computation of a block's proposal from its evaluation results.
 * Rule 1 — this is only a proposal: a jury decides whether the block is validated.
 */

export interface ModalityForProposal {
  id: string;
  kind?: string;
  /** Weight of the modality in the block mark. */
  coefficient: number;
  /** The modality's own pass mark: informative only, the default rule compensates between modalities. */
  passMark?: number;
  /** A score strictly under this floor fails the block whatever the mean. */
  eliminatoryFloor: number | null;
  grading: ModalityGrading;
}

export interface BlockForProposal {
  /** The block mark must reach this (on 20) for the block to be proposed acquired. */
  passMark: number;
  modalities: readonly ModalityForProposal[];
}

/** One attempt of the learner at one modality (1 = first sitting, 2+ = resit). */
export interface ResultForProposal {
  modalityId: string;
  attempt: number;
  score: number | null;
  outcome: Outcome | null;
  /** ISO date YYYY-MM-DD. */
  occurredOn: string;
}

export interface ModalityStanding {
  id: string;
  kind: string | null;
  latestScore: number | null;
  latestOutcome: Outcome | null;
  /** How many results count for this modality (first sitting and resits). */
  attempts: number;
}

export interface BlockProposal {
  proposal: Proposal;
  /** Coefficient-weighted mean of the latest scores on 20, rounded to 2 decimals; null when incomplete
   *  or when the block has no scored modality. */
  mark: number | null;
  /** Modalities with no usable result yet, in the block's order. */
  missingModalities: string[];
  /** Modalities whose latest result is under the eliminatory floor, or a failed pass/fail modality. */
  failedModalities: string[];
  modalities: ModalityStanding[];
}

/** Rounds to 2 decimals, as a mark is shown and stored (numeric(4,2)). */
export function roundMark(value: number): number {
  return Math.round((value + Number.EPSILON) * 100) / 100;
}

/** A result counts for a modality only if it carries what the modality is graded on. */
function fitsGrading(result: ResultForProposal, grading: ModalityGrading): boolean {
  return grading === 'score' ? result.score !== null && result.score !== undefined : result.outcome != null;
}

/**
 * Total order "which result is later": the highest attempt number; on a tie (only possible across
 * enrolments) the latest date; on a full tie the better result, so the answer never depends on the
 * order results arrive in.
 */
function isLater(a: ResultForProposal, b: ResultForProposal): boolean {
  if (a.attempt !== b.attempt) return a.attempt > b.attempt;
  if (a.occurredOn !== b.occurredOn) return a.occurredOn > b.occurredOn;
  if ((a.score ?? -1) !== (b.score ?? -1)) return (a.score ?? -1) > (b.score ?? -1);
  return a.outcome === 'passed' && b.outcome !== 'passed';
}

/** Rule 2: the latest attempt of a modality is the one that counts. */
export function latestResult<R extends ResultForProposal>(results: readonly R[]): R | null {
  let latest: R | null = null;
  for (const r of results) if (latest === null || isLater(r, latest)) latest = r;
  return latest;
}

export function proposeBlockOutcome(block: BlockForProposal, results: readonly ResultForProposal[]): BlockProposal {
  const missingModalities: string[] = [];
  const failedModalities: string[] = [];
  const modalities: ModalityStanding[] = [];
  let weightedSum = 0;
  let totalWeight = 0;

  for (const modality of block.modalities) {
    // Results for modalities outside the block are ignored.
    const own = results.filter((r) => r.modalityId === modality.id && fitsGrading(r, modality.grading));
    const latest = latestResult(own);
    modalities.push({
      id: modality.id,
      kind: modality.kind ?? null,
      latestScore: latest?.score ?? null,
      latestOutcome: latest?.outcome ?? null,
      attempts: own.length,
    });

    if (latest === null) {
      // Rule 2: every modality of the block needs a result.
      missingModalities.push(modality.id);
      continue;
    }
    if (modality.grading === 'pass_fail') {
      // A pass/fail modality counts as passed or failed, never as a number.
      if (latest.outcome === 'failed') failedModalities.push(modality.id);
      continue;
    }
    const score = latest.score as number;
    if (modality.eliminatoryFloor !== null && score < modality.eliminatoryFloor) {
      failedModalities.push(modality.id);
    }
    if (modality.coefficient > 0) {
      weightedSum += score * modality.coefficient;
      totalWeight += modality.coefficient;
    }
  }

  // A block without modalities has nothing to propose from; one with a missing result is incomplete.
  if (block.modalities.length === 0 || missingModalities.length > 0) {
    return { proposal: 'incomplete', mark: null, missingModalities, failedModalities, modalities };
  }

  // Only pass/fail modalities (or zero weights): no mark, the block stands on the outcomes alone.
  const mark = totalWeight > 0 ? roundMark(weightedSum / totalWeight) : null;
  // The shown (rounded) mark is compared, so a mark displayed as 10.00 is never refused for 9.999.
  const meanReached = mark === null || mark >= block.passMark;
  const proposal: Proposal = meanReached && failedModalities.length === 0 ? 'acquired' : 'not_acquired';
  return { proposal, mark, missingModalities, failedModalities, modalities };
}
