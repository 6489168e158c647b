import type { AcquisitionSource } from './vocabulary';

/**
 * Rule 3 (domain.md) — capitalisation: a validated block stays acquired for good, whatever the
 * enrolment, cohort, access route or year it was acquired in. Acquisitions are therefore per learner.
 * Rule 8 — replaced certifications: an equivalence (old block → new block) makes a block acquired
 * under the old sheet count for the new one.
 */

export interface Acquisition {
  blockCode: string;
  /** ISO date YYYY-MM-DD. */
  acquiredOn: string;
  source: AcquisitionSource;
  /** Superseded by a correcting decision (rule 9): kept for the record, no longer held. */
  revoked?: boolean;
}

export interface BlockEquivalence {
  fromBlockCode: string;
  toBlockCode: string;
}

export interface HeldBlock {
  blockCode: string;
  /** The earliest date the learner held it. */
  acquiredOn: string;
  /** 'equivalence' when held through an equivalence with another block. */
  source: AcquisitionSource;
  /** The block actually acquired (differs from blockCode when held through an equivalence). */
  acquiredBlockCode: string;
}

/** Which of two ways of holding the same block is shown: the earliest; on the same day, a direct one. */
function isPreferred(a: HeldBlock, b: HeldBlock): boolean {
  if (a.acquiredOn !== b.acquiredOn) return a.acquiredOn < b.acquiredOn;
  const aDirect = a.acquiredBlockCode === a.blockCode;
  const bDirect = b.acquiredBlockCode === b.blockCode;
  if (aDirect !== bDirect) return aDirect;
  if (a.source !== b.source) return a.source < b.source; // any fixed order: never depends on input order
  return a.acquiredBlockCode < b.acquiredBlockCode;
}

/**
 * The blocks a learner holds, by block code. Give it ALL the learner's acquisitions (every enrolment,
 * cohort, route and year) and the equivalences; equivalences are followed transitively
 * (A → B → C: A counts for B and for C).
 */
export function heldBlocks(acquisitions: readonly Acquisition[], equivalences: readonly BlockEquivalence[]): Map<string, HeldBlock> {
  const successors = new Map<string, string[]>();
  for (const e of equivalences) {
    const list = successors.get(e.fromBlockCode) ?? [];
    list.push(e.toBlockCode);
    successors.set(e.fromBlockCode, list);
  }

  const held = new Map<string, HeldBlock>();
  const offer = (candidate: HeldBlock) => {
    const current = held.get(candidate.blockCode);
    if (!current || isPreferred(candidate, current)) held.set(candidate.blockCode, candidate);
  };

  for (const a of acquisitions) {
    if (a.revoked) continue;
    offer({ blockCode: a.blockCode, acquiredOn: a.acquiredOn, source: a.source, acquiredBlockCode: a.blockCode });
    // Every block reachable through equivalences counts too, from the same date.
    const seen = new Set<string>([a.blockCode]);
    const queue = [...(successors.get(a.blockCode) ?? [])];
    while (queue.length > 0) {
      const code = queue.shift()!;
      if (seen.has(code)) continue; // equivalences may form cycles
      seen.add(code);
      offer({ blockCode: code, acquiredOn: a.acquiredOn, source: 'equivalence', acquiredBlockCode: a.blockCode });
      queue.push(...(successors.get(code) ?? []));
    }
  }
  return held;
}
