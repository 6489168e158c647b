// Page and table layout on pdfkit for the minutes: tables that repeat their header on each page and keep a
// group of rows (a candidate's) together, running headers and "page i / N" footers written once the page count is known.

/**
 * The fonts registered on the document (DejaVu: the PDF standard fonts only cover Western European letters, and
 * names must print exactly). Not also given as the document's default font: pdfkit would then re-read the file on
 * each switch to `regular`, which it takes for a duplicate.
 */
export type FontName = 'regular' | 'bold' | 'italic' | 'mono';
const FONT_FILES: Record<FontName, string> = {
  regular: 'DejaVuSans.ttf',
  bold: 'DejaVuSans-Bold.ttf',
  italic: 'DejaVuSans-Oblique.ttf',
  mono: 'DejaVuSansMono.ttf',
};
export function registerFonts(doc: PDFKit.PDFDocument): void {
  for (const [name, file] of Object.entries(FONT_FILES)) doc.registerFont(name, require.resolve(`dejavu-fonts-ttf/ttf/${file}`));
  doc.font('regular');
}

export const INK = '#000000';
export const GREY = '#555555';
export const RULE = '#8a8a8a';
export const SHADE = '#e9edf2';
export const HEADER_SHADE = '#d5dbe3';

/** A run of text in one font; a cell is one or more runs, each starting on its own line. */
export interface Run {
  text: string;
  font?: FontName;
  size?: number;
  color?: string;
}
export type Cell = string | Run | Run[];
export interface Column {
  header: string;
  width: number;
  align?: 'left' | 'center' | 'right';
}

/** A cell's runs; empty runs take no line (a single empty one keeps the row's height). */
function runsOf(cell: Cell): Run[] {
  const runs = typeof cell === 'string' ? [{ text: cell }] : Array.isArray(cell) ? cell : [cell];
  const written = runs.filter((run) => run.text !== '');
  return written.length > 0 ? written : runs.slice(0, 1);
}

/** The writer's cursor is pdfkit's doc.y; it only adds pages itself, with a hook to restate what must head them. */
export class PageFlow {
  constructor(readonly doc: PDFKit.PDFDocument) {}

  get left(): number {
    return this.doc.page.margins.left;
  }
  get width(): number {
    return this.doc.page.width - this.doc.page.margins.left - this.doc.page.margins.right;
  }
  get bottom(): number {
    return this.doc.page.height - this.doc.page.margins.bottom;
  }
  get bodyHeight(): number {
    return this.bottom - this.doc.page.margins.top;
  }
  remaining(): number {
    return this.bottom - this.doc.y;
  }
  newPage(): void {
    this.doc.addPage();
    this.doc.x = this.left;
  }
  /** A new page unless `height` still fits on this one. */
  ensure(height: number): void {
    if (this.remaining() < height) this.newPage();
  }

  /** Text across the page's width, flowing onto new pages as needed. */
  paragraph(text: string, run: Omit<Run, 'text'> = {}, gapAfter = 4): void {
    this.font(run);
    this.doc.text(text, this.left, this.doc.y, { width: this.width, lineGap: 1.5 });
    this.doc.y += gapAfter;
  }

  /** A section heading, never alone at the foot of a page: `keepWith` points of what follows come with it. */
  heading(text: string, keepWith = 60): void {
    this.ensure(28 + keepWith);
    this.doc.y += 6;
    this.font({ font: 'bold', size: 11.5 });
    this.doc.text(text.toUpperCase(), this.left, this.doc.y, { width: this.width, characterSpacing: 0.4 });
    const y = this.doc.y + 2;
    this.doc
      .moveTo(this.left, y)
      .lineTo(this.left + this.width, y)
      .lineWidth(0.8)
      .strokeColor(INK)
      .stroke();
    this.doc.y = y + 7;
  }

  font(run: Omit<Run, 'text'>): void {
    this.doc
      .font(run.font ?? 'regular')
      .fontSize(run.size ?? 9.5)
      .fillColor(run.color ?? INK);
  }
}

/** A table drawn row by row; rows measure themselves so that the caller can decide where pages break. */
export class Table {
  private readonly padding = 2.8;
  private readonly size: number;

  constructor(
    private readonly flow: PageFlow,
    private readonly columns: Column[],
    options: { size?: number } = {},
  ) {
    this.size = options.size ?? 8;
  }

  private get doc(): PDFKit.PDFDocument {
    return this.flow.doc;
  }

  private textHeight(cell: Cell, width: number): number {
    return runsOf(cell).reduce((sum, run) => {
      this.flow.font({ size: this.size, ...run });
      return sum + this.doc.heightOfString(run.text || ' ', { width, lineGap: 0.5 });
    }, 0);
  }

  private drawCell(cell: Cell, x: number, y: number, width: number, height: number, align: Column['align']): void {
    let top = y + this.padding;
    for (const run of runsOf(cell)) {
      this.flow.font({ size: this.size, ...run });
      const options = { width: width - 2 * this.padding, align, lineGap: 0.5 };
      const runHeight = this.doc.heightOfString(run.text || ' ', options);
      // The height bounds pdfkit's line wrapper to the cell: it never adds a page of its own.
      this.doc.text(run.text, x + this.padding, top, { ...options, height: Math.max(runHeight, y + height - top) });
      top += runHeight;
    }
  }

  /** The height of a row of cells, one per column. */
  rowHeight(cells: Cell[]): number {
    return Math.max(...cells.map((cell, i) => this.textHeight(cell, this.columns[i].width - 2 * this.padding))) + 2 * this.padding;
  }

  /** The height of a band spanning the whole table (a group's title). */
  bandHeight(cell: Cell): number {
    return this.textHeight(cell, this.flow.width - 2 * this.padding) + 2 * this.padding;
  }

  headerHeight(): number {
    return this.rowHeight(this.columns.map((c) => ({ text: c.header, font: 'bold' as const })));
  }

  header(): void {
    this.row(
      this.columns.map((c) => ({ text: c.header, font: 'bold' as const })),
      { fill: HEADER_SHADE },
    );
  }

  row(cells: Cell[], options: { fill?: string } = {}): void {
    const height = this.rowHeight(cells);
    const y = this.doc.y;
    let x = this.flow.left;
    cells.forEach((cell, i) => {
      const { width, align } = this.columns[i];
      this.box(x, y, width, height, options.fill);
      this.drawCell(cell, x, y, width, height, align);
      x += width;
    });
    this.doc.y = y + height;
  }

  band(cell: Cell, options: { fill?: string } = {}): void {
    const height = this.bandHeight(cell);
    const y = this.doc.y;
    this.box(this.flow.left, y, this.flow.width, height, options.fill);
    this.drawCell(cell, this.flow.left, y, this.flow.width, height, 'left');
    this.doc.y = y + height;
  }

  /** A page break that restates the column headers. */
  newPage(): void {
    this.flow.newPage();
    this.header();
  }

  /** Starts the table: its header, with at least `firstRows` points of rows under it. */
  start(firstRows: number): void {
    this.flow.ensure(this.headerHeight() + firstRows);
    this.header();
  }

  /**
   * A group of rows under a band (a candidate and their decisions): on the next page when it does not fit here
   * but fits on a page; split between rows otherwise, the band restated (with `continued`) above the rest.
   */
  group(band: Cell, continued: Cell, rows: Cell[][], options: { bandFill?: string } = {}): void {
    const bandHeight = this.bandHeight(band);
    const heights = rows.map((cells) => this.rowHeight(cells));
    const total = bandHeight + heights.reduce((a, b) => a + b, 0);
    const room = this.flow.bodyHeight - this.headerHeight();
    if (this.flow.remaining() < total && (total <= room || this.flow.remaining() < bandHeight + (heights[0] ?? 0))) this.newPage();
    this.band(band, { fill: options.bandFill });
    rows.forEach((cells, i) => {
      if (this.flow.remaining() < heights[i]) {
        this.newPage();
        this.band(continued, { fill: options.bandFill });
      }
      this.row(cells);
    });
  }

  private box(x: number, y: number, width: number, height: number, fill?: string): void {
    if (fill) this.doc.rect(x, y, width, height).fill(fill);
    this.doc.rect(x, y, width, height).lineWidth(0.4).strokeColor(RULE).stroke();
  }
}

/**
 * Running header and footer on every page, once all pages exist (the document is created with bufferPages):
 * text drawn in the margins with a bounded height, so that pdfkit does not add a page for it.
 */
export async function decoratePages(
  doc: PDFKit.PDFDocument,
  decorate: (page: { index: number; count: number; flow: PageFlow }) => void,
  between: () => Promise<void>,
): Promise<void> {
  const { start, count } = doc.bufferedPageRange();
  for (let index = start; index < start + count; index++) {
    if (index > start && (index - start) % 10 === 0) await between();
    doc.switchToPage(index);
    decorate({ index: index - start, count, flow: new PageFlow(doc) });
  }
}

/** One line of text at a fixed place in a margin, cut with an ellipsis rather than wrapped or spilling over. */
export function marginText(
  flow: PageFlow,
  text: string,
  y: number,
  run: Omit<Run, 'text'> & { align?: 'left' | 'center' | 'right'; width?: number } = {},
): void {
  flow.font({ size: 7.5, color: GREY, ...run });
  const width = run.width ?? flow.width;
  const x = run.align === 'right' ? flow.left + flow.width - width : flow.left;
  flow.doc.text(text, x, y, { width, align: run.align ?? 'left', height: 10, ellipsis: true });
}
