import fc from 'fast-check';
import { canAwardOn } from './registration-window';

describe('canAwardOn (rule 7)', () => {
  it.each<[string | null, string, boolean]>([
    ['2028-09-24', '2027-06-30', true], // RNCP41296, a 2027 jury
    ['2028-09-24', '2028-09-24', true], // on the end date: still can
    ['2028-09-24', '2028-09-25', false], // the day after: cannot
    ['2030-09-24', '2029-12-01', true], // RNCP41336
    ['2030-09-24', '2031-01-15', false],
    [null, '2099-01-01', true], // no end date, no limit
    ['2028-09-24', '2028-09-24T18:00:00.000Z', true], // a timestamp is compared by its day
  ])('registration ends %s, jury held %s → %s', (endsOn, heldOn, expected) => {
    expect(canAwardOn(endsOn, heldOn)).toBe(expected);
  });

  it('refuses something that is not a date rather than guessing', () => {
    expect(() => canAwardOn('2028-09-24', 'tomorrow')).toThrow(RangeError);
    expect(() => canAwardOn('24/09/2028', '2028-01-01')).toThrow(RangeError);
  });

  it('property: agrees with date arithmetic', () => {
    const day = fc.integer({ min: 0, max: 20000 }).map((d) => new Date(Date.UTC(1990, 0, 1 + d)).toISOString().slice(0, 10));
    fc.assert(
      fc.property(day, day, (end, held) => {
        expect(canAwardOn(end, held)).toBe(Date.parse(held) <= Date.parse(end));
      }),
    );
  });
});
