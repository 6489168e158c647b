import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * How a holder's name appears on the public verification page of their credentials: initial and last name
 * unless the holder chose otherwise (full name, or no name at all).
 */
export class CredentialHolderPreferences1796083124530 implements MigrationInterface {
  name = 'CredentialHolderPreferences1796083124530';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE credential_holder_preference (
        learner_id uuid PRIMARY KEY REFERENCES learner(id),
        name_display text NOT NULL CHECK (name_display IN ('initial_and_last_name', 'full_name', 'hidden')),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS credential_holder_preference`);
  }
}
