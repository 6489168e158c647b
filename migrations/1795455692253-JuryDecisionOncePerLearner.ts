import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One decision per block (or per award) and learner in a session. The first index keyed on the
 * enrolment, so a learner with two enrolments in the certification (a later cohort, another route)
 * could have the same block decided twice in one session, once through each enrolment.
 */
export class JuryDecisionOncePerLearner1795455692253 implements MigrationInterface {
  name = 'JuryDecisionOncePerLearner1795455692253';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE UNIQUE INDEX jury_decision_once_per_learner_key ON jury_decision (jury_session_id, learner_id, coalesce(block_code, ''))`);
    await q.query(`DROP INDEX jury_decision_once_key`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE UNIQUE INDEX jury_decision_once_key ON jury_decision (jury_session_id, enrolment_id, coalesce(block_code, ''))`);
    await q.query(`DROP INDEX IF EXISTS jury_decision_once_per_learner_key`);
  }
}
