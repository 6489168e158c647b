import { Injectable } from '@nestjs/common';
import { AuthContext, CallerParameters, credentialReadableSql, SqlRepository } from '@project/platform';
import { EntityManager } from 'typeorm';
import { AttestationFacts, IssuedCredentialRow, NameDisplay } from './dto/credential.dto';
import { CredentialDocument } from './documents';
import { BadgeFacts } from './signing/open-badge';

const TS = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

const CREDENTIAL_COLUMNS = `ic.id, ic.organisation_id AS "organisationId", ic.reference, ic.kind, ic.learner_id AS "learnerId",
  ic.certification_code AS "certificationCode", c.title AS "certificationTitle", ic.block_code AS "blockCode", b.title AS "blockTitle",
  ic.block_acquisition_id AS "blockAcquisitionId", ic.jury_decision_id AS "juryDecisionId",
  to_char(ic.awarded_on, 'YYYY-MM-DD') AS "awardedOn", ${TS('ic.issued_at')} AS "issuedAt", ic.status_list_index AS "statusListIndex",
  ${TS('ic.revoked_at')} AS "revokedAt", ic.revocation_reason AS "revocationReason"`;
const CREDENTIAL_FROM = `issued_credential ic JOIN certification c ON c.code = ic.certification_code LEFT JOIN block b ON b.code = ic.block_code`;
const readerCaller = new CallerParameters(2);
/** $1: a credential id or a learner id (the column given); the caller's parameters follow (readerCaller). */
const readableBy = (column: string) =>
  `SELECT ${CREDENTIAL_COLUMNS} FROM ${CREDENTIAL_FROM} WHERE ${column} = $1 AND ${credentialReadableSql('ic', readerCaller)}
   ORDER BY ic.awarded_on, ic.kind, ic.block_code NULLS LAST, ic.issued_at, ic.reference`;
const READABLE_CREDENTIAL_SQL = readableBy('ic.id');
const READABLE_CREDENTIALS_OF_SQL = readableBy('ic.learner_id');

/**
 * What is to be issued, as rows (kind, organisation_id, learner_id, certification_code, block_code,
 * block_acquisition_id, jury_decision_id, awarded_on). A session's credentials are issued by the session's organisation
 * (a certifier, for the candidates of its partner centres too). Blocks come from their live acquisitions (a block
 * outside the catalogue, known only as the origin of an equivalence, has no sheet to attest it).
 */
const BLOCKS_OF_SESSION = `
  SELECT 'block' AS kind, s.organisation_id, a.learner_id, b.certification_code, a.block_code, a.id AS block_acquisition_id,
         a.jury_decision_id, a.acquired_on AS awarded_on
  FROM jury_decision d JOIN block_acquisition a ON a.jury_decision_id = d.id AND a.revoked_at IS NULL
  JOIN jury_session s ON s.id = d.jury_session_id JOIN block b ON b.code = a.block_code
  WHERE d.jury_session_id = $1 AND d.decision = 'validated'
  UNION ALL
  SELECT 'certification', s.organisation_id, d.learner_id, s.certification_code, NULL, NULL, d.id, s.held_on
  FROM jury_decision d JOIN jury_session s ON s.id = d.jury_session_id
  WHERE d.jury_session_id = $1 AND d.decision = 'awarded'`;
const ACQUISITION = `
  SELECT 'block' AS kind, a.organisation_id, a.learner_id, b.certification_code, a.block_code, a.id AS block_acquisition_id,
         a.jury_decision_id, a.acquired_on AS awarded_on
  FROM block_acquisition a JOIN block b ON b.code = a.block_code
  WHERE a.id = $1 AND a.revoked_at IS NULL`;

/**
 * Issues in one statement: references numbered from the counter of each certification and year, places in
 * the organisation's status list from its counter. Both counters are rows updated in the transaction, so
 * concurrent issuers queue on them and never take the same number.
 */
function issueSql(candidates: string): string {
  return `
  WITH candidate AS (${candidates}),
  numbered AS (
    SELECT c.*, extract(year FROM c.awarded_on)::int AS year,
           row_number() OVER (PARTITION BY c.certification_code, extract(year FROM c.awarded_on) ORDER BY c.learner_id, c.kind, c.block_code) AS n,
           count(*) OVER (PARTITION BY c.certification_code, extract(year FROM c.awarded_on)) AS total,
           row_number() OVER (PARTITION BY c.organisation_id ORDER BY c.learner_id, c.kind, c.block_code) AS k,
           count(*) OVER (PARTITION BY c.organisation_id) AS org_total
    FROM candidate c),
  counter AS (
    INSERT INTO credential_reference_counter (certification_code, year, last_number)
    SELECT certification_code, year, max(total) FROM numbered GROUP BY certification_code, year
    ON CONFLICT (certification_code, year) DO UPDATE SET last_number = credential_reference_counter.last_number + EXCLUDED.last_number
    RETURNING certification_code, year, last_number),
  status AS (
    INSERT INTO credential_status_list (organisation_id, last_index)
    SELECT organisation_id, max(org_total) - 1 FROM numbered GROUP BY organisation_id
    ON CONFLICT (organisation_id) DO UPDATE SET last_index = credential_status_list.last_index + EXCLUDED.last_index + 1
    RETURNING organisation_id, last_index)
  INSERT INTO issued_credential (organisation_id, reference, kind, learner_id, certification_code, block_code, block_acquisition_id,
                                 jury_decision_id, awarded_on, status_list_index)
  SELECT n.organisation_id, n.certification_code || '-' || n.year || '-' || lpad((ctr.last_number - n.total + n.n)::text, 6, '0'),
         n.kind, n.learner_id, n.certification_code, n.block_code, n.block_acquisition_id, n.jury_decision_id, n.awarded_on,
         st.last_index - n.org_total + n.k
  FROM numbered n JOIN counter ctr ON ctr.certification_code = n.certification_code AND ctr.year = n.year
  JOIN status st ON st.organisation_id = n.organisation_id
  RETURNING id`;
}

/** Every SQL statement on issued credentials: the only writer of issued_credential and its counters. */
@Injectable()
export class CredentialsRepository extends SqlRepository {
  async issueForSession(manager: EntityManager, sessionId: string): Promise<string[]> {
    const rows: { id: string }[] = await manager.query(issueSql(BLOCKS_OF_SESSION), [sessionId]);
    return rows.map((row) => row.id);
  }

  async issueForAcquisition(manager: EntityManager, acquisitionId: string): Promise<string[]> {
    const rows: { id: string }[] = await manager.query(issueSql(ACQUISITION), [acquisitionId]);
    return rows.map((row) => row.id);
  }

  /**
   * What a correcting decision takes back: the award it corrects, and the blocks whose acquisitions it
   * revoked (with the equivalences that followed from them). Kept, marked revoked with the reason.
   */
  async revokeForCorrection(
    manager: EntityManager,
    correctedDecisionId: string,
    correctingDecisionId: string,
    reason: string,
  ): Promise<string[]> {
    // TypeORM answers an UPDATE as [rows, count].
    const [rows]: [{ id: string }[], number] = await manager.query(
      `UPDATE issued_credential SET revoked_at = now(), revocation_reason = $3
       WHERE revoked_at IS NULL
         AND ((kind = 'certification' AND jury_decision_id = $1)
              OR block_acquisition_id IN (SELECT id FROM block_acquisition WHERE revoked_by_decision_id = $2))
       RETURNING id`,
      [correctedDecisionId, correctingDecisionId, reason],
    );
    return rows.map((row) => row.id);
  }

  /** The credentials issued for acquisitions withdrawn without a decision: kept, marked revoked with the reason. */
  async revokeForAcquisitions(manager: EntityManager, acquisitionIds: string[], reason: string): Promise<string[]> {
    const [rows]: [{ id: string }[], number] = await manager.query(
      `UPDATE issued_credential SET revoked_at = now(), revocation_reason = $2
       WHERE revoked_at IS NULL AND block_acquisition_id = ANY($1::uuid[])
       RETURNING id`,
      [acquisitionIds, reason],
    );
    return rows.map((row) => row.id);
  }

  async findByIds(manager: EntityManager, ids: string[]): Promise<IssuedCredentialRow[]> {
    if (ids.length === 0) return [];
    return manager.query(`SELECT ${CREDENTIAL_COLUMNS} FROM ${CREDENTIAL_FROM} WHERE ic.id = ANY($1::uuid[]) ORDER BY ic.reference`, [ids]);
  }

  /**
   * What the printed document says, less the URL and the dates formatted by the service. A certificate lists the
   * certification's blocks the holder holds (held_blocks: directly, or through an equivalence from the block
   * actually acquired, in the organisation the award concerns: a partner centre, when its certifier issued it), each
   * with the date and the way it was first acquired.
   */
  async documentFacts(
    manager: EntityManager,
    id: string,
  ): Promise<
    Omit<CredentialDocument, 'kind' | 'reference' | 'awardedOn' | 'issuedAt' | 'verificationUrl' | 'revokedAt' | 'revocationReason'>
  > {
    const rows = await manager.query(
      `SELECT o.name AS "organisationName",
              coalesce((SELECT jsonb_agg(x->>'name') FROM jsonb_array_elements(c.certifiers) x WHERE x->>'name' IS NOT NULL), '[]') AS certifiers,
              jsonb_build_object('firstNames', l.first_names, 'lastName', l.last_name, 'birthName', l.birth_name,
                                 'birthDate', to_char(l.birth_date, 'YYYY-MM-DD')) AS holder,
              jsonb_build_object('code', c.code, 'title', c.title, 'level', c.level) AS certification,
              CASE WHEN ic.kind = 'block' THEN jsonb_build_object('code', b.code, 'title', b.title, 'competencies', to_jsonb(b.competencies),
                                                                  'source', a.source) END AS block,
              CASE WHEN ic.kind = 'certification' THEN coalesce((
                SELECT jsonb_agg(jsonb_build_object('code', x.code, 'title', x.title, 'acquiredOn', to_char(x.acquired_on, 'YYYY-MM-DD'),
                                                    'source', x.source) ORDER BY x.position)
                FROM (SELECT DISTINCT ON (hb.code) hb.code, hb.title, hb.position, ha.acquired_on,
                             CASE WHEN ha.block_code = hb.code THEN ha.source ELSE 'equivalence' END AS source
                      FROM held_blocks(ic.learner_id, coalesce((SELECT d.organisation_id FROM jury_decision d WHERE d.id = ic.jury_decision_id), ic.organisation_id)) h
                      JOIN block hb ON hb.code = h.block_code AND hb.certification_code = ic.certification_code
                      JOIN block_acquisition ha ON ha.block_code = h.acquired_block_code AND ha.learner_id = ic.learner_id
                                               AND ha.revoked_at IS NULL
                      ORDER BY hb.code, ha.block_code <> hb.code, ha.acquired_on) x), '[]') ELSE '[]' END AS "heldBlocks"
       FROM issued_credential ic JOIN organisation o ON o.id = ic.organisation_id JOIN learner l ON l.id = ic.learner_id
       JOIN certification c ON c.code = ic.certification_code
       LEFT JOIN block b ON b.code = ic.block_code LEFT JOIN block_acquisition a ON a.id = ic.block_acquisition_id
       WHERE ic.id = $1`,
      [id],
    );
    return rows[0];
  }

  /** What the Open Badges of these credentials state, in one statement. */
  async badgeFacts(manager: EntityManager, ids: string[]): Promise<(BadgeFacts & { organisationId: string })[]> {
    return manager.query(
      `SELECT ic.id, ic.organisation_id AS "organisationId", ic.kind, ic.reference, o.name AS "organisationName", l.email AS "holderEmail",
              jsonb_build_object('code', c.code, 'title', c.title, 'level', c.level) AS certification,
              CASE WHEN ic.kind = 'block' THEN jsonb_build_object('code', b.code, 'title', b.title, 'competencies', to_jsonb(b.competencies)) END AS block,
              a.source, to_char(ic.awarded_on, 'YYYY-MM-DD') AS "awardedOn", ic.status_list_index AS "statusListIndex"
       FROM issued_credential ic JOIN organisation o ON o.id = ic.organisation_id JOIN learner l ON l.id = ic.learner_id
       JOIN certification c ON c.code = ic.certification_code
       LEFT JOIN block b ON b.code = ic.block_code LEFT JOIN block_acquisition a ON a.id = ic.block_acquisition_id
       WHERE ic.id = ANY($1::uuid[])
       ORDER BY ic.organisation_id, ic.reference`,
      [ids],
    );
  }

  /** Each credential's signed document, written once (the trigger refuses a second). */
  async storeDocuments(manager: EntityManager, documents: { id: string; document: object }[]): Promise<void> {
    if (documents.length === 0) return;
    await manager.query(
      `UPDATE issued_credential ic SET document = d.document
       FROM jsonb_to_recordset($1::jsonb) AS d(id uuid, document jsonb) WHERE ic.id = d.id`,
      [JSON.stringify(documents)],
    );
  }

  /** Unsigned credentials (some, or the oldest), locked for signing; skipping those another signer holds. */
  async lockUnsigned(manager: EntityManager, ids: string[] | null, limit: number, skipLocked: boolean): Promise<string[]> {
    const rows: { id: string }[] = await manager.query(
      `SELECT id FROM issued_credential WHERE document IS NULL AND ($1::uuid[] IS NULL OR id = ANY($1::uuid[]))
       ORDER BY issued_at, id LIMIT $2 FOR UPDATE ${skipLocked ? 'SKIP LOCKED' : ''}`,
      [ids, limit],
    );
    return rows.map((row) => row.id);
  }

  async findDocument(manager: EntityManager, id: string): Promise<Record<string, any> | null> {
    const rows = await manager.query(`SELECT document FROM issued_credential WHERE id = $1`, [id]);
    return rows[0]?.document ?? null;
  }

  async findIssuerKey(
    manager: EntityManager,
    organisationId: string,
  ): Promise<{ publicKeyMultibase: string; sealedSecretKey: string } | undefined> {
    const rows = await manager.query(
      `SELECT public_key_multibase AS "publicKeyMultibase", sealed_secret_key AS "sealedSecretKey" FROM credential_issuer_key WHERE organisation_id = $1`,
      [organisationId],
    );
    return rows[0];
  }

  /** The first key wins when two are made at once; the caller reads back the one kept. */
  async insertIssuerKey(
    manager: EntityManager,
    organisationId: string,
    publicKeyMultibase: string,
    sealedSecretKey: string,
  ): Promise<void> {
    await manager.query(
      `INSERT INTO credential_issuer_key (organisation_id, public_key_multibase, sealed_secret_key) VALUES ($1, $2, $3)
       ON CONFLICT (organisation_id) DO NOTHING`,
      [organisationId, publicKeyMultibase, sealedSecretKey],
    );
  }

  async revokedIndexes(manager: EntityManager, organisationId: string): Promise<number[]> {
    const rows: { index: number }[] = await manager.query(
      `SELECT status_list_index AS index FROM issued_credential WHERE organisation_id = $1 AND revoked_at IS NOT NULL ORDER BY 1`,
      [organisationId],
    );
    return rows.map((row) => row.index);
  }

  async nameDisplay(manager: EntityManager, learnerId: string): Promise<NameDisplay> {
    const rows = await manager.query(`SELECT name_display AS "nameDisplay" FROM credential_holder_preference WHERE learner_id = $1`, [
      learnerId,
    ]);
    return rows[0]?.nameDisplay ?? 'initial_and_last_name';
  }

  async saveNameDisplay(manager: EntityManager, learnerId: string, nameDisplay: NameDisplay): Promise<void> {
    await manager.query(
      `INSERT INTO credential_holder_preference (learner_id, name_display) VALUES ($1, $2)
       ON CONFLICT (learner_id) DO UPDATE SET name_display = EXCLUDED.name_display, updated_at = now()`,
      [learnerId, nameDisplay],
    );
  }

  async organisationName(manager: EntityManager, organisationId: string): Promise<string | undefined> {
    const rows = await manager.query(`SELECT name FROM organisation WHERE id = $1`, [organisationId]);
    return rows[0]?.name;
  }

  async findIdByReference(manager: EntityManager, reference: string): Promise<string | undefined> {
    const rows = await manager.query(`SELECT id FROM issued_credential WHERE reference = $1`, [reference]);
    return rows[0]?.id;
  }

  /** What a verified attestation proves, to record its block elsewhere: what, when, by whom, and whom the issuer recorded. */
  async attestationFacts(manager: EntityManager, id: string): Promise<AttestationFacts> {
    const rows = await manager.query(
      `SELECT ic.id AS "credentialId", ic.reference, ic.kind, ic.organisation_id AS "issuerOrganisationId", o.name AS "issuerName",
              ic.certification_code AS "certificationCode", ic.block_code AS "blockCode", to_char(ic.awarded_on, 'YYYY-MM-DD') AS "awardedOn",
              jsonb_build_object('firstNames', l.first_names, 'lastName', l.last_name, 'birthName', l.birth_name,
                                 'birthDate', to_char(l.birth_date, 'YYYY-MM-DD')) AS holder
       FROM issued_credential ic JOIN organisation o ON o.id = ic.organisation_id JOIN learner l ON l.id = ic.learner_id
       WHERE ic.id = $1`,
      [id],
    );
    return rows[0];
  }

  /** Locks the credential against a revocation until the caller's transaction ends; answers when it was revoked. */
  async lockForReading(manager: EntityManager, id: string): Promise<{ revokedAt: string | null; revocationReason: string | null }> {
    const rows = await manager.query(
      `SELECT ${TS('revoked_at')} AS "revokedAt", revocation_reason AS "revocationReason" FROM issued_credential WHERE id = $1 FOR SHARE`,
      [id],
    );
    return rows[0];
  }

  /** The credential, if the caller may read it (its holder's readers; the certifier of its certification's network). */
  async findReadable(manager: EntityManager, auth: AuthContext, id: string): Promise<IssuedCredentialRow | undefined> {
    const rows = await manager.query(READABLE_CREDENTIAL_SQL, [id, ...readerCaller.values(auth)]);
    return rows[0];
  }

  /** The learner's credentials the caller may read, revoked ones included, oldest decision first. */
  async listReadableForLearner(manager: EntityManager, auth: AuthContext, learnerId: string): Promise<IssuedCredentialRow[]> {
    return manager.query(READABLE_CREDENTIALS_OF_SQL, [learnerId, ...readerCaller.values(auth)]);
  }
}
