import { Inject, Injectable, PayloadTooLargeException, StreamableFile } from '@nestjs/common';
import { DomainError, DomainErrorCode, FieldError, notFound, parisToday } from '@project/domain';
import {
  APP_CONFIG,
  AppConfig,
  AuthContext,
  CursorPart,
  DEFAULT_PAGE_SIZE,
  Page,
  ZipError,
  assertCanReadLearner,
  checkCursor,
  decodeCursor,
  inflateZip,
  recordAudit,
  toPage,
  validationProblem,
} from '@project/platform';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { Readable } from 'node:stream';
import { EntityManager } from 'typeorm';
import { CpfDeclarationsRepository, ExportFilter } from './cpf-declarations.repository';
import { writeDeclarationFile } from './declaration-file';
import {
  AwardDeclarationDto,
  CreateDeclarationDto,
  DeclarationFileDto,
  ExportResultDto,
  ReportResultDto,
  StatusQueryDto,
  mapAwardDeclaration,
  mapDeclarationFile,
} from './dto/declaration.dto';
import { CpfSettingsDto, UpdateCpfSettingsDto, mapSettings } from './dto/settings.dto';
import { parisTimestamp } from './xml/flux-writer';
import { parseProcessingReport } from './xml/report-parser';
import { DEFAULT_CPF_XSD_PATH, XsdValidator } from './xml/xsd-validator';

/** A processing report of 200,000 passages with their messages stays far below. */
export const MAX_REPORT_BYTES = 64 * 1024 * 1024;
const REPORT_ZIP_LIMITS = { maxEntries: 1, maxEntryBytes: MAX_REPORT_BYTES, maxTotalBytes: MAX_REPORT_BYTES };
/** How many withdrawn awards an export lists for the admin. */
const WITHDRAWN_LISTED = 500;

/**
 * Declaring holders to the CPF information system: the certifier's settings, the export (one stored, validated file
 * of every award not yet accepted), the CDC's processing report, and where every award stands.
 */
@Injectable()
export class CpfDeclarationsService {
  private readonly xsdPath: string;
  private readonly xsdLabel: string;

  constructor(
    private readonly declarations: CpfDeclarationsRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.xsdPath = config.cpfXsdPath ?? DEFAULT_CPF_XSD_PATH;
    this.xsdLabel = `${basename(this.xsdPath)} sha256:${createHash('sha256').update(readFileSync(this.xsdPath)).digest('hex').slice(0, 16)}`;
  }

  async settings(auth: AuthContext): Promise<CpfSettingsDto> {
    return mapSettings(await this.declarations.settings(this.declarations.manager, auth.organisationId));
  }

  async updateSettings(auth: AuthContext, dto: UpdateCpfSettingsDto): Promise<CpfSettingsDto> {
    const codes = dto.certifications.map((c) => c.certificationCode);
    const repeated = codes.find((code, i) => codes.indexOf(code) !== i);
    if (repeated) throw validationProblem('certifications', `${repeated} is listed twice`);
    return this.declarations.transaction(async (manager) => {
      const unknown = await this.declarations.unknownCertifications(manager, codes);
      if (unknown.length > 0) throw validationProblem('certifications', `unknown certification ${unknown.join(', ')}`);
      const before = mapSettings(await this.declarations.settings(manager, auth.organisationId));
      await this.declarations.replaceSettings(manager, auth.organisationId, dto);
      const after = mapSettings(await this.declarations.settings(manager, auth.organisationId));
      await recordAudit(manager, auth, {
        action: 'cpf_settings.updated',
        entityType: 'organisation',
        entityId: auth.organisationId,
        before,
        after,
      });
      return after;
    });
  }

  /** One file of every award to declare, stored and validated in one transaction: on any failure nothing is kept. */
  async export(auth: AuthContext, dto: CreateDeclarationDto): Promise<ExportResultDto> {
    if (dto.awardedFrom && dto.awardedTo && dto.awardedFrom > dto.awardedTo)
      throw validationProblem('awardedTo', 'must not be before awardedFrom');
    const filter: ExportFilter = dto;
    const settings = await this.declarations.settings(this.declarations.manager, auth.organisationId);
    const missing: FieldError[] = [];
    if (!settings.cdcClientId) missing.push({ field: 'cdcClientId', message: 'is not set (PUT /api/cpf-declarations/settings)' });
    if (!settings.cdcContractId) missing.push({ field: 'cdcContractId', message: 'is not set (PUT /api/cpf-declarations/settings)' });
    if (missing.length > 0) throw settingsMissing(missing);

    const validator = await XsdValidator.open(this.xsdPath);
    try {
      const created = await this.declarations.transaction(async (manager) => {
        await this.declarations.lockExports(manager, auth.organisationId);
        const file = await this.declarations.createFile(manager, auth.organisationId, auth.userId, filter, this.xsdLabel);
        if (!file) throw await this.nothingToDeclare(manager, auth.organisationId, filter);
        if (file.certificationsWithoutNature.length > 0) {
          throw settingsMissing(
            file.certificationsWithoutNature.map((code) => ({ field: `certifications[${code}].natureDeposant`, message: 'is not set' })),
          );
        }
        const written = await writeDeclarationFile(manager, this.declarations, {
          fileId: file.id,
          header: {
            idFlux: file.idFlux,
            horodatage: parisTimestamp(new Date(file.generatedAt)),
            idClient: settings.cdcClientId!,
            idContrat: settings.cdcContractId!,
          },
          natures: new Map(settings.certifications.map((c) => [c.certificationCode, c.natureDeposant])),
          publicUrl: this.config.publicUrl,
          validator,
        });
        await this.declarations.completeFile(manager, file.id, written.byteSize, written.sha256);
        await recordAudit(manager, auth, {
          action: 'cpf_declaration.exported',
          entityType: 'cpf_declaration_file',
          entityId: file.id,
          after: { idFlux: file.idFlux, passageCount: file.passageCount, sha256: written.sha256, filter },
        });
        const row = await this.declarations.findFile(manager, auth.organisationId, file.id);
        return { file: mapDeclarationFile(row!), created: file };
      });
      const withdrawn = await this.listAll(auth, { certificationCode: dto.certificationCode, state: 'withdrawn' }, WITHDRAWN_LISTED);
      return {
        ...created.file,
        notDeclarable: created.created.notDeclarable,
        remaining: created.created.toDeclare - created.file.passageCount,
        withdrawn,
      };
    } finally {
      await validator.close();
    }
  }

  /** Why there is nothing to declare, counted (only on the way to a 422: it reads every award once more). */
  private async nothingToDeclare(manager: EntityManager, organisationId: string, filter: ExportFilter): Promise<DomainError> {
    const summary = await this.declarations.summary(manager, organisationId, filter);
    const { toDeclare: _none, ...reasons } = summary;
    return new DomainError(
      DomainErrorCode.NothingToDeclare,
      `No award to declare: ${summary.notDeclarable} not declarable, ${summary.declared} awaiting a report, ${summary.accepted} accepted, ${summary.rejected} rejected and not corrected`,
      { reasons },
    );
  }

  async files(auth: AuthContext): Promise<DeclarationFileDto[]> {
    return (await this.declarations.listFiles(auth.organisationId)).map(mapDeclarationFile);
  }

  async file(auth: AuthContext, id: string): Promise<DeclarationFileDto> {
    const row = await this.declarations.findFile(this.declarations.manager, auth.organisationId, id);
    if (!row) throw notFound(`Declaration file ${id}`);
    return mapDeclarationFile(row);
  }

  /** The stored file, streamed chunk by chunk as it was validated. */
  async download(auth: AuthContext, id: string): Promise<StreamableFile> {
    const file = await this.file(auth, id);
    const declarations = this.declarations;
    async function* chunks(): AsyncGenerator<Buffer> {
      for (let seq = 0; ; seq++) {
        const chunk = await declarations.chunk(id, seq);
        if (!chunk) return;
        yield chunk;
      }
    }
    return new StreamableFile(Readable.from(chunks()), {
      type: 'application/xml; charset=utf-8',
      disposition: `attachment; filename="cpf-${file.idFlux}.xml"`,
      length: file.byteSize,
    });
  }

  /** The CDC's processing report, all or nothing: every id must be one of the file's passages. */
  async applyReport(auth: AuthContext, id: string, body: Readable): Promise<ReportResultDto> {
    const report = parseProcessingReport(await reportXml(body));
    return this.declarations.transaction(async (manager) => {
      const file = await this.declarations.findFile(manager, auth.organisationId, id, true);
      if (!file) throw notFound(`Declaration file ${id}`);
      if (file.reportAppliedAt) {
        throw new DomainError(DomainErrorCode.InvalidState, `The processing report of file ${file.idFlux} was already applied`);
      }
      if (report.idFlux !== null && report.idFlux !== file.idFlux) {
        throw new DomainError(
          DomainErrorCode.InvalidReport,
          `The report is for file ${report.idFlux}, not ${file.idFlux}: nothing applied`,
          {
            errors: [{ field: 'idFlux', message: `must be ${file.idFlux}` }],
          },
        );
      }
      const ids = [...report.accepted, ...report.rejected.map((r) => r.idTechnique)];
      const unknown = await this.declarations.unknownIds(manager, file.id, ids);
      if (unknown.length > 0) {
        throw new DomainError(
          DomainErrorCode.InvalidReport,
          `${unknown.length === 100 ? 'At least 100' : unknown.length} idTechnique of the report are no passage of file ${file.idFlux}: nothing applied`,
          { errors: unknown.map((value) => ({ field: 'idTechnique', message: `${value} is not in this file` })) },
        );
      }
      await this.declarations.applyReport(manager, file.id, auth.userId, report.accepted, report.rejected);
      const result: ReportResultDto = {
        fileId: file.id,
        accepted: report.accepted.length,
        rejected: report.rejected.length,
        notInReport: file.passageCount - ids.length,
      };
      await recordAudit(manager, auth, {
        action: 'cpf_declaration.report_applied',
        entityType: 'cpf_declaration_file',
        entityId: file.id,
        after: result,
      });
      return result;
    });
  }

  /** Where every award stands, overdue first, accepted last; keyset pagination. */
  async status(auth: AuthContext, query: StatusQueryDto): Promise<Page<AwardDeclarationDto>> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const key = checkCursor<[string, string, string]>(decodeCursor(query.cursor, 3), [
      (v) => v === 'open' || v === 'settled',
      CursorPart.date,
      CursorPart.uuid,
    ]);
    const after: [boolean, string, string] | undefined = key ? [key[0] === 'settled', key[1], key[2]] : undefined;
    const rows = await this.declarations.status(auth.organisationId, query, parisToday(new Date()), after, limit + 1);
    return toPage(rows, limit, (row) => [row.settled ? 'settled' : 'open', row.deadline, row.awardDecisionId], mapAwardDeclaration);
  }

  /** A learner's awards and where each stands: the learner itself, and whoever may read it. */
  async forLearner(auth: AuthContext, learnerId: string): Promise<AwardDeclarationDto[]> {
    await assertCanReadLearner(this.declarations.manager, auth, learnerId);
    return this.listAll(auth, { learnerId }, 100);
  }

  /** The declaration of each award of a learner, by certification code (for its progress; the caller's read right is checked there). */
  async declarationsByCertification(auth: AuthContext, learnerId: string): Promise<Map<string, AwardDeclarationDto>> {
    const declarations = await this.listAll(auth, { learnerId }, 100);
    return new Map(declarations.map((declaration) => [declaration.certificationCode, declaration]));
  }

  private async listAll(auth: AuthContext, query: Parameters<CpfDeclarationsRepository['status']>[1], limit: number) {
    const rows = await this.declarations.status(auth.organisationId, query, parisToday(new Date()), undefined, limit);
    return rows.map(mapAwardDeclaration);
  }
}

function settingsMissing(errors: FieldError[]): DomainError {
  return new DomainError(DomainErrorCode.CpfSettingsMissing, `The CDC settings are incomplete: ${errors.map((e) => e.field).join(', ')}`, {
    errors,
  });
}

/** The report's bytes: the body (bounded), or the one XML file of a zip, inflated under limits (a zip bomb stops early). */
async function reportXml(body: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const part of body) {
    size += (part as Buffer).length;
    if (size > MAX_REPORT_BYTES) {
      body.destroy();
      throw new PayloadTooLargeException(`A processing report is at most ${MAX_REPORT_BYTES / 1024 / 1024} MB`);
    }
    parts.push(part as Buffer);
  }
  const bytes = Buffer.concat(parts);
  if (bytes.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))) {
    try {
      const files = await inflateZip(bytes, REPORT_ZIP_LIMITS);
      if (files.length !== 1) throw new ZipError(`the zip holds ${files.length} files, not one report`, 'unreadable');
      return files[0].content;
    } catch (error) {
      if (error instanceof ZipError)
        throw new DomainError(DomainErrorCode.UnreadableReport, `The processing report zip is refused: ${error.message}`);
      throw error;
    }
  }
  return bytes;
}
