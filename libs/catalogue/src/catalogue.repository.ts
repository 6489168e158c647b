import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { CertificationSheetDto, CertificationSummaryDto } from './dto/certification.dto';

export type UpsertOutcome = 'created' | 'updated' | 'unchanged';

/** Every SQL statement of the catalogue. The sheet JSON is assembled by PostgreSQL in one query. */
@Injectable()
export class CatalogueRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  async list(limit: number, after: string | undefined, search: string | undefined, active: boolean | undefined): Promise<(CertificationSummaryDto & { code: string })[]> {
    return this.dataSource.query(
      `SELECT c.code, c.title, c.level, c.active,
              to_char(c.registration_ends_on, 'YYYY-MM-DD') AS "registrationEndsOn",
              (SELECT count(*)::int FROM block b WHERE b.certification_code = c.code AND b.retired_at IS NULL) AS "blockCount"
       FROM certification c
       WHERE ($1::text IS NULL OR c.code > $1)
         AND ($2::text IS NULL OR c.code ILIKE '%' || $2 || '%' OR c.title ILIKE '%' || $2 || '%')
         AND ($3::boolean IS NULL OR c.active = $3)
       ORDER BY c.code
       LIMIT $4`,
      [after ?? null, search ?? null, active ?? null, limit + 1],
    );
  }

  async findSheet(code: string, manager: EntityManager = this.dataSource.manager): Promise<CertificationSheetDto | undefined> {
    const rows = await manager.query(`SELECT ${SHEET_JSON} AS sheet FROM certification c WHERE c.code = $1`, [code]);
    return rows[0]?.sheet;
  }

  async findContentHash(manager: EntityManager, code: string): Promise<{ hash: string | null; curated: boolean } | undefined> {
    const rows = await manager.query(`SELECT content_hash AS hash, curated FROM certification WHERE code = $1 FOR UPDATE`, [code]);
    return rows[0];
  }

  /**
   * Creates or replaces a certification from its sheet. Blocks and modalities absent from the new sheet
   * are retired, never deleted: results and decisions may point at them.
   */
  async upsertSheet(manager: EntityManager, sheet: CertificationSheetDto, contentHash: string, curated: boolean): Promise<void> {
    await manager.query(
      `INSERT INTO certification (code, title, level, active, certifiers, nsf_codes, formacodes, rome_codes,
          registration_ends_on, replaces, prerequisites, additional_requirements, completion_rule, statistics, curated, content_hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
       ON CONFLICT (code) DO UPDATE SET title = EXCLUDED.title, level = EXCLUDED.level, active = EXCLUDED.active,
          certifiers = EXCLUDED.certifiers, nsf_codes = EXCLUDED.nsf_codes, formacodes = EXCLUDED.formacodes,
          rome_codes = EXCLUDED.rome_codes, registration_ends_on = EXCLUDED.registration_ends_on,
          replaces = EXCLUDED.replaces, prerequisites = EXCLUDED.prerequisites,
          additional_requirements = EXCLUDED.additional_requirements, completion_rule = EXCLUDED.completion_rule,
          statistics = EXCLUDED.statistics, curated = certification.curated OR EXCLUDED.curated,
          content_hash = EXCLUDED.content_hash, updated_at = now()`,
      [
        sheet.code,
        sheet.title,
        sheet.level ?? null,
        sheet.active ?? true,
        JSON.stringify(sheet.certifiers),
        JSON.stringify(sheet.nsfCodes),
        JSON.stringify(sheet.formacodes),
        JSON.stringify(sheet.romeCodes),
        sheet.registrationEndsOn ?? null,
        sheet.replaces,
        sheet.prerequisites ?? null,
        JSON.stringify(sheet.additionalRequirements ?? []),
        JSON.stringify(sheet.completionRule),
        JSON.stringify(sheet.statistics ?? []),
        curated,
        contentHash,
      ],
    );
    await manager.query(`DELETE FROM certification_access_route WHERE certification_code = $1`, [sheet.code]);
    await manager.query(
      `INSERT INTO certification_access_route (certification_code, route, open, jury_composition)
       SELECT $1, r.route, r.open, r."juryComposition"
       FROM jsonb_to_recordset($2::jsonb) AS r(route text, open boolean, "juryComposition" jsonb)`,
      [sheet.code, JSON.stringify(sheet.accessRoutes)],
    );
    await manager.query(
      `UPDATE block SET retired_at = now() WHERE certification_code = $1 AND retired_at IS NULL AND code <> ALL($2::text[])`,
      [sheet.code, sheet.blocks.map((b) => b.code)],
    );
    for (const [index, block] of sheet.blocks.entries()) {
      await manager.query(
        `INSERT INTO block (code, certification_code, position, title, competencies, evaluation_text, mandatory, pass_mark, retired_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, NULL)
         ON CONFLICT (code) DO UPDATE SET position = EXCLUDED.position, title = EXCLUDED.title,
           competencies = EXCLUDED.competencies, evaluation_text = EXCLUDED.evaluation_text,
           mandatory = EXCLUDED.mandatory, pass_mark = EXCLUDED.pass_mark, retired_at = NULL
         WHERE block.certification_code = EXCLUDED.certification_code`,
        [block.code, sheet.code, index + 1, block.title, block.competencies, block.evaluationText ?? null, block.mandatory ?? true, block.passMark ?? 10],
      );
      await this.replaceModalities(manager, block.code, block.modalities);
    }
  }

  /** Matches incoming modalities to existing ones by id, else by kind and label; the rest are retired. */
  private async replaceModalities(manager: EntityManager, blockCode: string, modalities: CertificationSheetDto['blocks'][number]['modalities']): Promise<void> {
    const existing: { id: string; kind: string; label: string }[] = await manager.query(
      `SELECT id, kind, label FROM assessment_modality WHERE block_code = $1`,
      [blockCode],
    );
    const kept = new Set<string>();
    for (const [index, modality] of modalities.entries()) {
      const match =
        existing.find((row) => row.id === modality.id && !kept.has(row.id)) ??
        existing.find((row) => row.kind === modality.kind && row.label === modality.label && !kept.has(row.id));
      const values = [
        modality.kind,
        modality.label,
        modality.mode,
        modality.form,
        modality.coefficient,
        modality.passMark,
        modality.eliminatoryFloor ?? null,
        modality.grading ?? 'score',
        index + 1,
      ];
      if (match) {
        kept.add(match.id);
        await manager.query(
          `UPDATE assessment_modality SET kind = $1, label = $2, mode = $3, form = $4, coefficient = $5, pass_mark = $6,
             eliminatory_floor = $7, grading = $8, position = $9, retired_at = NULL WHERE id = $10`,
          [...values, match.id],
        );
      } else {
        const inserted = await manager.query(
          `INSERT INTO assessment_modality (kind, label, mode, form, coefficient, pass_mark, eliminatory_floor, grading, position, block_code, id)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, coalesce($11::uuid, gen_random_uuid())) RETURNING id`,
          [...values, blockCode, modality.id && !existing.some((row) => row.id === modality.id) ? modality.id : null],
        );
        kept.add(inserted[0].id);
      }
    }
    await manager.query(
      `UPDATE assessment_modality SET retired_at = now() WHERE block_code = $1 AND retired_at IS NULL AND id <> ALL($2::uuid[])`,
      [blockCode, [...kept]],
    );
  }

  async blockCodesOwnedElsewhere(manager: EntityManager, certificationCode: string, blockCodes: string[]): Promise<string[]> {
    const rows = await manager.query(
      `SELECT code FROM block WHERE code = ANY($1::text[]) AND certification_code <> $2`,
      [blockCodes, certificationCode],
    );
    return rows.map((row: { code: string }) => row.code);
  }

  async modalityIdsOwnedElsewhere(manager: EntityManager, pairs: { id: string; blockCode: string }[]): Promise<string[]> {
    if (pairs.length === 0) return [];
    const rows = await manager.query(
      `SELECT m.id FROM assessment_modality m JOIN jsonb_to_recordset($1::jsonb) AS p(id uuid, "blockCode" text) ON p.id = m.id
       WHERE m.block_code <> p."blockCode"`,
      [JSON.stringify(pairs)],
    );
    return rows.map((row: { id: string }) => row.id);
  }
}

const SHEET_JSON = `jsonb_build_object(
  'code', c.code,
  'title', c.title,
  'level', c.level,
  'active', c.active,
  'certifiers', c.certifiers,
  'nsfCodes', c.nsf_codes,
  'formacodes', c.formacodes,
  'romeCodes', c.rome_codes,
  'registrationEndsOn', to_char(c.registration_ends_on, 'YYYY-MM-DD'),
  'replaces', to_jsonb(c.replaces),
  'prerequisites', c.prerequisites,
  'additionalRequirements', c.additional_requirements,
  'accessRoutes', coalesce((
    SELECT jsonb_agg(jsonb_build_object('route', r.route, 'open', r.open, 'juryComposition', r.jury_composition)
                     ORDER BY array_position(ARRAY['student','apprenticeship','continuing_education',
                       'professionalisation_contract','individual_application','vae'], r.route))
    FROM certification_access_route r WHERE r.certification_code = c.code), '[]'::jsonb),
  'completionRule', c.completion_rule,
  'blocks', coalesce((
    SELECT jsonb_agg(jsonb_build_object(
      'code', b.code,
      'title', b.title,
      'mandatory', b.mandatory,
      'passMark', b.pass_mark::float8,
      'competencies', to_jsonb(b.competencies),
      'evaluationText', b.evaluation_text,
      'modalities', coalesce((
        SELECT jsonb_agg(jsonb_build_object(
          'id', m.id, 'kind', m.kind, 'label', m.label, 'mode', m.mode, 'form', m.form,
          'coefficient', m.coefficient::float8, 'passMark', m.pass_mark::float8,
          'eliminatoryFloor', m.eliminatory_floor::float8, 'grading', m.grading) ORDER BY m.position)
        FROM assessment_modality m WHERE m.block_code = b.code AND m.retired_at IS NULL), '[]'::jsonb)
    ) ORDER BY b.position)
    FROM block b WHERE b.certification_code = c.code AND b.retired_at IS NULL), '[]'::jsonb),
  'statistics', c.statistics
)`;
