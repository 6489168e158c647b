import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What a holder can show: one issued credential per block acquisition (jury, VAE, equivalence, outside
 * evidence) and per certification award. A credential is never changed nor deleted (a trigger): only its
 * revocation columns are set, once, and its signed document once. References such as RNCP41296-2027-000123
 * come from a counter per certification and year, and a unique constraint guards them whatever the race;
 * the id is a random uuid, so a credential cannot be found by guessing. Each organisation numbers its
 * credentials' places in its revocation status list from its own counter.
 */
export class IssuedCredentials1796083124528 implements MigrationInterface {
  name = 'IssuedCredentials1796083124528';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE credential_reference_counter (
        certification_code text NOT NULL REFERENCES certification(code),
        year smallint NOT NULL CHECK (year BETWEEN 1900 AND 9999),
        last_number integer NOT NULL CHECK (last_number >= 0),
        PRIMARY KEY (certification_code, year)
      )`);
    await q.query(`
      CREATE TABLE credential_status_list (
        organisation_id uuid PRIMARY KEY REFERENCES organisation(id),
        last_index integer NOT NULL CHECK (last_index >= -1)
      )`);
    await q.query(`
      CREATE TABLE issued_credential (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organisation_id uuid NOT NULL REFERENCES organisation(id),
        reference text NOT NULL CHECK (reference ~ '^RNCP[0-9]+-[0-9]{4}-[0-9]{6,}$'),
        kind text NOT NULL CHECK (kind IN ('block', 'certification')),
        learner_id uuid NOT NULL REFERENCES learner(id),
        certification_code text NOT NULL REFERENCES certification(code),
        block_code text REFERENCES block(code),
        block_acquisition_id uuid REFERENCES block_acquisition(id),
        jury_decision_id uuid REFERENCES jury_decision(id),
        awarded_on date NOT NULL,
        issued_at timestamptz NOT NULL DEFAULT now(),
        status_list_index integer NOT NULL CHECK (status_list_index >= 0),
        document jsonb,
        revoked_at timestamptz,
        revocation_reason text,
        CONSTRAINT issued_credential_reference_key UNIQUE (reference),
        CONSTRAINT issued_credential_status_index_key UNIQUE (organisation_id, status_list_index),
        CONSTRAINT issued_credential_kind_shape CHECK (
          (kind = 'block' AND block_code IS NOT NULL AND block_acquisition_id IS NOT NULL)
          OR (kind = 'certification' AND block_code IS NULL AND block_acquisition_id IS NULL AND jury_decision_id IS NOT NULL)),
        CONSTRAINT issued_credential_revocation_check CHECK ((revoked_at IS NULL) = (revocation_reason IS NULL))
      )`);
    // One credential per acquisition and per award decision: issuing twice is refused, not duplicated.
    await q.query(
      `CREATE UNIQUE INDEX issued_credential_acquisition_key ON issued_credential (block_acquisition_id) WHERE block_acquisition_id IS NOT NULL`,
    );
    await q.query(
      `CREATE UNIQUE INDEX issued_credential_award_key ON issued_credential (jury_decision_id) WHERE kind = 'certification'`,
    );
    await q.query(`CREATE INDEX issued_credential_learner_idx ON issued_credential (learner_id, awarded_on, reference)`);
    await q.query(`CREATE INDEX issued_credential_decision_idx ON issued_credential (jury_decision_id) WHERE jury_decision_id IS NOT NULL`);
    await q.query(`
      CREATE FUNCTION issued_credential_guard() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP <> 'UPDATE' THEN
          RAISE EXCEPTION 'an issued credential is never deleted; it is revoked' USING ERRCODE = 'P0001', HINT = 'issued_credential_immutable';
        END IF;
        IF (to_jsonb(NEW) - 'revoked_at' - 'revocation_reason' - 'document')
           IS DISTINCT FROM (to_jsonb(OLD) - 'revoked_at' - 'revocation_reason' - 'document')
           OR (OLD.document IS NOT NULL AND NEW.document IS DISTINCT FROM OLD.document)
           OR (OLD.revoked_at IS NOT NULL AND (NEW.revoked_at, NEW.revocation_reason) IS DISTINCT FROM (OLD.revoked_at, OLD.revocation_reason)) THEN
          RAISE EXCEPTION 'issued credential % is immutable: only its revocation is recorded, once', OLD.id
            USING ERRCODE = 'P0001', HINT = 'issued_credential_immutable';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`CREATE TRIGGER issued_credential_immutable BEFORE UPDATE OR DELETE ON issued_credential
      FOR EACH ROW EXECUTE FUNCTION issued_credential_guard()`);
    await q.query(`CREATE TRIGGER issued_credential_no_truncate BEFORE TRUNCATE ON issued_credential
      FOR EACH STATEMENT EXECUTE FUNCTION issued_credential_guard()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS issued_credential`);
    await q.query(`DROP FUNCTION IF EXISTS issued_credential_guard()`);
    await q.query(`DROP TABLE IF EXISTS credential_status_list`);
    await q.query(`DROP TABLE IF EXISTS credential_reference_counter`);
  }
}
