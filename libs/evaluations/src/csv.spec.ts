import { detectSeparator, parseCsv } from './csv';

describe('parseCsv', () => {
  it('reads plain, quoted and escaped fields with their line numbers', () => {
    const { records, errors } = parseCsv('a,b,c\r\n1,"two, ""quoted""",3\n"multi\nline",x,\n');
    expect(errors).toEqual([]);
    expect(records).toEqual([
      { line: 1, fields: ['a', 'b', 'c'] },
      { line: 2, fields: ['1', 'two, "quoted"', '3'] },
      { line: 3, fields: ['multi\nline', 'x', ''] },
    ]);
  });

  it('detects the semicolon separator used by French spreadsheets, keeping decimal commas', () => {
    const text = '\uFEFFlearnerEmail;score\nann@x.fr;12,5';
    expect(detectSeparator(text)).toBe(';');
    expect(parseCsv(text).records).toEqual([
      { line: 1, fields: ['learnerEmail', 'score'] },
      { line: 2, fields: ['ann@x.fr', '12,5'] },
    ]);
  });

  it('prefers the comma when the header has commas, even with semicolons in quotes', () => {
    expect(detectSeparator('a,"b;c;d",e\n1;2;3;4')).toBe(',');
  });

  it('skips blank lines and a last line without a line break', () => {
    expect(parseCsv('a,b\n\n1,2').records).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 3, fields: ['1', '2'] },
    ]);
  });

  it('reports an unclosed quote and garbage after a closing quote by line', () => {
    expect(parseCsv('a,b\n"x"y,2\n3,4').errors).toEqual([{ line: 2, message: 'unexpected characters after a closing quote' }]);
    expect(parseCsv('a,b\n1,2\n"open,3\n4,5').errors).toEqual([{ line: 3, message: 'a quoted field is never closed' }]);
  });
});
