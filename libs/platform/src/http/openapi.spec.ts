import { patternOf } from './openapi';

describe('patternOf', () => {
  it.each([
    [/^RNCP[0-9]+$/i, '^[Rr][Nn][Cc][Pp][0-9]+$', ['RNCP1', 'rncp1', 'Rncp22'], ['RNC1', 'RNCP']],
    [/^RNCP\d+BC\d+$/i, '^[Rr][Nn][Cc][Pp]\\d+[Bb][Cc]\\d+$', ['rncp1bc2'], ['rncp1b2']],
    [/^RNCP\d+$/, '^RNCP\\d+$', ['RNCP1'], ['rncp1']],
    [/\S/, '\\S', [' a '], ['   ']],
  ])('spells %s without flags as %s, matching the same values', (regex, pattern, good, bad) => {
    expect(patternOf(regex)).toBe(pattern);
    for (const value of [...good, ...bad]) expect(new RegExp(pattern).test(value)).toBe(regex.test(value));
  });
});
