import { Readable } from 'node:stream';
import { fieldLimit } from './csv-fiche-reader';
import { MAX_CSV_COLUMNS } from './fiche-limits';

/** What passes through the limit, fed in small chunks so that quotes and lines straddle them. */
async function through(text: string): Promise<string> {
  const chunks: Buffer[] = [];
  const source = Readable.from(Array.from({ length: Math.ceil(text.length / 7) }, (_, i) => Buffer.from(text.slice(i * 7, i * 7 + 7))));
  for await (const chunk of source.pipe(fieldLimit('export_Standard.csv'))) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString();
}

describe('CSV field limit', () => {
  it(`passes records of ${MAX_CSV_COLUMNS} fields, semicolons and newlines inside quotes not counting`, async () => {
    const full = `${Array.from({ length: MAX_CSV_COLUMNS }, (_, i) => `c${i}`).join(';')}\n`;
    const quoted = `RNCP1;"${';'.repeat(5000)}\n${';'.repeat(5000)}";"dit ""oui"";"\n`;
    expect(await through(full + quoted + full)).toBe(full + quoted + full);
  });

  it('refuses a record of one field more, on one line or spread over lines by quoted newlines', async () => {
    const header = `${';'.repeat(MAX_CSV_COLUMNS)}\n`;
    await expect(through(header)).rejects.toThrow(`Line 1 of export_Standard.csv has more than ${MAX_CSV_COLUMNS} fields`);
    const spread = `a;b\n${'"\n";'.repeat(MAX_CSV_COLUMNS)}\n`;
    await expect(through(spread)).rejects.toThrow(
      `Line ${MAX_CSV_COLUMNS + 2} of export_Standard.csv has more than ${MAX_CSV_COLUMNS} fields`,
    );
  });
});
