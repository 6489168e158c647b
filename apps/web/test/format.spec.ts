import { formatDay, formatMark, parseMark } from '../src/format';

describe('web formats', () => {
  it.each([
    ['2026-06-15', 'fr', '15 juin 2026'],
    ['2026-01-01', 'fr', '1er janvier 2026'],
    ['2026-06-15', 'en', '15 June 2026'],
  ] as const)('writes the day %s in %s as %s, whatever the time zone', (day, locale, expected) => {
    expect(formatDay(day, locale)).toBe(expected);
  });

  it.each([
    [14.5, 'fr', '14,5/20'],
    [12, 'fr', '12/20'],
    [13.25, 'en', '13.25/20'],
  ] as const)('writes the mark %s in %s as %s', (mark, locale, expected) => {
    expect(formatMark(mark, locale)).toBe(expected);
  });

  it.each([
    ['14,5', 14.5],
    [' 12 ', 12],
    ['20', 20],
    ['0.25', 0.25],
    ['20,5', undefined],
    ['abc', undefined],
    ['', undefined],
    ['-1', undefined],
    ['1,234', undefined],
  ])('reads the typed mark "%s" as %s', (text, expected) => {
    expect(parseMark(text)).toBe(expected);
  });
});
