import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each organisation signs its credentials with its own Ed25519 key, made on first use. The secret part is
 * stored sealed (AES-256-GCM under CREDENTIALS_KEY) and never leaves the credentials library; a key is never
 * replaced nor deleted, since the credentials it signed must stay verifiable.
 */
export class CredentialIssuerKeys1796083124529 implements MigrationInterface {
  name = 'CredentialIssuerKeys1796083124529';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE credential_issuer_key (
        organisation_id uuid PRIMARY KEY REFERENCES organisation(id),
        public_key_multibase text NOT NULL CHECK (public_key_multibase ~ '^z[1-9A-HJ-NP-Za-km-z]+$'),
        sealed_secret_key text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE FUNCTION credential_issuer_key_guard() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'a credential signing key is never changed nor deleted' USING ERRCODE = 'P0001', HINT = 'credential_issuer_key_immutable';
      END $$`);
    await q.query(`CREATE TRIGGER credential_issuer_key_immutable BEFORE UPDATE OR DELETE ON credential_issuer_key
      FOR EACH ROW EXECUTE FUNCTION credential_issuer_key_guard()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS credential_issuer_key`);
    await q.query(`DROP FUNCTION IF EXISTS credential_issuer_key_guard()`);
  }
}
