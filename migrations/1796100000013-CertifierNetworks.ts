import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Several organisations (issue 13): an organisation has its SIRET and optional UAI and can be deactivated; its first
 * admin is invited (a single-use, expiring token whose hash alone is kept); a certification names its certifier
 * organisations; a certifier authorises training centres for one of its certifications over a period (habilitation),
 * never two overlapping live periods for one centre and certification.
 * On an existing install the operator organisation (manages_catalogue) certifies every certification already there,
 * so it keeps enrolling as before.
 */
export class CertifierNetworks1796100000013 implements MigrationInterface {
  name = 'CertifierNetworks1796100000013';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS btree_gist`);
    await q.query(`
      ALTER TABLE organisation
        ADD COLUMN siret text CHECK (siret ~ '^[0-9]{14}$'),
        ADD COLUMN uai text CHECK (uai ~ '^[0-9]{7}[A-HJ-NPR-Z]$'),
        ADD COLUMN deactivated_at timestamptz,
        ADD CONSTRAINT organisation_siret_key UNIQUE (siret),
        ADD CONSTRAINT organisation_operator_stays_active CHECK (NOT (manages_catalogue AND deactivated_at IS NOT NULL))`);

    await q.query(`
      CREATE TABLE organisation_invitation (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organisation_id uuid NOT NULL REFERENCES organisation(id),
        email text NOT NULL CHECK (email = lower(email)),
        display_name text NOT NULL,
        token_hash text NOT NULL,
        expires_at timestamptz NOT NULL,
        created_by uuid REFERENCES app_user(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        accepted_at timestamptz,
        accepted_user_id uuid REFERENCES app_user(id),
        CONSTRAINT organisation_invitation_token_key UNIQUE (token_hash),
        CONSTRAINT organisation_invitation_user_key UNIQUE (accepted_user_id),
        CHECK ((accepted_at IS NULL) = (accepted_user_id IS NULL)),
        CHECK (expires_at > created_at)
      )`);
    // Single use, whatever the race: once accepted, an invitation never changes again.
    await q.query(`
      CREATE FUNCTION organisation_invitation_single_use() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF OLD.accepted_at IS NOT NULL THEN
          RAISE EXCEPTION 'invitation % was already accepted', OLD.id USING ERRCODE = 'P0001', HINT = 'invitation_used';
        END IF;
        IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
        RETURN NEW;
      END $$`);
    await q.query(`CREATE TRIGGER organisation_invitation_accepted_once BEFORE UPDATE OR DELETE ON organisation_invitation
      FOR EACH ROW EXECUTE FUNCTION organisation_invitation_single_use()`);

    await q.query(`
      CREATE TABLE certification_certifier (
        certification_code text NOT NULL REFERENCES certification(code),
        organisation_id uuid NOT NULL REFERENCES organisation(id),
        created_by uuid REFERENCES app_user(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (certification_code, organisation_id)
      )`);
    await q.query(`CREATE INDEX certification_certifier_organisation_idx ON certification_certifier (organisation_id)`);

    await q.query(`
      CREATE TABLE habilitation (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        certification_code text NOT NULL,
        certifier_id uuid NOT NULL,
        training_centre_id uuid NOT NULL REFERENCES organisation(id),
        valid_from date NOT NULL,
        valid_until date,
        revoked_at timestamptz,
        revoked_by uuid REFERENCES app_user(id),
        created_by uuid REFERENCES app_user(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK (valid_until IS NULL OR valid_until >= valid_from),
        CHECK (training_centre_id <> certifier_id),
        CHECK ((revoked_at IS NULL) = (revoked_by IS NULL)),
        -- Only a certifier of the certification authorises centres for it.
        CONSTRAINT habilitation_certifier_fk FOREIGN KEY (certification_code, certifier_id)
          REFERENCES certification_certifier (certification_code, organisation_id),
        CONSTRAINT habilitation_no_overlap EXCLUDE USING gist (
          training_centre_id WITH =, certification_code WITH =, daterange(valid_from, valid_until, '[]') WITH &&
        ) WHERE (revoked_at IS NULL)
      )`);
    await q.query(`CREATE INDEX habilitation_certifier_idx ON habilitation (certifier_id, certification_code)`);

    await q.query(`
      INSERT INTO certification_certifier (certification_code, organisation_id)
      SELECT c.code, o.id FROM certification c CROSS JOIN organisation o WHERE o.manages_catalogue`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE habilitation`);
    await q.query(`DROP TABLE certification_certifier`);
    await q.query(`DROP TABLE organisation_invitation`);
    await q.query(`DROP FUNCTION organisation_invitation_single_use()`);
    await q.query(`ALTER TABLE organisation DROP CONSTRAINT organisation_operator_stays_active, DROP CONSTRAINT organisation_siret_key,
      DROP COLUMN deactivated_at, DROP COLUMN uai, DROP COLUMN siret`);
  }
}
