import { ModalityGrading, OUTCOMES, Outcome } from '@project/domain';

/** Pure rules on a result's value, shared by the JSON routes and the spreadsheet import. */

export const MAX_SCORE = 20;

/** Why a score is not acceptable (0–20, at most two decimals), or undefined when it is. */
export function scoreProblem(score: unknown): string | undefined {
  if (typeof score !== 'number' || !Number.isFinite(score)) return 'score must be a number';
  if (score < 0 || score > MAX_SCORE) return `score must be between 0 and ${MAX_SCORE}`;
  if (Number(score.toFixed(2)) !== score) return 'score must have at most two decimals';
  return undefined;
}

export function isOutcome(value: unknown): value is Outcome {
  return typeof value === 'string' && (OUTCOMES as readonly string[]).includes(value);
}

/** A pass/fail modality takes an outcome, a scored one a score: the field that is wrong, and why. */
export function gradingProblem(
  grading: ModalityGrading,
  value: { score?: number | null; outcome?: Outcome | null },
): { field: 'score' | 'outcome'; message: string } | undefined {
  if (grading === 'pass_fail' && value.score != null)
    return { field: 'score', message: 'this modality is graded pass/fail: give an outcome, not a score' };
  if (grading === 'score' && value.outcome != null)
    return { field: 'outcome', message: 'this modality is scored out of 20: give a score, not an outcome' };
  return undefined;
}

/** A calendar date written YYYY-MM-DD that exists (no 2025-02-30, no year 0000): platform's one rule. */
export { isCalendarDate } from '@project/platform';
