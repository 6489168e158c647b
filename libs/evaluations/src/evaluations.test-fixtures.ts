/**
 * Test data for the evaluations HTTP tests, inserted straight into the file's own database (the
 * learners/cohorts routes are built in parallel; switch to @project/testing factories once they land).
 * Typed structurally so that this non-test file needs no dependency on the testing lib.
 */
import type { Pool } from 'pg';

interface User {
  id: string;
  token: string;
  organisationId: string;
}

export interface FixtureApp {
  db: Pool;
  admin: User;
  createUser(roles: ('admin' | 'trainer' | 'jury_member' | 'learner')[], options?: { organisationId?: string; learnerId?: string }): Promise<User>;
}

let sequence = 0;

export async function insertLearner(t: FixtureApp, options: { organisationId?: string; email?: string; lastName?: string } = {}): Promise<{ id: string; email: string }> {
  const email = options.email ?? `learner${process.pid}-${++sequence}@apprenant-test.fr`;
  const { rows } = await t.db.query(
    `INSERT INTO learner (organisation_id, first_names, last_name, email) VALUES ($1, 'Camille', $2, $3) RETURNING id`,
    [options.organisationId ?? t.admin.organisationId, options.lastName ?? `Martin${sequence}`, email],
  );
  return { id: rows[0].id, email };
}

export async function insertCohort(t: FixtureApp, options: { certificationCode?: string; trainerIds?: string[]; organisationId?: string } = {}): Promise<string> {
  const { rows } = await t.db.query(
    `INSERT INTO cohort (organisation_id, name, certification_code, starts_on, ends_on) VALUES ($1, $2, $3, '2025-01-06', '2026-06-30') RETURNING id`,
    [options.organisationId ?? t.admin.organisationId, `Promo ${++sequence}`, options.certificationCode ?? 'RNCP41296'],
  );
  for (const trainerId of options.trainerIds ?? []) {
    await t.db.query(`INSERT INTO cohort_trainer (cohort_id, user_id) VALUES ($1, $2)`, [rows[0].id, trainerId]);
  }
  return rows[0].id;
}

export async function insertEnrolment(
  t: FixtureApp,
  options: { learnerId: string; certificationCode?: string; cohortId?: string | null; organisationId?: string; startedOn?: string },
): Promise<string> {
  const { rows } = await t.db.query(
    `INSERT INTO enrolment (organisation_id, learner_id, certification_code, access_route, cohort_id, started_on)
     VALUES ($1, $2, $3, 'continuing_education', $4, $5) RETURNING id`,
    [options.organisationId ?? t.admin.organisationId, options.learnerId, options.certificationCode ?? 'RNCP41296', options.cohortId ?? null, options.startedOn ?? '2025-01-06'],
  );
  return rows[0].id;
}

/** The id of a seed modality, by block and kind. */
export async function modalityId(t: FixtureApp, blockCode: string, kind: string): Promise<string> {
  const { rows } = await t.db.query(`SELECT id FROM assessment_modality WHERE block_code = $1 AND kind = $2 AND retired_at IS NULL`, [blockCode, kind]);
  if (rows.length !== 1) throw new Error(`expected one ${kind} modality in ${blockCode}, found ${rows.length}`);
  return rows[0].id;
}

/** An extra modality (the seeds have no pass/fail one). */
export async function insertModality(t: FixtureApp, options: { blockCode: string; grading?: 'score' | 'pass_fail'; mode?: 'individual' | 'collective'; kind?: string }): Promise<string> {
  const { rows } = await t.db.query(
    `INSERT INTO assessment_modality (block_code, position, kind, label, mode, form, grading)
     VALUES ($1, 99, $2, 'Épreuve ajoutée pour le test', $3, 'written', $4) RETURNING id`,
    [options.blockCode, options.kind ?? 'other', options.mode ?? 'individual', options.grading ?? 'score'],
  );
  return rows[0].id;
}

/**
 * A cohort of RNCP41296 with one assigned trainer and one enrolled learner who has a learner account,
 * plus a trainer assigned elsewhere, another learner (with an account) and another organisation.
 */
export async function arrangeScene(t: FixtureApp) {
  const trainer = await t.createUser(['trainer']);
  const otherTrainer = await t.createUser(['trainer']);
  const learner = await insertLearner(t);
  const learnerUser = await t.createUser(['learner'], { learnerId: learner.id });
  const cohortId = await insertCohort(t, { trainerIds: [trainer.id] });
  const enrolmentId = await insertEnrolment(t, { learnerId: learner.id, cohortId });
  const otherLearner = await insertLearner(t);
  const otherLearnerUser = await t.createUser(['learner'], { learnerId: otherLearner.id });
  const otherCohortId = await insertCohort(t, { trainerIds: [otherTrainer.id] });
  const otherEnrolmentId = await insertEnrolment(t, { learnerId: otherLearner.id, cohortId: otherCohortId });
  const { rows } = await t.db.query(`INSERT INTO organisation (name) VALUES ($1) RETURNING id`, [`Autre centre ${process.pid}-${++sequence}`]);
  const foreignAdmin = await t.createUser(['admin'], { organisationId: rows[0].id });
  return { trainer, otherTrainer, learner, learnerUser, cohortId, enrolmentId, otherLearner, otherLearnerUser, otherCohortId, otherEnrolmentId, foreignAdmin };
}
