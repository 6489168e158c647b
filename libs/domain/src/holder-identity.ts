/**
 * Blocks follow the person (issue 13): a centre records a block from another centre's attestation only for the
 * person it attests. The public credential names its holder by a salted hash of an email (which changes with the
 * centre), so the match is made on what the platform recorded about the holder: names and birth date.
 */
export interface PersonIdentity {
  firstNames: string;
  lastName: string;
  birthName: string | null;
  /** YYYY-MM-DD, or null when never recorded (then nothing can match). */
  birthDate: string | null;
}

/**
 * A name as compared: no accents, no case (ß as SS), ligatures spelt out (Œ as OE), hyphens, apostrophes and spaces
 * alike ("Jean-Hervé" = "JEAN HERVE", "Cœur" = "COEUR").
 */
export function comparableName(name: string): string[] {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toUpperCase()
    .toLowerCase()
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length > 0);
}

function sameWords(a: string[], b: string[]): boolean {
  return a.length > 0 && a.length === b.length && a.every((word, i) => word === b[i]);
}

/**
 * The same person: the same birth date (both known); a family name in common (last name or birth name, either
 * side: a name taken by marriage between the two centres); and first names of which one list starts the other
 * (one centre recorded "Inès", the other "Inès Marie").
 */
export function sameHolder(learner: PersonIdentity, holder: PersonIdentity): boolean {
  if (learner.birthDate === null || holder.birthDate === null || learner.birthDate !== holder.birthDate) return false;
  const familyNames = (p: PersonIdentity) => [p.lastName, p.birthName].filter((n): n is string => n !== null).map(comparableName);
  const familyMatch = familyNames(learner).some((a) => familyNames(holder).some((b) => sameWords(a, b)));
  if (!familyMatch) return false;
  const [a, b] = [comparableName(learner.firstNames), comparableName(holder.firstNames)];
  const [shorter, longer] = a.length <= b.length ? [a, b] : [b, a];
  return sameWords(shorter, longer.slice(0, shorter.length));
}
