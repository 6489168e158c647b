// An API problem (RFC 9457) as sentences a person reads: the API writes its `detail` in English, so in French the
// common problem codes (and, without a code, the status) get a French sentence, the API's detail following it
// for the specifics it names (which block, which field). Pure: no DOM, unit-tested.

import type { Locale } from './format';

export interface ProblemLike {
  status: number;
  detail?: string;
  code?: string;
  errors?: { field: string; message: string; line?: number }[];
}

/** French for the problem codes a person meets in the app (the others fall back to the status, then to the detail). */
const FRENCH_BY_CODE: Record<string, string> = {
  not_found: 'Introuvable : cet élément n’existe pas ou ne vous est pas visible.',
  forbidden: 'Votre rôle ne permet pas cette action.',
  conflict: 'Cet élément existe déjà, ou il a changé entre-temps.',
  invalid_state: 'Cette action n’est pas possible dans l’état actuel.',
  rule_violation: 'La demande enfreint une règle (précisée ci-après).',
  access_route_closed: 'Cette voie d’accès n’est pas ouverte pour cette certification.',
  registration_ended: 'L’enregistrement de cette certification au RNCP a pris fin à cette date.',
  jury_composition_invalid: 'La composition du jury ne respecte pas la règle de la certification.',
  not_eligible: 'Le candidat ne remplit pas les conditions pour obtenir la certification.',
  rationale_required: 'Cette décision s’écarte de la proposition : motivez-la.',
  already_decided: 'Une décision est déjà enregistrée.',
  jury_session_closed: 'La session de jury est close : ses décisions ne peuvent plus changer.',
  jury_not_sat_yet: 'Le jury ne décide et ne clôt la session qu’à partir du jour où il siège.',
  idempotency_key_reused: 'Cet envoi porte la clé d’un envoi différent : recommencez la saisie.',
  invalid_import: 'Des lignes sont refusées : rien n’a été enregistré.',
  evaluation_locked_by_jury: 'Un jury a statué sur ce résultat : il ne peut plus être modifié.',
  not_habilitated: 'Votre organisme n’est pas habilité pour cette certification à cette date.',
  too_many_requests: 'Trop de tentatives : patientez avant de réessayer.',
  database_unavailable: 'Le service est momentanément indisponible : réessayez dans un instant.',
};

/** Codes whose French sentence says everything the API's English detail would (the field, if any, is shown at it). */
const SELF_SUFFICIENT = new Set([
  'rationale_required',
  'already_decided',
  'jury_session_closed',
  'jury_not_sat_yet',
  'idempotency_key_reused',
  'evaluation_locked_by_jury',
  'too_many_requests',
  'database_unavailable',
]);

const FRENCH_BY_STATUS: Record<number, string> = {
  400: 'Certaines valeurs sont refusées.',
  401: 'Identifiants refusés : adresse e-mail ou mot de passe incorrect.',
  403: FRENCH_BY_CODE.forbidden,
  404: FRENCH_BY_CODE.not_found,
  409: FRENCH_BY_CODE.conflict,
  413: 'La demande ou le fichier est trop volumineux.',
  415: 'Ce type de fichier n’est pas accepté.',
  422: FRENCH_BY_CODE.rule_violation,
  429: FRENCH_BY_CODE.too_many_requests,
  500: 'Une erreur inattendue est survenue sur le serveur.',
  503: FRENCH_BY_CODE.database_unavailable,
};

const ENGLISH_BY_STATUS: Record<number, string> = {
  500: 'An unexpected error occurred on the server.',
};

export interface ProblemSentence {
  /** The sentence in the reader's language. */
  sentence: string;
  /** The API's own detail (English) when it adds to the sentence: shown after it, marked lang="en". */
  detail?: string;
}

export function problemSentence(problem: ProblemLike, locale: Locale): ProblemSentence {
  const detail = problem.detail?.trim() || undefined;
  if (locale === 'en') return { sentence: detail ?? ENGLISH_BY_STATUS[problem.status] ?? `The request failed (HTTP ${problem.status}).` };
  const french = (problem.code && FRENCH_BY_CODE[problem.code]) ?? FRENCH_BY_STATUS[problem.status];
  if (!french) return detail ? { sentence: detail } : { sentence: `La demande a échoué (HTTP ${problem.status}).` };
  const withFields = problem.errors?.length && problem.status === 400 ? `${french} Voyez les champs signalés.` : french;
  // A 500's detail says nothing more; field-by-field validation is shown at the fields; some sentences say it all.
  const redundant =
    problem.status >= 500 ||
    (problem.status === 401 && !problem.code) ||
    (problem.code !== undefined && SELF_SUFFICIENT.has(problem.code)) ||
    (problem.status === 400 && !problem.code && problem.errors?.length);
  return redundant || !detail ? { sentence: withFields } : { sentence: withFields, detail };
}

/**
 * French for the validation messages the API words the same way for every field ("email must be an email"…);
 * any other message is shown as the API wrote it.
 */
const FRENCH_FIELD_MESSAGES: [RegExp, (match: RegExpMatchArray) => string][] = [
  [/^\S+ must be an email$/, () => 'Adresse e-mail invalide.'],
  [/^\S+ (must not be blank|should not be empty|must not be only whitespace)$/, () => 'À renseigner.'],
  [/^\S+ must be longer than or equal to (\d+) characters?$/, (m) => `Au moins ${m[1]} caractères.`],
  [/^\S+ must be shorter than or equal to (\d+) characters?$/, (m) => `Au plus ${m[1]} caractères.`],
  [/^\S+ (must be a real date|must be formatted YYYY-MM-DD)$/, () => 'Une date attendue (jour, mois, année).'],
  [/^\S+ must be a UUID$/, () => 'Identifiant invalide.'],
  [/^\S+ must be one of the following values: (.+)$/, (m) => `Valeur non prévue (valeurs possibles : ${m[1]}).`],
  [/^already used in your organisation$/, () => 'Déjà utilisée dans votre organisme.'],
];

export function fieldMessage(message: string, locale: Locale): string {
  if (locale === 'en') return message;
  for (const [pattern, french] of FRENCH_FIELD_MESSAGES) {
    const match = message.match(pattern);
    if (match) return french(match);
  }
  return message;
}

/** The problem's errors by field name (`members[0].role`…), messages of one field joined, in the reader's language. */
export function fieldErrors(problem: ProblemLike | null | undefined, locale: Locale = 'en'): Map<string, string> {
  const byField = new Map<string, string>();
  for (const error of problem?.errors ?? []) {
    const previous = byField.get(error.field);
    const message = fieldMessage(error.message, locale);
    if (previous?.split(' ; ').includes(message)) continue;
    byField.set(error.field, previous ? `${previous} ; ${message}` : message);
  }
  return byField;
}
