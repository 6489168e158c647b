import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A decision keeps whether it departed from the proposal, and then must carry its rationale (rule 1);
 * a closed decision is corrected at most once (the correction can itself be corrected later); finding
 * the acquisition a decision created must not scan the table.
 */
export class JuryDecisionCorrections1795453310151 implements MigrationInterface {
  name = 'JuryDecisionCorrections1795453310151';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE jury_decision ADD COLUMN departs_from_proposal boolean NOT NULL DEFAULT false`);
    await q.query(
      `ALTER TABLE jury_decision ADD CONSTRAINT jury_decision_departure_rationale_check CHECK (NOT departs_from_proposal OR rationale IS NOT NULL)`,
    );
    await q.query(
      `CREATE UNIQUE INDEX jury_decision_supersedes_once_key ON jury_decision (supersedes_decision_id) WHERE supersedes_decision_id IS NOT NULL`,
    );
    await q.query(`CREATE INDEX block_acquisition_decision_idx ON block_acquisition (jury_decision_id) WHERE jury_decision_id IS NOT NULL`);
    await q.query(`CREATE INDEX jury_decision_enrolment_idx ON jury_decision (enrolment_id)`);
    await q.query(`CREATE INDEX jury_session_org_idx ON jury_session (organisation_id, held_on DESC, id DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS jury_session_org_idx`);
    await q.query(`DROP INDEX IF EXISTS jury_decision_enrolment_idx`);
    await q.query(`DROP INDEX IF EXISTS block_acquisition_decision_idx`);
    await q.query(`DROP INDEX IF EXISTS jury_decision_supersedes_once_key`);
    await q.query(`ALTER TABLE jury_decision DROP CONSTRAINT IF EXISTS jury_decision_departure_rationale_check`);
    await q.query(`ALTER TABLE jury_decision DROP COLUMN IF EXISTS departs_from_proposal`);
  }
}
