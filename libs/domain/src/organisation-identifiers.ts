/**
 * The public identifiers of an organisation (organisme de formation / certificateur), checked before anything is
 * written: the SIRET (INSEE, 14 digits) and the UAI (education ministry's establishment code, 7 digits + a letter).
 */

/** Why a SIRET is not one, or undefined when it is valid. */
export function siretProblem(siret: string): string | undefined {
  if (!/^\d{14}$/.test(siret)) return 'must be 14 digits';
  const digits = [...siret].map(Number);
  // La Poste's establishments share the SIREN 356 000 000 and do not follow Luhn: their digits add up to a multiple of 5.
  if (siret.startsWith('356000000') && digits.reduce((sum, digit) => sum + digit, 0) % 5 === 0) return undefined;
  return luhnValid(digits) ? undefined : 'has a wrong check digit (Luhn)';
}

function luhnValid(digits: number[]): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    // From the right, every second digit is doubled (the rightmost, the check digit, is not).
    const fromRight = digits.length - 1 - i;
    let digit = digits[i];
    if (fromRight % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

/** The 23 letters of the UAI check (I, O and Q are left out): letter = the 7-digit number modulo 23. */
const UAI_LETTERS = 'ABCDEFGHJKLMNPRSTUVWXYZ';

/** Why a UAI is not one, or undefined when it is valid (its letter upper-case). */
export function uaiProblem(uai: string): string | undefined {
  const match = /^(\d{7})([A-Z])$/.exec(uai);
  if (!match) return 'must be 7 digits and a capital letter';
  return UAI_LETTERS[Number(match[1]) % 23] === match[2] ? undefined : 'has a wrong check letter';
}

/** An organisation mainly trains (organisme de formation) or certifies (certificateur); a certifier may train too. */
export const ORGANISATION_KINDS = ['training_centre', 'certifier'] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];
