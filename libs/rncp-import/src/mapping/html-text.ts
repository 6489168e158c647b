import * as sax from 'sax';

// sax ships the HTML named entities table; its type declarations omit it.
const ENTITIES = (sax as unknown as { ENTITIES: Record<string, string | number> }).ENTITIES;

/**
 * Free text of the export (LISTE_COMPETENCES, MODALITES_EVALUATION...) comes as plain lines or as HTML,
 * often HTML escaped once more. These helpers turn either into clean lines.
 */

const BULLET = /^[\s\-–—•·*▪◦○●►>]+/;

/** Decodes HTML character references (named, decimal, hexadecimal); unknown names are left as they are. */
export function decodeHtmlEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z][a-z0-9]*);/gi, (whole, ref: string) => {
    if (ref[0] === '#') {
      const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    const value = Object.prototype.hasOwnProperty.call(ENTITIES, ref) ? ENTITIES[ref] : undefined;
    if (value === undefined) return whole;
    return typeof value === 'number' ? String.fromCodePoint(value) : value;
  });
}

/** Collapses runs of spaces (including non-breaking ones) and trims. */
export function squish(text: string): string {
  return text.replace(/[\s\u00a0\u202f]+/g, ' ').trim();
}

function looksLikeHtml(text: string): boolean {
  return /<\/?(p|ul|ol|li|br|div|span|strong|em|b|i|u|h[1-6]|table|tr|td)\b[^>]*>/i.test(text);
}

function stripTags(html: string): string {
  return html.replace(/<[^>]*>/g, ' ');
}

/**
 * The meaningful lines of a free-text field. With HTML list items, each item is a line (text outside
 * the lists, such as a heading "Compétences :", is dropped unless `listItemsOnly` is false); otherwise paragraphs, line breaks and
 * newlines split the lines. Leading bullets are removed and blank lines dropped.
 */
export function textLines(raw: string | undefined, options: { listItemsOnly?: boolean } = { listItemsOnly: true }): string[] {
  if (!raw) return [];
  // Exports escape HTML inside XML; some escape it twice (&amp;lt;li&amp;gt;), so decode until stable.
  let text = raw;
  for (let i = 0; i < 3 && /&(amp;)*(lt|gt);/i.test(text); i++) text = decodeHtmlEntities(text);
  let lines: string[];
  if (looksLikeHtml(text)) {
    const items = [...text.matchAll(/<li\b[^>]*>([\s\S]*?)(?=<\/li\s*>|<li\b|<\/ul|<\/ol|$)/gi)].map((match) => match[1]);
    if (items.length > 0 && options.listItemsOnly) {
      lines = items.map((item) => stripTags(item));
    } else {
      lines = stripTags(text.replace(/<br\s*\/?>|<\/?(p|div|h[1-6]|tr|li|ul|ol)\b[^>]*>/gi, '\n')).split('\n');
    }
  } else {
    lines = text.split(/\r?\n|\r/);
  }
  return lines.map((line) => squish(decodeHtmlEntities(line)).replace(BULLET, '').trim()).filter((line) => line.length > 0);
}

/** The whole field as readable text: one line per item or paragraph, or null when blank. */
export function plainText(raw: string | undefined): string | null {
  const lines = textLines(raw, { listItemsOnly: false });
  return lines.length > 0 ? lines.join('\n') : null;
}
