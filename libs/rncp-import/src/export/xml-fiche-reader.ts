import { parser as saxParser } from 'sax';
import { StringDecoder } from 'node:string_decoder';
import { ExportFormatError } from './export-format-error';
import { FicheBudget, MAX_XML_ATTRIBUTES, MAX_XML_DEPTH } from './fiche-limits';
import { XmlElement, element, textAt } from './xml-element';

/**
 * Streams the FICHE elements of an export (root `FICHES`), one at a time: only the fiche being read is
 * held in memory. Anything outside a FICHE (VERSION_FLUX...) is skipped; a malformed or truncated
 * document throws an ExportFormatError once the reader reaches the fault, as does one past the limits
 * (nesting depth, attributes, and the elements and text of one FICHE).
 */
export async function* readXmlFiches(input: AsyncIterable<Buffer | string>): AsyncGenerator<XmlElement> {
  // Strict mode for well-formedness; HTML named entities (&eacute;) are still decoded as sheets use them.
  const parser = saxParser(true, { trim: false, normalize: false, position: true });
  const ready: XmlElement[] = [];
  const open: XmlElement[] = [];
  let depth = 0;
  let attributes = 0;
  let fiches = 0;
  let budget: FicheBudget | undefined;
  let sawRoot = false;
  let failure: Error | undefined;

  /** The FICHE being read, as precisely as known: its rank, its code once read, the line reached. */
  const currentFiche = () => {
    const code = open.length > 0 ? textAt(open[0], 'NUMERO_FICHE') : undefined;
    return `FICHE n° ${fiches}${code ? ` (${code})` : ''} at line ${parser.line + 1}`;
  };
  // A limit throws out of parser.write at once, so sax stops there rather than at the end of the chunk.
  const refuse = (problem: string): never => {
    const where = open.length > 0 ? `, in ${currentFiche()}` : ` at line ${parser.line + 1}`;
    throw new ExportFormatError(`${problem}${where}: not an RNCP export`);
  };

  parser.onerror = (error) => {
    failure ??= new ExportFormatError(`Malformed XML at line ${parser.line + 1}: ${error.message.split('\n')[0]}`);
  };
  parser.onopentagstart = () => {
    attributes = 0;
    if (depth >= MAX_XML_DEPTH) refuse(`Elements nested more than ${MAX_XML_DEPTH} deep`);
  };
  parser.onattribute = () => {
    attributes += 1;
    if (attributes > MAX_XML_ATTRIBUTES) refuse(`An element with more than ${MAX_XML_ATTRIBUTES} attributes`);
  };
  parser.onopentag = (tag) => {
    depth += 1;
    if (depth === 1) {
      sawRoot = true;
      if (tag.name.toUpperCase() !== 'FICHES')
        failure ??= new ExportFormatError(`The root element is ${tag.name}, not FICHES: not an RNCP export`);
      return;
    }
    if (open.length > 0) {
      budget!.addElements(1);
      const child = element(tag.name);
      open[open.length - 1].children.push(child);
      open.push(child);
    } else if (depth === 2 && tag.name.toUpperCase() === 'FICHE') {
      fiches += 1;
      budget = new FicheBudget(currentFiche);
      open.push(element(tag.name));
    }
  };
  parser.onclosetag = () => {
    depth -= 1;
    if (open.length === 0) return;
    const closed = open.pop()!;
    if (open.length === 0) ready.push(closed);
  };
  parser.ontext = parser.oncdata = (text) => {
    if (open.length === 0 || failure) return;
    budget!.addText(text.length);
    open[open.length - 1].text += text;
  };

  const decoder = new StringDecoder('utf8');
  const feed = (text: string) => {
    if (failure) return;
    try {
      parser.write(text);
    } catch (error) {
      failure ??=
        error instanceof ExportFormatError
          ? error
          : new ExportFormatError(`Malformed XML at line ${parser.line + 1}: ${(error as Error).message.split('\n')[0]}`);
    }
  };
  for await (const chunk of input) {
    feed(typeof chunk === 'string' ? chunk : decoder.write(chunk));
    if (failure) throw failure;
    while (ready.length > 0) yield ready.shift()!;
  }
  feed(decoder.end());
  if (!failure) {
    try {
      parser.close();
    } catch (error) {
      failure =
        error instanceof ExportFormatError
          ? error
          : new ExportFormatError(`Truncated or malformed XML: ${(error as Error).message.split('\n')[0]}`);
    }
  }
  if (failure) throw failure;
  if (!sawRoot) throw new ExportFormatError('The XML has no root element');
  if (depth !== 0) throw new ExportFormatError('Truncated XML: the document ends before its elements are closed');
  while (ready.length > 0) yield ready.shift()!;
}
