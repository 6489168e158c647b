import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Blocks follow the person (issue 13): a block recorded from the learner's attestation (a credential issued on this
 * platform, possibly by another organisation) keeps that credential. Such a block is held from outside (source
 * external), with the credential's reference as its evidence and its issuer as the awarding organisation.
 */
export class PriorAcquisitionCredentials1796100000400 implements MigrationInterface {
  name = 'PriorAcquisitionCredentials1796100000400';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE block_acquisition ADD COLUMN credential_id uuid REFERENCES issued_credential(id)`);
    await q.query(
      `ALTER TABLE block_acquisition ADD CONSTRAINT block_acquisition_credential_external CHECK (credential_id IS NULL OR source = 'external')`,
    );
    await q.query(`CREATE INDEX block_acquisition_credential_idx ON block_acquisition (credential_id) WHERE credential_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX block_acquisition_credential_idx`);
    await q.query(`ALTER TABLE block_acquisition DROP CONSTRAINT block_acquisition_credential_external`);
    await q.query(`ALTER TABLE block_acquisition DROP COLUMN credential_id`);
  }
}
