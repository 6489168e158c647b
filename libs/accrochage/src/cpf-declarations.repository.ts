import { Injectable } from '@nestjs/common';
import { DeclarationState, NatureDeposant } from '@project/domain';
import { SqlRepository } from '@project/platform';
import { EntityManager } from 'typeorm';
import {
  AwardDeclarationRow,
  CertifierSettingsRow,
  CreatedFileRow,
  DeclarationFileRow,
  DeclarationSummaryRow,
  PassageSourceRow,
} from './rows';

/** The CDC's per-file limit. */
export const MAX_PASSAGES_PER_FILE = 200_000;

interface AwardFilter {
  organisation: string;
  certificationCode: string;
  awardedFrom: string;
  awardedTo: string;
  learner: string;
}

/**
 * Where every award stands with the CDC, for one organisation, as two CTEs (`award`, `stated`): the one definition
 * the export, the status listing, the learner's view and the summary share. The placeholders are the caller's
 * (`NULL` for a filter not used). An award is a standing certification award of a closed session; an award a
 * correcting decision took back after it was declared (and not rejected) is `withdrawn`. The state of an award is
 * its last passage's, except that a rejected one whose holder's civil identity changed since the report is
 * `to_declare` again (resent with the same idTechnique).
 */
function awardStatesSql(f: AwardFilter): string {
  const filters = (alias: string) => `(${f.certificationCode}::text IS NULL OR ${alias}.certification_code = ${f.certificationCode}::text)
      AND (${f.awardedFrom}::date IS NULL OR ${alias}.held_on >= ${f.awardedFrom}::date)
      AND (${f.awardedTo}::date IS NULL OR ${alias}.held_on <= ${f.awardedTo}::date)
      AND (${f.learner}::uuid IS NULL OR ${alias}.learner_id = ${f.learner}::uuid)`;
  return `award AS (
    SELECT a.id AS award_id, a.learner_id, a.certification_code, a.held_on, true AS standing
    FROM standing_award a
    WHERE a.organisation_id = ${f.organisation}::uuid AND ${filters('a')}
      AND EXISTS (SELECT 1 FROM jury_decision d JOIN jury_session s ON s.id = d.jury_session_id WHERE d.id = a.id AND s.closed_at IS NOT NULL)
    UNION ALL
    SELECT w.id, w.learner_id, w.certification_code, w.held_on, false
    FROM (SELECT d.id, d.learner_id, s.certification_code, s.held_on FROM jury_decision d JOIN jury_session s ON s.id = d.jury_session_id
          WHERE d.organisation_id = ${f.organisation}::uuid AND d.block_code IS NULL AND d.decision = 'awarded'
            AND EXISTS (SELECT 1 FROM jury_decision n WHERE n.supersedes_decision_id = d.id)
            AND EXISTS (SELECT 1 FROM cpf_declaration_passage p WHERE p.award_decision_id = d.id AND p.state <> 'rejected')) w
    WHERE ${filters('w')}
  ),
  stated AS (
    SELECT a.award_id, a.learner_id, a.certification_code, a.held_on, l.first_names, l.last_name,
      (a.held_on + interval '3 months')::date AS deadline, cpf_identity_missing(l) AS missing,
      last.id_technique, last.file_id, coalesce(last.messages, '{}') AS messages,
      CASE WHEN NOT a.standing THEN 'withdrawn'
           WHEN last.state = 'accepted' THEN 'accepted'
           WHEN last.state = 'sent' THEN 'declared'
           WHEN cardinality(cpf_identity_missing(l)) > 0 THEN 'not_declarable'
           WHEN last.state = 'rejected' AND coalesce(l.civil_identity_updated_at <= last.reported_at, true) THEN 'rejected'
           ELSE 'to_declare' END AS state
    FROM award a JOIN learner l ON l.id = a.learner_id
    LEFT JOIN LATERAL (
      SELECT p.state, p.messages, p.reported_at, p.id_technique, p.file_id FROM cpf_declaration_passage p
      WHERE p.award_decision_id = a.award_id ORDER BY p.sent_at DESC LIMIT 1) last ON true
  )`;
}

const AWARD_COLUMNS = `award_id AS "awardDecisionId", learner_id AS "learnerId", first_names AS "firstNames", last_name AS "lastName",
  certification_code AS "certificationCode", to_char(held_on, 'YYYY-MM-DD') AS "awardedOn", to_char(deadline, 'YYYY-MM-DD') AS deadline,
  missing, id_technique AS "idTechnique", file_id AS "fileId", messages, state, state = 'accepted' AS settled`;

const SUMMARY_SQL = `WITH ${awardStatesSql({ organisation: '$1', certificationCode: '$2', awardedFrom: '$3', awardedTo: '$4', learner: 'NULL' })}
SELECT count(*) FILTER (WHERE state = 'to_declare')::int AS "toDeclare",
  count(*) FILTER (WHERE state = 'not_declarable')::int AS "notDeclarable",
  count(*) FILTER (WHERE state = 'declared')::int AS declared,
  count(*) FILTER (WHERE state = 'accepted')::int AS accepted,
  count(*) FILTER (WHERE state = 'rejected')::int AS rejected,
  count(*) FILTER (WHERE state = 'withdrawn')::int AS withdrawn,
  jsonb_build_object(
    'givenNames', count(*) FILTER (WHERE state = 'not_declarable' AND 'givenNames' = ANY(missing)),
    'sex', count(*) FILTER (WHERE state = 'not_declarable' AND 'sex' = ANY(missing)),
    'birthDate', count(*) FILTER (WHERE state = 'not_declarable' AND 'birthDate' = ANY(missing)),
    'birthPlace', count(*) FILTER (WHERE state = 'not_declarable' AND 'birthPlace' = ANY(missing))) AS missing
FROM stated`;

const CREATE_FILE_SQL = `WITH ${awardStatesSql({ organisation: '$1', certificationCode: '$2', awardedFrom: '$3', awardedTo: '$4', learner: 'NULL' })},
chosen AS MATERIALIZED (
  SELECT award_id, learner_id, certification_code, held_on FROM stated WHERE state = 'to_declare'
  ORDER BY held_on, award_id LIMIT ${MAX_PASSAGES_PER_FILE}),
file AS (
  INSERT INTO cpf_declaration_file (organisation_id, id_flux, generated_at, created_by, certification_code, awarded_from, awarded_to, passage_count, xsd)
  SELECT $1, gen_random_uuid(), now(), $5, $2, $3, $4, count(*), $6 FROM chosen HAVING count(*) > 0
  RETURNING id, id_flux, generated_at),
passages AS (
  INSERT INTO cpf_declaration_passage (file_id, id_technique, award_decision_id, organisation_id, learner_id, certification_code, awarded_on, sent_at)
  SELECT file.id, chosen.award_id::text, chosen.award_id, $1, chosen.learner_id, chosen.certification_code, chosen.held_on, file.generated_at
  FROM chosen CROSS JOIN file
  RETURNING 1)
SELECT file.id, file.id_flux AS "idFlux", file.generated_at AS "generatedAt", (SELECT count(*) FROM passages)::int AS "passageCount",
  (SELECT count(*) FROM stated WHERE state = 'to_declare')::int AS "toDeclare",
  (SELECT count(*) FROM stated WHERE state = 'not_declarable')::int AS "notDeclarable",
  coalesce((SELECT array_agg(DISTINCT c.certification_code ORDER BY c.certification_code) FROM chosen c WHERE NOT EXISTS (
    SELECT 1 FROM cpf_certification_settings cs WHERE cs.organisation_id = $1::uuid AND cs.certification_code = c.certification_code)),
    '{}') AS "certificationsWithoutNature"
FROM file`;

const PASSAGE_SOURCE_SQL = `SELECT p.id_technique AS "idTechnique", p.certification_code AS "certificationCode",
  to_char(p.awarded_on, 'YYYY-MM-DD') AS "awardedOn", e.access_route AS "accessRoute", l.last_name AS "lastName",
  l.birth_name AS "birthName", l.usage_name AS "usageName", l.given_names AS "givenNames", to_char(l.birth_date, 'YYYY-MM-DD') AS "birthDate",
  l.sex, l.birth_commune_code AS "birthCommuneCode", l.birth_postal_code AS "birthPostalCode", l.birth_commune AS "birthCommune",
  l.birth_country_code AS "birthCountryCode", l.birth_country AS "birthCountry", ic.id AS "credentialId"
FROM cpf_declaration_passage p
JOIN jury_decision d ON d.id = p.award_decision_id
JOIN enrolment e ON e.id = d.enrolment_id
JOIN learner l ON l.id = p.learner_id
LEFT JOIN issued_credential ic ON ic.jury_decision_id = p.award_decision_id AND ic.kind = 'certification' AND ic.revoked_at IS NULL
WHERE p.file_id = $1 AND ($2::text IS NULL OR (p.certification_code, p.id_technique) > ($2::text, $3::text))
ORDER BY p.certification_code, p.id_technique
LIMIT $4`;

const FILE_COLUMNS = `f.id, f.id_flux AS "idFlux", f.generated_at AS "generatedAt", f.certification_code AS "certificationCode",
  to_char(f.awarded_from, 'YYYY-MM-DD') AS "awardedFrom", to_char(f.awarded_to, 'YYYY-MM-DD') AS "awardedTo", f.passage_count AS "passageCount",
  f.byte_size AS "byteSize", f.sha256, f.xsd, f.report_applied_at AS "reportAppliedAt",
  (SELECT jsonb_build_object('sent', count(*) FILTER (WHERE p.state = 'sent'), 'accepted', count(*) FILTER (WHERE p.state = 'accepted'),
     'rejected', count(*) FILTER (WHERE p.state = 'rejected')) FROM cpf_declaration_passage p WHERE p.file_id = f.id) AS states`;

const STATUS_SQL = `WITH ${awardStatesSql({ organisation: '$1', certificationCode: '$2', awardedFrom: 'NULL', awardedTo: 'NULL', learner: '$9' })}
SELECT ${AWARD_COLUMNS}, deadline - $3::date AS "daysLeft"
FROM stated
WHERE ($4::text IS NULL OR state = $4::text)
  AND ($5::boolean IS NULL OR (state = 'accepted', deadline, award_id) > ($5::boolean, $6::date, $7::uuid))
ORDER BY state = 'accepted', deadline, award_id
LIMIT $8`;

/** Every SQL statement about CPF declarations. */
@Injectable()
export class CpfDeclarationsRepository extends SqlRepository {
  async settings(manager: EntityManager, organisationId: string): Promise<CertifierSettingsRow> {
    const rows: CertifierSettingsRow[] = await manager.query(
      `SELECT s.cdc_client_id AS "cdcClientId", s.cdc_contract_id AS "cdcContractId",
         coalesce((SELECT jsonb_agg(jsonb_build_object('certificationCode', c.certification_code, 'natureDeposant', c.nature_deposant)
                   ORDER BY c.certification_code)
                   FROM cpf_certification_settings c WHERE c.organisation_id = o.id), '[]') AS certifications
       FROM organisation o LEFT JOIN cpf_certifier_settings s ON s.organisation_id = o.id
       WHERE o.id = $1`,
      [organisationId],
    );
    return rows[0] ?? { cdcClientId: null, cdcContractId: null, certifications: [] };
  }

  /** Replaces the organisation's settings (the certifications not listed lose their natureDeposant). */
  async replaceSettings(
    manager: EntityManager,
    organisationId: string,
    settings: {
      cdcClientId: string;
      cdcContractId: string;
      certifications: { certificationCode: string; natureDeposant: NatureDeposant }[];
    },
  ): Promise<void> {
    await manager.query(
      `INSERT INTO cpf_certifier_settings (organisation_id, cdc_client_id, cdc_contract_id) VALUES ($1, $2, $3)
       ON CONFLICT (organisation_id) DO UPDATE SET cdc_client_id = EXCLUDED.cdc_client_id, cdc_contract_id = EXCLUDED.cdc_contract_id, updated_at = now()`,
      [organisationId, settings.cdcClientId, settings.cdcContractId],
    );
    await manager.query(`DELETE FROM cpf_certification_settings WHERE organisation_id = $1`, [organisationId]);
    await manager.query(
      `INSERT INTO cpf_certification_settings (organisation_id, certification_code, nature_deposant)
       SELECT $1, x.code, x.nature FROM unnest($2::text[], $3::text[]) AS x(code, nature)`,
      [organisationId, settings.certifications.map((c) => c.certificationCode), settings.certifications.map((c) => c.natureDeposant)],
    );
  }

  /** The certification codes among `codes` the catalogue does not know. */
  async unknownCertifications(manager: EntityManager, codes: string[]): Promise<string[]> {
    const rows: { code: string }[] = await manager.query(
      `SELECT x.code FROM unnest($1::text[]) AS x(code) WHERE NOT EXISTS (SELECT 1 FROM certification c WHERE c.code = x.code)`,
      [codes],
    );
    return rows.map((row) => row.code);
  }

  /** One export at a time per organisation, so two cannot declare the same award. */
  async lockExports(manager: EntityManager, organisationId: string): Promise<void> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended('cpf-export:' || $1::text, 0))`, [organisationId]);
  }

  async summary(manager: EntityManager, organisationId: string, filter: ExportFilter): Promise<DeclarationSummaryRow> {
    const rows: DeclarationSummaryRow[] = await manager.query(SUMMARY_SQL, [
      organisationId,
      filter.certificationCode ?? null,
      filter.awardedFrom ?? null,
      filter.awardedTo ?? null,
    ]);
    return rows[0];
  }

  /**
   * The file row and one passage per award to declare (at most the CDC's limit, oldest awards first), in one statement
   * that also counts what it left out; undefined when there is nothing to declare (then see summary()).
   */
  async createFile(
    manager: EntityManager,
    organisationId: string,
    userId: string,
    filter: ExportFilter,
    xsd: string,
  ): Promise<CreatedFileRow | undefined> {
    const rows = await manager.query(CREATE_FILE_SQL, [
      organisationId,
      filter.certificationCode ?? null,
      filter.awardedFrom ?? null,
      filter.awardedTo ?? null,
      userId,
      xsd,
    ]);
    // Up to 200,000 passages just arrived: the planner must know before the file is read back batch by batch.
    if (rows[0]?.passageCount > 10_000) await manager.query(`ANALYZE cpf_declaration_passage`);
    return rows[0];
  }

  /** The file's passages with what the XML needs, `limit` at a time after `after` (certification code, idTechnique). */
  passageSources(manager: EntityManager, fileId: string, after: [string, string] | undefined, limit: number): Promise<PassageSourceRow[]> {
    return manager.query(PASSAGE_SOURCE_SQL, [fileId, after?.[0] ?? null, after?.[1] ?? null, limit]);
  }

  async insertChunk(manager: EntityManager, fileId: string, seq: number, data: Buffer): Promise<void> {
    await manager.query(`INSERT INTO cpf_declaration_file_chunk (file_id, seq, data) VALUES ($1, $2, $3)`, [fileId, seq, data]);
  }

  async completeFile(manager: EntityManager, fileId: string, byteSize: number, sha256: string): Promise<void> {
    await manager.query(`UPDATE cpf_declaration_file SET byte_size = $2, sha256 = $3 WHERE id = $1`, [fileId, byteSize, sha256]);
  }

  async findFile(manager: EntityManager, organisationId: string, id: string, lock = false): Promise<DeclarationFileRow | undefined> {
    const rows: DeclarationFileRow[] = await manager.query(
      `SELECT ${FILE_COLUMNS} FROM cpf_declaration_file f WHERE f.id = $1 AND f.organisation_id = $2 ${lock ? 'FOR UPDATE OF f' : ''}`,
      [id, organisationId],
    );
    return rows[0];
  }

  async listFiles(organisationId: string): Promise<DeclarationFileRow[]> {
    return this.manager.query(
      `SELECT ${FILE_COLUMNS} FROM cpf_declaration_file f WHERE f.organisation_id = $1 ORDER BY f.generated_at DESC, f.id LIMIT 100`,
      [organisationId],
    );
  }

  /** One stored piece of the file, or undefined after the last. */
  async chunk(fileId: string, seq: number): Promise<Buffer | undefined> {
    const rows: { data: Buffer }[] = await this.manager.query(
      `SELECT data FROM cpf_declaration_file_chunk WHERE file_id = $1 AND seq = $2`,
      [fileId, seq],
    );
    return rows[0]?.data;
  }

  /** The ids among `ids` that are no passage of the file (at most 100 named). */
  async unknownIds(manager: EntityManager, fileId: string, ids: string[]): Promise<string[]> {
    const rows: { id: string }[] = await manager.query(
      // A set difference (hashed), not a per-id probe: with 200,000 ids a misestimated nested loop took minutes.
      `(SELECT x.id FROM unnest($2::text[]) AS x(id) EXCEPT SELECT p.id_technique FROM cpf_declaration_passage p WHERE p.file_id = $1) LIMIT 100`,
      [fileId, ids],
    );
    return rows.map((row) => row.id);
  }

  /** The processing report, set-based: accepted ids, then rejected ones with their messages; then the file is marked. */
  async applyReport(
    manager: EntityManager,
    fileId: string,
    userId: string,
    accepted: string[],
    rejected: { idTechnique: string; messages: string[] }[],
  ): Promise<void> {
    await manager.query(
      `UPDATE cpf_declaration_passage p SET state = 'accepted', reported_at = now()
       FROM unnest($2::text[]) AS x(id) WHERE p.file_id = $1 AND p.id_technique = x.id`,
      [fileId, accepted],
    );
    await manager.query(
      `UPDATE cpf_declaration_passage p SET state = 'rejected', messages = x.messages, reported_at = now()
       FROM jsonb_to_recordset($2::jsonb) AS x("idTechnique" text, messages text[]) WHERE p.file_id = $1 AND p.id_technique = x."idTechnique"`,
      [fileId, JSON.stringify(rejected)],
    );
    await manager.query(`UPDATE cpf_declaration_file SET report_applied_at = now(), report_applied_by = $2 WHERE id = $1`, [
      fileId,
      userId,
    ]);
  }

  /** The status listing: overdue first (by deadline), accepted ones last; keyset on (accepted, deadline, award). */
  status(
    organisationId: string,
    query: { certificationCode?: string; state?: DeclarationState; learnerId?: string },
    today: string,
    after: [boolean, string, string] | undefined,
    limit: number,
  ): Promise<AwardDeclarationRow[]> {
    return this.manager.query(STATUS_SQL, [
      organisationId,
      query.certificationCode ?? null,
      today,
      query.state ?? null,
      after?.[0] ?? null,
      after?.[1] ?? null,
      after?.[2] ?? null,
      limit,
      query.learnerId ?? null,
    ]);
  }
}

export interface ExportFilter {
  certificationCode?: string;
  awardedFrom?: string;
  awardedTo?: string;
}
