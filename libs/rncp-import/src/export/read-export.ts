import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { readCsvFiches } from './csv-fiche-reader';
import { ExportFormatError } from './export-format-error';
import { readXmlFiches } from './xml-fiche-reader';
import { XmlElement } from './xml-element';
import { openZip } from './zip-archive';

export type ExportFormat = 'zip' | 'xml';

/** Tells a zip from an XML document by their first bytes, whatever the request claimed. */
export async function detectFormat(path: string): Promise<ExportFormat> {
  const handle = await open(path, 'r');
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(512), 0, 512, 0);
    const head = buffer.subarray(0, bytesRead);
    if (bytesRead === 0) throw new ExportFormatError('The file is empty', 'unsupported');
    if (head[0] === 0x50 && head[1] === 0x4b && (head[2] === 0x03 || head[2] === 0x05)) return 'zip';
    const text = head
      .toString('utf8')
      .replace(/^\uFEFF/, '')
      .trimStart();
    if (text.startsWith('<')) return 'xml';
    throw new ExportFormatError('The file is neither a zip nor an XML document', 'unsupported');
  } finally {
    await handle.close();
  }
}

/** Every FICHE of an export file on disk (bare XML, zipped XML, or zipped CSV files), streamed. */
export async function* readExportFiches(path: string): AsyncGenerator<XmlElement> {
  const format = await detectFormat(path);
  if (format === 'xml') {
    yield* readXmlFiches(createReadStream(path, { highWaterMark: 256 * 1024 }));
    return;
  }
  const zip = await openZip(path);
  try {
    const xml = zip.entries.filter((entry) => /\.xml$/i.test(entry.name));
    const csv = zip.entries.filter((entry) => /\.csv$/i.test(entry.name));
    if (xml.length > 0) {
      for (const entry of xml) yield* readXmlFiches(await zip.open(entry));
    } else if (csv.length > 0) {
      yield* readCsvFiches(csv.map((entry) => ({ name: entry.name, open: () => zip.open(entry) })));
    } else {
      throw new ExportFormatError('The zip holds neither an XML nor CSV files');
    }
  } finally {
    zip.close();
  }
}
