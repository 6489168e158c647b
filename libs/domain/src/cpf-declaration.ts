import type { FieldError } from './domain-error';
import type { AccessRoute } from './vocabulary';

/**
 * Declaring holders to the CPF information system (accrochage): the rules of ../shared/accrochage.md that do not
 * need the database. The format's enumerations are kept in French, as the CDC's XSD spells them.
 */

export const MODALITES_ACCES = [
  'FORMATION_INITIALE_HORS_APPRENTISSAGE',
  'FORMATION_INITIALE_APPRENTISSAGE',
  'FORMATION_CONTINUE_HORS_CONTRAT_DE_PROFESSIONNALISATION',
  'FORMATION_CONTINUE_CONTRAT_DE_PROFESSIONNALISATION',
  'VAE',
  'EQUIVALENCE',
  'CANDIDAT_LIBRE',
] as const;
export type ModaliteAcces = (typeof MODALITES_ACCES)[number];

export const NATURES_DEPOSANT = ['CERTIFICATEUR', 'TIERS_CONFIANCE'] as const;
export type NatureDeposant = (typeof NATURES_DEPOSANT)[number];

export const SEXES = ['M', 'F'] as const;
export type Sex = (typeof SEXES)[number];

/** Where an award stands with the CDC (see the status listing). */
export const DECLARATION_STATES = ['not_declarable', 'to_declare', 'declared', 'accepted', 'rejected', 'withdrawn'] as const;
export type DeclarationState = (typeof DECLARATION_STATES)[number];

/** The access route of the enrolment an award was decided on → the format's modaliteAcces. */
export function modaliteAcces(route: AccessRoute | 'equivalence'): ModaliteAcces {
  switch (route) {
    case 'student':
      return 'FORMATION_INITIALE_HORS_APPRENTISSAGE';
    case 'apprenticeship':
      return 'FORMATION_INITIALE_APPRENTISSAGE';
    case 'continuing_education':
      return 'FORMATION_CONTINUE_HORS_CONTRAT_DE_PROFESSIONNALISATION';
    case 'professionalisation_contract':
      return 'FORMATION_CONTINUE_CONTRAT_DE_PROFESSIONNALISATION';
    case 'vae':
      return 'VAE';
    case 'individual_application':
      return 'CANDIDAT_LIBRE';
    case 'equivalence':
      return 'EQUIVALENCE';
  }
}

const DAY_MS = 86_400_000;

function parseDay(day: string): Date {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) throw new RangeError(`not a day: ${day}`);
  const date = new Date(`${day}T00:00:00Z`);
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== day) throw new RangeError(`not a day: ${day}`);
  return date;
}

/**
 * The last day to declare an award: three months after it, clamped to the month's end (30 November → 28 or 29
 * February), as PostgreSQL's `date + interval '3 months'` does.
 */
export function declarationDeadline(awardedOn: string): string {
  const award = parseDay(awardedOn);
  const year = award.getUTCFullYear();
  const month = award.getUTCMonth() + 3;
  const lastOfMonth = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return new Date(Date.UTC(year, month, Math.min(award.getUTCDate(), lastOfMonth))).toISOString().slice(0, 10);
}

/** Days from `today` to the deadline: 0 on the last day, negative once overdue. */
export function daysLeftToDeclare(awardedOn: string, today: string): number {
  return Math.round((parseDay(declarationDeadline(awardedOn)).getTime() - parseDay(today).getTime()) / DAY_MS);
}

/** Today in Paris, where the CDC counts its deadlines. */
export function parisToday(now: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** The part of a learner the declaration needs (birthName falls back to the last name, which always exists). */
export interface CivilIdentity {
  givenNames: string[] | null;
  sex: Sex | null;
  birthDate: string | null;
  birthCommuneCode: string | null;
  birthPostalCode: string | null;
}

export const IDENTITY_FIELDS_FOR_DECLARATION = ['givenNames', 'sex', 'birthDate', 'birthPlace'] as const;
export type IdentityFieldForDeclaration = (typeof IDENTITY_FIELDS_FOR_DECLARATION)[number];

/** What a learner's record still lacks to be declared (empty: declarable). SQL twin: cpf_identity_missing(learner). */
export function missingForDeclaration(identity: CivilIdentity): IdentityFieldForDeclaration[] {
  const missing: IdentityFieldForDeclaration[] = [];
  if (!identity.givenNames || identity.givenNames.length === 0) missing.push('givenNames');
  if (!identity.sex) missing.push('sex');
  if (!identity.birthDate) missing.push('birthDate');
  if (!identity.birthCommuneCode && !identity.birthPostalCode) missing.push('birthPlace');
  return missing;
}

/** INSEE code of France in the country list (99100): never a birthplace "abroad". */
export const FRANCE_COUNTRY_CODE = '100';

/**
 * Why a 5-character INSEE commune code cannot exist, or null: departments 01–95 (20 became 2A and 2B in 1976),
 * overseas 971–978 and 984–989, abroad 99xxx with xxx an INSEE country code (101–999, France excluded); the
 * commune number is never 000.
 */
export function inseeCommuneCodeProblem(code: string): string | null {
  if (!/^([0-9]{2}|2[AB])[0-9]{3}$/.test(code)) return 'must be 5 characters: 2 digits (or 2A/2B) then 3 digits';
  const department = code.slice(0, 2);
  if (department === '00' || department === '96') return `department ${department} does not exist`;
  if (department === '20') return 'Corsican communes are coded 2A or 2B';
  if (department === '97' && !'12345678'.includes(code[2])) return `overseas department 97${code[2]} does not exist`;
  if (department === '98' && !'456789'.includes(code[2])) return `overseas collectivity 98${code[2]} does not exist`;
  if (department === '99') {
    if (code.slice(2) === FRANCE_COUNTRY_CODE) return '99100 is France: give the commune of birth instead';
    if (code[2] === '0') return `country code ${code.slice(2)} does not exist`;
    return null;
  }
  if (code.slice(2) === '000') return 'commune number 000 does not exist';
  return null;
}

export interface BirthPlace {
  birthCommuneCode: string | null;
  birthPostalCode: string | null;
  birthCountryCode: string | null;
}

/** A birthplace whose parts agree: an abroad code (99xxx) with the same country, a French one with no foreign country. */
export function checkBirthPlace(place: BirthPlace): FieldError[] {
  const errors: FieldError[] = [];
  const { birthCommuneCode: commune, birthPostalCode: postal, birthCountryCode: country } = place;
  if (commune) {
    const problem = inseeCommuneCodeProblem(commune);
    if (problem) return [{ field: 'birthCommuneCode', message: problem }];
  }
  const abroad = commune?.startsWith('99') === true;
  if (abroad && country && country !== commune!.slice(2)) {
    errors.push({ field: 'birthCountryCode', message: `must be ${commune!.slice(2)}, the country of birthCommuneCode ${commune}` });
  }
  if (abroad && postal) errors.push({ field: 'birthPostalCode', message: 'a French postal code does not go with a birth abroad' });
  if (!abroad && country && country !== FRANCE_COUNTRY_CODE) {
    if (commune) errors.push({ field: 'birthCountryCode', message: `born abroad: birthCommuneCode must then be 99${country}` });
    else if (postal) errors.push({ field: 'birthCountryCode', message: 'a French postal code does not go with a birth abroad' });
  }
  return errors;
}
