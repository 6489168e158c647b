import { Acquisition, BlockEquivalence, heldBlocks } from './capitalisation';
import { checkDay, checkPastDay } from './calendar-day';
import type { FieldError } from './domain-error';

/**
 * Rules 3 and 8 for blocks that no jury of this platform validated. A block is held from outside (VAE
 * elsewhere, a certificate from another certifier) only on real evidence: the document, who awarded it and
 * when. An equivalence is never asserted: it follows from a declared equivalence and a block the learner holds.
 */

/** Words people type when they have no document: never evidence. */
const PLACEHOLDERS = new Set([
  'none',
  'na',
  'n/a',
  'nil',
  'null',
  'nothing',
  'unknown',
  'tbd',
  'todo',
  'test',
  'xxx',
  'aucun',
  'aucune',
  'néant',
  'neant',
  'inconnu',
  'inconnue',
  'sans',
  'sans objet',
  'non',
  'no',
  'nc',
  'n.c.',
  'nr',
  'ras',
  'voir dossier',
  'see file',
]);

export const EVIDENCE_REFERENCE_MIN_LENGTH = 6;
export const AWARDING_CERTIFIER_MIN_LENGTH = 2;

/** Why a document reference cannot be one (null when it can): long enough, letters and digits, not a placeholder. */
export function evidenceReferenceProblem(reference: string): string | null {
  const text = reference.trim();
  if (PLACEHOLDERS.has(text.toLowerCase())) return `"${text}" is not a document reference`;
  if (text.length < EVIDENCE_REFERENCE_MIN_LENGTH) return `a document reference has at least ${EVIDENCE_REFERENCE_MIN_LENGTH} characters`;
  if (!/\p{L}/u.test(text) || !/\d/.test(text)) {
    return 'a document reference names the document and its number (e.g. "Certificat CNAM 2023-0457"): letters and digits';
  }
  if (new Set(text.toLowerCase().replace(/[\s\p{P}]/gu, '')).size < 3) return `"${text}" is not a document reference`;
  return null;
}

/** Why a certifier's name cannot be one (null when it can). */
export function awardingCertifierProblem(name: string): string | null {
  const text = name.trim();
  if (text.length < AWARDING_CERTIFIER_MIN_LENGTH)
    return `the awarding certifier is named (at least ${AWARDING_CERTIFIER_MIN_LENGTH} characters)`;
  if (PLACEHOLDERS.has(text.toLowerCase()) || !/\p{L}/u.test(text)) return `"${text}" does not name a certifier`;
  return null;
}

/** A block held from outside: the evidence it needs, as field errors (empty when complete). */
export function checkOutsideEvidence(
  claim: { evidenceReference?: string | null; awardingCertifier?: string | null; acquiredOn: string },
  today: string,
): FieldError[] {
  const errors: FieldError[] = [];
  const reference =
    claim.evidenceReference == null
      ? 'required: the reference of the document proving it'
      : evidenceReferenceProblem(claim.evidenceReference);
  if (reference) errors.push({ field: 'evidenceReference', message: reference });
  const certifier = claim.awardingCertifier == null ? 'required: who awarded the block' : awardingCertifierProblem(claim.awardingCertifier);
  if (certifier) errors.push({ field: 'awardingCertifier', message: certifier });
  errors.push(...checkPastDay('acquiredOn', claim.acquiredOn, today));
  return errors;
}

export interface HeldAcquisition extends Acquisition {
  id: string;
}

/**
 * The acquisition an equivalence blockCode ← fromBlockCode follows from: the equivalence must be declared
 * and the learner must hold fromBlockCode (itself or through earlier equivalences). Answers the acquisition
 * or the field errors.
 */
export function equivalenceOrigin(
  claim: { blockCode: string; fromBlockCode: string; acquiredOn: string },
  acquisitions: readonly HeldAcquisition[],
  equivalences: readonly BlockEquivalence[],
  today: string,
): { origin: HeldAcquisition } | { errors: FieldError[] } {
  if (!equivalences.some((e) => e.fromBlockCode === claim.fromBlockCode && e.toBlockCode === claim.blockCode)) {
    return { errors: [{ field: 'fromBlockCode', message: `no equivalence ${claim.fromBlockCode} → ${claim.blockCode} is declared` }] };
  }
  const held = heldBlocks(acquisitions, equivalences).get(claim.fromBlockCode);
  if (!held) {
    return { errors: [{ field: 'fromBlockCode', message: `the learner does not hold ${claim.fromBlockCode}` }] };
  }
  // The acquisition that makes fromBlockCode held: the one heldBlocks chose (earliest; a direct one on a tie).
  const origin = acquisitions.find((a) => !a.revoked && a.blockCode === held.acquiredBlockCode && a.acquiredOn === held.acquiredOn)!;
  const errors = checkDay('acquiredOn', claim.acquiredOn, {
    notBefore: { day: held.acquiredOn, what: `the day ${claim.fromBlockCode} was acquired` },
    notAfter: { day: today, what: 'today' },
  });
  return errors.length > 0 ? { errors } : { origin };
}
