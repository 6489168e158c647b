import {
  checkSheet,
  type AccessRouteDto,
  type BlockDto,
  type CertificationSheetDto,
  type CertifierDto,
  type CodeLabelDto,
} from '@project/catalogue';
import { AccessRoute } from '@project/domain';
import { XmlElement, childAt, childrenAt, textAt } from '../export/xml-element';
import { classifyModalities } from './classify-modalities';
import { decodeHtmlEntities, plainText, squish, textLines } from './html-text';

/** Sheet fields an export may or may not state; a curated certification keeps those it does not state. */
export type ProvidedField =
  | 'title'
  | 'level'
  | 'active'
  | 'certifiers'
  | 'nsfCodes'
  | 'formacodes'
  | 'romeCodes'
  | 'registrationEndsOn'
  | 'replaces'
  | 'accessRoutes'
  | 'blocks';

export type FicheMapping =
  { ok: true; sheet: CertificationSheetDto; provided: ProvidedField[] } | { ok: false; code: string; reason: string };

/** The export's jury flags (`SI_JURY_xx` = Oui/Non, composition in `JURY_xx`) and the routes they open. */
export const ROUTE_ELEMENTS: { suffix: string; route: AccessRoute }[] = [
  { suffix: 'FI', route: 'student' },
  { suffix: 'CA', route: 'apprenticeship' },
  { suffix: 'FC', route: 'continuing_education' },
  { suffix: 'CQ', route: 'professionalisation_contract' },
  { suffix: 'CL', route: 'individual_application' },
  { suffix: 'VAE', route: 'vae' },
];

class FicheError extends Error {}

function clean(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const value = squish(decodeHtmlEntities(text));
  return value ? value : undefined;
}

function rncpCode(raw: string | undefined): string | undefined {
  const value = raw?.trim().toUpperCase().replace(/\s+/g, '');
  if (!value) return undefined;
  if (/^\d+$/.test(value)) return 'RNCP' + value;
  return value;
}

/** `NIV7`, `7`, `Niveau 7` → 7; anything else (e.g. "Sans niveau spécifique") → null. */
export function parseLevel(raw: string | undefined): number | null {
  const match = raw?.match(/^\s*(?:NIV(?:EAU)?\s*)?([1-8])\s*$/i);
  return match ? Number(match[1]) : null;
}

/** `dd/mm/yyyy` (the export's form) or `yyyy-mm-dd` → `yyyy-mm-dd`; a date that does not exist throws. */
export function parseFrenchDate(raw: string): string {
  const value = raw.trim();
  const fr = value.match(/^(\d{1,2})\/(\d{1,2})\/(\d{4})$/);
  const iso = value.match(/^(\d{4})-(\d{2})-(\d{2})(?:[T ].*)?$/);
  const [year, month, day] = fr
    ? [Number(fr[3]), Number(fr[2]), Number(fr[1])]
    : iso
      ? [Number(iso[1]), Number(iso[2]), Number(iso[3])]
      : [NaN, NaN, NaN];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (!Number.isFinite(year) || date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    throw new FicheError(`DATE_FIN_ENREGISTREMENT is not a date: "${value}"`);
  }
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function yes(raw: string | undefined): boolean | undefined {
  if (raw === undefined) return undefined;
  return /^(oui|o|yes|y|true|1|x|actif|active)$/i.test(raw.trim());
}

function codeLabels(fiche: XmlElement, path: string, field: string): CodeLabelDto[] {
  const seen = new Set<string>();
  const result: CodeLabelDto[] = [];
  for (const node of childrenAt(fiche, path)) {
    const code = clean(textAt(node, 'CODE') ?? node.text);
    if (!code) continue;
    if (code.length > 20) throw new FicheError(`${field} code too long: "${code.slice(0, 40)}"`);
    if (seen.has(code)) continue;
    seen.add(code);
    result.push({ code, label: clean(textAt(node, 'LIBELLE') ?? textAt(node, 'INTITULE')) ?? '' });
  }
  return result;
}

function certifiers(fiche: XmlElement): CertifierDto[] {
  const seen = new Set<string>();
  const result: CertifierDto[] = [];
  for (const node of childrenAt(fiche, 'CERTIFICATEURS/CERTIFICATEUR')) {
    const name = clean(textAt(node, 'NOM_CERTIFICATEUR') ?? textAt(node, 'NOM'));
    if (!name) continue;
    const siret = (textAt(node, 'SIRET_CERTIFICATEUR') ?? textAt(node, 'SIRET'))?.replace(/\s+/g, '') || null;
    const key = `${name}\u0000${siret ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    result.push({
      name: name.slice(0, 500),
      siret: siret && siret.length <= 20 ? siret : null,
      website: clean(textAt(node, 'SITE_INTERNET'))?.slice(0, 500) ?? null,
    });
  }
  return result;
}

/** Every RNCP code under a list element, whatever the item element is called. */
function codesUnder(fiche: XmlElement, listName: string): string[] {
  const list = childAt(fiche, listName);
  if (!list) return [];
  const texts: string[] = [];
  const walk = (node: XmlElement) => {
    if (node.text.trim()) texts.push(...node.text.split(/[\s,;]+/));
    node.children.forEach(walk);
  };
  list.children.forEach(walk);
  if (list.text.trim()) texts.push(...list.text.split(/[\s,;]+/));
  return [...new Set(texts.map(rncpCode).filter((code): code is string => !!code && /^RNCP\d+$/.test(code)))];
}

function accessRoutes(fiche: XmlElement): AccessRouteDto[] | undefined {
  const routes: AccessRouteDto[] = [];
  for (const { suffix, route } of ROUTE_ELEMENTS) {
    const open = yes(textAt(fiche, `SI_JURY_${suffix}`));
    if (open === undefined) continue;
    const description = plainText(textAt(fiche, `JURY_${suffix}`));
    routes.push({ route, open, juryComposition: open && description ? { description, requirements: [] } : null });
  }
  return routes.length > 0 ? routes : undefined;
}

function blocks(fiche: XmlElement, code: string): BlockDto[] {
  return childrenAt(fiche, 'BLOCS_COMPETENCES/BLOC_COMPETENCES').map((node, index) => {
    const blockCode = rncpCode(textAt(node, 'CODE'));
    if (!blockCode) throw new FicheError(`block ${index + 1} has no CODE`);
    if (!/^RNCP\d+BC\d+$/.test(blockCode)) throw new FicheError(`block code "${blockCode}" does not look like ${code}BC01`);
    const title = clean(textAt(node, 'LIBELLE') ?? textAt(node, 'INTITULE'));
    if (!title) throw new FicheError(`block ${blockCode} has no LIBELLE`);
    const evaluation = textAt(node, 'MODALITES_EVALUATION');
    return {
      code: blockCode,
      title: title.slice(0, 1000),
      competencies: textLines(textAt(node, 'LISTE_COMPETENCES')),
      evaluationText: plainText(evaluation),
      modalities: classifyModalities(evaluation),
    };
  });
}

/**
 * Maps one FICHE of the export to a certification sheet, or says why it cannot. Pure: the same FICHE
 * always gives the same sheet, which is what makes a re-import report `unchanged`.
 */
export function mapFiche(fiche: XmlElement, position: number): FicheMapping {
  const rawCode = textAt(fiche, 'NUMERO_FICHE');
  const code = rncpCode(rawCode);
  if (!code) return { ok: false, code: textAt(fiche, 'ID_FICHE') ?? `#${position}`, reason: 'NUMERO_FICHE is missing' };
  if (!/^RNCP\d+$/.test(code)) return { ok: false, code, reason: 'NUMERO_FICHE is not an RNCP code' };
  try {
    const title = clean(textAt(fiche, 'INTITULE'));
    if (!title) throw new FicheError('INTITULE is missing');
    const provided: ProvidedField[] = ['title'];
    const has = (path: string, field: ProvidedField) => {
      if (childAt(fiche, path)) provided.push(field);
    };
    const actif = yes(textAt(fiche, 'ACTIF'));
    const etat = textAt(fiche, 'ETAT_FICHE');
    const active = actif ?? (etat ? /publi|actif|active/i.test(etat) && !/inacti/i.test(etat) : true);
    if (actif !== undefined || etat) provided.push('active');
    has('NOMENCLATURE_EUROPE', 'level');
    has('CERTIFICATEURS', 'certifiers');
    has('CODES_NSF', 'nsfCodes');
    has('FORMACODES', 'formacodes');
    has('CODES_ROME', 'romeCodes');
    has('DATE_FIN_ENREGISTREMENT', 'registrationEndsOn');
    has('ANCIENNES_CERTIFICATIONS', 'replaces');
    has('BLOCS_COMPETENCES', 'blocks');
    const routes = accessRoutes(fiche);
    if (routes) provided.push('accessRoutes');
    const endsOn = textAt(fiche, 'DATE_FIN_ENREGISTREMENT');
    const sheet: CertificationSheetDto = {
      code,
      title: title.slice(0, 1000),
      level: parseLevel(textAt(fiche, 'NOMENCLATURE_EUROPE/NIVEAU')),
      active,
      certifiers: certifiers(fiche),
      nsfCodes: codeLabels(fiche, 'CODES_NSF/NSF', 'NSF'),
      formacodes: codeLabels(fiche, 'FORMACODES/FORMACODE', 'Formacode'),
      romeCodes: codeLabels(fiche, 'CODES_ROME/ROME', 'ROME'),
      registrationEndsOn: endsOn ? parseFrenchDate(endsOn) : null,
      replaces: codesUnder(fiche, 'ANCIENNES_CERTIFICATIONS').filter((old) => old !== code),
      accessRoutes: routes ?? [],
      completionRule: { kind: 'all_blocks' },
      blocks: blocks(fiche, code),
    };
    // NOUVELLES_CERTIFICATIONS names the successors; the successor's own fiche lists this one in
    // ANCIENNES_CERTIFICATIONS, which is where the sheet records the link.
    const errors = checkSheet(sheet, code);
    if (errors.length > 0) throw new FicheError(errors.map((e) => `${e.field} ${e.message}`).join('; '));
    return { ok: true, sheet, provided };
  } catch (error) {
    if (error instanceof FicheError) return { ok: false, code, reason: error.message };
    throw error;
  }
}
