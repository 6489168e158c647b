import { parser as saxParser } from 'sax';
import { StringDecoder } from 'node:string_decoder';
import { ExportFormatError } from './export-format-error';
import { XmlElement, element } from './xml-element';

/**
 * The most text one FICHE may hold. Real fiches hold a few tens of kilobytes; without a bound, a small
 * zip inflating to one huge element (a zip bomb) would be gathered whole in memory, then stored.
 */
export const MAX_FICHE_TEXT = 4 * 1024 * 1024;

/**
 * Streams the FICHE elements of an export (root `FICHES`), one at a time: only the fiche being read is
 * held in memory. Anything outside a FICHE (VERSION_FLUX...) is skipped; a malformed or truncated
 * document throws an ExportFormatError once the reader reaches the fault.
 */
export async function* readXmlFiches(input: AsyncIterable<Buffer | string>): AsyncGenerator<XmlElement> {
  // Strict mode for well-formedness; HTML named entities (&eacute;) are still decoded as sheets use them.
  const parser = saxParser(true, { trim: false, normalize: false, position: true });
  const ready: XmlElement[] = [];
  const open: XmlElement[] = [];
  let depth = 0;
  let ficheText = 0;
  let fiches = 0;
  let sawRoot = false;
  let failure: Error | undefined;

  parser.onerror = (error) => {
    failure ??= new ExportFormatError(`Malformed XML at line ${parser.line + 1}: ${error.message.split('\n')[0]}`);
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
      const child = element(tag.name);
      open[open.length - 1].children.push(child);
      open.push(child);
    } else if (depth === 2 && tag.name.toUpperCase() === 'FICHE') {
      ficheText = 0;
      fiches += 1;
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
    ficheText += text.length;
    if (ficheText > MAX_FICHE_TEXT) {
      failure = new ExportFormatError(
        `FICHE n° ${fiches} (line ${parser.line + 1}) holds more than ${MAX_FICHE_TEXT} characters of text: not an RNCP export`,
      );
      return;
    }
    open[open.length - 1].text += text;
  };

  const decoder = new StringDecoder('utf8');
  const feed = (text: string) => {
    if (failure) return;
    try {
      parser.write(text);
    } catch (error) {
      failure ??= new ExportFormatError(`Malformed XML at line ${parser.line + 1}: ${(error as Error).message.split('\n')[0]}`);
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
      failure = new ExportFormatError(`Truncated or malformed XML: ${(error as Error).message.split('\n')[0]}`);
    }
  }
  if (failure) throw failure;
  if (!sawRoot) throw new ExportFormatError('The XML has no root element');
  if (depth !== 0) throw new ExportFormatError('Truncated XML: the document ends before its elements are closed');
  while (ready.length > 0) yield ready.shift()!;
}
