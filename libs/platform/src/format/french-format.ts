// How a French legal document writes dates, times and numbers: "1er décembre 2026", "à 14 h 05", "12,5".

const MONTHS = ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'];

/** A calendar day YYYY-MM-DD written out: "30 novembre 2026", "1er décembre 2026" (the first of the month is an ordinal). */
export function frenchDate(day: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  // The round trip through a UTC date refuses the 31st of February as well as the 13th month.
  const utc = new Date(`${day}T00:00:00Z`);
  if (!match || Number.isNaN(utc.getTime()) || utc.toISOString().slice(0, 10) !== day) throw new RangeError(`not a calendar day: ${day}`);
  const month = Number(match[2]);
  const dayOfMonth = Number(match[3]);
  return `${dayOfMonth === 1 ? '1er' : dayOfMonth} ${MONTHS[month - 1]} ${match[1]}`;
}

/**
 * An instant as read on the clocks of a time zone: "2 décembre 2026 à 14 h 05" (the French way of writing a time of day).
 * The time zone is an IANA name (Europe/Paris, America/Cayenne…); an unknown one throws a RangeError.
 */
export function frenchDateTime(instant: string | Date, timeZone: string): string {
  const date = typeof instant === 'string' ? new Date(instant) : instant;
  if (Number.isNaN(date.getTime())) throw new RangeError(`not an instant: ${String(instant)}`);
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(date)
      .map((part) => [part.type, part.value]),
  );
  return `${frenchDate(`${parts.year}-${parts.month}-${parts.day}`)} à ${Number(parts.hour)} h ${parts.minute}`;
}

/** The calendar day of an instant in a time zone, written out: what a document says "le …" of a moment (a revocation, an issue). */
export function frenchDayOf(instant: string | Date, timeZone = 'Europe/Paris'): string {
  return frenchDateTime(instant, timeZone).split(' à ')[0];
}

/** A decimal number with a comma, at most two decimals, no trailing zeros: 12.5 → "12,5", 14 → "14", 13.333 → "13,33". */
export function frenchDecimal(value: number): string {
  if (!Number.isFinite(value)) throw new RangeError(`not a finite number: ${value}`);
  return String(Math.round(value * 100) / 100).replace('.', ',');
}
