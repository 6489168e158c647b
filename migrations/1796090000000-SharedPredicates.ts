import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Rules that several queries need, defined once in the database instead of re-spelled in each repository:
 * - current_jury_decision: the decisions no later decision corrected (rule 9: a correction supersedes, never deletes);
 * - standing_award: the current certification-level awards, with the session's certification and date;
 * - equivalence_closure(block codes): each code with every block it counts for, following equivalences FORWARD
 *   (old block → new block, transitively: rule 8), itself included — the one recursive reading of block_equivalence;
 * - held_blocks(learner, organisation): the closure of the learner's live acquisitions, each block with the block
 *   actually acquired. It is the SQL twin of heldBlocks() in libs/domain (a property test checks eligibility
 *   computed on it against the TypeScript rule).
 * The views are plain (PostgreSQL inlines them) and the functions are STABLE single-SELECT SQL functions (inlined
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
      CREATE FUNCTION equivalence_closure(p_block_codes text[])
      RETURNS TABLE (source_code text, block_code text)
      LANGUAGE sql STABLE PARALLEL SAFE AS $$
        WITH RECURSIVE reach (source_code, block_code) AS (
          SELECT c, c FROM unnest(p_block_codes) AS c
          UNION
          SELECT r.source_code, q.to_block_code FROM reach r JOIN block_equivalence q ON q.from_block_code = r.block_code)
        SELECT r.source_code, r.block_code FROM reach r
      $$`);
    await q.query(`
      CREATE FUNCTION held_blocks(p_learner_id uuid, p_organisation_id uuid)
      RETURNS TABLE (block_code text, acquired_block_code text)
      LANGUAGE sql STABLE PARALLEL SAFE AS $$
        SELECT c.block_code, c.source_code FROM equivalence_closure(ARRAY(
          SELECT a.block_code FROM block_acquisition a
          WHERE a.learner_id = p_learner_id AND a.organisation_id = p_organisation_id AND a.revoked_at IS NULL)) c
      $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION held_blocks(uuid, uuid)`);
    await q.query(`DROP FUNCTION equivalence_closure(text[])`);
    await q.query(`DROP VIEW standing_award`);
    await q.query(`DROP VIEW current_jury_decision`);
  }
}
