import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Declaring holders to the CPF information system (accrochage):
 * - the learner's civil identity as the declaration needs it (owned by learners; every column nullable, so existing
 *   learners keep working and are listed as not declarable until completed);
 * - certifier settings per organisation and natureDeposant per certification (owned by accrochage);
 * - the declaration files (immutable, stored in chunks) and their passages, one per award, whose idTechnique is the
 *   award decision's id (stable, reused on every resend, never another award's). Only a processing report changes a
 *   passage, once: sent → accepted | rejected, with its messages.
 * - cpf_identity_missing(learner): what the declaration still lacks, the SQL twin of missingForDeclaration() in
 *   libs/domain (an HTTP test checks both agree).
 */
export class CpfDeclarations1796100000020 implements MigrationInterface {
  name = 'CpfDeclarations1796100000020';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE learner
        ADD COLUMN usage_name text CHECK (length(trim(usage_name)) > 0),
        ADD COLUMN given_names text[] CHECK (cardinality(given_names) BETWEEN 1 AND 3 AND array_position(given_names, NULL) IS NULL),
        ADD COLUMN sex text CHECK (sex IN ('M', 'F')),
        ADD COLUMN birth_commune_code text CHECK (birth_commune_code ~ '^([0-9]{2}|2[AB])[0-9]{3}$'),
        ADD COLUMN birth_postal_code text CHECK (birth_postal_code ~ '^[0-9]{5}$'),
        ADD COLUMN birth_commune text,
        ADD COLUMN birth_country_code text CHECK (birth_country_code ~ '^[0-9]{3}$'),
        ADD COLUMN birth_country text,
        ADD COLUMN civil_identity_updated_at timestamptz`);
    await q.query(`
      CREATE FUNCTION cpf_identity_missing(l learner) RETURNS text[] LANGUAGE sql IMMUTABLE AS $$
        SELECT array_remove(ARRAY[
          CASE WHEN l.given_names IS NULL THEN 'givenNames' END,
          CASE WHEN l.sex IS NULL THEN 'sex' END,
          CASE WHEN l.birth_date IS NULL THEN 'birthDate' END,
          CASE WHEN l.birth_commune_code IS NULL AND l.birth_postal_code IS NULL THEN 'birthPlace' END], NULL)
      $$`);

    await q.query(`
      CREATE TABLE cpf_certifier_settings (
        organisation_id uuid PRIMARY KEY REFERENCES organisation(id),
        cdc_client_id text NOT NULL CHECK (cdc_client_id ~ '^[A-Za-z0-9]{8}$'),
        cdc_contract_id text NOT NULL CHECK (cdc_contract_id ~ '^[A-Za-z0-9_-]{1,20}$'),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE cpf_certification_settings (
        organisation_id uuid NOT NULL REFERENCES organisation(id),
        certification_code text NOT NULL REFERENCES certification(code),
        nature_deposant text NOT NULL CHECK (nature_deposant IN ('CERTIFICATEUR', 'TIERS_CONFIANCE')),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (organisation_id, certification_code)
      )`);

    await q.query(`
      CREATE TABLE cpf_declaration_file (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organisation_id uuid NOT NULL REFERENCES organisation(id),
        id_flux uuid NOT NULL UNIQUE,
        generated_at timestamptz NOT NULL,
        created_by uuid REFERENCES app_user(id),
        certification_code text REFERENCES certification(code),
        awarded_from date,
        awarded_to date,
        passage_count integer NOT NULL CHECK (passage_count BETWEEN 1 AND 200000),
        byte_size bigint,
        sha256 text,
        xsd text NOT NULL,
        report_applied_at timestamptz,
        report_applied_by uuid REFERENCES app_user(id),
        CHECK ((report_applied_at IS NULL) = (report_applied_by IS NULL))
      )`);
    await q.query(`CREATE INDEX cpf_declaration_file_org_idx ON cpf_declaration_file (organisation_id, generated_at DESC)`);
    await q.query(`
      CREATE TABLE cpf_declaration_file_chunk (
        file_id uuid NOT NULL REFERENCES cpf_declaration_file(id),
        seq integer NOT NULL CHECK (seq >= 0),
        data bytea NOT NULL,
        PRIMARY KEY (file_id, seq)
      )`);
    await q.query(`
      CREATE TABLE cpf_declaration_passage (
        file_id uuid NOT NULL REFERENCES cpf_declaration_file(id),
        id_technique text NOT NULL,
        award_decision_id uuid NOT NULL REFERENCES jury_decision(id),
        organisation_id uuid NOT NULL REFERENCES organisation(id),
        learner_id uuid NOT NULL REFERENCES learner(id),
        certification_code text NOT NULL REFERENCES certification(code),
        awarded_on date NOT NULL,
        sent_at timestamptz NOT NULL,
        state text NOT NULL DEFAULT 'sent' CHECK (state IN ('sent', 'accepted', 'rejected')),
        messages text[] NOT NULL DEFAULT '{}',
        reported_at timestamptz,
        PRIMARY KEY (file_id, id_technique),
        CONSTRAINT cpf_declaration_passage_award_key UNIQUE (file_id, award_decision_id),
        CHECK ((state = 'sent') = (reported_at IS NULL)),
        CHECK (state <> 'rejected' OR cardinality(messages) > 0)
      )`);
    // The file is written certification by certification, in idTechnique order.
    await q.query(`CREATE INDEX cpf_declaration_passage_file_order_idx ON cpf_declaration_passage (file_id, certification_code, id_technique)`);
    await q.query(`CREATE INDEX cpf_declaration_passage_award_idx ON cpf_declaration_passage (award_decision_id, sent_at DESC)`);
    await q.query(`CREATE INDEX cpf_declaration_passage_learner_idx ON cpf_declaration_passage (learner_id)`);

    // Files and their chunks never change once built (a file is completed in the transaction that creates it);
    // a passage only receives its processing report, once.
    await q.query(`
      CREATE FUNCTION cpf_declaration_guard() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        -- Nested IFs: plpgsql does not short-circuit, and each table has its own columns.
        IF TG_OP = 'UPDATE' AND TG_TABLE_NAME = 'cpf_declaration_file' THEN
          IF OLD.sha256 IS NULL AND (to_jsonb(NEW) - 'byte_size' - 'sha256') = (to_jsonb(OLD) - 'byte_size' - 'sha256') THEN
            RETURN NEW;
          END IF;
          IF OLD.report_applied_at IS NULL
             AND (to_jsonb(NEW) - 'report_applied_at' - 'report_applied_by') = (to_jsonb(OLD) - 'report_applied_at' - 'report_applied_by') THEN
            RETURN NEW;
          END IF;
        END IF;
        RAISE EXCEPTION 'a CPF declaration file, its content and its passages are immutable (only a processing report is recorded, once)'
          USING ERRCODE = 'P0001', HINT = 'cpf_declaration_immutable';
      END $$`);
    for (const table of ['cpf_declaration_file', 'cpf_declaration_file_chunk', 'cpf_declaration_passage']) {
      await q.query(`CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION cpf_declaration_guard()`);
    }
    await q.query(`CREATE TRIGGER cpf_declaration_file_immutable BEFORE UPDATE OR DELETE ON cpf_declaration_file
      FOR EACH ROW EXECUTE FUNCTION cpf_declaration_guard()`);
    await q.query(`CREATE TRIGGER cpf_declaration_file_chunk_immutable BEFORE UPDATE OR DELETE ON cpf_declaration_file_chunk
      FOR EACH ROW EXECUTE FUNCTION cpf_declaration_guard()`);
    // A report updates 200,000 passages at once: the allowed change (sent → reported, nothing else) is a WHEN
    // condition, checked without calling the function; only a refused change reaches it.
    await q.query(`CREATE TRIGGER cpf_declaration_passage_immutable BEFORE UPDATE ON cpf_declaration_passage FOR EACH ROW
      WHEN (OLD.state <> 'sent' OR (NEW.file_id, NEW.id_technique, NEW.award_decision_id, NEW.organisation_id, NEW.learner_id,
            NEW.certification_code, NEW.awarded_on, NEW.sent_at) IS DISTINCT FROM (OLD.file_id, OLD.id_technique, OLD.award_decision_id,
            OLD.organisation_id, OLD.learner_id, OLD.certification_code, OLD.awarded_on, OLD.sent_at))
      EXECUTE FUNCTION cpf_declaration_guard()`);
    await q.query(`CREATE TRIGGER cpf_declaration_passage_no_delete BEFORE DELETE ON cpf_declaration_passage
      FOR EACH ROW EXECUTE FUNCTION cpf_declaration_guard()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE cpf_declaration_passage`);
    await q.query(`DROP TABLE cpf_declaration_file_chunk`);
    await q.query(`DROP TABLE cpf_declaration_file`);
    await q.query(`DROP FUNCTION cpf_declaration_guard()`);
    await q.query(`DROP TABLE cpf_certification_settings`);
    await q.query(`DROP TABLE cpf_certifier_settings`);
    await q.query(`DROP FUNCTION cpf_identity_missing(learner)`);
    await q.query(`ALTER TABLE learner DROP COLUMN usage_name, DROP COLUMN given_names, DROP COLUMN sex, DROP COLUMN birth_commune_code,
      DROP COLUMN birth_postal_code, DROP COLUMN birth_commune, DROP COLUMN birth_country_code, DROP COLUMN birth_country,
      DROP COLUMN civil_identity_updated_at`);
  }
}
