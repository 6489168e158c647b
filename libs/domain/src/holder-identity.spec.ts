import fc from 'fast-check';
import { PersonIdentity, comparableName, sameHolder } from './holder-identity';

const ines: PersonIdentity = { firstNames: 'Inès', lastName: 'Moreau', birthName: null, birthDate: '1990-04-12' };

describe('sameHolder', () => {
  it.each<[string, Partial<PersonIdentity>, boolean]>([
    ['the same record', {}, true],
    ['case, accents and spaces aside', { firstNames: ' INES ', lastName: 'moreau' }, true],
    ['one centre recorded more first names', { firstNames: 'Inès Marie' }, true],
    ['another, compound, first name', { firstNames: 'Jean-Hervé' }, false],
    ['another first name', { firstNames: 'Agnès' }, false],
    ['a second first name only', { firstNames: 'Marie' }, false],
    ['another last name', { lastName: 'Moreno' }, false],
    ['another birth date', { birthDate: '1990-04-13' }, false],
    ['no birth date recorded', { birthDate: null }, false],
    ['married since: the birth name is the old last name', { lastName: 'Lefèvre', birthName: 'Moreau' }, true],
    ['an empty first name', { firstNames: ' - ' }, false],
  ])('%s: %s', (_, change, expected) => {
    expect(sameHolder({ ...ines, ...change }, ines)).toBe(expected);
  });

  it('"Jean-Hervé" and "Jean Hervé" are one name; a missing birth date on the holder matches nothing', () => {
    const jean = { ...ines, firstNames: 'Jean-Hervé' };
    expect(sameHolder({ ...ines, firstNames: 'JEAN HERVE' }, jean)).toBe(true);
    expect(sameHolder(ines, { ...ines, birthDate: null })).toBe(false);
    expect(comparableName("Cœur-d'Alène")).toEqual(['coeur', 'd', 'alene']);
    expect(comparableName('Straße')).toEqual(comparableName('STRASSE'));
  });

  const name = fc.stringMatching(/^[A-Za-zÀ-ÿœŒæÆ' -]{1,20}$/);
  const person = fc.record({
    firstNames: name,
    lastName: name,
    birthName: fc.option(name, { nil: null }),
    birthDate: fc.option(fc.constantFrom('1990-04-12', '1985-01-31'), { nil: null }),
  });

  it('property: symmetric, and blind to case and accents', () => {
    fc.assert(
      fc.property(person, person, (a, b) => {
        expect(sameHolder(a, b)).toBe(sameHolder(b, a));
        const shouted = { ...a, firstNames: a.firstNames.toUpperCase(), lastName: a.lastName.normalize('NFD').replace(/\p{M}/gu, '') };
        const named = (n: string | null) => n !== null && comparableName(n).length > 0;
        expect(sameHolder(shouted, a)).toBe(a.birthDate !== null && named(a.firstNames) && (named(a.lastName) || named(a.birthName)));
      }),
    );
  });
});
