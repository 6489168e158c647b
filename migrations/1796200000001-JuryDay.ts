import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The jury's day (issue 15): the organisation's time zone (a jury "sits on" a calendar day there), the session's place
 * and signature policy, who was present (and who replaced whom), and the closed minutes as versioned documents that
 * present members sign electronically. A signature names the version and the SHA-256 of the exact PDF signed; the
 * composite key makes the database refuse a fingerprint that is not that version's. Versions and signatures are
 * append-only, as the closed session they belong to (a version only gains the moment it became signed).
 */
export class JuryDay1796200000001 implements MigrationInterface {
  name = 'JuryDay1796200000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE organisation ADD COLUMN time_zone text NOT NULL DEFAULT 'Europe/Paris' CHECK (length(time_zone) BETWEEN 1 AND 64)`);

    await q.query(`
      ALTER TABLE jury_session
        ADD COLUMN place text CHECK (place IS NULL OR length(trim(place)) BETWEEN 1 AND 300),
        ADD COLUMN signature_policy text NOT NULL DEFAULT 'all_present' CHECK (signature_policy IN ('all_present', 'president')),
        ADD COLUMN presence_recorded_at timestamptz`);

    // present NULL: not recorded (a listed member then counts as present). A replacement (not listed) sat, by definition.
    await q.query(`
      ALTER TABLE jury_member
        ADD COLUMN president boolean NOT NULL DEFAULT false,
        ADD COLUMN present boolean,
        ADD COLUMN listed boolean NOT NULL DEFAULT true,
        ADD COLUMN replaces_member_id uuid REFERENCES jury_member(id),
        ADD CONSTRAINT jury_member_replacement_present CHECK (listed OR present IS TRUE),
        ADD CONSTRAINT jury_member_replaces_only_when_replacement CHECK (replaces_member_id IS NULL OR NOT listed)`);
    // One president sits: a replacement may preside for the sitting when the listed president is absent.
    await q.query(
      `CREATE UNIQUE INDEX jury_member_one_president_key ON jury_member (jury_session_id) WHERE president AND present IS DISTINCT FROM false`,
    );
    // Closed, a member is frozen but for one change: the account it signs the minutes with, linked once. The shared
    // guard of closed sessions stays the one check; its update trigger only skips that change.
    await q.query(`DROP TRIGGER jury_member_immutable_when_closed ON jury_member`);
    await q.query(`CREATE TRIGGER jury_member_immutable_when_closed BEFORE INSERT OR DELETE ON jury_member
      FOR EACH ROW EXECUTE FUNCTION jury_session_guard_closed()`);
    await q.query(`CREATE TRIGGER jury_member_update_immutable_when_closed BEFORE UPDATE ON jury_member
      FOR EACH ROW WHEN (NOT (OLD.user_id IS NULL AND NEW.user_id IS NOT NULL AND to_jsonb(NEW) - 'user_id' = to_jsonb(OLD) - 'user_id'))
      EXECUTE FUNCTION jury_session_guard_closed()`);
    await q.query(`CREATE UNIQUE INDEX jury_member_one_user_key ON jury_member (jury_session_id, user_id) WHERE user_id IS NOT NULL`);
    await q.query(`CREATE UNIQUE INDEX jury_member_replaced_once_key ON jury_member (replaces_member_id) WHERE replaces_member_id IS NOT NULL`);

    await q.query(`
      CREATE TABLE jury_minutes (
        jury_session_id uuid NOT NULL REFERENCES jury_session(id),
        version smallint NOT NULL CHECK (version >= 1),
        content jsonb NOT NULL,
        document bytea NOT NULL,
        sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        reason text CHECK ((version = 1) = (reason IS NULL)),
        created_at timestamptz NOT NULL DEFAULT now(),
        -- Set once, when the last expected signature arrives.
        signed_at timestamptz,
        PRIMARY KEY (jury_session_id, version),
        UNIQUE (jury_session_id, version, sha256)
      )`);
    await q.query(`
      CREATE TABLE jury_minutes_signature (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        jury_session_id uuid NOT NULL,
        version smallint NOT NULL,
        sha256 text NOT NULL,
        jury_member_id uuid NOT NULL REFERENCES jury_member(id),
        user_id uuid NOT NULL REFERENCES app_user(id),
        signed_at timestamptz NOT NULL DEFAULT now(),
        FOREIGN KEY (jury_session_id, version, sha256) REFERENCES jury_minutes (jury_session_id, version, sha256),
        UNIQUE (jury_session_id, version, jury_member_id)
      )`);
    await q.query(`
      CREATE FUNCTION jury_minutes_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        -- The one change a version accepts: its signed_at, once, and nothing else with it.
        -- (Nested: plpgsql evaluates both sides of an AND, and a signature row has no content.)
        IF TG_OP = 'UPDATE' AND TG_TABLE_NAME = 'jury_minutes' THEN
          IF OLD.signed_at IS NULL AND NEW.signed_at IS NOT NULL
             AND (NEW.jury_session_id, NEW.version, NEW.content, NEW.document, NEW.sha256, NEW.reason, NEW.created_at)
                 IS NOT DISTINCT FROM (OLD.jury_session_id, OLD.version, OLD.content, OLD.document, OLD.sha256, OLD.reason, OLD.created_at) THEN
            RETURN NEW;
          END IF;
        END IF;
        RAISE EXCEPTION '% is append-only: a signed or closed version never changes', TG_TABLE_NAME
          USING ERRCODE = 'P0001', HINT = 'jury_minutes_immutable';
      END $$`);
    for (const table of ['jury_minutes', 'jury_minutes_signature']) {
      await q.query(`CREATE TRIGGER ${table}_no_update_delete BEFORE UPDATE OR DELETE ON ${table}
        FOR EACH ROW EXECUTE FUNCTION jury_minutes_append_only()`);
      await q.query(`CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table}
        FOR EACH STATEMENT EXECUTE FUNCTION jury_minutes_append_only()`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE jury_minutes_signature`);
    await q.query(`DROP TABLE jury_minutes`);
    await q.query(`DROP FUNCTION jury_minutes_append_only()`);
    await q.query(`DROP TRIGGER jury_member_update_immutable_when_closed ON jury_member`);
    await q.query(`DROP TRIGGER jury_member_immutable_when_closed ON jury_member`);
    await q.query(`CREATE TRIGGER jury_member_immutable_when_closed BEFORE INSERT OR UPDATE OR DELETE ON jury_member
      FOR EACH ROW EXECUTE FUNCTION jury_session_guard_closed()`);
    await q.query(`DROP INDEX jury_member_replaced_once_key`);
    await q.query(`DROP INDEX jury_member_one_user_key`);
    await q.query(`DROP INDEX jury_member_one_president_key`);
    await q.query(`
      ALTER TABLE jury_member DROP CONSTRAINT jury_member_replaces_only_when_replacement, DROP CONSTRAINT jury_member_replacement_present,
        DROP COLUMN replaces_member_id, DROP COLUMN listed, DROP COLUMN present, DROP COLUMN president`);
    await q.query(`ALTER TABLE jury_session DROP COLUMN presence_recorded_at, DROP COLUMN signature_policy, DROP COLUMN place`);
    await q.query(`ALTER TABLE organisation DROP COLUMN time_zone`);
  }
}
