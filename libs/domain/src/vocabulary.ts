/** The closed vocabularies of domain.md, shared by validation, storage checks and rules. */
export const ROLES = ['admin', 'trainer', 'jury_member', 'learner'] as const;
export type Role = (typeof ROLES)[number];

export const ACCESS_ROUTES = [
  'student',
  'apprenticeship',
  'continuing_education',
  'professionalisation_contract',
  'individual_application',
  'vae',
] as const;
export type AccessRoute = (typeof ACCESS_ROUTES)[number];

export const MODALITY_KINDS = [
  'case_study',
  'professional_thesis',
  'oral_defence',
  'professional_simulation',
  'reflective_analysis',
  'english_written',
  'english_oral',
  'oral_exam',
  'written_synthesis',
  'written_report',
  'action_research',
  'call_for_projects_response',
  'organisational_audit',
  'social_dialogue_simulation',
  'other',
] as const;
export type ModalityKind = (typeof MODALITY_KINDS)[number];

export const MODALITY_MODES = ['individual', 'collective'] as const;
export type ModalityMode = (typeof MODALITY_MODES)[number];
export const MODALITY_FORMS = ['written', 'oral'] as const;
export type ModalityForm = (typeof MODALITY_FORMS)[number];
export const MODALITY_GRADINGS = ['score', 'pass_fail'] as const;
export type ModalityGrading = (typeof MODALITY_GRADINGS)[number];

export const OUTCOMES = ['passed', 'failed'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export const JURY_MEMBER_ROLES = [
  'external_professional',
  'certifier_management',
  'pedagogical_lead',
  'national_certification_lead',
  'other',
] as const;
export type JuryMemberRole = (typeof JURY_MEMBER_ROLES)[number];

export const BLOCK_DECISIONS = ['validated', 'not_validated', 'deferred'] as const;
export type BlockDecision = (typeof BLOCK_DECISIONS)[number];
export const CERTIFICATION_DECISIONS = ['awarded', 'refused'] as const;
export type CertificationDecision = (typeof CERTIFICATION_DECISIONS)[number];

/** jury: decided here; vae: by a VAE jury (here or elsewhere); external: a block obtained elsewhere; equivalence: follows from a held block. */
export const ACQUISITION_SOURCES = ['jury', 'equivalence', 'vae', 'external'] as const;
export type AcquisitionSource = (typeof ACQUISITION_SOURCES)[number];

export const PROPOSALS = ['acquired', 'not_acquired', 'incomplete'] as const;
export type Proposal = (typeof PROPOSALS)[number];
