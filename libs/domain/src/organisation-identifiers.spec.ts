import fc from 'fast-check';
import { siretProblem, uaiProblem } from './organisation-identifiers';

describe('siretProblem', () => {
  it.each([
    ['73282932000074', undefined], // a published SIRET
    ['73254472900013', undefined],
    ['35600000000048', undefined], // La Poste's head office: Luhn holds
    ['35600000049837', undefined], // a La Poste establishment: Luhn fails, its digits add up to 45 (a multiple of 5)
    ['35600000049838', 'has a wrong check digit (Luhn)'], // La Poste, but neither rule holds
    ['73282932000075', 'has a wrong check digit (Luhn)'],
    ['12345678901234', 'has a wrong check digit (Luhn)'],
    ['7328293200007', 'must be 14 digits'],
    ['732 829 320 00074', 'must be 14 digits'],
    ['7328293200007A', 'must be 14 digits'],
  ])('%s → %s', (siret, problem) => {
    expect(siretProblem(siret)).toBe(problem);
  });

  it('property: outside La Poste, changing any one digit of a valid SIRET breaks its check', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 13 }), fc.integer({ min: 1, max: 9 }), (position, shift) => {
        const valid = '73282932000074';
        const changed = valid.slice(0, position) + ((Number(valid[position]) + shift) % 10) + valid.slice(position + 1);
        expect(siretProblem(changed)).toBe('has a wrong check digit (Luhn)');
      }),
    );
  });
});

describe('uaiProblem', () => {
  it.each([
    ['0750655E', undefined], // 750655 mod 23 = 4 → E
    ['1340037M', undefined],
    ['0750655F', 'has a wrong check letter'],
    ['0750655e', 'must be 7 digits and a capital letter'],
    ['075065E', 'must be 7 digits and a capital letter'],
  ])('%s → %s', (uai, problem) => {
    expect(uaiProblem(uai)).toBe(problem);
  });
});
