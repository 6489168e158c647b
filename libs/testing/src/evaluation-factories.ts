import { createCohort, createLearner, enrol } from './factories';
import { TestApp } from './test-app';

/**
 * Data for evaluation tests: learners, cohorts and enrolments go through their HTTP routes (factories.ts);
 * catalogue lookups and extra modalities are read or written straight in this file's database.
 */

/** The id of a current seed modality, by block and kind. */
export async function seedModalityId(t: TestApp, blockCode: string, kind: string): Promise<string> {
  const { rows } = await t.db.query(`SELECT id FROM assessment_modality WHERE block_code = $1 AND kind = $2 AND retired_at IS NULL`, [
    blockCode,
    kind,
  ]);
  if (rows.length !== 1) throw new Error(`expected one ${kind} modality in ${blockCode}, found ${rows.length}`);
  return rows[0].id;
}

/** An extra modality in a seed block (the seeds have no pass/fail one). */
export async function insertExtraModality(
  t: TestApp,
  options: { blockCode: string; grading?: 'score' | 'pass_fail'; mode?: 'individual' | 'collective'; kind?: string },
): Promise<string> {
  const { rows } = await t.db.query(
    `INSERT INTO assessment_modality (block_code, position, kind, label, mode, form, grading)
     VALUES ($1, 99, $2, 'Épreuve ajoutée pour le test', $3, 'written', $4) RETURNING id`,
    [options.blockCode, options.kind ?? 'other', options.mode ?? 'individual', options.grading ?? 'score'],
  );
  return rows[0].id;
}

/** A learner enrolled (by the admin) in a certification, optionally in a cohort; returns both ids. */
export async function enrolledLearner(
  t: TestApp,
  options: { certificationCode?: string; cohortId?: string; email?: string; startedOn?: string } = {},
): Promise<{ learnerId: string; email: string; enrolmentId: string }> {
  const learner = await createLearner(t, options.email ? { email: options.email } : {});
  const enrolment = await enrol(t, learner.id, {
    certificationCode: options.certificationCode ?? 'RNCP41296',
    cohortId: options.cohortId,
    startedOn: options.startedOn,
  });
  return { learnerId: learner.id, email: learner.email, enrolmentId: enrolment.id };
}

/**
 * A cohort of RNCP41296 with one assigned trainer and one enrolled learner who has a learner account,
 * plus a trainer assigned to another cohort with another learner (with an account), and the admin of
 * another organisation.
 */
export async function arrangeEvaluationScene(t: TestApp) {
  const trainer = await t.createUser(['trainer']);
  const otherTrainer = await t.createUser(['trainer']);
  const cohortId = (await createCohort(t, { certificationCode: 'RNCP41296', trainerUserIds: [trainer.id] })).id;
  const mine = await enrolledLearner(t, { cohortId });
  const learnerUser = await t.createUser(['learner'], { learnerId: mine.learnerId });
  const otherCohortId = (await createCohort(t, { certificationCode: 'RNCP41296', trainerUserIds: [otherTrainer.id] })).id;
  const other = await enrolledLearner(t, { cohortId: otherCohortId });
  const otherLearnerUser = await t.createUser(['learner'], { learnerId: other.learnerId });
  const foreignAdmin = (await t.createOrganisation()).admin;
  return {
    trainer,
    otherTrainer,
    cohortId,
    learner: { id: mine.learnerId, email: mine.email },
    enrolmentId: mine.enrolmentId,
    learnerUser,
    otherCohortId,
    otherLearner: { id: other.learnerId, email: other.email },
    otherEnrolmentId: other.enrolmentId,
    otherLearnerUser,
    foreignAdmin,
  };
}
