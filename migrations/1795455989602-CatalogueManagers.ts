import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The certification catalogue is shared by every organisation: only the operator's organisation (the first
 * one, created at start-up) may change it, not any tenant's admin.
 */
export class CatalogueManagers1795455989602 implements MigrationInterface {
  name = 'CatalogueManagers1795455989602';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE organisation ADD COLUMN manages_catalogue boolean NOT NULL DEFAULT false`);
    await q.query(`UPDATE organisation SET manages_catalogue = true WHERE id = (SELECT id FROM organisation ORDER BY created_at, id LIMIT 1)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE organisation DROP COLUMN manages_catalogue`);
  }
}
