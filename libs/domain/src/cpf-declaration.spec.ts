import fc from 'fast-check';
import {
  checkBirthPlace,
  daysLeftToDeclare,
  declarationDeadline,
  inseeCommuneCodeProblem,
  missingForDeclaration,
  modaliteAcces,
  parisToday,
} from './cpf-declaration';
import { ACCESS_ROUTES } from './vocabulary';

describe('modaliteAcces', () => {
  it.each([
    ['student', 'FORMATION_INITIALE_HORS_APPRENTISSAGE'],
    ['apprenticeship', 'FORMATION_INITIALE_APPRENTISSAGE'],
    ['continuing_education', 'FORMATION_CONTINUE_HORS_CONTRAT_DE_PROFESSIONNALISATION'],
    ['professionalisation_contract', 'FORMATION_CONTINUE_CONTRAT_DE_PROFESSIONNALISATION'],
    ['vae', 'VAE'],
    ['individual_application', 'CANDIDAT_LIBRE'],
    ['equivalence', 'EQUIVALENCE'],
  ] as const)('%s → %s', (route, expected) => {
    expect(modaliteAcces(route)).toBe(expected);
  });

  it('maps every access route to a distinct value', () => {
    expect(new Set(ACCESS_ROUTES.map(modaliteAcces)).size).toBe(ACCESS_ROUTES.length);
  });
});

describe('the three-month deadline', () => {
  it.each([
    ['2026-06-30', '2026-09-30'],
    ['2026-11-30', '2027-02-28'], // clamped to the month's end
    ['2027-11-30', '2028-02-29'], // leap year
    ['2026-05-31', '2026-08-31'],
    ['2026-10-15', '2027-01-15'], // across the year
    ['2026-12-31', '2027-03-31'],
  ])('awarded %s → last day %s', (awardedOn, deadline) => {
    expect(declarationDeadline(awardedOn)).toBe(deadline);
  });

  it.each([
    ['2026-06-30', '2026-09-29', 1],
    ['2026-06-30', '2026-09-30', 0], // the last day: still in time
    ['2026-06-30', '2026-10-01', -1], // the day after: overdue
    ['2026-06-30', '2026-06-30', 92],
    ['2026-11-30', '2027-03-01', -1],
  ])('awarded %s, today %s → %i days left', (awardedOn, today, days) => {
    expect(daysLeftToDeclare(awardedOn, today)).toBe(days);
  });

  it('refuses what is not a day', () => {
    expect(() => declarationDeadline('2026-02-30')).toThrow(RangeError);
    expect(() => daysLeftToDeclare('2026-01-01', 'today')).toThrow(RangeError);
  });

  it('property: the deadline is 89 to 92 days after the award, on the same day of the month or the month end', () => {
    const day = fc.integer({ min: 0, max: 40000 }).map((d) => new Date(Date.UTC(1950, 0, 1 + d)).toISOString().slice(0, 10));
    fc.assert(
      fc.property(day, (awarded) => {
        const days = daysLeftToDeclare(awarded, awarded);
        expect(days).toBeGreaterThanOrEqual(89);
        expect(days).toBeLessThanOrEqual(92);
        const deadline = declarationDeadline(awarded);
        const nextDay = new Date(Date.parse(deadline) + 86_400_000).toISOString().slice(8, 10);
        expect(deadline.slice(8) === awarded.slice(8) || nextDay === '01').toBe(true);
      }),
    );
  });

  it('counts days in Paris', () => {
    expect(parisToday(new Date('2026-12-31T23:30:00Z'))).toBe('2027-01-01');
    expect(parisToday(new Date('2026-07-01T21:59:00Z'))).toBe('2026-07-01');
    expect(parisToday(new Date('2026-07-01T22:00:00Z'))).toBe('2026-07-02');
  });
});

describe('missingForDeclaration', () => {
  const complete = { givenNames: ['Inès'], sex: 'F' as const, birthDate: '1990-04-12', birthCommuneCode: '75056', birthPostalCode: null };
  it.each([
    [{}, []],
    [{ givenNames: null }, ['givenNames']],
    [{ givenNames: [] }, ['givenNames']],
    [{ sex: null, birthDate: null }, ['sex', 'birthDate']],
    [{ birthCommuneCode: null }, ['birthPlace']],
    [{ birthCommuneCode: null, birthPostalCode: '75011' }, []],
    [{ givenNames: null, sex: null, birthDate: null, birthCommuneCode: null }, ['givenNames', 'sex', 'birthDate', 'birthPlace']],
  ])('%j → %j', (change, missing) => {
    expect(missingForDeclaration({ ...complete, ...change })).toEqual(missing);
  });
});

describe('INSEE commune codes', () => {
  it.each([
    ['75056', null], // Paris
    ['2A004', null], // Ajaccio
    ['2B033', null], // Bastia
    ['97411', null], // Saint-Denis (La Réunion)
    ['98818', null], // Nouméa
    ['99109', null], // born in Germany
    ['20004', 'Corsican communes are coded 2A or 2B'],
    ['00123', 'department 00 does not exist'],
    ['96001', 'department 96 does not exist'],
    ['97901', 'overseas department 979 does not exist'],
    ['98101', 'overseas collectivity 981 does not exist'],
    ['99100', '99100 is France: give the commune of birth instead'],
    ['99012', 'country code 012 does not exist'],
    ['75000', 'commune number 000 does not exist'],
    ['2C004', 'must be 5 characters: 2 digits (or 2A/2B) then 3 digits'],
    ['7505', 'must be 5 characters: 2 digits (or 2A/2B) then 3 digits'],
    ['750561', 'must be 5 characters: 2 digits (or 2A/2B) then 3 digits'],
  ])('%s → %s', (code, problem) => {
    expect(inseeCommuneCodeProblem(code)).toBe(problem);
  });
});

describe('checkBirthPlace', () => {
  const place = (commune: string | null, postal: string | null, country: string | null) => ({
    birthCommuneCode: commune,
    birthPostalCode: postal,
    birthCountryCode: country,
  });
  it.each([
    [place('75056', null, null), []],
    [place('75056', null, '100'), []],
    [place(null, '75011', null), []],
    [place('99109', null, '109'), []],
    [place('99109', null, null), []],
    [place('99109', null, '132'), ['birthCountryCode']],
    [place('99109', '75011', null), ['birthPostalCode']],
    [place('75056', null, '109'), ['birthCountryCode']],
    [place(null, '75011', '109'), ['birthCountryCode']],
    [place('20004', null, null), ['birthCommuneCode']],
  ])('%j → errors on %j', (input, fields) => {
    expect(checkBirthPlace(input).map((e) => e.field)).toEqual(fields);
  });
});
