/**
 * A small RFC 4180 reader: quoted fields (with "" for a quote, separators and line breaks inside),
 * CRLF or LF line ends, a UTF-8 BOM, and `,` or `;` separators (spreadsheets in French locales
 * export with `;`). Each record keeps the line number where it starts, for error reports.
 */

export interface CsvRecord {
  line: number;
  fields: string[];
}

export interface CsvSyntaxError {
  line: number;
  message: string;
}

/** The separator used by the header line: the one of `,` and `;` that occurs most outside quotes. */
export function detectSeparator(text: string): ',' | ';' {
  let commas = 0;
  let semicolons = 0;
  let quoted = false;
  for (const char of text.replace(/^\uFEFF/, '')) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === '\n' || char === '\r')) break;
    else if (!quoted && char === ',') commas++;
    else if (!quoted && char === ';') semicolons++;
  }
  return semicolons > commas ? ';' : ',';
}

export function parseCsv(input: string, separator: string = detectSeparator(input)): { records: CsvRecord[]; errors: CsvSyntaxError[] } {
  const text = input.replace(/^\uFEFF/, '');
  const records: CsvRecord[] = [];
  const errors: CsvSyntaxError[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let recordLine = 1;
  let i = 0;
  let broken: string | undefined;

  const endRecord = () => {
    fields.push(field);
    if (broken) errors.push({ line: recordLine, message: broken });
    else if (!(fields.length === 1 && fields[0].trim() === '')) records.push({ line: recordLine, fields });
    fields = [];
    field = '';
    broken = undefined;
  };

  while (i < text.length) {
    const char = text[i];
    if (char === '"' && field.trim() === '') {
      // A quoted field: read up to the closing quote.
      field = '';
      const openedOn = line;
      i++;
      let closed = false;
      while (i < text.length) {
        const c = text[i];
        if (c === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          closed = true;
          i++;
          break;
        }
        if (c === '\n') line++;
        field += c;
        i++;
      }
      if (!closed) {
        errors.push({ line: openedOn, message: 'a quoted field is never closed' });
        return { records, errors };
      }
      // Only spaces may follow the closing quote before the separator or the line end.
      while (i < text.length && (text[i] === ' ' || text[i] === '\t')) i++;
      if (i < text.length && text[i] !== separator && text[i] !== '\n' && text[i] !== '\r') {
        broken ??= 'unexpected characters after a closing quote';
        while (i < text.length && text[i] !== separator && text[i] !== '\n' && text[i] !== '\r') i++;
      }
      continue;
    }
    if (char === separator) {
      fields.push(field);
      field = '';
      i++;
      continue;
    }
    if (char === '\r' || char === '\n') {
      endRecord();
      i += char === '\r' && text[i + 1] === '\n' ? 2 : 1;
      line++;
      recordLine = line;
      continue;
    }
    field += char;
    i++;
  }
  if (field !== '' || fields.length > 0) endRecord();
  return { records, errors };
}
