import { Readable } from 'node:stream';
import { readCsvFiches, fieldLimit } from './csv-fiche-reader';
import { childrenAt, textAt } from './xml-element';
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

describe('CSV linked rows', () => {
  const source = (name: string, text: string) => ({ name, open: async () => Readable.from([Buffer.from(text)]) });

  it('joins rows of a fiche spread over files and interleaved with other fiches, in the order they were read', async () => {
    const fiches = [];
    for await (const fiche of readCsvFiches([
      source('Blocs.csv', 'Numero_Fiche;Bloc_Competences_Code\nRNCP1;RNCP1BC01\nRNCP2;RNCP2BC01\nrncp1 ;RNCP1BC02\n'),
      source('Rome.csv', 'Numero_Fiche;Codes_Rome_Code\nRNCP2;K1\nRNCP1;M1\n'),
      source('Blocs2.csv', 'Numero_Fiche;Bloc_Competences_Code\nRNCP1;RNCP1BC03\n'),
      source('Standard.csv', 'Numero_Fiche;Intitule\nRNCP2;Deux\nRNCP1;Un\nRNCP3;Trois\n'),
    ]))
      fiches.push(fiche);
    const summary = fiches.map((fiche) => [
      textAt(fiche, 'NUMERO_FICHE'),
      childrenAt(fiche, 'BLOCS_COMPETENCES/BLOC_COMPETENCES').map((block) => textAt(block, 'CODE')),
      childrenAt(fiche, 'CODES_ROME/ROME').map((rome) => textAt(rome, 'CODE')),
    ]);
    expect(summary).toEqual([
      ['RNCP2', ['RNCP2BC01'], ['K1']],
      ['RNCP1', ['RNCP1BC01', 'RNCP1BC02', 'RNCP1BC03'], ['M1']],
      ['RNCP3', [], []],
    ]);
  });
});
