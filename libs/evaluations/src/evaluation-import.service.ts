import { Injectable } from '@nestjs/common';
import {
  checkResultDay,
  DomainError,
  DomainErrorCode,
  FieldError,
  latestToday,
  MODALITY_KINDS,
  ModalityKind,
  Outcome,
} from '@project/domain';
import { AuthContext, IdempotencyService, IdempotentRequest, recordAudit, UUID } from '@project/platform';
import { createHash } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { CsvRecord, CsvSyntaxError, parseCsv } from './csv';
import { ImportSummaryDto, mapEvaluation } from './dto/evaluation.dto';
import { gradingProblem, isCalendarDate, isOutcome, scoreProblem } from './evaluation-rules';
import { EvaluationsRepository, LearnerEnrolmentRow, ModalityRow } from './evaluations.repository';
import { readXlsx } from './xlsx';

export const IMPORT_COLUMNS = [
  'learnerEmail',
  'certificationCode',
  'blockCode',
  'modalityId',
  'modalityKind',
  'occurredOn',
  'score',
  'outcome',
  'attempt',
  'comment',
] as const;
type Column = (typeof IMPORT_COLUMNS)[number];
type Line = { line: number } & Partial<Record<Column, string>>;

export const MAX_IMPORT_LINES = 10_000;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

interface ReadyLine {
  line: number;
  enrolmentId: string;
  modalityId: string;
  occurredOn: string;
  score: number | null;
  outcome: Outcome | null;
  attempt: number;
  comment: string | null;
}

/**
 * Spreadsheet import of results (CSV, or the first sheet of an XLSX workbook): all or nothing. Both
 * formats become the same records; every line is then checked, and every bad line is reported with
 * its number and field, before anything is kept.
 */
@Injectable()
export class EvaluationImportService {
  constructor(
    private readonly evaluations: EvaluationsRepository,
    private readonly idempotency: IdempotencyService,
  ) {}

  /** `body` is the CSV text, or the XLSX file's bytes. */
  async importSpreadsheet(auth: AuthContext, body: string | Buffer, idempotent?: IdempotentRequest): Promise<ImportSummaryDto> {
    const { lines, errors: rowErrors } = readLines(typeof body === 'string' ? parseCsv(body) : await readXlsx(body));
    // The idempotency fingerprint of a workbook is its digest, not its bytes serialised one by one.
    const request =
      idempotent && Buffer.isBuffer(body)
        ? { ...idempotent, body: { xlsxSha256: createHash('sha256').update(body).digest('hex') } }
        : idempotent;
    return this.idempotency.execute(auth, request, async (manager) => {
      const errors: FieldError[] = [...rowErrors];
      const ready = await this.resolve(manager, auth, lines, errors);
      if (errors.length > 0) {
        errors.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
        const badLines = new Set(errors.map((e) => e.line)).size;
        throw new DomainError(DomainErrorCode.InvalidImport, `${badLines} line(s) cannot be imported; nothing was recorded`, { errors });
      }
      const results = (
        await this.evaluations.insertResults(
          manager,
          ready.map(({ line: _line, ...result }) => ({ ...result, organisationId: auth.organisationId, assessorUserId: auth.userId })),
        )
      ).map(mapEvaluation);
      await recordAudit(
        manager,
        auth,
        results.map((result) => ({
          action: 'evaluation.recorded',
          entityType: 'evaluation_result',
          entityId: result.id,
          after: result,
          reason: 'spreadsheet import',
        })),
      );
      return { created: results.length };
    });
  }

  /** Checks each line and finds its learner's enrolment and modality; collects every problem in `errors`. */
  private async resolve(manager: EntityManager, auth: AuthContext, lines: Line[], errors: FieldError[]): Promise<ReadyLine[]> {
    const fail = (line: number, field: string, message: string) => errors.push({ line, field, message });
    const learners = new Map(
      (
        await this.evaluations.findLearnersByEmail(manager, auth.organisationId, unique(lines.map((l) => l.learnerEmail?.toLowerCase())))
      ).map((row) => [row.email, row.id]),
    );
    const modalitiesById = new Map(
      (await this.evaluations.findModalities(manager, unique(lines.map((l) => l.modalityId).filter((id) => id && UUID.test(id))))).map(
        (row) => [row.id, row],
      ),
    );
    const blockModalities = await this.evaluations.findCurrentModalitiesOfBlocks(
      manager,
      unique(lines.filter((l) => !l.modalityId).map((l) => l.blockCode)),
    );
    const enrolments = await this.evaluations.findEnrolmentsOfLearners(manager, auth, [...new Set(learners.values())]);
    const recordable = enrolments.filter((e) => e.recordable).map((e) => e.id);
    await this.evaluations.lockEnrolmentsForNumbering(manager, recordable);
    // Read once under the lock, rather than once per (enrolment, modality) met in the file.
    const lastAttempts = await this.evaluations.lastAttempts(manager, recordable, [
      ...modalitiesById.keys(),
      ...blockModalities.map((m) => m.id),
    ]);
    const nextAttempts = new Map<string, number>();
    const ready: ReadyLine[] = [];
    const today = latestToday(new Date());

    for (const l of lines) {
      const before = errors.length;
      // Learner
      const email = l.learnerEmail?.toLowerCase() ?? '';
      const learnerId = learners.get(email);
      if (!email) fail(l.line, 'learnerEmail', 'is required');
      else if (!EMAIL.test(email)) fail(l.line, 'learnerEmail', 'is not an email address');
      else if (!learnerId) fail(l.line, 'learnerEmail', `no learner with this email in your organisation`);
      // Modality
      const modality = this.modalityOfLine(l, modalitiesById, blockModalities, fail);
      // Value
      const score = parseScore(l.score);
      const outcome = l.outcome ? l.outcome.toLowerCase() : undefined;
      if (score === undefined && outcome === undefined) fail(l.line, 'score', 'give exactly one of score or outcome');
      if (score !== undefined && outcome !== undefined) fail(l.line, 'outcome', 'give exactly one of score or outcome');
      if (typeof score === 'string') fail(l.line, 'score', score);
      if (outcome !== undefined && !isOutcome(outcome)) fail(l.line, 'outcome', 'must be passed or failed');
      const value = { score: typeof score === 'number' ? score : null, outcome: isOutcome(outcome) ? outcome : null };
      if (modality && (score === undefined) !== (outcome === undefined)) {
        const problem = gradingProblem(modality.grading, value);
        if (problem) fail(l.line, problem.field, problem.message);
      }
      // Date, attempt, comment
      const occurredOn = parseDate(l.occurredOn);
      if (!occurredOn) fail(l.line, 'occurredOn', 'must be a date written YYYY-MM-DD (or DD/MM/YYYY)');
      const attempt = l.attempt ? (/^\d{1,3}$/.test(l.attempt) && Number(l.attempt) >= 1 ? Number(l.attempt) : NaN) : undefined;
      if (Number.isNaN(attempt)) fail(l.line, 'attempt', 'must be a whole number from 1');
      if ((l.comment?.length ?? 0) > 2000) fail(l.line, 'comment', 'is longer than 2000 characters');
      // Enrolment: the learner's latest one in the modality's certification that the caller may record for.
      let enrolment: LearnerEnrolmentRow | undefined;
      if (learnerId && modality) {
        const inCertification = enrolments.filter((e) => e.learnerId === learnerId && e.certificationCode === modality.certificationCode);
        enrolment = inCertification.find((e) => e.recordable);
        if (inCertification.length === 0) fail(l.line, 'learnerEmail', `this learner is not enrolled in ${modality.certificationCode}`);
        else if (!enrolment)
          fail(l.line, 'learnerEmail', `you are not assigned to the cohort of this learner's enrolment in ${modality.certificationCode}`);
      }
      if (!enrolment || !modality) continue;
      // Attempts count the earlier lines of the file for the same enrolment and modality.
      const pair = `${enrolment.id}/${modality.id}`;
      const next = nextAttempts.get(pair) ?? (lastAttempts.get(pair) ?? 0) + 1;
      nextAttempts.set(pair, next + 1);
      if (attempt !== undefined && !Number.isNaN(attempt) && attempt !== next)
        fail(l.line, 'attempt', `must be ${next}, the next attempt for this learner and modality (or left empty)`);
      if (occurredOn) {
        for (const e of checkResultDay('occurredOn', occurredOn, [{ startedOn: enrolment.startedOn }], today))
          fail(l.line, e.field, e.message);
      }
      if (errors.length > before) continue;
      ready.push({
        line: l.line,
        enrolmentId: enrolment.id,
        modalityId: modality.id,
        occurredOn: occurredOn!,
        ...value,
        attempt: next,
        comment: l.comment || null,
      });
    }
    return ready;
  }

  /** A modality by id, or by kind within a block; with the line's certification and block codes as cross-checks. */
  private modalityOfLine(
    l: Line,
    byId: Map<string, ModalityRow>,
    ofBlocks: ModalityRow[],
    fail: (line: number, field: string, message: string) => void,
  ): ModalityRow | undefined {
    let modality: ModalityRow | undefined;
    const blockCode = l.blockCode?.toUpperCase();
    if (l.modalityId) {
      if (!UUID.test(l.modalityId)) return void fail(l.line, 'modalityId', 'is not a UUID');
      modality = byId.get(l.modalityId.toLowerCase());
      if (!modality) return void fail(l.line, 'modalityId', 'no such modality');
      if (modality.retired) return void fail(l.line, 'modalityId', 'this modality (or its block) was retired from the certification sheet');
      if (blockCode && modality.blockCode !== blockCode)
        return void fail(l.line, 'blockCode', `the modality belongs to ${modality.blockCode}`);
    } else {
      if (!l.modalityKind || !blockCode)
        return void fail(l.line, l.modalityKind ? 'blockCode' : 'modalityKind', 'give modalityId, or modalityKind with blockCode');
      if (!(MODALITY_KINDS as readonly string[]).includes(l.modalityKind))
        return void fail(l.line, 'modalityKind', `unknown kind (expected one of ${MODALITY_KINDS.join(', ')})`);
      const candidates = ofBlocks.filter((m) => m.blockCode === blockCode && m.kind === (l.modalityKind as ModalityKind));
      if (candidates.length === 0) return void fail(l.line, 'modalityKind', `no current ${l.modalityKind} modality in block ${blockCode}`);
      if (candidates.length > 1)
        return void fail(l.line, 'modalityKind', `block ${blockCode} has several ${l.modalityKind} modalities: give modalityId`);
      modality = candidates[0];
    }
    if (l.certificationCode && l.certificationCode.toUpperCase() !== modality.certificationCode) {
      return void fail(l.line, 'certificationCode', `the modality belongs to ${modality.certificationCode}`);
    }
    return modality;
  }
}

/**
 * The file's lines as records keyed by column. A bad header stops here (422); a line that cannot be
 * read is reported and left out of the further checks, which still run on the other lines.
 */
function readLines({ records, errors: syntax }: { records: CsvRecord[]; errors: CsvSyntaxError[] }): {
  lines: Line[];
  errors: FieldError[];
} {
  const syntaxErrors: FieldError[] = syntax.map((e) => ({ line: e.line, field: 'row', message: e.message }));
  const errors: FieldError[] = [];
  const [header, ...rows] = records;
  if (header && syntaxErrors.some((e) => e.line! <= header.line)) {
    throw new DomainError(DomainErrorCode.InvalidImport, 'The header line cannot be read', {
      errors: syntaxErrors.filter((e) => e.line! <= header.line),
    });
  }
  if (!header) {
    throw new DomainError(DomainErrorCode.InvalidImport, 'The file is empty', {
      errors:
        syntaxErrors.length > 0
          ? syntaxErrors
          : [{ line: 1, field: 'header', message: `expected the columns ${IMPORT_COLUMNS.join(', ')}` }],
    });
  }
  const columns = header.fields.map((name) => IMPORT_COLUMNS.find((column) => column.toLowerCase() === name.trim().toLowerCase()));
  header.fields.forEach((name, i) => {
    if (!columns[i])
      errors.push({
        line: header.line,
        field: name.trim() || `column ${i + 1}`,
        message: `unknown column (expected ${IMPORT_COLUMNS.join(', ')})`,
      });
    else if (columns.indexOf(columns[i]) !== i) errors.push({ line: header.line, field: columns[i]!, message: 'appears twice' });
  });
  const has = (column: Column) => columns.includes(column);
  if (!has('learnerEmail')) errors.push({ line: header.line, field: 'learnerEmail', message: 'missing column' });
  if (!has('occurredOn')) errors.push({ line: header.line, field: 'occurredOn', message: 'missing column' });
  if (!has('modalityId') && !(has('modalityKind') && has('blockCode')))
    errors.push({ line: header.line, field: 'modalityId', message: 'missing column: modalityId, or modalityKind and blockCode' });
  if (!has('score') && !has('outcome')) errors.push({ line: header.line, field: 'score', message: 'missing column: score or outcome' });
  if (rows.length === 0 && syntaxErrors.length === 0)
    errors.push({ line: header.line + 1, field: 'row', message: 'no result lines after the header' });
  if (rows.length > MAX_IMPORT_LINES)
    errors.push({ line: header.line, field: 'row', message: `at most ${MAX_IMPORT_LINES} lines per file` });
  if (errors.length > 0) {
    throw new DomainError(DomainErrorCode.InvalidImport, 'The file cannot be read; nothing was recorded', {
      errors: errors.sort((a, b) => (a.line ?? 0) - (b.line ?? 0)),
    });
  }
  const rowErrors: FieldError[] = [];
  const lines: Line[] = [];
  for (const record of rows) {
    if (record.fields.length !== header.fields.length) {
      rowErrors.push({
        line: record.line,
        field: 'row',
        message: `has ${record.fields.length} fields, the header ${header.fields.length}`,
      });
      continue;
    }
    const line: Line = { line: record.line };
    columns.forEach((column, i) => {
      const value = record.fields[i]?.trim();
      if (column && value) line[column] = value;
    });
    lines.push(line);
  }
  return { lines, errors: [...syntaxErrors, ...rowErrors] };
}

/** A number, an error message, or undefined when the cell is empty. Accepts the French decimal comma. */
function parseScore(cell: string | undefined): number | string | undefined {
  if (!cell) return undefined;
  const text = cell.replace(',', '.');
  if (!/^-?\d+(\.\d+)?$/.test(text)) return 'score must be a number';
  const score = Number(text);
  return scoreProblem(score) ?? score;
}

function parseDate(cell: string | undefined): string | undefined {
  if (!cell) return undefined;
  const french = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(cell);
  const iso = french ? `${french[3]}-${french[2]}-${french[1]}` : cell;
  return isCalendarDate(iso) ? iso : undefined;
}

function unique(values: (string | undefined)[]): string[] {
  return [...new Set(values.filter((value): value is string => !!value))];
}
