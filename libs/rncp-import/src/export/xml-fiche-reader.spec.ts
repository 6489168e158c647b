import { ExportFormatError } from './export-format-error';
import { FicheBudget, MAX_FICHE_ELEMENTS, MAX_FICHE_TEXT, MAX_XML_ATTRIBUTES, MAX_XML_DEPTH } from './fiche-limits';
import { XmlElement } from './xml-element';
import { readXmlFiches } from './xml-fiche-reader';

/** The document fed in chunks of 64 kB, as a zip entry streams it. */
async function* chunks(xml: string): AsyncGenerator<string> {
  for (let at = 0; at < xml.length; at += 64 * 1024) yield xml.slice(at, at + 64 * 1024);
}

async function read(xml: string): Promise<XmlElement[]> {
  const fiches: XmlElement[] = [];
  for await (const fiche of readXmlFiches(chunks(xml))) fiches.push(fiche);
  return fiches;
}

const fiche = (code: string, inner = '') => `<FICHE><NUMERO_FICHE>${code}</NUMERO_FICHE><INTITULE>Titre</INTITULE>${inner}</FICHE>`;
const nested = (name: string, depth: number) => `${`<${name}>`.repeat(depth)}${`</${name}>`.repeat(depth)}`;

describe('FicheBudget', () => {
  it('lets a fiche reach each limit exactly, and refuses one more, naming the fiche', () => {
    const budget = new FicheBudget(() => 'FICHE n° 7 (RNCP1)');
    budget.addElements(MAX_FICHE_ELEMENTS);
    budget.addText(MAX_FICHE_TEXT);
    expect(() => budget.addElements(1)).toThrow(
      new ExportFormatError(`FICHE n° 7 (RNCP1) holds more than ${MAX_FICHE_ELEMENTS} elements: not an RNCP export`),
    );
    expect(() => budget.addText(1)).toThrow(`FICHE n° 7 (RNCP1) holds more than ${MAX_FICHE_TEXT} characters of text`);
  });
});

describe('readXmlFiches limits', () => {
  it(`reads fiches nested up to ${MAX_XML_DEPTH} deep and holding ${MAX_FICHE_ELEMENTS} elements`, async () => {
    const deep = nested('ANCIENNES_CERTIFICATIONS', MAX_XML_DEPTH - 2);
    const wide = '<CODES_ROME>' + '<ROME/>'.repeat(MAX_FICHE_ELEMENTS - 3) + '</CODES_ROME>';
    const fiches = await read(`<FICHES>${fiche('RNCP1', deep)}${fiche('RNCP2', wide)}</FICHES>`);
    expect(fiches.map((one) => one.children[0].text)).toEqual(['RNCP1', 'RNCP2']);
  });

  it('refuses elements nested too deep (the 100,000 deep ANCIENNES_CERTIFICATIONS that overflowed the stack), naming the fiche', async () => {
    const xml = `<FICHES>${fiche('RNCP1')}${fiche('RNCP2', nested('ANCIENNES_CERTIFICATIONS', 100_000))}</FICHES>`;
    await expect(read(xml)).rejects.toThrow(
      new ExportFormatError(`Elements nested more than ${MAX_XML_DEPTH} deep, in FICHE n° 2 (RNCP2) at line 1: not an RNCP export`),
    );
    // Outside any fiche too.
    await expect(read(`<FICHES>${nested('VERSION_FLUX', 100)}</FICHES>`)).rejects.toThrow(
      `nested more than ${MAX_XML_DEPTH} deep at line 1`,
    );
  });

  it('refuses a fiche of two million empty elements, stopping at the limit', async () => {
    const xml = `<FICHES>${fiche('RNCP3', '<A/>'.repeat(2_000_000))}</FICHES>`;
    await expect(read(xml)).rejects.toThrow(`FICHE n° 1 (RNCP3) at line 1 holds more than ${MAX_FICHE_ELEMENTS} elements`);
  });

  it('refuses an element with too many attributes, and still refuses too much text', async () => {
    const attributes = Array.from({ length: MAX_XML_ATTRIBUTES + 1 }, (_, i) => `a${i}="x"`).join(' ');
    await expect(read(`<FICHES><FICHE ${attributes}/></FICHES>`)).rejects.toThrow(`more than ${MAX_XML_ATTRIBUTES} attributes at line 1`);
    const text = `<FICHES>${fiche('RNCP4', `<OBJECTIFS_CONTEXTE>${'a'.repeat(MAX_FICHE_TEXT)}</OBJECTIFS_CONTEXTE>`)}</FICHES>`;
    await expect(read(text)).rejects.toThrow(`FICHE n° 1 (RNCP4) at line 1 holds more than ${MAX_FICHE_TEXT} characters of text`);
  });
});
