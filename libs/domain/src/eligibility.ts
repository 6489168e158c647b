import { assertUnreachable } from './domain-error';

/**
 * Rule 4 (domain.md) — full certification: a learner is eligible when every block the certification
 * requires is held. Both seeds require all blocks; the model also allows "all mandatory blocks plus
 * N optional ones". Eligibility is not the award: only a jury awards, and only an eligible learner.
 */

export const COMPLETION_RULE_KINDS = ['all_blocks', 'mandatory_plus_optional'] as const;
export type CompletionRuleKind = (typeof COMPLETION_RULE_KINDS)[number];

export type CompletionRule = { kind: 'all_blocks' } | { kind: 'mandatory_plus_optional'; optionalCount: number };

export interface CertificationForEligibility {
  completionRule: CompletionRule;
  blocks: readonly { code: string; mandatory: boolean }[];
}

export interface Eligibility {
  eligible: boolean;
  /** Blocks still to acquire, in the certification's order: the missing mandatory blocks, plus, while
   *  too few optional blocks are held, every optional block not held (any of them would do). */
  missingBlocks: string[];
  /** How many more optional blocks are needed (0 under 'all_blocks'). */
  optionalStillNeeded: number;
}

/** The held block codes: a list, a set, or the map returned by heldBlocks(). */
export type HeldCodes = Iterable<string> | ReadonlyMap<string, unknown>;

function toSet(held: HeldCodes): Set<string> {
  return held instanceof Map ? new Set(held.keys()) : new Set(held as Iterable<string>);
}

export function checkEligibility(certification: CertificationForEligibility, held: HeldCodes): Eligibility {
  const holds = toSet(held);
  const rule = certification.completionRule;
  const blocks = certification.blocks;

  switch (rule.kind) {
    case 'all_blocks': {
      const missingBlocks = blocks.filter((b) => !holds.has(b.code)).map((b) => b.code);
      // A certification without blocks cannot be earned by holding nothing.
      const eligible = blocks.length > 0 && missingBlocks.length === 0;
      return { eligible, missingBlocks, optionalStillNeeded: 0 };
    }
    case 'mandatory_plus_optional': {
      const missingMandatory = blocks.filter((b) => b.mandatory && !holds.has(b.code));
      const optional = blocks.filter((b) => !b.mandatory);
      const optionalHeld = optional.filter((b) => holds.has(b.code)).length;
      const optionalStillNeeded = Math.max(0, rule.optionalCount - optionalHeld);
      const missing = new Set(missingMandatory.map((b) => b.code));
      if (optionalStillNeeded > 0) for (const b of optional) if (!holds.has(b.code)) missing.add(b.code);
      const missingBlocks = blocks.filter((b) => missing.has(b.code)).map((b) => b.code);
      const eligible = blocks.length > 0 && missingMandatory.length === 0 && optionalStillNeeded === 0;
      return { eligible, missingBlocks, optionalStillNeeded };
    }
  }
  // Completion rules come from stored sheets: an unknown kind is a data bug, not "not eligible".
  return assertUnreachable(rule);
}
