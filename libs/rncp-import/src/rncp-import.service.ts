import { BadRequestException, Injectable } from '@nestjs/common';
import { CatalogueRepository, CertificationSheetDto, checkSheet, sheetHash } from '@project/catalogue';
import { DomainError, DomainErrorCode } from '@project/domain';
import { AuditEntry, AuthContext, postgresError, recordAudit } from '@project/platform';
import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { EntityManager } from 'typeorm';
import { ImportRejectionDto, ImportReportDto } from './dto/import-report.dto';
import { ExportFormatError } from './export/export-format-error';
import { readExportFiches } from './export/read-export';
import { ProvidedField, mapFiche } from './mapping/map-fiche';
import { mergeIntoCurated, normaliseSheet } from './mapping/merge-curated';
import { RncpImportRepository, StoredState } from './rncp-import.repository';

/** Fiches written per transaction: small enough to keep locks and memory short, big enough to be fast. */
export const IMPORT_BATCH_SIZE = 200;
/** The registry zip is about 100 MB; anything far beyond is not an export. */
export const MAX_UPLOAD_BYTES = 4 * 1024 ** 3;

interface StagedFiche {
  sheet: CertificationSheetDto;
  provided: ProvidedField[];
}

type Outcome = 'created' | 'updated' | 'unchanged';
type Actor = Pick<AuthContext, 'userId' | 'organisationId'> | null;

/**
 * Imports a France Compétences RNCP export. The upload goes to a temporary file; a first streaming pass
 * reads and maps every fiche into a staging file, so a truncated or malformed export is refused before
 * anything is written; a second pass writes the staged sheets in batches through the catalogue.
 */
@Injectable()
export class RncpImportService {
  constructor(
    private readonly catalogue: CatalogueRepository,
    private readonly imports: RncpImportRepository,
  ) {}

  async importStream(auth: AuthContext, body: Readable): Promise<ImportReportDto> {
    return this.withWorkDir(async (dir) => {
      const file = join(dir, 'export');
      await pipeline(body, sizeLimit(MAX_UPLOAD_BYTES), createWriteStream(file));
      return this.importFile(auth, file, dir);
    });
  }

  /** Imports an export file on disk (the CLI's entry); `actor` is null when no user is behind it. */
  async importFile(actor: Actor, file: string, workDir?: string): Promise<ImportReportDto> {
    if (!workDir) return this.withWorkDir((dir) => this.importFile(actor, file, dir));
    const staged = join(workDir, 'staged.ndjson');
    const rejected = await this.stage(file, staged);
    const report: ImportReportDto = { created: 0, updated: 0, unchanged: 0, rejected };
    let batch: StagedFiche[] = [];
    for await (const line of createInterface({ input: createReadStream(staged), crlfDelay: Infinity })) {
      batch.push(JSON.parse(line));
      if (batch.length >= IMPORT_BATCH_SIZE) {
        await this.writeBatch(actor, batch, report);
        batch = [];
      }
    }
    if (batch.length > 0) await this.writeBatch(actor, batch, report);
    return report;
  }

  /** First pass: every fiche read and mapped; nothing touches the database. */
  private async stage(file: string, staged: string): Promise<ImportRejectionDto[]> {
    const rejected: ImportRejectionDto[] = [];
    const seen = new Set<string>();
    const out = createWriteStream(staged);
    let position = 0;
    try {
      for await (const fiche of readExportFiches(file)) {
        position += 1;
        const mapped = mapFiche(fiche, position);
        if (!mapped.ok) {
          rejected.push({ code: mapped.code, reason: mapped.reason });
          continue;
        }
        if (seen.has(mapped.sheet.code)) {
          rejected.push({ code: mapped.sheet.code, reason: 'NUMERO_FICHE appears more than once in the export; the first one was kept' });
          continue;
        }
        seen.add(mapped.sheet.code);
        if (!out.write(JSON.stringify({ sheet: mapped.sheet, provided: mapped.provided }) + '\n')) await once(out, 'drain');
      }
    } catch (error) {
      if (error instanceof ExportFormatError) throw formatProblem(error);
      throw error;
    } finally {
      out.end();
      await once(out, 'close');
    }
    if (position === 0) throw new DomainError(DomainErrorCode.InvalidImport, 'The export holds no FICHE', { errors: [{ field: 'body', message: 'no FICHE found' }] });
    return rejected;
  }

  private async writeBatch(actor: Actor, batch: StagedFiche[], report: ImportReportDto): Promise<void> {
    const outcomes: { code: string; outcome: Outcome }[] = [];
    const rejected: ImportRejectionDto[] = [];
    await this.catalogue.transaction(async (manager) => {
      const states = await this.imports.lockStates(manager, batch.map((item) => item.sheet.code));
      const audit: AuditEntry[] = [];
      for (const item of batch) {
        const code = item.sheet.code;
        await this.imports.savepoint(manager);
        try {
          const outcome = await this.applyFiche(manager, item, states.get(code));
          await this.imports.releaseSavepoint(manager);
          outcomes.push({ code, outcome });
          if (outcome !== 'unchanged') {
            audit.push({ action: `certification.imported`, entityType: 'certification', entityId: code, after: { outcome, source: 'rncp_export' } });
          }
        } catch (error) {
          const pg = postgresError(error);
          const reason = error instanceof DomainError ? error.message : pg ? `refused by the database (${pg.constraint ?? pg.code})` : undefined;
          if (!reason) throw error;
          await this.imports.rollbackToSavepoint(manager);
          rejected.push({ code, reason });
        }
      }
      await recordAudit(manager, actor, audit);
    });
    // Counted only once the batch has committed.
    for (const { outcome } of outcomes) report[outcome] += 1;
    report.rejected.push(...rejected);
  }

  private async applyFiche(manager: EntityManager, { sheet, provided }: StagedFiche, state: StoredState | undefined): Promise<Outcome> {
    if (!state || !state.curated) {
      const hash = sheetHash(sheet);
      if (state && state.hash === hash) return 'unchanged';
      await this.catalogue.upsertSheet(manager, sheet, hash, false);
      return state ? 'updated' : 'created';
    }
    // Curated by hand: the export overwrites only what it states (see mergeIntoCurated).
    const current = normaliseSheet((await this.catalogue.findSheet(sheet.code, manager))!);
    const merged = normaliseSheet(mergeIntoCurated(current, sheet, provided));
    const errors = checkSheet(merged, sheet.code);
    if (errors.length > 0) throw new DomainError(DomainErrorCode.InvalidImport, errors.map((e) => `${e.field} ${e.message}`).join('; '));
    const hash = sheetHash(merged);
    if (hash === sheetHash(current)) return 'unchanged';
    await this.catalogue.upsertSheet(manager, merged, hash, true);
    return 'updated';
  }

  private async withWorkDir<T>(work: (dir: string) => Promise<T>): Promise<T> {
    const dir = await mkdtemp(join(tmpdir(), 'rncp-import-'));
    try {
      return await work(dir);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
}

function formatProblem(error: ExportFormatError): Error {
  if (error.kind === 'unsupported') {
    // 400 rather than 422: the body is not an export at all.
    return new BadRequestException({ message: error.message, code: 'unsupported_export', errors: [{ field: 'body', message: error.message }] });
  }
  return new DomainError(DomainErrorCode.InvalidImport, `${error.message}. Nothing was imported.`, { errors: [{ field: 'body', message: error.message }] });
}

function sizeLimit(max: number): Transform {
  let total = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      total += chunk.length;
      if (total > max) return done(Object.assign(new Error(`The export is larger than ${max} bytes`), { statusCode: 413 }));
      done(null, chunk);
    },
  });
}
