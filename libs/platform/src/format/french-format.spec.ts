import fc from 'fast-check';
import { frenchDate, frenchDateTime, frenchDayOf, frenchDecimal } from './french-format';

describe('French formats of the minutes', () => {
  it.each([
    ['2026-11-30', '30 novembre 2026'],
    ['2026-12-01', '1er décembre 2026'],
    ['2027-01-02', '2 janvier 2027'],
    ['2027-08-15', '15 août 2027'],
    ['1999-02-10', '10 février 1999'],
  ])('the day %s is written "%s"', (day, written) => {
    expect(frenchDate(day)).toBe(written);
  });

  it.each(['2026-13-01', '2026-00-10', '2026-11-00', '2026-02-31', '30/11/2026', '2026-11-30T10:00:00Z', ''])(
    'refuses %p, which is not a calendar day',
    (day) => {
      expect(() => frenchDate(day)).toThrow(RangeError);
    },
  );

  it('writes every calendar day with its French month name and year, never digits for the month', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1900-01-01'), max: new Date('2200-12-31'), noInvalidDate: true }), (date) => {
        const day = date.toISOString().slice(0, 10);
        const written = frenchDate(day);
        return /^(1er|[12]?\d|3[01]) [a-zéû]+ \d{4}$/.test(written) && written.endsWith(day.slice(0, 4)) && !written.includes('-');
      }),
    );
  });

  it.each([
    // Winter: Paris is UTC+1; summer: UTC+2.
    ['2026-12-02T13:05:00Z', 'Europe/Paris', '2 décembre 2026 à 14 h 05'],
    ['2027-07-01T07:30:00Z', 'Europe/Paris', '1er juillet 2027 à 9 h 30'],
    // Late in the evening in UTC is already the next day in Paris.
    ['2026-11-30T23:15:00Z', 'Europe/Paris', '1er décembre 2026 à 0 h 15'],
    // Cayenne is UTC-3: still the day before.
    ['2026-12-01T01:00:00Z', 'America/Cayenne', '30 novembre 2026 à 22 h 00'],
    ['2026-12-01T01:00:00Z', 'UTC', '1er décembre 2026 à 1 h 00'],
  ])('the instant %s in %s is "%s"', (instant, timeZone, written) => {
    expect(frenchDateTime(instant, timeZone)).toBe(written);
  });

  it('refuses an unknown time zone or an invalid instant rather than printing a wrong time', () => {
    expect(() => frenchDateTime('2026-12-02T13:05:00Z', 'Europe/Atlantis')).toThrow(RangeError);
    expect(() => frenchDateTime('not a date', 'Europe/Paris')).toThrow(RangeError);
  });

  it.each([
    [12.5, '12,5'],
    [14, '14'],
    [0, '0'],
    [13.333, '13,33'],
    [9.999, '10'],
    [20, '20'],
  ])('the number %p is written "%s"', (value, written) => {
    expect(frenchDecimal(value)).toBe(written);
  });
});

describe('frenchDayOf', () => {
  it('is the day in the time zone, not in UTC', () => {
    expect(frenchDayOf('2026-11-30T23:30:00Z')).toBe('1er décembre 2026');
    expect(frenchDayOf('2026-11-30T23:30:00Z', 'UTC')).toBe('30 novembre 2026');
  });
});
