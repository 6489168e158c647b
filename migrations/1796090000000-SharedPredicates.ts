import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Rules that several queries need, defined once in the database instead of re-spelled in each repository:
 * - current_jury_decision: the decisions no later decision corrected (rule 9: a correction supersedes, never deletes);
 * - standing_award: the current certification-level awards, with the session's certification and date;
 * - held_blocks(learner, organisation): the blocks a learner holds, following equivalences FORWARD
 *   (old block → new block, transitively: rule 8), each with the block actually acquired. It is the SQL twin of
 *   heldBlocks() in libs/domain (a property test checks eligibility computed on it against the TypeScript rule).
 * The views are plain (PostgreSQL inlines them) and the function is a STABLE single-SELECT SQL function (inlined
 * too), so the queries using them keep their plans.
 */
export class SharedPredicates1796090000000 implements MigrationInterface {
  name = 'SharedPredicates1796090000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE VIEW current_jury_decision AS
      SELECT d.* FROM jury_decision d
      WHERE NOT EXISTS (SELECT 1 FROM jury_decision n WHERE n.supersedes_decision_id = d.id)`);
    await q.query(`
      CREATE VIEW standing_award AS
      SELECT d.id, d.organisation_id, d.learner_id, d.enrolment_id, s.certification_code, s.held_on, d.decided_at
      FROM current_jury_decision d JOIN jury_session s ON s.id = d.jury_session_id
      WHERE d.block_code IS NULL AND d.decision = 'awarded'`);
    await q.query(`
      CREATE FUNCTION held_blocks(p_learner_id uuid, p_organisation_id uuid)
      RETURNS TABLE (block_code text, acquired_block_code text)
      LANGUAGE sql STABLE PARALLEL SAFE AS $$
        WITH RECURSIVE held (block_code, acquired_block_code) AS (
          SELECT a.block_code, a.block_code FROM block_acquisition a
          WHERE a.learner_id = p_learner_id AND a.organisation_id = p_organisation_id AND a.revoked_at IS NULL
          UNION
          SELECT q.to_block_code, h.acquired_block_code FROM held h JOIN block_equivalence q ON q.from_block_code = h.block_code)
        SELECT h.block_code, h.acquired_block_code FROM held h
      $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION held_blocks(uuid, uuid)`);
    await q.query(`DROP VIEW standing_award`);
    await q.query(`DROP VIEW current_jury_decision`);
  }
}
