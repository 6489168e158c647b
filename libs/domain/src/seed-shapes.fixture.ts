import type { BlockForProposal, ResultForProposal } from './block-proposal';
import type { CertificationForEligibility } from './eligibility';
import type { JuryCompositionRule } from './jury-composition';

// Test-only shapes copied from the seed sheets (libs/catalogue/src/seeds/*.json). Not exported from
// index.ts; libs/domain may not import the catalogue.

const scored = (id: string, kind: string) => ({
  id,
  kind,
  coefficient: 1,
  passMark: 10,
  eliminatoryFloor: null,
  grading: 'score' as const,
});

/** RNCP41296BC03 "Piloter un projet solidaire": 4 modalities. */
export const RNCP41296BC03: BlockForProposal = {
  passMark: 10,
  modalities: [
    scored('41296BC03-simulation', 'professional_simulation'),
    scored('41296BC03-reflective', 'reflective_analysis'),
    scored('41296BC03-english-written', 'english_written'),
    scored('41296BC03-english-oral', 'english_oral'),
  ],
};

/** RNCP41296BC01: mémoire professionnel + soutenance orale. */
export const RNCP41296BC01: BlockForProposal = {
  passMark: 10,
  modalities: [scored('41296BC01-thesis', 'professional_thesis'), scored('41296BC01-defence', 'oral_defence')],
};

/** RNCP41336BC03 (CNAM): audit report, its oral presentation, social dialogue session. */
export const RNCP41336BC03: BlockForProposal = {
  passMark: 10,
  modalities: [
    scored('41336BC03-audit', 'organisational_audit'),
    scored('41336BC03-presentation', 'oral_exam'),
    scored('41336BC03-social-dialogue', 'social_dialogue_simulation'),
  ],
};

export const allBlocks = (codes: string[]): CertificationForEligibility => ({
  completionRule: { kind: 'all_blocks' },
  blocks: codes.map((code) => ({ code, mandatory: true })),
});

export const RNCP41296 = allBlocks(['RNCP41296BC01', 'RNCP41296BC02', 'RNCP41296BC03', 'RNCP41296BC04']);
export const RNCP41336 = allBlocks(['RNCP41336BC01', 'RNCP41336BC02', 'RNCP41336BC03', 'RNCP41336BC04']);

export const RNCP41296_JURY: JuryCompositionRule = {
  requirements: [
    {
      label: "Professionnels extérieurs en poste de direction d'organisations de solidarité, sans lien avec les candidats",
      roles: ['external_professional'],
      min: 2,
      external: true,
    },
    { label: "Membre de la direction de l'organisme certificateur", roles: ['certifier_management'], min: 1 },
  ],
};

export const RNCP41336_JURY: JuryCompositionRule = {
  requirements: [
    { label: 'Responsables pédagogiques', roles: ['pedagogical_lead', 'national_certification_lead'], min: 2 },
    {
      label: 'Responsable national de la certification ou son délégué',
      roles: ['national_certification_lead'],
      min: 1,
    },
    {
      label: 'Représentants extérieurs, professionnels du secteur de l’économie sociale et solidaire',
      roles: ['external_professional'],
      min: 2,
      external: true,
    },
  ],
};

export const result = (
  modalityId: string,
  score: number | null,
  attempt = 1,
  occurredOn = '2026-06-01',
  outcome: 'passed' | 'failed' | null = null,
): ResultForProposal => ({ modalityId, attempt, score, outcome, occurredOn });
