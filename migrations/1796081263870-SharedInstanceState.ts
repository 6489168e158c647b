import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * State that several API instances on one database must share rather than keep in process memory:
 * throttling counters (one row per key: its current window and hits, counted by an atomic upsert), which periodic
 * chore ran for which period (so an hourly purge runs once per period, not once per instance), and a
 * per-user access revision embedded in access tokens (bumped on role change, deactivation or password
 * set, so older tokens are refused on every instance). Also: emails unique per organisation, not globally.
 */
export class SharedInstanceState1796081263870 implements MigrationInterface {
  name = 'SharedInstanceState1796081263870';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE throttle_hit (
        key text PRIMARY KEY,
        window_start timestamptz NOT NULL,
        hits integer NOT NULL CHECK (hits >= 0)
      )`);
    await q.query(`CREATE INDEX throttle_hit_window_start_idx ON throttle_hit (window_start)`);
    await q.query(`
      CREATE TABLE chore_run (
        chore text NOT NULL,
        period_start timestamptz NOT NULL,
        ran_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (chore, period_start)
      )`);
    await q.query(`ALTER TABLE app_user ADD COLUMN access_revision integer NOT NULL DEFAULT 0`);
    // An email is unique within an organisation only: one organisation's admin creating an account must not
    // learn (from a refusal) that the address has an account elsewhere. Login looks accounts up by email.
    await q.query(`ALTER TABLE app_user DROP CONSTRAINT app_user_email_key`);
    await q.query(`ALTER TABLE app_user ADD CONSTRAINT app_user_organisation_email_key UNIQUE (organisation_id, email)`);
    await q.query(`CREATE INDEX app_user_email_idx ON app_user (email)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX app_user_email_idx`);
    await q.query(`ALTER TABLE app_user DROP CONSTRAINT app_user_organisation_email_key`);
    await q.query(`ALTER TABLE app_user ADD CONSTRAINT app_user_email_key UNIQUE (email)`);
    await q.query(`ALTER TABLE app_user DROP COLUMN access_revision`);
    await q.query(`DROP TABLE chore_run`);
    await q.query(`DROP TABLE throttle_hit`);
  }
}
