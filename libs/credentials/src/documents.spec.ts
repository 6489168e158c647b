import { frenchDate } from './documents';

describe('frenchDate', () => {
  it.each([
    ['2026-06-30', '30 juin 2026'],
    ['2026-06-01', '1er juin 2026'],
    ['2025-02-14T10:00:00.000Z', '14 février 2025'],
    ['2024-12-09', '9 décembre 2024'],
  ])('writes %s as « %s »', (day, expected) => {
    expect(frenchDate(day)).toBe(expected);
  });
});
