import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The whole first schema. Invariants live here as constraints and triggers, so that no code path
 * (nor two concurrent requests) can get around them.
 */
export class InitialSchema1763900000000 implements MigrationInterface {
  name = 'InitialSchema1763900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS pgcrypto`);

    // --- tenants and users -------------------------------------------------------------------
    await q.query(`
      CREATE TABLE organisation (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL CHECK (length(trim(name)) > 0),
        kind text NOT NULL DEFAULT 'training_centre' CHECK (kind IN ('training_centre', 'certifier')),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE app_user (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organisation_id uuid NOT NULL REFERENCES organisation(id),
        email text NOT NULL CHECK (email = lower(email)),
        password_hash text NOT NULL,
        display_name text NOT NULL,
        roles text[] NOT NULL CHECK (cardinality(roles) > 0
          AND roles <@ ARRAY['admin','trainer','jury_member','learner']::text[]),
        learner_id uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT app_user_email_key UNIQUE (email)
      )`);
    await q.query(`
      CREATE TABLE refresh_token (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
        family_id uuid NOT NULL,
        token_hash text NOT NULL UNIQUE,
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        revoked_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX refresh_token_family_idx ON refresh_token (family_id)`);

    // --- catalogue: public registry data, shared by every organisation -------------------------
    await q.query(`
      CREATE TABLE certification (
        code text PRIMARY KEY CHECK (code ~ '^RNCP[0-9]+$'),
        title text NOT NULL,
        level smallint CHECK (level BETWEEN 1 AND 8),
        active boolean NOT NULL DEFAULT true,
        certifiers jsonb NOT NULL DEFAULT '[]',
        nsf_codes jsonb NOT NULL DEFAULT '[]',
        formacodes jsonb NOT NULL DEFAULT '[]',
        rome_codes jsonb NOT NULL DEFAULT '[]',
        registration_ends_on date,
        replaces text[] NOT NULL DEFAULT '{}',
        prerequisites text,
        additional_requirements jsonb NOT NULL DEFAULT '[]',
        completion_rule jsonb NOT NULL DEFAULT '{"kind":"all_blocks"}',
        statistics jsonb NOT NULL DEFAULT '[]',
        curated boolean NOT NULL DEFAULT false,
        content_hash text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE certification_access_route (
        certification_code text NOT NULL REFERENCES certification(code) ON DELETE CASCADE,
        route text NOT NULL CHECK (route IN ('student','apprenticeship','continuing_education',
          'professionalisation_contract','individual_application','vae')),
        open boolean NOT NULL,
        jury_composition jsonb,
        PRIMARY KEY (certification_code, route)
      )`);
    await q.query(`
      CREATE TABLE block (
        code text PRIMARY KEY,
        certification_code text NOT NULL REFERENCES certification(code),
        position smallint NOT NULL,
        title text NOT NULL,
        competencies text[] NOT NULL DEFAULT '{}',
        evaluation_text text,
        mandatory boolean NOT NULL DEFAULT true,
        pass_mark numeric(4,2) NOT NULL DEFAULT 10 CHECK (pass_mark BETWEEN 0 AND 20),
        retired_at timestamptz,
        CHECK (starts_with(code, certification_code))
      )`);
    await q.query(`CREATE INDEX block_certification_idx ON block (certification_code, position)`);
    await q.query(`
      CREATE TABLE assessment_modality (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        block_code text NOT NULL REFERENCES block(code),
        position smallint NOT NULL,
        kind text NOT NULL CHECK (kind IN ('case_study','professional_thesis','oral_defence',
          'professional_simulation','reflective_analysis','english_written','english_oral','oral_exam',
          'written_synthesis','written_report','action_research','call_for_projects_response',
          'organisational_audit','social_dialogue_simulation','other')),
        label text NOT NULL,
        mode text NOT NULL CHECK (mode IN ('individual','collective')),
        form text NOT NULL CHECK (form IN ('written','oral')),
        coefficient numeric(5,2) NOT NULL DEFAULT 1 CHECK (coefficient > 0),
        pass_mark numeric(4,2) NOT NULL DEFAULT 10 CHECK (pass_mark BETWEEN 0 AND 20),
        eliminatory_floor numeric(4,2) CHECK (eliminatory_floor BETWEEN 0 AND 20),
        grading text NOT NULL DEFAULT 'score' CHECK (grading IN ('score','pass_fail')),
        retired_at timestamptz
      )`);
    await q.query(`CREATE INDEX assessment_modality_block_idx ON assessment_modality (block_code, position)`);
    await q.query(`
      CREATE TABLE block_equivalence (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        from_block_code text NOT NULL,
        to_block_code text NOT NULL REFERENCES block(code),
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT block_equivalence_pair_key UNIQUE (from_block_code, to_block_code),
        CHECK (from_block_code <> to_block_code)
      )`);

    // --- learners, cohorts, enrolments ----------------------------------------------------------
    await q.query(`
      CREATE TABLE learner (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organisation_id uuid NOT NULL REFERENCES organisation(id),
        first_names text NOT NULL,
        last_name text NOT NULL,
        birth_name text,
        birth_date date,
        email text NOT NULL CHECK (email = lower(email)),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT learner_email_key UNIQUE (organisation_id, email)
      )`);
    await q.query(`CREATE INDEX learner_keyset_idx ON learner (organisation_id, last_name, first_names, id)`);
    await q.query(`ALTER TABLE app_user ADD CONSTRAINT app_user_learner_fk FOREIGN KEY (learner_id) REFERENCES learner(id)`);
    await q.query(`
      CREATE TABLE cohort (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organisation_id uuid NOT NULL REFERENCES organisation(id),
        name text NOT NULL,
        certification_code text NOT NULL REFERENCES certification(code),
        starts_on date NOT NULL,
        ends_on date NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK (ends_on >= starts_on)
      )`);
    await q.query(`
      CREATE TABLE cohort_trainer (
        cohort_id uuid NOT NULL REFERENCES cohort(id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES app_user(id),
        PRIMARY KEY (cohort_id, user_id)
      )`);
    await q.query(`CREATE INDEX cohort_trainer_user_idx ON cohort_trainer (user_id)`);
    await q.query(`
      CREATE TABLE enrolment (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organisation_id uuid NOT NULL REFERENCES organisation(id),
        learner_id uuid NOT NULL REFERENCES learner(id),
        certification_code text NOT NULL REFERENCES certification(code),
        access_route text NOT NULL CHECK (access_route IN ('student','apprenticeship','continuing_education',
          'professionalisation_contract','individual_application','vae')),
        cohort_id uuid REFERENCES cohort(id),
        started_on date NOT NULL,
        job_seeker boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX enrolment_cohort_learner_key ON enrolment (cohort_id, learner_id) WHERE cohort_id IS NOT NULL`);
    await q.query(`CREATE INDEX enrolment_learner_idx ON enrolment (learner_id)`);
    await q.query(`CREATE INDEX enrolment_certification_idx ON enrolment (organisation_id, certification_code)`);

    // --- evaluation results -----------------------------------------------------------------------
    await q.query(`
      CREATE TABLE evaluation_result (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organisation_id uuid NOT NULL REFERENCES organisation(id),
        enrolment_id uuid NOT NULL REFERENCES enrolment(id),
        modality_id uuid NOT NULL REFERENCES assessment_modality(id),
        occurred_on date NOT NULL,
        score numeric(4,2) CHECK (score BETWEEN 0 AND 20),
        outcome text CHECK (outcome IN ('passed','failed')),
        attempt smallint NOT NULL CHECK (attempt >= 1),
        assessor_user_id uuid REFERENCES app_user(id),
        comment text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((score IS NULL) <> (outcome IS NULL)),
        CONSTRAINT evaluation_result_attempt_key UNIQUE (enrolment_id, modality_id, attempt)
      )`);
    await q.query(`CREATE INDEX evaluation_result_enrolment_idx ON evaluation_result (enrolment_id, modality_id, attempt DESC)`);

    await q.query(`
      CREATE TABLE idempotency_key (
        organisation_id uuid NOT NULL REFERENCES organisation(id),
        key text NOT NULL,
        scope text NOT NULL,
        request_hash text NOT NULL,
        response_status smallint,
        response_body jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (organisation_id, key)
      )`);

    // --- audit trail: append-only, enforced by the database ----------------------------------------
    await q.query(`
      CREATE TABLE audit_event (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        organisation_id uuid REFERENCES organisation(id),
        actor_user_id uuid,
        occurred_at timestamptz NOT NULL DEFAULT now(),
        action text NOT NULL,
        entity_type text NOT NULL,
        entity_id text NOT NULL,
        before jsonb,
        after jsonb,
        reason text
      )`);
    await q.query(`CREATE INDEX audit_event_entity_idx ON audit_event (organisation_id, entity_type, entity_id, id)`);
    await q.query(`
      CREATE FUNCTION audit_event_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_event is append-only' USING ERRCODE = 'P0001', HINT = 'append_only';
      END $$`);
    await q.query(`
      CREATE TRIGGER audit_event_no_update_delete BEFORE UPDATE OR DELETE ON audit_event
      FOR EACH ROW EXECUTE FUNCTION audit_event_is_append_only()`);
    await q.query(`
      CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event
      FOR EACH STATEMENT EXECUTE FUNCTION audit_event_is_append_only()`);

    // --- juries ------------------------------------------------------------------------------------
    await q.query(`
      CREATE TABLE jury_session (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organisation_id uuid NOT NULL REFERENCES organisation(id),
        certification_code text NOT NULL REFERENCES certification(code),
        held_on date NOT NULL,
        closed_at timestamptz,
        minutes jsonb,
        created_by uuid REFERENCES app_user(id),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE jury_member (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        jury_session_id uuid NOT NULL REFERENCES jury_session(id),
        position smallint NOT NULL,
        full_name text NOT NULL,
        role text NOT NULL CHECK (role IN ('external_professional','certifier_management','pedagogical_lead',
          'national_certification_lead','other')),
        external boolean NOT NULL,
        user_id uuid REFERENCES app_user(id)
      )`);
    await q.query(`CREATE INDEX jury_member_session_idx ON jury_member (jury_session_id)`);
    await q.query(`CREATE INDEX jury_member_user_idx ON jury_member (user_id) WHERE user_id IS NOT NULL`);
    await q.query(`
      CREATE TABLE jury_decision (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organisation_id uuid NOT NULL REFERENCES organisation(id),
        jury_session_id uuid NOT NULL REFERENCES jury_session(id),
        enrolment_id uuid NOT NULL REFERENCES enrolment(id),
        learner_id uuid NOT NULL REFERENCES learner(id),
        block_code text REFERENCES block(code),
        decision text NOT NULL,
        proposal text,
        mark numeric(5,2),
        rationale text,
        supersedes_decision_id uuid REFERENCES jury_decision(id),
        correction_reason text,
        decided_by uuid REFERENCES app_user(id),
        decided_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((block_code IS NOT NULL AND decision IN ('validated','not_validated','deferred'))
            OR (block_code IS NULL AND decision IN ('awarded','refused'))),
        CHECK (supersedes_decision_id IS NULL OR correction_reason IS NOT NULL)
      )`);
    // One decision per block (or per certification award) and candidate in a session, whatever the race.
    await q.query(`CREATE UNIQUE INDEX jury_decision_once_key ON jury_decision (jury_session_id, enrolment_id, coalesce(block_code, ''))`);
    await q.query(`CREATE INDEX jury_decision_learner_idx ON jury_decision (learner_id, block_code)`);
    await q.query(`
      CREATE FUNCTION jury_session_guard_closed() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE session_id uuid;
      BEGIN
        IF TG_TABLE_NAME = 'jury_session' THEN
          IF OLD.closed_at IS NOT NULL THEN
            RAISE EXCEPTION 'jury session % is closed', OLD.id USING ERRCODE = 'P0001', HINT = 'jury_session_closed';
          END IF;
          IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
          RETURN NEW;
        END IF;
        session_id := CASE WHEN TG_OP = 'DELETE' THEN OLD.jury_session_id ELSE NEW.jury_session_id END;
        IF EXISTS (SELECT 1 FROM jury_session WHERE id = session_id AND closed_at IS NOT NULL) THEN
          RAISE EXCEPTION 'jury session % is closed', session_id USING ERRCODE = 'P0001', HINT = 'jury_session_closed';
        END IF;
        IF TG_OP = 'UPDATE' AND OLD.jury_session_id <> NEW.jury_session_id AND EXISTS (
          SELECT 1 FROM jury_session WHERE id = OLD.jury_session_id AND closed_at IS NOT NULL) THEN
          RAISE EXCEPTION 'jury session % is closed', OLD.jury_session_id USING ERRCODE = 'P0001', HINT = 'jury_session_closed';
        END IF;
        IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
        RETURN NEW;
      END $$`);
    await q.query(`CREATE TRIGGER jury_session_immutable_when_closed BEFORE UPDATE OR DELETE ON jury_session
      FOR EACH ROW EXECUTE FUNCTION jury_session_guard_closed()`);
    await q.query(`CREATE TRIGGER jury_decision_immutable_when_closed BEFORE INSERT OR UPDATE OR DELETE ON jury_decision
      FOR EACH ROW EXECUTE FUNCTION jury_session_guard_closed()`);
    await q.query(`CREATE TRIGGER jury_member_immutable_when_closed BEFORE INSERT OR UPDATE OR DELETE ON jury_member
      FOR EACH ROW EXECUTE FUNCTION jury_session_guard_closed()`);

    // --- capitalised blocks, follow-ups -------------------------------------------------------------
    await q.query(`
      CREATE TABLE block_acquisition (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organisation_id uuid NOT NULL REFERENCES organisation(id),
        learner_id uuid NOT NULL REFERENCES learner(id),
        block_code text NOT NULL,
        acquired_on date NOT NULL,
        source text NOT NULL CHECK (source IN ('jury','equivalence','vae')),
        jury_decision_id uuid REFERENCES jury_decision(id),
        evidence_reference text,
        revoked_at timestamptz,
        revoked_by_decision_id uuid REFERENCES jury_decision(id),
        created_by uuid REFERENCES app_user(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK (source <> 'jury' OR jury_decision_id IS NOT NULL)
      )`);
    // A block is held once; a superseded acquisition is revoked, never deleted.
    await q.query(`CREATE UNIQUE INDEX block_acquisition_held_key ON block_acquisition (learner_id, block_code) WHERE revoked_at IS NULL`);
    await q.query(`
      CREATE TABLE follow_up (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organisation_id uuid NOT NULL REFERENCES organisation(id),
        learner_id uuid NOT NULL REFERENCES learner(id),
        certification_code text NOT NULL REFERENCES certification(code),
        observed_on date NOT NULL,
        months_after_award smallint NOT NULL CHECK (months_after_award IN (6, 24)),
        employed boolean NOT NULL,
        in_target_job boolean NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK (employed OR NOT in_target_job),
        CONSTRAINT follow_up_once_key UNIQUE (learner_id, certification_code, months_after_award)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'follow_up', 'block_acquisition', 'jury_decision', 'jury_member', 'jury_session', 'audit_event',
      'idempotency_key', 'evaluation_result', 'enrolment', 'cohort_trainer', 'cohort', 'block_equivalence',
      'assessment_modality', 'block', 'certification_access_route', 'certification', 'refresh_token',
    ]) {
      await q.query(`DROP TABLE IF EXISTS ${table} CASCADE`);
    }
    await q.query(`ALTER TABLE IF EXISTS app_user DROP CONSTRAINT IF EXISTS app_user_learner_fk`);
    await q.query(`DROP TABLE IF EXISTS learner CASCADE`);
    await q.query(`DROP TABLE IF EXISTS app_user CASCADE`);
    await q.query(`DROP TABLE IF EXISTS organisation CASCADE`);
    await q.query(`DROP FUNCTION IF EXISTS audit_event_is_append_only()`);
    await q.query(`DROP FUNCTION IF EXISTS jury_session_guard_closed()`);
  }
}
