import { ExportFormatError } from './export-format-error';

/**
 * What one FICHE may hold. Real fiches hold a few tens of kilobytes of text in a few hundred elements;
 * without bounds, a small zip inflating to one huge fiche (a zip bomb) would be gathered whole in memory.
 */
export const MAX_FICHE_TEXT = 4 * 1024 * 1024;
export const MAX_FICHE_ELEMENTS = 50_000;
/** Exports nest about six deep; the mapper walks elements recursively, so depth is bounded before it. */
export const MAX_XML_DEPTH = 32;
/** Export elements carry hardly any attributes; sax gathers all of an element's before handing it over. */
export const MAX_XML_ATTRIBUTES = 64;
/** Fields of one CSV record: the Standard file of the CSV variant has about forty columns. */
export const MAX_CSV_COLUMNS = 1_000;

/** What one FICHE has cost so far; past a limit, the export is refused naming the fiche. */
export class FicheBudget {
  private elements = 0;
  private text = 0;

  /** `describe` names the fiche as well as is known at the time (number, code, line). */
  constructor(private readonly describe: () => string) {}

  addElements(count: number): void {
    this.elements += count;
    if (this.elements > MAX_FICHE_ELEMENTS) throw this.refusal(`more than ${MAX_FICHE_ELEMENTS} elements`);
  }

  addText(length: number): void {
    this.text += length;
    if (this.text > MAX_FICHE_TEXT) throw this.refusal(`more than ${MAX_FICHE_TEXT} characters of text`);
  }

  private refusal(what: string): ExportFormatError {
    return new ExportFormatError(`${this.describe()} holds ${what}: not an RNCP export`);
  }
}
