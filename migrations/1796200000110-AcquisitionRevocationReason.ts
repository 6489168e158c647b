import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A block recorded from an attestation is withdrawn when its issuer revokes that attestation (issue 13): kept, with the
 * date (revoked_at) and why, since no decision of the centre's own juries took it back (revoked_by_decision_id stays
 * empty).
 */
export class AcquisitionRevocationReason1796200000110 implements MigrationInterface {
  name = 'AcquisitionRevocationReason1796200000110';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE block_acquisition ADD COLUMN revocation_reason text`);
    await q.query(
      `ALTER TABLE block_acquisition ADD CONSTRAINT block_acquisition_revocation_reason CHECK (revocation_reason IS NULL OR revoked_at IS NOT NULL)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE block_acquisition DROP CONSTRAINT block_acquisition_revocation_reason`);
    await q.query(`ALTER TABLE block_acquisition DROP COLUMN revocation_reason`);
  }
}
