import { inflateSync } from 'node:zlib';
import type { Test } from 'supertest';

/** A printed line and where: its page (from 1) and its baseline, in points from the top of the page. */
export interface PlacedLine {
  text: string;
  page: number;
  top: number;
}

/**
 * The text a PDF made by pdfkit shows, for assertions: streams are inflated, and each font's glyph ids are
 * mapped back to characters through its ToUnicode CMap. Each text object (one printed line) ends with a
 * newline; `flat` joins the lines with spaces, so a sentence wrapped over several lines reads whole; `placed`
 * says where each line stands, for layout checks (pages in the order pdfkit writes them).
 */
export function pdfText(pdf: Buffer): { lines: string[]; flat: string; placed: PlacedLine[] } {
  const source = pdf.toString('latin1');
  const objects = new Map<string, { dictionary: string; stream: string | null }>();
  // Objects in file order; a stream is read by its /Length, since its compressed bytes may contain anything.
  const header = /(\d+) 0 obj\s*/g;
  let match: RegExpExecArray | null;
  while ((match = header.exec(source)) !== null) {
    const from = header.lastIndex;
    const streamAt = source.indexOf('stream', from);
    const endAt = source.indexOf('endobj', from);
    if (streamAt < 0 || (endAt >= 0 && endAt < streamAt)) {
      objects.set(match[1], { dictionary: source.slice(from, endAt < 0 ? undefined : endAt), stream: null });
      continue;
    }
    const dictionary = source.slice(from, streamAt);
    const length = Number(dictionary.match(/\/Length (\d+)(?! \d+ R)/)?.[1]);
    const dataAt = streamAt + 'stream'.length + (source.startsWith('\r\n', streamAt + 6) ? 2 : 1);
    const bytes = Buffer.from(source.slice(dataAt, dataAt + length), 'latin1');
    const stream = (/\/FlateDecode/.test(dictionary) ? inflateSync(bytes) : bytes).toString('latin1');
    objects.set(match[1], { dictionary, stream });
    header.lastIndex = source.indexOf('endobj', dataAt + length);
  }
  const cmaps = new Map<string, Map<number, string>>();
  for (const [, name, objectNumber] of source.matchAll(/\/(F\d+) (\d+) 0 R/g)) {
    const toUnicode = objects.get(objectNumber)?.dictionary.match(/\/ToUnicode (\d+) 0 R/)?.[1];
    const cmap = toUnicode ? objects.get(toUnicode)?.stream : undefined;
    if (cmap) cmaps.set(name, parseCmap(cmap));
  }
  const pageHeight = Number(source.match(/\/MediaBox \[\s*[\d.]+ [\d.]+ [\d.]+ ([\d.]+)/)?.[1] ?? 0);
  const lines: string[] = [];
  const placed: PlacedLine[] = [];
  let page = 0;
  for (const { stream } of objects.values()) {
    if (!stream || !stream.includes(' Tf')) continue;
    page++;
    for (const block of stream.matchAll(/BT([\s\S]*?)ET/g)) {
      let font = new Map<number, string>();
      let line = '';
      for (const op of block[1].matchAll(/\/(F\d+) [\d.]+ Tf|\[([^\]]*)\] TJ|<([0-9a-fA-F]*)> Tj/g)) {
        if (op[1]) font = cmaps.get(op[1]) ?? new Map();
        const hexes = op[2] !== undefined ? [...op[2].matchAll(/<([0-9a-fA-F]*)>/g)].map((m) => m[1]) : op[3] !== undefined ? [op[3]] : [];
        for (const hex of hexes) {
          for (let i = 0; i + 4 <= hex.length; i += 4) line += font.get(parseInt(hex.slice(i, i + 4), 16)) ?? '\uFFFD';
        }
      }
      lines.push(line);
      // pdfkit writes each line's baseline with a Tm, in PDF space (from the bottom of the page).
      const baseline = Number(block[1].match(/([\d.-]+) ([\d.-]+) Tm/)?.[2] ?? NaN);
      placed.push({ text: line, page, top: pageHeight - baseline });
    }
  }
  return {
    placed,
    lines,
    flat: lines
      .map((line) => line.trim())
      .join(' ')
      .replace(/\s+/g, ' '),
  };
}

function parseCmap(cmap: string): Map<number, string> {
  const map = new Map<number, string>();
  // A ligature maps to several units, written with spaces: <0066 0069> is "fi".
  const utf16 = (hex: string) => String.fromCharCode(...(hex.replace(/\s/g, '').match(/.{4}/g) ?? []).map((unit) => parseInt(unit, 16)));
  for (const section of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const [, from, to, list, single] of section[1].matchAll(/<(\w+)>\s*<(\w+)>\s*(?:\[([^\]]*)\]|<(\w+)>)/g)) {
      const start = parseInt(from, 16);
      if (list !== undefined) [...list.matchAll(/<([0-9a-fA-F\s]+)>/g)].forEach((m, i) => map.set(start + i, utf16(m[1])));
      else for (let code = start; code <= parseInt(to, 16); code++) map.set(code, String.fromCharCode(parseInt(single, 16) + code - start));
    }
  }
  for (const section of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const [, code, value] of section[1].matchAll(/<(\w+)>\s*<([0-9a-fA-F\s]+)>/g)) map.set(parseInt(code, 16), utf16(value));
  }
  return map;
}

/** A request whose answer's body is read as bytes (a PDF, a file): `(await asBytes(request)).body` is a Buffer. */
export function asBytes(request: Test): Test {
  return request.buffer(true).parse((res, done) => {
    const chunks: Buffer[] = [];
    res.on('data', (chunk: Buffer) => chunks.push(chunk));
    res.on('end', () => done(null, Buffer.concat(chunks)));
  });
}

/** The text of a PDF route's answer (200 expected), read as bytes: `await pdfTextOf(t.http().get(path).set(bearer(token)))`. */
export async function pdfTextOf(request: Test): Promise<string> {
  const response = await asBytes(request).expect(200);
  return pdfText(response.body as Buffer).flat;
}
