import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Accounts can be deactivated (kept for the audit trail and for who sat on which jury), a learner account
 * holds the learner role alone (it must not record its own results), one learner record has at most one
 * account, and a birth date is not before 1900. The constraints hold even when two admins act at once.
 */
export class UserAccountRules1795456225746 implements MigrationInterface {
  name = 'UserAccountRules1795456225746';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE app_user ADD COLUMN deactivated_at timestamptz`);
    await q.query(`ALTER TABLE app_user ADD CONSTRAINT app_user_learner_role_alone CHECK (NOT ('learner' = ANY(roles)) OR roles = '{learner}')`);
    await q.query(`CREATE UNIQUE INDEX app_user_learner_key ON app_user (learner_id) WHERE learner_id IS NOT NULL`);
    await q.query(`ALTER TABLE learner ADD CONSTRAINT learner_birth_date_check CHECK (birth_date > date '1900-01-01')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE learner DROP CONSTRAINT learner_birth_date_check`);
    await q.query(`DROP INDEX app_user_learner_key`);
    await q.query(`ALTER TABLE app_user DROP CONSTRAINT app_user_learner_role_alone`);
    await q.query(`ALTER TABLE app_user DROP COLUMN deactivated_at`);
  }
}
