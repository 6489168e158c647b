import { parse } from 'csv-parse';
import { WriteStream, createWriteStream } from 'node:fs';
import { FileHandle, mkdtemp, open, rm } from 'node:fs/promises';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Transform, pipeline } from 'node:stream';
import { foldAccents } from '../mapping/classify-modalities';
import { ROUTE_ELEMENTS } from '../mapping/map-fiche';
import { ExportFormatError } from './export-format-error';
import { XmlElement, element } from './xml-element';
import { FicheBudget, MAX_CSV_COLUMNS, MAX_FICHE_TEXT } from './fiche-limits';

type Row = Record<string, string>;
type AuxKind = 'blocks' | 'nsf' | 'formacode' | 'rome' | 'certifiers' | 'routes' | 'lineage';
type CsvKind = 'standard' | AuxKind | 'ignored';

/** Which file of the CSV variant this is, told by its columns rather than its name. */
export function csvKind(columns: string[]): CsvKind {
  const has = (name: string) => columns.includes(name);
  if (!has('numero_fiche')) return 'ignored';
  if (has('bloc_competences_code')) return 'blocks';
  if (has('nsf_code')) return 'nsf';
  if (has('formacode_code')) return 'formacode';
  if (has('codes_rome_code')) return 'rome';
  if (has('nom_certificateur')) return 'certifiers';
  if (has('si_jury')) return 'routes';
  if (has('ancienne_certification') || has('nouvelle_certification')) return 'lineage';
  if (has('intitule')) return 'standard';
  return 'ignored';
}

function rows(stream: Readable, name: string): AsyncIterable<Row> {
  const parser = parse({
    delimiter: ';',
    columns: (header: string[]) => header.map((column) => column.trim().toLowerCase()),
    bom: true,
    relax_column_count: true,
    skip_empty_lines: true,
    // Same bound as a FICHE of the XML variant: a zip bomb's endless line is refused, not gathered.
    max_record_size: MAX_FICHE_TEXT,
  });
  // Any stage failing destroys the others, the parser with the error its reader then sees.
  const records = pipeline(stream, fieldLimit(name), parser, () => undefined);
  return (async function* () {
    try {
      for await (const record of records) yield record as Row;
    } catch (error) {
      if (error instanceof ExportFormatError) throw error;
      throw new ExportFormatError(`Malformed CSV ${name}: ${(error as Error).message}`);
    } finally {
      // Stopping early (a limit, or the Standard file put aside) stops the inflating too.
      stream.destroy();
    }
  })();
}

const QUOTE = 0x22;
const SEMICOLON = 0x3b;
const NEWLINE = 0x0a;

/**
 * Refuses a record of more than MAX_CSV_COLUMNS fields before csv-parse builds it: it spends about a
 * microsecond a field, so one 4 MB line of semicolons would hold the server for seconds. Quotes are
 * followed (a quoted field may hold semicolons and newlines); these bytes never occur inside UTF-8 sequences.
 */
export function fieldLimit(name: string): Transform {
  let quoted = false;
  let fields = 1;
  let line = 1;
  return new Transform({
    transform(chunk: Buffer | string, _encoding, done) {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      for (let i = 0; i < bytes.length; i += 1) {
        const byte = bytes[i];
        if (byte === QUOTE) quoted = !quoted;
        else if (byte === NEWLINE) {
          line += 1;
          if (!quoted) fields = 1;
        } else if (byte === SEMICOLON && !quoted && ++fields > MAX_CSV_COLUMNS)
          return done(new ExportFormatError(`Line ${line} of ${name} has more than ${MAX_CSV_COLUMNS} fields: not an RNCP export`));
      }
      done(null, bytes);
    },
  });
}

function routeOf(text: string): string | undefined {
  const folded = foldAccents(text);
  if (/eleve|etudiant/.test(folded)) return 'FI';
  if (/apprentissage/.test(folded)) return 'CA';
  if (/professionnalisation/.test(folded)) return 'CQ';
  if (/formation continue/.test(folded)) return 'FC';
  if (/candidature individuelle|candidature libre/.test(folded)) return 'CL';
  if (/experience|\bvae\b/.test(folded)) return 'VAE';
  return undefined;
}

const text = (name: string, value: string | undefined) => element(name, value ?? '');

function auxElements(kind: AuxKind, row: Row): { list: string; item: XmlElement }[] {
  switch (kind) {
    case 'blocks':
      return [
        {
          list: 'BLOCS_COMPETENCES',
          item: element('BLOC_COMPETENCES', '', [
            text('CODE', row.bloc_competences_code),
            text('LIBELLE', row.bloc_competences_libelle),
            text('LISTE_COMPETENCES', row.bloc_competences_liste_competences ?? row.liste_competences),
            text('MODALITES_EVALUATION', row.bloc_competences_modalites_evaluation ?? row.modalites_evaluation),
          ]),
        },
      ];
    case 'nsf':
      return [{ list: 'CODES_NSF', item: element('NSF', '', [text('CODE', row.nsf_code), text('INTITULE', row.nsf_intitule)]) }];
    case 'formacode':
      return [
        { list: 'FORMACODES', item: element('FORMACODE', '', [text('CODE', row.formacode_code), text('LIBELLE', row.formacode_libelle)]) },
      ];
    case 'rome':
      return [
        { list: 'CODES_ROME', item: element('ROME', '', [text('CODE', row.codes_rome_code), text('LIBELLE', row.codes_rome_libelle)]) },
      ];
    case 'certifiers':
      return [
        {
          list: 'CERTIFICATEURS',
          item: element('CERTIFICATEUR', '', [
            text('SIRET_CERTIFICATEUR', row.siret_certificateur),
            text('NOM_CERTIFICATEUR', row.nom_certificateur),
          ]),
        },
      ];
    case 'routes': {
      const suffix = routeOf(row.si_jury ?? '');
      return suffix ? [{ list: 'VOIES', item: element(suffix, row.jury ?? row.composition_jury ?? '') }] : [];
    }
    case 'lineage':
      return [
        ...(row.ancienne_certification
          ? [{ list: 'ANCIENNES_CERTIFICATIONS', item: text('ANCIENNE_CERTIFICATION', row.ancienne_certification) }]
          : []),
        ...(row.nouvelle_certification
          ? [{ list: 'NOUVELLES_CERTIFICATIONS', item: text('NOUVELLE_CERTIFICATION', row.nouvelle_certification) }]
          : []),
      ];
  }
}

/** Builds the FICHE the XML variant would hold for one row of the Standard file and its linked rows. */
function ficheOf(row: Row, lists: Map<string, XmlElement[]> | undefined): XmlElement {
  const fiche = element('FICHE', '', [
    text('ID_FICHE', row.id_fiche),
    text('NUMERO_FICHE', row.numero_fiche),
    text('INTITULE', row.intitule),
    ...(row.actif !== undefined ? [text('ACTIF', row.actif)] : []),
    ...(row.etat_fiche !== undefined ? [text('ETAT_FICHE', row.etat_fiche)] : []),
    ...(row.nomenclature_europe_niveau !== undefined
      ? [element('NOMENCLATURE_EUROPE', '', [text('NIVEAU', row.nomenclature_europe_niveau)])]
      : []),
    ...(row.date_fin_enregistrement !== undefined ? [text('DATE_FIN_ENREGISTREMENT', row.date_fin_enregistrement)] : []),
  ]);
  for (const [list, items] of lists ?? []) {
    if (list === 'VOIES') {
      // A route listed for the fiche is open; the others are closed.
      for (const { suffix } of ROUTE_ELEMENTS) {
        const listed = items.find((item) => item.name === suffix);
        fiche.children.push(text(`SI_JURY_${suffix}`, listed ? 'Oui' : 'Non'));
        if (listed?.text) fiche.children.push(text(`JURY_${suffix}`, listed.text));
      }
    } else {
      fiche.children.push(element(list, '', items));
    }
  }
  return fiche;
}

export interface CsvSource {
  name: string;
  open(): Promise<Readable>;
}

/**
 * The linked rows, spilled to a temporary file as they are read, one JSON line per element: memory holds
 * only where each fiche's rows lie (byte ranges, contiguous rows sharing one) and its budget, not their text,
 * which can reach gigabytes in an export.
 */
class LinkedRows {
  private readonly ranges = new Map<string, { ranges: number[]; budget: FicheBudget }>();
  private readonly out: WriteStream;
  private handle: FileHandle | undefined;
  private size = 0;
  private failure: Error | undefined;
  /** Lines not yet handed to the file: written in chunks, not one write per row. */
  private pending: string[] = [];
  private pendingBytes = 0;

  private constructor(
    private readonly dir: string,
    private readonly file: string,
  ) {
    this.out = createWriteStream(file);
    // A failed write (disk full) surfaces at the next row rather than as an unhandled 'error' event.
    this.out.on('error', (error) => (this.failure ??= error));
  }

  static async create(): Promise<LinkedRows> {
    const dir = await mkdtemp(join(tmpdir(), 'rncp-csv-'));
    return new LinkedRows(dir, join(dir, 'linked.jsonl'));
  }

  async add(code: string, list: string, item: XmlElement): Promise<void> {
    if (this.failure) throw this.failure;
    let fiche = this.ranges.get(code);
    if (!fiche) {
      fiche = { ranges: [], budget: new FicheBudget(() => `FICHE ${code} (its rows in the linked CSV files)`) };
      this.ranges.set(code, fiche);
    }
    fiche.budget.addElements(1 + item.children.length);
    fiche.budget.addText(item.text.length + item.children.reduce((sum, child) => sum + child.text.length, 0));
    const line = `${JSON.stringify([list, item])}\n`;
    const length = Buffer.byteLength(line);
    const last = fiche.ranges.length - 1;
    if (last > 0 && fiche.ranges[last] === this.size) fiche.ranges[last] += length;
    else fiche.ranges.push(this.size, this.size + length);
    this.size += length;
    this.pending.push(line);
    this.pendingBytes += length;
    if (this.pendingBytes >= 256 * 1024) await this.flush();
  }

  private async flush(): Promise<void> {
    const chunk = this.pending.join('');
    this.pending = [];
    this.pendingBytes = 0;
    if (!this.out.write(chunk)) await once(this.out, 'drain');
  }

  /** Every linked row has been added: from now on they are read back, fiche by fiche. */
  async finish(): Promise<void> {
    await this.flush();
    this.out.end();
    await once(this.out, 'close');
    if (this.failure) throw this.failure;
    this.handle = await open(this.file, 'r');
  }

  /** The lists of one fiche's linked elements, in the order they were read. */
  async of(code: string): Promise<Map<string, XmlElement[]> | undefined> {
    const fiche = this.ranges.get(code);
    if (!fiche) return undefined;
    const lists = new Map<string, XmlElement[]>();
    for (let i = 0; i < fiche.ranges.length; i += 2) {
      const bytes = Buffer.alloc(fiche.ranges[i + 1] - fiche.ranges[i]);
      await this.handle!.read(bytes, 0, bytes.length, fiche.ranges[i]);
      for (const line of bytes.toString('utf8').split('\n')) {
        if (!line) continue;
        const [list, item] = JSON.parse(line) as [string, XmlElement];
        const items = lists.get(list);
        if (items) items.push(item);
        else lists.set(list, [item]);
      }
    }
    return lists;
  }

  async remove(): Promise<void> {
    if (!this.out.closed) await new Promise((done) => this.out.end(done));
    await this.handle?.close();
    await rm(this.dir, { recursive: true, force: true });
  }
}

/**
 * The CSV variant: linked files are read first and spilled to disk, grouped by Numero_Fiche (only the
 * columns the sheet uses are kept), then the Standard file is streamed and each row yields its FICHE with
 * its linked rows read back.
 */
export async function* readCsvFiches(sources: CsvSource[]): AsyncGenerator<XmlElement> {
  // The linked rows of one fiche are held to the same limits as an XML FICHE.
  const linked = await LinkedRows.create();
  try {
    const standard: CsvSource[] = [];
    for (const source of sources) {
      let kind: CsvKind | undefined;
      for await (const row of rows(await source.open(), source.name)) {
        kind ??= csvKind(Object.keys(row));
        if (kind === 'standard' || kind === 'ignored') break;
        const code = row.numero_fiche?.trim().toUpperCase();
        if (!code) continue;
        for (const { list, item } of auxElements(kind, row)) await linked.add(code, list, item);
      }
      if (kind === 'standard') standard.push(source);
    }
    if (standard.length === 0) throw new ExportFormatError('The CSV export has no Standard file (with Numero_Fiche and Intitule columns)');
    await linked.finish();
    for (const source of standard) {
      for await (const row of rows(await source.open(), source.name)) {
        yield ficheOf(row, await linked.of(row.numero_fiche?.trim().toUpperCase() ?? ''));
      }
    }
  } finally {
    await linked.remove();
  }
}
