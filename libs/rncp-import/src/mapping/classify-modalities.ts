import { ModalityForm, ModalityKind, ModalityMode } from '@project/domain';
import { squish, textLines } from './html-text';

export interface ClassifiedModality {
  kind: ModalityKind;
  label: string;
  mode: ModalityMode;
  form: ModalityForm;
  coefficient: number;
  passMark: number;
  eliminatoryFloor: null;
  grading: 'score';
}

/** Labels are stored as text up to this length (the sheet's own limit). */
export const MAX_LABEL_LENGTH = 1000;

interface Rule {
  kind: ModalityKind;
  pattern: RegExp;
  /** Kinds that a more specific match in the same line makes redundant. */
  supersedes?: ModalityKind[];
}

// Patterns run on lower-case text without accents. Order matters only for ties at the same position.
const RULES: Rule[] = [
  { kind: 'social_dialogue_simulation', pattern: /dialogue social/, supersedes: ['professional_simulation'] },
  { kind: 'organisational_audit', pattern: /\baudit\b/, supersedes: ['written_report'] },
  { kind: 'call_for_projects_response', pattern: /appels? a projets?/ },
  { kind: 'action_research', pattern: /recherche[\s-]*action/ },
  { kind: 'written_synthesis', pattern: /notes? de synthese/ },
  { kind: 'reflective_analysis', pattern: /analyses? reflexives?/ },
  { kind: 'case_study', pattern: /etudes? de cas|cas pratiques?/ },
  { kind: 'professional_thesis', pattern: /\bmemoires?\b/ },
  { kind: 'oral_defence', pattern: /\bsoutenances?\b/ },
  { kind: 'professional_simulation', pattern: /mises? en situations?/ },
  { kind: 'written_report', pattern: /\brapports?\b|\bdossiers?\b/ },
  {
    kind: 'oral_exam',
    pattern: /\bepreuves? orales?\b|\bexamens? oraux\b|\bexamen oral\b|\bentretiens?\b|\bgrand oral\b|\bpresentations? orales?\b/,
  },
];

export function foldAccents(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
}

function clip(label: string): string {
  return label.length <= MAX_LABEL_LENGTH ? label : label.slice(0, MAX_LABEL_LENGTH - 1) + '…';
}

const ORAL_KINDS: ModalityKind[] = ['oral_defence', 'english_oral', 'oral_exam'];

/** `alone`: the line names only this kind, so its words about the form are about this modality. */
function modality(kind: ModalityKind, label: string, line: string, alone: boolean): ClassifiedModality {
  const folded = foldAccents(line);
  const oral =
    ORAL_KINDS.includes(kind) || (alone && kind !== 'english_written' && /\boral(e|es|ement)?\b/.test(folded) && !/\becrit/.test(folded));
  return {
    kind,
    label: clip(label),
    mode: /\bcollecti(f|ve|fs|ves)\b|en (groupe|equipe)|\bbinome\b/.test(folded) ? 'collective' : 'individual',
    form: oral ? 'oral' : 'written',
    coefficient: 1,
    passMark: 10,
    eliminatoryFloor: null,
    grading: 'score',
  };
}

/** The kinds one line names, in the order it names them. */
export function kindsInLine(line: string): ModalityKind[] {
  const folded = foldAccents(line);
  const found: { kind: ModalityKind; at: number }[] = [];
  if (/\banglais\b|\benglish\b/.test(folded)) {
    const oral = /\boral(e|es)?\b/.test(folded);
    const written = /\becrit(e|es|s)?\b/.test(folded);
    const at = folded.search(/\banglais\b|\benglish\b/);
    if (written || !oral) found.push({ kind: 'english_written', at });
    if (oral) found.push({ kind: 'english_oral', at: at + 0.5 });
    // The words of an English test ("épreuve orale d'anglais") name no other kind.
    return found.map((f) => f.kind);
  }
  for (const rule of RULES) {
    const at = folded.search(rule.pattern);
    if (at >= 0) found.push({ kind: rule.kind, at });
  }
  const superseded = new Set(found.flatMap((f) => RULES.find((r) => r.kind === f.kind)?.supersedes ?? []));
  return found
    .filter((f) => !superseded.has(f.kind))
    .sort((a, b) => a.at - b.at)
    .map((f) => f.kind);
}

/**
 * Turns a block's MODALITES_EVALUATION free text into modalities: each line naming a known kind gives
 * one modality per kind, labelled with the line; when no line is clear, one `other` modality keeps the
 * original text, so nothing the sheet says is dropped. Blank text gives no modality.
 */
export function classifyModalities(raw: string | undefined): ClassifiedModality[] {
  const lines = textLines(raw, { listItemsOnly: false });
  if (lines.length === 0) return [];
  const result: ClassifiedModality[] = [];
  const seen = new Set<string>();
  for (const line of lines) {
    const kinds = kindsInLine(line);
    for (const kind of kinds) {
      const key = `${kind}\u0000${line}`;
      if (seen.has(key)) continue;
      seen.add(key);
      result.push(modality(kind, line, line, kinds.length === 1));
    }
  }
  if (result.length === 0) return [modality('other', squish(lines.join(' ')), lines.join(' '), true)];
  return result;
}
