import { BadRequestException, Injectable } from '@nestjs/common';
import { CatalogueRepository, CertificationSheetDto, SheetWrite, checkSheet, sheetHash, normaliseSheet } from '@project/catalogue';
import { DomainError, DomainErrorCode } from '@project/domain';
import { AuthContext, postgresError, recordAudit } from '@project/platform';
import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { EntityManager } from 'typeorm';
import { ImportRejectionDto, ImportReportDto } from './dto/import-report.dto';
import { ExportFormatError } from './export/export-format-error';
import { readExportFiches } from './export/read-export';
import { ProvidedField, mapFiche } from './mapping/map-fiche';
import { mergeIntoCurated } from './mapping/merge-curated';
import { RncpImportRepository, StoredState } from './rncp-import.repository';

/** Fiches written per transaction: small enough to keep locks and memory short, big enough to be fast. */
export const IMPORT_BATCH_SIZE = 100;
/** Batches written at the same time, each on its own connection. */
export const CONCURRENT_BATCHES = 2;
/** The registry zip is about 100 MB; anything far beyond is not an export. */
export const MAX_UPLOAD_BYTES = 4 * 1024 ** 3;

/** One mapped fiche in the staging file: a small header (with the sheet's hash), then the sheet itself. */
interface StagedFiche {
  code: string;
  hash: string;
  provided: ProvidedField[];
  /** The sheet as JSON, parsed only when it has to be written: a re-import mostly compares hashes. */
  sheetJson: string;
}

function stagedLine(sheet: CertificationSheetDto, provided: ProvidedField[]): string {
  // JSON never holds a raw tab, so a tab safely separates the header from the sheet.
  return `${JSON.stringify({ code: sheet.code, hash: sheetHash(sheet), provided })}\t${JSON.stringify(sheet)}\n`;
}

function parseStaged(line: string): StagedFiche {
  const tab = line.indexOf('\t');
  return { ...JSON.parse(line.slice(0, tab)), sheetJson: line.slice(tab + 1) };
}

type Outcome = 'created' | 'updated' | 'unchanged';
interface BatchResult {
  outcomes: { code: string; outcome: Outcome }[];
  rejected: ImportRejectionDto[];
}
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
    // Two batches in flight: one is being prepared in Node while PostgreSQL writes the other. Their
    // certifications are disjoint (the staging pass dropped duplicates), so they never wait on each other.
    const pending: Promise<void>[] = [];
    const launch = (fiches: StagedFiche[]) => {
      const written = this.writeBatch(actor, fiches, report);
      written.catch(() => undefined); // awaited below; this only keeps a failure from counting as unhandled meanwhile
      pending.push(written);
    };
    let batch: StagedFiche[] = [];
    try {
      for await (const line of lines(staged)) {
        batch.push(parseStaged(line));
        if (batch.length >= IMPORT_BATCH_SIZE) {
          launch(batch);
          batch = [];
          while (pending.length >= CONCURRENT_BATCHES) await pending.shift();
        }
      }
      if (batch.length > 0) launch(batch);
      while (pending.length > 0) await pending.shift();
    } finally {
      await Promise.allSettled(pending);
    }
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
        if (!out.write(stagedLine(mapped.sheet, mapped.provided))) await once(out, 'drain');
      }
    } catch (error) {
      if (error instanceof ExportFormatError) throw formatProblem(error);
      throw error;
    } finally {
      out.end();
      await once(out, 'close');
    }
    if (position === 0)
      throw new DomainError(DomainErrorCode.InvalidImport, 'The export holds no FICHE', {
        errors: [{ field: 'body', message: 'no FICHE found' }],
      });
    return rejected;
  }

  /**
   * One transaction per batch. The fast path writes the whole batch with set-based statements; if the
   * database refuses it, the batch is redone fiche by fiche under savepoints so that only the faulty
   * fiches are rejected.
   */
  private async writeBatch(actor: Actor, batch: StagedFiche[], report: ImportReportDto): Promise<void> {
    let result: BatchResult;
    try {
      result = await this.catalogue.transaction((manager) => this.applyBatch(manager, actor, batch, false));
    } catch (error) {
      if (!postgresError(error)) throw error;
      result = await this.catalogue.transaction((manager) => this.applyBatch(manager, actor, batch, true));
    }
    // Counted only once the batch has committed.
    for (const { outcome } of result.outcomes) report[outcome] += 1;
    report.rejected.push(...result.rejected);
  }

  private async applyBatch(manager: EntityManager, actor: Actor, batch: StagedFiche[], oneByOne: boolean): Promise<BatchResult> {
    const states = await this.imports.lockStates(
      manager,
      batch.map((item) => item.code),
    );
    const result: BatchResult = { outcomes: [], rejected: [] };
    const writes: SheetWrite[] = [];
    for (const item of batch) {
      const code = item.code;
      try {
        const planned = await this.plan(manager, item, states.get(code));
        if (planned.write) {
          if (oneByOne) await this.writeIsolated(manager, planned.write);
          else writes.push(planned.write);
        }
        result.outcomes.push({ code, outcome: planned.outcome });
      } catch (error) {
        const pg = postgresError(error);
        const reason =
          error instanceof DomainError ? error.message : pg ? `refused by the database (${pg.constraint ?? pg.code})` : undefined;
        if (!reason) throw error;
        result.rejected.push({ code, reason });
      }
    }
    await this.catalogue.upsertSheets(manager, writes);
    await recordAudit(
      manager,
      actor,
      result.outcomes
        .filter(({ outcome }) => outcome !== 'unchanged')
        .map(({ code, outcome }) => ({
          action: 'certification.imported',
          entityType: 'certification',
          entityId: code,
          after: { outcome, source: 'rncp_export' },
        })),
    );
    return result;
  }

  private async writeIsolated(manager: EntityManager, write: SheetWrite): Promise<void> {
    await this.imports.savepoint(manager);
    try {
      await this.catalogue.upsertSheet(manager, write.sheet, write.contentHash, write.curated);
      await this.imports.releaseSavepoint(manager);
    } catch (error) {
      await this.imports.rollbackToSavepoint(manager);
      throw error;
    }
  }

  /** What to do with one staged fiche, decided against what is stored (compared by sheetHash). */
  private async plan(
    manager: EntityManager,
    { code, hash, provided, sheetJson }: StagedFiche,
    state: StoredState | undefined,
  ): Promise<{ outcome: Outcome; write?: SheetWrite }> {
    if (!state || !state.curated) {
      if (state && state.hash === hash) return { outcome: 'unchanged' };
      return { outcome: state ? 'updated' : 'created', write: { sheet: JSON.parse(sheetJson), contentHash: hash, curated: false } };
    }
    const sheet: CertificationSheetDto = JSON.parse(sheetJson);
    // Curated by hand: the export overwrites only what it states (see mergeIntoCurated).
    const current = normaliseSheet((await this.catalogue.findSheet(code, manager))!);
    const merged = normaliseSheet(mergeIntoCurated(current, sheet, provided));
    const errors = checkSheet(merged, code);
    if (errors.length > 0) throw new DomainError(DomainErrorCode.InvalidImport, errors.map((e) => `${e.field} ${e.message}`).join('; '));
    const mergedHash = sheetHash(merged);
    if (mergedHash === sheetHash(current)) return { outcome: 'unchanged' };
    return { outcome: 'updated', write: { sheet: merged, contentHash: mergedHash, curated: true } };
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

/**
 * The lines of a file, read as they are consumed. (readline's async iterator reads ahead without
 * backpressure and would queue the whole staging file in memory.)
 */
async function* lines(path: string): AsyncGenerator<string> {
  let rest = '';
  for await (const chunk of createReadStream(path, { encoding: 'utf8', highWaterMark: 256 * 1024 })) {
    const parts = (rest + chunk).split('\n');
    rest = parts.pop()!;
    for (const line of parts) if (line) yield line;
  }
  if (rest) yield rest;
}

function formatProblem(error: ExportFormatError): Error {
  if (error.kind === 'unsupported') {
    // 400 rather than 422: the body is not an export at all.
    return new BadRequestException({
      message: error.message,
      code: DomainErrorCode.UnsupportedExport,
      errors: [{ field: 'body', message: error.message }],
    });
  }
  return new DomainError(DomainErrorCode.InvalidImport, `${error.message}. Nothing was imported.`, {
    errors: [{ field: 'body', message: error.message }],
  });
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
