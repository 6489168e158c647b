import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A result that a closed jury has already relied on cannot change any more: correcting it would
 * silently rewrite the basis of an immutable decision. "Relied on" = a decision of a closed session
 * on the same enrolment and the block of the result's modality, taken after the result was recorded.
 * Enforced here so that no code path (nor a race with the closing of the session) gets around it.
 */
export class EvaluationLockedByJury1795453327358 implements MigrationInterface {
  name = 'EvaluationLockedByJury1795453327358';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION evaluation_result_guard_jury() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF EXISTS (
          SELECT 1
          FROM assessment_modality m
          JOIN jury_decision d ON d.enrolment_id = OLD.enrolment_id AND d.block_code = m.block_code
          JOIN jury_session s ON s.id = d.jury_session_id
          WHERE m.id = OLD.modality_id AND s.closed_at IS NOT NULL AND d.decided_at >= OLD.created_at
        ) THEN
          RAISE EXCEPTION 'evaluation result % was used by a closed jury decision and can no longer change', OLD.id
            USING ERRCODE = 'P0001', HINT = 'evaluation_locked_by_jury';
        END IF;
        IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER evaluation_result_locked_by_jury BEFORE UPDATE OR DELETE ON evaluation_result
      FOR EACH ROW EXECUTE FUNCTION evaluation_result_guard_jury()`);
    // The learner's results, newest first (GET /api/learners/{id}/evaluations walks them by enrolment).
    await q.query(`CREATE INDEX evaluation_result_enrolment_recent_idx ON evaluation_result (enrolment_id, occurred_on DESC, created_at DESC, id DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS evaluation_result_enrolment_recent_idx`);
    await q.query(`DROP TRIGGER IF EXISTS evaluation_result_locked_by_jury ON evaluation_result`);
    await q.query(`DROP FUNCTION IF EXISTS evaluation_result_guard_jury()`);
  }
}
