import { inflateSync } from 'node:zlib';

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
  for (const match of source.matchAll(/(\d+) 0 obj\s*([\s\S]*?)endobj/g)) {
    const body = match[2];
    const start = body.indexOf('stream');
    if (start < 0) {
      objects.set(match[1], { dictionary: body, stream: null });
      continue;
    }
    const dictionary = body.slice(0, start);
    let raw = body.slice(start + 'stream'.length).replace(/^\r?\n/, '');
    raw = raw.slice(0, raw.lastIndexOf('endstream')).replace(/\r?\n$/, '');
    const bytes = Buffer.from(raw, 'latin1');
    const stream = (/\/FlateDecode/.test(dictionary) ? inflateSync(bytes) : bytes).toString('latin1');
    objects.set(match[1], { dictionary, stream });
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
