import { randomBytes } from 'node:crypto';
import { TestApp, bearer } from './test-app';

/**
 * Data for jury, progress and eligibility tests. Learners, cohorts, enrolments and results are written
 * straight into this file's database (their own HTTP routes are tested elsewhere); jury sessions and
 * decisions always go through HTTP.
 */

let sequence = 0;
const unique = () => `${process.pid}-${++sequence}-${randomBytes(3).toString('hex')}`;

export async function insertLearner(
  t: TestApp,
  options: { organisationId?: string; firstNames?: string; lastName?: string } = {},
): Promise<string> {
  const id = unique();
  const { rows } = await t.db.query(
    `INSERT INTO learner (organisation_id, first_names, last_name, email) VALUES ($1, $2, $3, $4) RETURNING id`,
    [
      options.organisationId ?? t.admin.organisationId,
      options.firstNames ?? 'Camille',
      options.lastName ?? `Martin-${id}`,
      `learner-${id}@example.org`,
    ],
  );
  return rows[0].id;
}

export async function insertCohort(
  t: TestApp,
  options: { certificationCode: string; organisationId?: string; trainerUserIds?: string[]; startsOn?: string; endsOn?: string },
): Promise<string> {
  const { rows } = await t.db.query(
    `INSERT INTO cohort (organisation_id, name, certification_code, starts_on, ends_on) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
    [
      options.organisationId ?? t.admin.organisationId,
      `Promotion ${unique()}`,
      options.certificationCode,
      options.startsOn ?? '2025-09-01',
      options.endsOn ?? '2026-06-30',
    ],
  );
  for (const userId of options.trainerUserIds ?? []) {
    await t.db.query(`INSERT INTO cohort_trainer (cohort_id, user_id) VALUES ($1, $2)`, [rows[0].id, userId]);
  }
  return rows[0].id;
}

export async function insertEnrolment(
  t: TestApp,
  options: {
    learnerId: string;
    certificationCode: string;
    accessRoute?: string;
    cohortId?: string;
    startedOn?: string;
    organisationId?: string;
  },
): Promise<string> {
  const { rows } = await t.db.query(
    `INSERT INTO enrolment (organisation_id, learner_id, certification_code, access_route, cohort_id, started_on)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
    [
      options.organisationId ?? t.admin.organisationId,
      options.learnerId,
      options.certificationCode,
      options.accessRoute ?? 'continuing_education',
      options.cohortId ?? null,
      options.startedOn ?? '2025-09-01',
    ],
  );
  return rows[0].id;
}

export interface SeedModality {
  id: string;
  kind: string;
  blockCode: string;
}

/** The live modalities of a block, in order. */
export async function blockModalities(t: TestApp, blockCode: string): Promise<SeedModality[]> {
  const { rows } = await t.db.query(
    `SELECT id, kind, block_code AS "blockCode" FROM assessment_modality WHERE block_code = $1 AND retired_at IS NULL ORDER BY position`,
    [blockCode],
  );
  return rows;
}

export async function insertResult(
  t: TestApp,
  options: {
    enrolmentId: string;
    modalityId: string;
    score?: number;
    outcome?: 'passed' | 'failed';
    attempt?: number;
    occurredOn?: string;
    organisationId?: string;
  },
): Promise<string> {
  const { rows } = await t.db.query(
    `INSERT INTO evaluation_result (organisation_id, enrolment_id, modality_id, occurred_on, score, outcome, attempt)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
    [
      options.organisationId ?? t.admin.organisationId,
      options.enrolmentId,
      options.modalityId,
      options.occurredOn ?? '2026-05-15',
      options.outcome ? null : (options.score ?? 14),
      options.outcome ?? null,
      options.attempt ?? 1,
    ],
  );
  return rows[0].id;
}

/** A result for every modality of the block (score 14 unless told). */
export async function passBlock(
  t: TestApp,
  enrolmentId: string,
  blockCode: string,
  options: { score?: number; occurredOn?: string; organisationId?: string } = {},
): Promise<void> {
  for (const modality of await blockModalities(t, blockCode)) {
    await insertResult(t, {
      enrolmentId,
      modalityId: modality.id,
      score: options.score ?? 14,
      occurredOn: options.occurredOn,
      organisationId: options.organisationId,
    });
  }
}

export interface JuryMemberBody {
  fullName: string;
  role: string;
  external: boolean;
  userId?: string;
  president?: boolean;
}

/** Members satisfying the seed sheet's composition rule (rule 6) for every open route. */
export function compliantJury(certificationCode: string, linkedUserIds: string[] = []): JuryMemberBody[] {
  const members: JuryMemberBody[] =
    certificationCode === 'RNCP41336'
      ? [
          { fullName: 'Prof. Anne Durand', role: 'national_certification_lead', external: false },
          { fullName: 'Marc Petit', role: 'pedagogical_lead', external: false },
          { fullName: 'Sophie Bernard', role: 'external_professional', external: true },
          { fullName: 'Karim Haddad', role: 'external_professional', external: true },
        ]
      : [
          { fullName: 'Sophie Bernard', role: 'external_professional', external: true },
          { fullName: 'Karim Haddad', role: 'external_professional', external: true },
          { fullName: 'Hélène Roux', role: 'certifier_management', external: false },
        ];
  linkedUserIds.forEach((userId, i) => (members[i] = { ...members[i], userId }));
  return members;
}

export interface JurySessionBody {
  id: string;
  certificationCode: string;
  heldOn: string;
  closedAt: string | null;
  members: (JuryMemberBody & { id: string; userId: string | null })[];
}

export async function createJurySession(
  t: TestApp,
  options: { certificationCode: string; heldOn?: string; members?: JuryMemberBody[] },
  token: string = t.admin.token,
): Promise<JurySessionBody> {
  const response = await t
    .http()
    .post('/api/jury-sessions')
    .set(bearer(token))
    .send({
      certificationCode: options.certificationCode,
      heldOn: options.heldOn ?? '2026-06-30',
      members: options.members ?? compliantJury(options.certificationCode),
    });
  if (response.status !== 201) throw new Error(`createJurySession failed: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
}

export interface AcquisitionBody {
  id: string;
  learnerId: string;
  blockCode: string;
  acquiredOn: string;
  source: string;
  derivedFromAcquisitionId: string | null;
}

/** A block held from outside (a VAE jury or another certifier), through HTTP, with the evidence the rules require. */
export async function acquireFromOutside(
  t: TestApp,
  learnerId: string,
  blockCode: string,
  options: { source?: 'vae' | 'external'; acquiredOn?: string; token?: string } = {},
): Promise<AcquisitionBody> {
  const body = {
    blockCode,
    acquiredOn: options.acquiredOn ?? '2024-06-01',
    source: options.source ?? 'external',
    evidenceReference: `Certificat ${blockCode} n° ${unique()}`,
    awardingCertifier: 'CNAM',
  };
  return recordAcquisition(t, learnerId, body, options.token);
}

/** A block held through a declared equivalence from a block the learner holds, through HTTP. */
export async function acquireByEquivalence(
  t: TestApp,
  learnerId: string,
  fromBlockCode: string,
  blockCode: string,
  options: { acquiredOn?: string; token?: string } = {},
): Promise<AcquisitionBody> {
  const body = { blockCode, fromBlockCode, acquiredOn: options.acquiredOn ?? '2024-06-01', source: 'equivalence' };
  return recordAcquisition(t, learnerId, body, options.token);
}

async function recordAcquisition(
  t: TestApp,
  learnerId: string,
  body: Record<string, unknown>,
  token: string = t.admin.token,
): Promise<AcquisitionBody> {
  const response = await t.http().post(`/api/learners/${learnerId}/acquisitions`).set(bearer(token)).send(body);
  if (response.status !== 201) throw new Error(`recording an acquisition failed: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
}
