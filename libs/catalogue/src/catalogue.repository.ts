import { Injectable } from '@nestjs/common';
import { SqlRepository } from '@project/platform';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { normaliseSheet } from './sheet-defaults';
import { CertificationSheetDto, CertificationSummaryDto } from './dto/certification.dto';

export type UpsertOutcome = 'created' | 'updated' | 'unchanged';

export interface SheetWrite {
  sheet: CertificationSheetDto;
  contentHash: string;
  curated: boolean;
}

/** The certification is in the catalogue (for other libraries' checks: they read the catalogue through it). */
export async function certificationExists(manager: EntityManager, code: string): Promise<boolean> {
  const rows = await manager.query(`SELECT 1 FROM certification WHERE code = $1`, [code]);
  return rows.length > 0;
}

/** Every SQL statement of the catalogue. The sheet JSON is assembled by PostgreSQL in one query. */
@Injectable()
export class CatalogueRepository extends SqlRepository {
  async list(
    limit: number,
    after: string | undefined,
    search: string | undefined,
    active: boolean | undefined,
  ): Promise<(CertificationSummaryDto & { code: string })[]> {
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
    await this.upsertSheets(manager, [{ sheet, contentHash, curated }]);
  }

  /**
   * upsertSheet for many sheets at once, in a fixed number of set-based statements whatever their count
   * (the RNCP import writes the registry 200 sheets at a time). Sheets must have distinct codes.
   */
  async upsertSheets(manager: EntityManager, items: SheetWrite[]): Promise<void> {
    if (items.length === 0) return;
    const codes = items.map((item) => item.sheet.code);
    // Defaults filled once (sheet-defaults.ts); certifiers are stored as given.
    const sheets = items.map((item) => ({ ...item, given: item.sheet, sheet: normaliseSheet(item.sheet) }));
    await manager.query(
      `INSERT INTO certification (code, title, level, active, certifiers, nsf_codes, formacodes, rome_codes,
          registration_ends_on, replaces, prerequisites, additional_requirements, completion_rule, statistics, curated, content_hash)
       SELECT s.code, s.title, s.level, s.active, s.certifiers, s.nsf_codes, s.formacodes, s.rome_codes,
          s.registration_ends_on, s.replaces, s.prerequisites, s.additional_requirements, s.completion_rule, s.statistics, s.curated, s.content_hash
       FROM jsonb_to_recordset($1::jsonb) AS s(code text, title text, level smallint, active boolean, certifiers jsonb, nsf_codes jsonb,
          formacodes jsonb, rome_codes jsonb, registration_ends_on date, replaces text[], prerequisites text,
          additional_requirements jsonb, completion_rule jsonb, statistics jsonb, curated boolean, content_hash text)
       ON CONFLICT (code) DO UPDATE SET title = EXCLUDED.title, level = EXCLUDED.level, active = EXCLUDED.active,
          certifiers = EXCLUDED.certifiers, nsf_codes = EXCLUDED.nsf_codes, formacodes = EXCLUDED.formacodes,
          rome_codes = EXCLUDED.rome_codes, registration_ends_on = EXCLUDED.registration_ends_on,
          replaces = EXCLUDED.replaces, prerequisites = EXCLUDED.prerequisites,
          additional_requirements = EXCLUDED.additional_requirements, completion_rule = EXCLUDED.completion_rule,
          statistics = EXCLUDED.statistics, curated = certification.curated OR EXCLUDED.curated,
          content_hash = EXCLUDED.content_hash, updated_at = now()`,
      [
        JSON.stringify(
          sheets.map(({ sheet, given, contentHash, curated }) => ({
            code: sheet.code,
            title: sheet.title,
            level: sheet.level,
            active: sheet.active,
            certifiers: given.certifiers,
            nsf_codes: sheet.nsfCodes,
            formacodes: sheet.formacodes,
            rome_codes: sheet.romeCodes,
            registration_ends_on: sheet.registrationEndsOn,
            replaces: sheet.replaces,
            prerequisites: sheet.prerequisites,
            additional_requirements: sheet.additionalRequirements,
            completion_rule: sheet.completionRule,
            statistics: sheet.statistics,
            curated,
            content_hash: contentHash,
          })),
        ),
      ],
    );
    await manager.query(`DELETE FROM certification_access_route WHERE certification_code = ANY($1::text[])`, [codes]);
    await manager.query(
      `INSERT INTO certification_access_route (certification_code, route, open, jury_composition)
       SELECT r.code, r.route, r.open, r."juryComposition"
       FROM jsonb_to_recordset($1::jsonb) AS r(code text, route text, open boolean, "juryComposition" jsonb)`,
      [JSON.stringify(sheets.flatMap(({ sheet }) => sheet.accessRoutes.map((route) => ({ ...route, code: sheet.code }))))],
    );
    await manager.query(
      `UPDATE block b SET retired_at = now()
       FROM jsonb_to_recordset($1::jsonb) AS s(code text, blocks text[])
       WHERE b.certification_code = s.code AND b.retired_at IS NULL AND b.code <> ALL(s.blocks)`,
      [JSON.stringify(sheets.map(({ sheet }) => ({ code: sheet.code, blocks: sheet.blocks.map((b) => b.code) })))],
    );
    const blocks = sheets.flatMap(({ sheet }) =>
      sheet.blocks.map((block, index) => ({ block, certificationCode: sheet.code, position: index + 1 })),
    );
    if (blocks.length === 0) return;
    await manager.query(
      `INSERT INTO block (code, certification_code, position, title, competencies, evaluation_text, mandatory, pass_mark, retired_at)
       SELECT b.code, b.certification_code, b.position, b.title, b.competencies, b.evaluation_text, b.mandatory, b.pass_mark, NULL
       FROM jsonb_to_recordset($1::jsonb) AS b(code text, certification_code text, position smallint, title text, competencies text[],
          evaluation_text text, mandatory boolean, pass_mark numeric)
       ON CONFLICT (code) DO UPDATE SET position = EXCLUDED.position, title = EXCLUDED.title,
         competencies = EXCLUDED.competencies, evaluation_text = EXCLUDED.evaluation_text,
         mandatory = EXCLUDED.mandatory, pass_mark = EXCLUDED.pass_mark, retired_at = NULL
       WHERE block.certification_code = EXCLUDED.certification_code`,
      [
        JSON.stringify(
          blocks.map(({ block, certificationCode, position }) => ({
            code: block.code,
            certification_code: certificationCode,
            position,
            title: block.title,
            competencies: block.competencies,
            evaluation_text: block.evaluationText,
            mandatory: block.mandatory,
            pass_mark: block.passMark,
          })),
        ),
      ],
    );
    await this.replaceModalities(
      manager,
      blocks.map(({ block }) => block),
    );
  }

  /**
   * Matches incoming modalities to existing ones by id, else by kind and label (the matching runs here,
   * block by block); matched ones are updated, the others inserted, and the rest of each block retired.
   */
  private async replaceModalities(manager: EntityManager, blocks: CertificationSheetDto['blocks']): Promise<void> {
    const rows: { id: string; blockCode: string; kind: string; label: string }[] = await manager.query(
      `SELECT id, block_code AS "blockCode", kind, label FROM assessment_modality WHERE block_code = ANY($1::text[])`,
      [blocks.map((block) => block.code)],
    );
    const existingByBlock = new Map<string, typeof rows>();
    for (const row of rows) existingByBlock.set(row.blockCode, [...(existingByBlock.get(row.blockCode) ?? []), row]);
    const writes: Record<string, unknown>[] = [];
    const kept: string[] = [];
    for (const block of blocks) {
      const existing = existingByBlock.get(block.code) ?? [];
      const keptHere = new Set<string>();
      for (const [index, modality] of block.modalities.entries()) {
        const match =
          existing.find((row) => row.id === modality.id && !keptHere.has(row.id)) ??
          existing.find((row) => row.kind === modality.kind && row.label === modality.label && !keptHere.has(row.id));
        // A new modality keeps the id it was given unless this block already uses it; else a fresh one.
        const id = match?.id ?? (modality.id && !existing.some((row) => row.id === modality.id) ? modality.id : randomUUID());
        keptHere.add(id);
        writes.push({
          id,
          matched: !!match,
          block_code: block.code,
          kind: modality.kind,
          label: modality.label,
          mode: modality.mode,
          form: modality.form,
          coefficient: modality.coefficient,
          pass_mark: modality.passMark,
          eliminatory_floor: modality.eliminatoryFloor,
          grading: modality.grading,
          position: index + 1,
        });
      }
      kept.push(...keptHere);
    }
    const recordset = `jsonb_to_recordset($1::jsonb) AS m(id uuid, matched boolean, block_code text, kind text, label text, mode text, form text,
          coefficient numeric, pass_mark numeric, eliminatory_floor numeric, grading text, position smallint)`;
    if (writes.some((w) => w.matched)) {
      await manager.query(
        `UPDATE assessment_modality a SET kind = m.kind, label = m.label, mode = m.mode, form = m.form, coefficient = m.coefficient,
           pass_mark = m.pass_mark, eliminatory_floor = m.eliminatory_floor, grading = m.grading, position = m.position, retired_at = NULL
         FROM ${recordset} WHERE m.matched AND a.id = m.id`,
        [JSON.stringify(writes.filter((w) => w.matched))],
      );
    }
    if (writes.some((w) => !w.matched)) {
      await manager.query(
        `INSERT INTO assessment_modality (id, block_code, kind, label, mode, form, coefficient, pass_mark, eliminatory_floor, grading, position)
         SELECT m.id, m.block_code, m.kind, m.label, m.mode, m.form, m.coefficient, m.pass_mark, m.eliminatory_floor, m.grading, m.position
         FROM ${recordset}`,
        [JSON.stringify(writes.filter((w) => !w.matched))],
      );
    }
    await manager.query(
      `UPDATE assessment_modality SET retired_at = now() WHERE block_code = ANY($1::text[]) AND retired_at IS NULL AND id <> ALL($2::uuid[])`,
      [blocks.map((block) => block.code), kept],
    );
  }

  async blockCodesOwnedElsewhere(manager: EntityManager, certificationCode: string, blockCodes: string[]): Promise<string[]> {
    const rows = await manager.query(`SELECT code FROM block WHERE code = ANY($1::text[]) AND certification_code <> $2`, [
      blockCodes,
      certificationCode,
    ]);
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
