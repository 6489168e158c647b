// Dates and marks in the reader's language: French by default ("15 juin 2026", "14,5/20").

export type Locale = 'fr' | 'en';

export const LOCALE_TAGS: Record<Locale, string> = { fr: 'fr-FR', en: 'en-GB' };

/** French writes the first of the month as an ordinal: "1er décembre 2026", as the minutes and attestations print it. */
export function frenchFirst(text: string, locale: Locale): string {
  return locale === 'fr' ? text.replace(/^1 /, '1er ') : text;
}

/** A calendar day (`YYYY-MM-DD`, as the API sends it), read as that day wherever the browser is. */
export function formatDay(day: string, locale: Locale): string {
  const [year, month, date] = day.split('-').map(Number);
  const text = new Intl.DateTimeFormat(LOCALE_TAGS[locale], { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(Date.UTC(year, month - 1, date)),
  );
  return frenchFirst(text, locale);
}

/** A mark out of 20, with up to two decimals ("14,5/20" in French). */
export function formatMark(mark: number, locale: Locale): string {
  return `${new Intl.NumberFormat(LOCALE_TAGS[locale], { maximumFractionDigits: 2 }).format(mark)}/20`;
}

/** What a person types in a mark cell ("14,5" or "14.5") as a number, or undefined when it is not one. */
export function parseMark(text: string): number | undefined {
  const normalised = text.trim().replace(',', '.');
  if (!/^\d{1,2}(\.\d{1,2})?$/.test(normalised)) return undefined;
  const value = Number(normalised);
  return value <= 20 ? value : undefined;
}
