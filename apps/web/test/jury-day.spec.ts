import { formatInstant, todayIn } from '../src/jury-day-i18n';

describe("the jury's day in the web app", () => {
  it.each([
    ['Europe/Paris', '2026-11-30T22:30:00Z', '2026-11-30'],
    ['Europe/Paris', '2026-11-30T23:30:00Z', '2026-12-01'],
    ['Pacific/Auckland', '2026-11-30T12:00:00Z', '2026-12-01'],
    ['America/Cayenne', '2026-12-01T02:00:00Z', '2026-11-30'],
  ])("counts today in the organisation's time zone (%s at %s: %s)", (timeZone, now, today) => {
    expect(todayIn(timeZone, new Date(now))).toBe(today);
  });

  it("falls back to the browser's zone for a time zone it does not know", () => {
    expect(todayIn('Mars/Olympus_Mons', new Date('2026-06-15T12:00:00Z'))).toBe('2026-06-15');
  });

  it.each([
    ['fr', true, '1er décembre 2026 à 09:12'],
    ['fr', false, '1er décembre 2026'],
    ['en', true, '1 December 2026 at 09:12'],
  ] as const)('writes an instant in %s (with the time: %s) as %s', (locale, withTime, expected) => {
    expect(formatInstant('2026-12-01T08:12:00Z', locale, withTime, 'Europe/Paris')).toBe(expected);
  });
});
