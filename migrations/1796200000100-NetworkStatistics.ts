import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A certifier's network statistics read set-based (issue 13): the awards its juries decided and those of its own
 * learners are two index-friendly branches instead of one OR across two joins.
 * - standing_award also names its session and the session's (the jury's) organisation, so a query can start from
 *   the jury's sessions;
 * - current_jury_decision says what it already implied (a superseding decision has a supersedes_decision_id): the
 *   planner then knows that corrections are few and checks thousands of awards against them with one hash instead
 *   of one index probe each. Same rows as before;
 * - partial indexes on the awards (by session, by the candidate's organisation) and on the VAE enrolments of a
 *   certification, the only enrolment detail the statistics read.
 */
export class NetworkStatistics1796200000100 implements MigrationInterface {
  name = 'NetworkStatistics1796200000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE OR REPLACE VIEW current_jury_decision AS
      SELECT d.* FROM jury_decision d
      WHERE NOT EXISTS (SELECT 1 FROM jury_decision n WHERE n.supersedes_decision_id = d.id AND n.supersedes_decision_id IS NOT NULL)`);
    await q.query(`
      CREATE OR REPLACE VIEW standing_award AS
      SELECT d.id, d.organisation_id, d.learner_id, d.enrolment_id, s.certification_code, s.held_on, d.decided_at,
             d.jury_session_id, s.organisation_id AS jury_organisation_id
      FROM current_jury_decision d JOIN jury_session s ON s.id = d.jury_session_id
      WHERE d.block_code IS NULL AND d.decision = 'awarded'`);
    await q.query(
      `CREATE INDEX jury_decision_award_session_idx ON jury_decision (jury_session_id) WHERE block_code IS NULL AND decision = 'awarded'`,
    );
    await q.query(
      `CREATE INDEX jury_decision_award_organisation_idx ON jury_decision (organisation_id) WHERE block_code IS NULL AND decision = 'awarded'`,
    );
    await q.query(`CREATE INDEX enrolment_vae_idx ON enrolment (certification_code) INCLUDE (id) WHERE access_route = 'vae'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX enrolment_vae_idx`);
    await q.query(`DROP INDEX jury_decision_award_organisation_idx`);
    await q.query(`DROP INDEX jury_decision_award_session_idx`);
    // A view loses no column with CREATE OR REPLACE: drop and recreate standing_award as it was.
    await q.query(`DROP VIEW standing_award`);
    await q.query(`
      CREATE OR REPLACE VIEW current_jury_decision AS
      SELECT d.* FROM jury_decision d
      WHERE NOT EXISTS (SELECT 1 FROM jury_decision n WHERE n.supersedes_decision_id = d.id)`);
    await q.query(`
      CREATE VIEW standing_award AS
      SELECT d.id, d.organisation_id, d.learner_id, d.enrolment_id, s.certification_code, s.held_on, d.decided_at
      FROM current_jury_decision d JOIN jury_session s ON s.id = d.jury_session_id
      WHERE d.block_code IS NULL AND d.decision = 'awarded'`);
  }
}
