import { parse } from 'csv-parse';
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
 * The CSV variant: linked files are read first and grouped by Numero_Fiche (only the columns the sheet
 * uses are kept), then the Standard file is streamed and each row yields its FICHE.
 */
export async function* readCsvFiches(sources: CsvSource[]): AsyncGenerator<XmlElement> {
  const linked = new Map<string, Map<string, XmlElement[]>>();
  // The linked rows of one fiche are held until its Standard row comes: the same limits as an XML FICHE.
  const budgets = new Map<string, FicheBudget>();
  const standard: CsvSource[] = [];
  for (const source of sources) {
    let kind: CsvKind | undefined;
    for await (const row of rows(await source.open(), source.name)) {
      kind ??= csvKind(Object.keys(row));
      if (kind === 'standard' || kind === 'ignored') break;
      const code = row.numero_fiche?.trim().toUpperCase();
      if (!code) continue;
      let lists = linked.get(code);
      if (!lists) {
        linked.set(code, (lists = new Map()));
        budgets.set(code, new FicheBudget(() => `FICHE ${code} (its rows in the linked CSV files)`));
      }
      for (const { list, item } of auxElements(kind, row)) {
        const budget = budgets.get(code)!;
        budget.addElements(1 + item.children.length);
        budget.addText(item.text.length + item.children.reduce((sum, child) => sum + child.text.length, 0));
        const items = lists.get(list);
        if (items) items.push(item);
        else lists.set(list, [item]);
      }
    }
    if (kind === 'standard') standard.push(source);
  }
  if (standard.length === 0) throw new ExportFormatError('The CSV export has no Standard file (with Numero_Fiche and Intitule columns)');
  for (const source of standard) {
    for await (const row of rows(await source.open(), source.name)) {
      yield ficheOf(row, linked.get(row.numero_fiche?.trim().toUpperCase() ?? ''));
    }
  }
}
