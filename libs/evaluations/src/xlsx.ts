import { DomainError, DomainErrorCode } from '@project/domain';
import { ZipError, ZipLimits, inflateZip, validationProblem } from '@project/platform';
import { CellValue, Workbook } from 'exceljs';
import { ZipFile } from 'yazl';
import { CsvRecord } from './csv';

/** Guards against zip bombs and giant sheets: counted while inflating, then checked before reading the rows. */
export const MAX_XLSX_UNCOMPRESSED_BYTES = 100 * 1024 * 1024;
const XLSX_ZIP_LIMITS: ZipLimits = {
  maxEntries: 10_000,
  maxEntryBytes: MAX_XLSX_UNCOMPRESSED_BYTES,
  maxTotalBytes: MAX_XLSX_UNCOMPRESSED_BYTES,
};
export const MAX_XLSX_ROWS = 50_000;
export const MAX_XLSX_COLUMNS = 100;
export const MAX_XLSX_CELL_CHARS = 10_000;
/**
 * exceljs spends 2 to 5 µs on each XML element of every part (a cell is two, a rich-text run four), and
 * holds them all: counted before it reads any. 50,000 rows of 15 cells stay well within.
 */
export const MAX_XLSX_ELEMENTS = 2_000_000;

/**
 * The first worksheet of an XLSX file as the same records the CSV reader gives: one per non-empty row,
 * numbered by its sheet row, each cell as text (numbers as written in JavaScript, dates as YYYY-MM-DD).
 * A body that is not a readable workbook is a 400 naming `file`; a sheet over the limits is a 422.
 */
export async function readXlsx(buffer: Buffer): Promise<{ records: CsvRecord[]; errors: [] }> {
  const inflated = await inflateUnderGuard(buffer);
  const workbook = new Workbook();
  try {
    // exceljs declares its own Buffer type (an ArrayBuffer); Node's Buffer is what it reads at runtime.
    await workbook.xlsx.load(inflated as unknown as Parameters<typeof workbook.xlsx.load>[0]);
  } catch (error) {
    throw unreadable(error instanceof Error ? error.message : String(error));
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw unreadable('the workbook has no worksheet');
  if (sheet.actualRowCount > MAX_XLSX_ROWS) tooBig(1, 'row', `at most ${MAX_XLSX_ROWS} rows per sheet`);
  if (sheet.actualColumnCount > MAX_XLSX_COLUMNS) tooBig(1, 'row', `at most ${MAX_XLSX_COLUMNS} columns per sheet`);

  const records: CsvRecord[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, line) => {
    const fields: string[] = [];
    row.eachCell({ includeEmpty: false }, (cell, column) => {
      const text = cellText(cell.value);
      if (text.length > MAX_XLSX_CELL_CHARS) tooBig(line, `column ${column}`, `a cell holds at most ${MAX_XLSX_CELL_CHARS} characters`);
      fields[column - 1] = text;
    });
    // Cells are sparse: fill the gaps, and drop trailing blanks (formatted but empty cells).
    const filled = Array.from(fields, (field) => field ?? '');
    while (filled.length > 0 && filled[filled.length - 1].trim() === '') filled.pop();
    if (filled.length > 0) records.push({ line, fields: filled });
  });
  // A row shorter than the header simply has empty trailing cells; only a longer one is reported.
  const width = records[0]?.fields.length ?? 0;
  for (const record of records.slice(1)) while (record.fields.length < width) record.fields.push('');
  return { records, errors: [] };
}

/** A cell's value as text, the way the CSV would have carried it. */
export function cellText(value: CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  // Date cells come back as UTC midnights (plus the time of day, if any): the calendar date is kept.
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'invalid date' : value.toISOString().slice(0, 10);
  if ('richText' in value) return value.richText.map((run) => run.text).join('');
  if ('hyperlink' in value) return cellText(value.text as CellValue);
  // A formula counts by the value the spreadsheet last computed and saved with it.
  if ('formula' in value || 'sharedFormula' in value) return cellText(value.result as CellValue);
  if ('error' in value) return value.error;
  return '';
}

/**
 * The workbook's files inflated under the limits (counting the bytes inflated, not those declared), then
 * stored uncompressed in a new zip: exceljs inflates nothing itself, so a lying zip cannot make it.
 */
async function inflateUnderGuard(buffer: Buffer): Promise<Buffer> {
  let files: { name: string; content: Buffer }[];
  try {
    files = await inflateZip(buffer, XLSX_ZIP_LIMITS);
  } catch (error) {
    if (!(error instanceof ZipError)) throw error;
    throw error.reason === 'too_large' ? tooLarge('file', error.message) : unreadable(error.message);
  }
  if (countElements(files, MAX_XLSX_ELEMENTS) > MAX_XLSX_ELEMENTS)
    throw tooLarge('file', `the workbook holds more than ${MAX_XLSX_ELEMENTS} XML elements (cells, values, texts)`);
  const zip = new ZipFile();
  for (const file of files) zip.addBuffer(file.content, file.name, { compress: false });
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

const [LT, SLASH, BANG, QUESTION] = ['<', '/', '!', '?'].map((character) => character.charCodeAt(0));

/** How many elements the workbook's XML parts open (tags not closing one), counted no further than `max` + 1. */
function countElements(files: { name: string; content: Buffer }[], max: number): number {
  let count = 0;
  for (const { name, content } of files) {
    if (!/\.(xml|rels|vml)$/i.test(name)) continue;
    for (let at = content.indexOf(LT); at >= 0 && count <= max; at = content.indexOf(LT, at + 1)) {
      const next = content[at + 1];
      if (next !== SLASH && next !== BANG && next !== QUESTION) count += 1;
    }
  }
  return count;
}

function unreadable(reason: string) {
  return validationProblem('file', `is not a readable XLSX workbook (${reason})`);
}

function tooBig(line: number, field: string, message: string): never {
  throw tooLarge(field, message, line);
}

function tooLarge(field: string, message: string, line?: number): DomainError {
  return new DomainError(DomainErrorCode.InvalidImport, 'The workbook is too large; nothing was recorded', {
    errors: [{ ...(line ? { line } : {}), field, message }],
  });
}
