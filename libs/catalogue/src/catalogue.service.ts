import { Injectable } from '@nestjs/common';
import { DomainError, DomainErrorCode, FieldError, notFound } from '@project/domain';
import { AuthContext, CursorPart, Page, checkCursor, decodeCursor, recordAudit, toPage } from '@project/platform';
import { createHash } from 'node:crypto';
import { CatalogueRepository, UpsertOutcome } from './catalogue.repository';
import { CertificationSheetDto, CertificationSummaryDto, ListCertificationsQueryDto } from './dto/certification.dto';

@Injectable()
export class CatalogueService {
  constructor(private readonly catalogue: CatalogueRepository) {}

  async list(query: ListCertificationsQueryDto): Promise<Page<CertificationSummaryDto>> {
    const limit = query.limit ?? 50;
    const after = checkCursor<[string]>(decodeCursor(query.cursor, 1), [CursorPart.text])?.[0];
    const rows = await this.catalogue.list(limit, after, query.search, query.active);
    return toPage(
      rows,
      limit,
      (row) => [row.code],
      (row) => row,
    );
  }

  async get(code: string): Promise<CertificationSheetDto> {
    const sheet = await this.catalogue.findSheet(code.toUpperCase());
    if (!sheet) throw notFound(`Certification ${code}`);
    return sheet;
  }

  /** PUT: create or replace a certification from its sheet; curated by hand, so imports respect it. */
  async put(
    auth: AuthContext,
    code: string,
    sheet: CertificationSheetDto,
  ): Promise<{ outcome: UpsertOutcome; sheet: CertificationSheetDto }> {
    const errors = checkSheet(sheet, code);
    if (errors.length > 0) {
      throw new DomainError(DomainErrorCode.RuleViolation, `Invalid certification sheet: ${errors.map((e) => e.field).join(', ')}`, {
        errors,
      });
    }
    return this.catalogue.transaction(async (manager) => {
      const clash = await this.catalogue.blockCodesOwnedElsewhere(
        manager,
        sheet.code,
        sheet.blocks.map((b) => b.code),
      );
      const modalityClash = await this.catalogue.modalityIdsOwnedElsewhere(
        manager,
        sheet.blocks.flatMap((b) => b.modalities.filter((m) => m.id).map((m) => ({ id: m.id!, blockCode: b.code }))),
      );
      if (clash.length > 0 || modalityClash.length > 0) {
        throw new DomainError(DomainErrorCode.Conflict, 'Some blocks or modalities belong to another certification', {
          errors: [
            ...clash.map((c) => ({ field: 'blocks.code', message: `${c} belongs to another certification` })),
            ...modalityClash.map((id) => ({ field: 'blocks.modalities.id', message: `${id} belongs to another block` })),
          ],
        });
      }
      const before = await this.catalogue.findSheet(sheet.code, manager);
      const hash = sheetHash(sheet);
      const current = await this.catalogue.findContentHash(manager, sheet.code);
      const outcome: UpsertOutcome = !current ? 'created' : current.hash === hash ? 'unchanged' : 'updated';
      if (outcome !== 'unchanged') {
        await this.catalogue.upsertSheet(manager, sheet, hash, true);
        const after = await this.catalogue.findSheet(sheet.code, manager);
        await recordAudit(manager, auth, {
          action: outcome === 'created' ? 'certification.created' : 'certification.replaced',
          entityType: 'certification',
          entityId: sheet.code,
          before: before ?? null,
          after,
        });
      }
      return { outcome, sheet: (await this.catalogue.findSheet(sheet.code, manager))! };
    });
  }
}

/** Rules a sheet must follow beyond field formats; each broken one names its field. */
export function checkSheet(sheet: CertificationSheetDto, pathCode: string): FieldError[] {
  const errors: FieldError[] = [];
  if (sheet.code !== pathCode.toUpperCase()) errors.push({ field: 'code', message: `must equal the code in the path (${pathCode})` });
  const seenBlocks = new Set<string>();
  sheet.blocks.forEach((block, i) => {
    if (!block.code.startsWith(sheet.code + 'BC')) errors.push({ field: `blocks[${i}].code`, message: `must start with ${sheet.code}BC` });
    if (seenBlocks.has(block.code)) errors.push({ field: `blocks[${i}].code`, message: 'appears twice' });
    seenBlocks.add(block.code);
    const ids = block.modalities.map((m) => m.id).filter(Boolean);
    if (new Set(ids).size !== ids.length) errors.push({ field: `blocks[${i}].modalities`, message: 'a modality id appears twice' });
  });
  const routes = sheet.accessRoutes.map((r) => r.route);
  if (new Set(routes).size !== routes.length) errors.push({ field: 'accessRoutes', message: 'a route appears twice' });
  sheet.accessRoutes.forEach((route, i) => {
    if (route.juryComposition && !route.open)
      errors.push({ field: `accessRoutes[${i}].juryComposition`, message: 'a closed route has no jury' });
  });
  if (sheet.completionRule.kind === 'mandatory_plus_optional') {
    const optional = sheet.blocks.filter((b) => b.mandatory === false).length;
    if ((sheet.completionRule.optionalCount ?? 0) > optional) {
      errors.push({ field: 'completionRule.optionalCount', message: `only ${optional} optional blocks exist` });
    }
  }
  return errors;
}

/** Stable fingerprint of a sheet, so that re-importing or re-putting the same content changes nothing. */
export function sheetHash(sheet: CertificationSheetDto): string {
  return createHash('sha256').update(canonicalJson(sheet)).digest('hex');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}
