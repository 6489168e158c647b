import type { FieldError } from './domain-error';

/** Calendar days are ISO strings YYYY-MM-DD, so they compare as strings. */

/** The earliest day accepted for something that happened: before it, the year is a typo, not history. */
export const EARLIEST_DAY = '1900-01-01';

/**
 * "Today" for a day typed by a user anywhere: the date on the clocks that are furthest ahead (UTC+14),
 * so a result entered just after midnight in Paris (or Nouméa) is never "in the future".
 */
export function latestToday(now: Date): string {
  return new Date(now.getTime() + 14 * 3600_000).toISOString().slice(0, 10);
}

export interface DayBound {
  day: string;
  /** What the bound is, for the message: "today", "the start of the enrolment"… */
  what: string;
}

/** A day within [notBefore, notAfter] (inclusive, either optional): the error naming the field, if any. */
export function checkDay(field: string, day: string, bounds: { notBefore?: DayBound | null; notAfter?: DayBound | null }): FieldError[] {
  const { notBefore, notAfter } = bounds;
  if (notAfter && day > notAfter.day) return [{ field, message: `${day} is after ${notAfter.what} (${notAfter.day})` }];
  if (notBefore && day < notBefore.day) return [{ field, message: `${day} is before ${notBefore.what} (${notBefore.day})` }];
  return [];
}

/** A day something happened: not after today, not before 1900. */
export function checkPastDay(field: string, day: string, today: string): FieldError[] {
  return checkDay(field, day, {
    notBefore: { day: EARLIEST_DAY, what: 'the earliest accepted date' },
    notAfter: { day: today, what: 'today' },
  });
}

/**
 * A result's date: not after today, and not before the start of the enrolment(s) it is recorded for; when
 * several share the date (a collective result), each enrolment too early is named.
 */
export function checkResultDay(
  field: string,
  day: string,
  enrolments: readonly { startedOn: string; name?: string }[],
  today: string,
): FieldError[] {
  const future = checkDay(field, day, { notAfter: { day: today, what: 'today' } });
  if (future.length > 0) return future;
  return enrolments.flatMap(({ startedOn, name }) =>
    checkDay(field, day, { notBefore: { day: startedOn, what: `the start of ${name ?? 'the enrolment'}` } }),
  );
}
