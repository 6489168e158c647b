import { createContext, ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { Locale, formatDay, formatMark } from './format';

const fr = {
  appName: 'Suivi des compétences',
  skipToContent: 'Aller au contenu',
  language: 'Langue',
  signIn: 'Se connecter',
  signInTitle: 'Connexion',
  email: 'Adresse e-mail',
  password: 'Mot de passe',
  signingIn: 'Connexion…',
  signOut: 'Se déconnecter',
  signedOut: 'Vous êtes déconnecté.',
  sessionExpired: 'Votre session a expiré : reconnectez-vous.',
  signedInAs: 'Connecté : {name}',
  loading: 'Chargement…',
  retry: 'Réessayer',
  networkError: 'Le serveur ne répond pas. Vérifiez votre connexion puis réessayez.',
  unexpectedError: 'Une erreur inattendue est survenue ({status}).',
  noScreen: 'Aucun écran n’est prévu pour votre rôle dans l’application web.',
  navMyProgress: 'Mon parcours',
  navJury: 'Jurys',
  myProgress: 'Mon parcours',
  noCertification: 'Vous n’êtes inscrit à aucune certification pour le moment.',
  eligible: 'Vous remplissez les conditions pour être présenté au jury de certification.',
  notEligible: 'Blocs encore à obtenir : {blocks}.',
  awardedOn: 'Certification obtenue le {date}.',
  blocks: 'Blocs de compétences',
  status_acquired: 'Acquis',
  status_pending_jury: 'Proposé au jury',
  status_in_progress: 'Incomplet',
  status_not_started: 'Non commencé',
  status_not_acquired: 'Non acquis',
  acquiredOnBy: 'Acquis le {date} ({source})',
  source_jury: 'décision du jury',
  source_equivalence: 'équivalence',
  source_vae: 'VAE',
  source_external: 'obtenu ailleurs',
  proposalAcquired: 'Proposition : acquis',
  proposalNotAcquired: 'Proposition : non acquis',
  mark: 'Note : {mark}',
  missing: 'Épreuves manquantes : {list}',
  failed: 'Épreuves non réussies : {list}',
  results: 'Mes résultats',
  noResults: 'Aucun résultat enregistré.',
  assessment: 'Épreuve',
  date: 'Date',
  result: 'Résultat',
  attempt: 'Passage',
  attemptN: '{n}ᵉ passage',
  firstAttempt: '1ᵉʳ passage',
  outcome_passed: 'Réussi',
  outcome_failed: 'Échoué',
  credentials: 'Mes attestations et badges',
  noCredentials: 'Aucune attestation délivrée pour le moment.',
  credentialBlock: 'Attestation du bloc {code}',
  credentialCertification: 'Certificat {code}',
  downloadPdf: 'Télécharger le PDF',
  downloadBadge: 'Open Badge (JSON)',
  verificationPage: 'Page de vérification',
  revokedOn: 'Retirée le {date}',
  juryTitle: 'Sessions de jury',
  noSessions: 'Aucune session de jury.',
  sessionOf: 'Jury du {date} — {code}',
  open: 'Ouvrir',
  sessionClosed: 'Close',
  sessionOpen: 'Ouverte',
  backToSessions: 'Toutes les sessions',
  composition: 'Composition du jury',
  compositionOk: 'La composition du jury respecte la règle de la certification.',
  compositionMissing: 'Composition incomplète : il manque {roles}.',
  members: 'Membres',
  candidates: 'Candidats',
  noCandidates: 'Aucun candidat pour cette certification.',
  block: 'Bloc',
  proposal: 'Proposition',
  decision: 'Décision',
  proposal_acquired: 'Acquis',
  proposal_not_acquired: 'Non acquis',
  proposal_incomplete: 'Incomplet',
  held: 'Déjà acquis',
  decision_validated: 'Validé',
  decision_not_validated: 'Non validé',
  decision_deferred: 'Ajourné',
  decision_awarded: 'Certification délivrée',
  decision_refused: 'Certification refusée',
  validate: 'Valider',
  notValidate: 'Ne pas valider',
  defer: 'Ajourner',
  award: 'Délivrer la certification',
  refuse: 'Refuser la certification',
  certification: 'Certification',
  eligibleShort: 'Éligible',
  notEligibleShort: 'Non éligible : il manque {blocks}',
  rationale: 'Motivation de la décision',
  rationaleHelp: 'Cette décision s’écarte de la proposition : motivez-la.',
  confirmDecision: 'Enregistrer la décision',
  cancel: 'Annuler',
  departure: 'écart motivé : {rationale}',
  closeSession: 'Clore la session',
  closeConfirm: 'Clore la session ? Les décisions ne pourront plus être modifiées et les attestations seront délivrées.',
  confirmClose: 'Oui, clore la session',
  sessionClosedOn: 'Session close le {date}.',
  minutesPdf: 'Télécharger le procès-verbal (PDF)',
  role_external_professional: 'un professionnel extérieur',
  role_certifier_management: 'un représentant du certificateur',
  role_pedagogical_lead: 'un responsable pédagogique',
  role_national_certification_lead: 'un responsable national de la certification',
};

export type MessageKey = keyof typeof fr;

const en: Record<MessageKey, string> = {
  appName: 'Competency tracker',
  skipToContent: 'Skip to content',
  language: 'Language',
  signIn: 'Sign in',
  signInTitle: 'Sign in',
  email: 'Email address',
  password: 'Password',
  signingIn: 'Signing in…',
  signOut: 'Sign out',
  signedOut: 'You are signed out.',
  sessionExpired: 'Your session has expired: please sign in again.',
  signedInAs: 'Signed in: {name}',
  loading: 'Loading…',
  retry: 'Retry',
  networkError: 'The server does not answer. Check your connection and try again.',
  unexpectedError: 'An unexpected error occurred ({status}).',
  noScreen: 'The web app has no screen for your role.',
  navMyProgress: 'My progress',
  navJury: 'Juries',
  myProgress: 'My progress',
  noCertification: 'You are not enrolled in any certification yet.',
  eligible: 'You meet the conditions to be presented to the certification jury.',
  notEligible: 'Blocks still to obtain: {blocks}.',
  awardedOn: 'Certification awarded on {date}.',
  blocks: 'Competency blocks',
  status_acquired: 'Acquired',
  status_pending_jury: 'Proposed to the jury',
  status_in_progress: 'Incomplete',
  status_not_started: 'Not started',
  status_not_acquired: 'Not acquired',
  acquiredOnBy: 'Acquired on {date} ({source})',
  source_jury: 'jury decision',
  source_equivalence: 'equivalence',
  source_vae: 'VAE',
  source_external: 'obtained elsewhere',
  proposalAcquired: 'Proposal: acquired',
  proposalNotAcquired: 'Proposal: not acquired',
  mark: 'Mark: {mark}',
  missing: 'Missing assessments: {list}',
  failed: 'Failed assessments: {list}',
  results: 'My results',
  noResults: 'No result recorded.',
  assessment: 'Assessment',
  date: 'Date',
  result: 'Result',
  attempt: 'Attempt',
  attemptN: 'attempt {n}',
  firstAttempt: 'first attempt',
  outcome_passed: 'Passed',
  outcome_failed: 'Failed',
  credentials: 'My attestations and badges',
  noCredentials: 'No attestation issued yet.',
  credentialBlock: 'Attestation of block {code}',
  credentialCertification: 'Certificate {code}',
  downloadPdf: 'Download the PDF',
  downloadBadge: 'Open Badge (JSON)',
  verificationPage: 'Verification page',
  revokedOn: 'Revoked on {date}',
  juryTitle: 'Jury sessions',
  noSessions: 'No jury session.',
  sessionOf: 'Jury of {date} — {code}',
  open: 'Open',
  sessionClosed: 'Closed',
  sessionOpen: 'Open',
  backToSessions: 'All sessions',
  composition: 'Jury composition',
  compositionOk: 'The jury meets the certification’s composition rule.',
  compositionMissing: 'Incomplete jury: {roles} missing.',
  members: 'Members',
  candidates: 'Candidates',
  noCandidates: 'No candidate for this certification.',
  block: 'Block',
  proposal: 'Proposal',
  decision: 'Decision',
  proposal_acquired: 'Acquired',
  proposal_not_acquired: 'Not acquired',
  proposal_incomplete: 'Incomplete',
  held: 'Already held',
  decision_validated: 'Validated',
  decision_not_validated: 'Not validated',
  decision_deferred: 'Deferred',
  decision_awarded: 'Certification awarded',
  decision_refused: 'Certification refused',
  validate: 'Validate',
  notValidate: 'Do not validate',
  defer: 'Defer',
  award: 'Award the certification',
  refuse: 'Refuse the certification',
  certification: 'Certification',
  eligibleShort: 'Eligible',
  notEligibleShort: 'Not eligible: {blocks} missing',
  rationale: 'Rationale',
  rationaleHelp: 'This decision departs from the proposal: give its rationale.',
  confirmDecision: 'Record the decision',
  cancel: 'Cancel',
  departure: 'departure, rationale: {rationale}',
  closeSession: 'Close the session',
  closeConfirm: 'Close the session? Decisions can no longer change and the attestations will be issued.',
  confirmClose: 'Yes, close the session',
  sessionClosedOn: 'Session closed on {date}.',
  minutesPdf: 'Download the minutes (PDF)',
  role_external_professional: 'an external professional',
  role_certifier_management: 'a certifier representative',
  role_pedagogical_lead: 'a pedagogical lead',
  role_national_certification_lead: 'a national certification lead',
};

const MESSAGES: Record<Locale, Record<MessageKey, string>> = { fr, en };

export interface I18n {
  locale: Locale;
  setLocale(locale: Locale): void;
  t(key: MessageKey, params?: Record<string, string | number>): string;
  /** A message key built from an API value (a status, a role…), shown as is when unknown. */
  tv(prefix: string, value: string): string;
  day(day: string): string;
  mark(mark: number): string;
}

const I18nContext = createContext<I18n | null>(null);
const LOCALE_KEY = 'ct.locale';

export function I18nProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(() => (localStorage.getItem(LOCALE_KEY) === 'en' ? 'en' : 'fr'));
  useEffect(() => {
    document.documentElement.lang = locale;
    document.title = MESSAGES[locale].appName;
  }, [locale]);
  const setLocale = useCallback((next: Locale) => {
    localStorage.setItem(LOCALE_KEY, next);
    setLocaleState(next);
  }, []);
  const value = useMemo<I18n>(() => {
    const messages = MESSAGES[locale];
    const t: I18n['t'] = (key, params = {}) => messages[key].replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? ''));
    return {
      locale,
      setLocale,
      t,
      tv: (prefix, value) => {
        const key = `${prefix}_${value}`;
        return key in messages ? messages[key as MessageKey] : value;
      },
      day: (day) => formatDay(day.slice(0, 10), locale),
      mark: (mark) => formatMark(mark, locale),
    };
  }, [locale, setLocale]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n outside I18nProvider');
  return value;
}
