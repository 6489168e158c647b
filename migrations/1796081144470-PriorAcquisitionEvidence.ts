import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A block is no longer held on an admin's word. One obtained elsewhere (source external, or vae without a
 * jury decision of this platform) carries its document reference and the certifier that awarded it; an
 * equivalence names the held acquisition it follows from, so revoking that one revokes it too. Rows written
 * before stay as recorded (NOT VALID): the constraints hold for every new row.
 */
export class PriorAcquisitionEvidence1796081144470 implements MigrationInterface {
  name = 'PriorAcquisitionEvidence1796081144470';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE block_acquisition DROP CONSTRAINT block_acquisition_source_check`);
    await q.query(
      `ALTER TABLE block_acquisition ADD CONSTRAINT block_acquisition_source_check CHECK (source IN ('jury','equivalence','vae','external'))`,
    );
    await q.query(
      `ALTER TABLE block_acquisition ADD COLUMN awarding_certifier text,
         ADD COLUMN derived_from_acquisition_id uuid REFERENCES block_acquisition(id)`,
    );
    await q.query(
      `ALTER TABLE block_acquisition ADD CONSTRAINT block_acquisition_equivalence_origin
         CHECK (source <> 'equivalence' OR derived_from_acquisition_id IS NOT NULL) NOT VALID`,
    );
    await q.query(
      `ALTER TABLE block_acquisition ADD CONSTRAINT block_acquisition_outside_evidence
         CHECK (jury_decision_id IS NOT NULL OR source NOT IN ('vae','external')
                OR (evidence_reference IS NOT NULL AND awarding_certifier IS NOT NULL)) NOT VALID`,
    );
    await q.query(
      `CREATE INDEX block_acquisition_derived_idx ON block_acquisition (derived_from_acquisition_id)
         WHERE derived_from_acquisition_id IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX block_acquisition_derived_idx`);
    await q.query(`ALTER TABLE block_acquisition DROP CONSTRAINT block_acquisition_outside_evidence`);
    await q.query(`ALTER TABLE block_acquisition DROP CONSTRAINT block_acquisition_equivalence_origin`);
    await q.query(`ALTER TABLE block_acquisition DROP COLUMN derived_from_acquisition_id, DROP COLUMN awarding_certifier`);
    await q.query(`ALTER TABLE block_acquisition DROP CONSTRAINT block_acquisition_source_check`);
    await q.query(`ALTER TABLE block_acquisition ADD CONSTRAINT block_acquisition_source_check CHECK (source IN ('jury','equivalence','vae'))`);
  }
}
