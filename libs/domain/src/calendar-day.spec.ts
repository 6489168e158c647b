import fc from 'fast-check';
import { checkDay, checkPastDay, checkResultDay, latestToday } from './calendar-day';

describe('calendar days', () => {
  it.each([
    ['2026-05-01', []],
    ['2026-06-30', []],
    ['2026-07-01', [{ field: 'occurredOn', message: '2026-07-01 is after today (2026-06-30)' }]],
    ['2099-01-01', [{ field: 'occurredOn', message: '2099-01-01 is after today (2026-06-30)' }]],
    ['1900-01-01', []],
    ['1899-12-31', [{ field: 'occurredOn', message: '1899-12-31 is before the earliest accepted date (1900-01-01)' }]],
  ])('a past day %s', (day, errors) => {
    expect(checkPastDay('occurredOn', day, '2026-06-30')).toEqual(errors);
  });

  it('checks only the bounds it is given, both inclusive', () => {
    const start = { day: '2025-09-01', what: 'the start of the enrolment' };
    expect(checkDay('occurredOn', '2025-09-01', { notBefore: start })).toEqual([]);
    expect(checkDay('occurredOn', '2025-08-31', { notBefore: start })).toEqual([
      { field: 'occurredOn', message: '2025-08-31 is before the start of the enrolment (2025-09-01)' },
    ]);
    expect(checkDay('occurredOn', '3000-01-01', { notBefore: start, notAfter: null })).toEqual([]);
  });

  it('"today" is the latest date on any clock: never behind UTC, at most a day ahead', () => {
    expect(latestToday(new Date('2026-03-01T23:30:00Z'))).toBe('2026-03-02');
    expect(latestToday(new Date('2026-03-01T08:00:00Z'))).toBe('2026-03-01');
    fc.assert(
      fc.property(fc.date({ min: new Date('1970-01-01'), max: new Date('2200-01-01'), noInvalidDate: true }), (now) => {
        const utc = now.toISOString().slice(0, 10);
        const tomorrow = new Date(now.getTime() + 86_400_000).toISOString().slice(0, 10);
        const today = latestToday(now);
        return today >= utc && today <= tomorrow;
      }),
    );
  });

  it.each([
    ['2025-09-01', []],
    ['2026-06-30', []],
    ['2025-08-31', [{ field: 'occurredOn', message: '2025-08-31 is before the start of the enrolment (2025-09-01)' }]],
    ['2099-06-12', [{ field: 'occurredOn', message: '2099-06-12 is after today (2026-06-30)' }]],
  ])('a result dated %s, for an enrolment started 2025-09-01', (day, errors) => {
    expect(checkResultDay('occurredOn', day, [{ startedOn: '2025-09-01' }], '2026-06-30')).toEqual(errors);
  });

  it('names each enrolment of a collective result that started after the date, and the future once', () => {
    const enrolments = [
      { startedOn: '2025-09-01', name: 'enrolmentIds[0]' },
      { startedOn: '2026-01-05', name: 'enrolmentIds[1]' },
      { startedOn: '2026-02-01', name: 'enrolmentIds[2]' },
    ];
    expect(checkResultDay('occurredOn', '2025-12-15', enrolments, '2026-06-30')).toEqual([
      { field: 'occurredOn', message: '2025-12-15 is before the start of enrolmentIds[1] (2026-01-05)' },
      { field: 'occurredOn', message: '2025-12-15 is before the start of enrolmentIds[2] (2026-02-01)' },
    ]);
    expect(checkResultDay('occurredOn', '2099-01-01', enrolments, '2026-06-30')).toHaveLength(1);
  });
});
