import { BadRequestException, Injectable } from '@nestjs/common';
import { checkResultDay, DomainError, DomainErrorCode, FieldError, latestToday, notFound, Outcome } from '@project/domain';
import {
  AuthContext,
  DEFAULT_PAGE_SIZE,
  IdempotencyService,
  IdempotentRequest,
  Page,
  assertCanReadLearner,
  assertCanRecordForEnrolment,
  canReadLearner,
  checkCursor,
  CursorPart,
  decodeCursor,
  recordingRefusals,
  recordAudit,
  toPage,
} from '@project/platform';
import { EntityManager } from 'typeorm';
import {
  CorrectEvaluationDto,
  EvaluationDto,
  EvaluationListDto,
  ListEvaluationsQueryDto,
  RecordCollectiveEvaluationDto,
  RecordEvaluationDto,
  mapEvaluation,
} from './dto/evaluation.dto';
import { gradingProblem } from './evaluation-rules';
import { EvaluationsRepository, ModalityRow, NewResult } from './evaluations.repository';

const ENTITY = 'evaluation_result';

type ResultRow = NonNullable<Awaited<ReturnType<EvaluationsRepository['findById']>>>;

/** Recording, correcting and reading evaluation results. */
@Injectable()
export class EvaluationsService {
  constructor(
    private readonly evaluations: EvaluationsRepository,
    private readonly idempotency: IdempotencyService,
  ) {}

  async record(auth: AuthContext, dto: RecordEvaluationDto, idempotent?: IdempotentRequest): Promise<EvaluationDto> {
    await assertCanRecordForEnrolment(this.evaluations.manager, auth, dto.enrolmentId);
    return this.idempotency.execute(auth, idempotent, async (manager) => {
      // Reading the enrolment takes the numbering lock too: one round trip.
      const [enrolment] = await this.evaluations.findEnrolments(manager, [dto.enrolmentId], true);
      assertResultDays(dto.occurredOn, [{ startedOn: enrolment.startedOn }]);
      const modality = await this.modalityOf(manager, dto.modalityId, enrolment.certificationCode);
      assertGrading(modality, dto);
      if (dto.attempt !== undefined) {
        const next = await this.evaluations.nextAttempt(manager, enrolment.id, modality.id);
        if (dto.attempt !== next) {
          throw new DomainError(DomainErrorCode.RuleViolation, `The next attempt at this modality is ${next}`, {
            errors: [{ field: 'attempt', message: `must be ${next}, the next attempt for this enrolment and modality (or omitted)` }],
          });
        }
      }
      const [result] = await this.insertAudited(manager, auth, [
        { ...newResult(auth, dto), enrolmentId: enrolment.id, modalityId: modality.id, attempt: dto.attempt ?? null },
      ]);
      return result;
    });
  }

  /** One result per enrolment for a collective modality, all or none. */
  async recordCollective(
    auth: AuthContext,
    dto: RecordCollectiveEvaluationDto,
    idempotent?: IdempotentRequest,
  ): Promise<EvaluationListDto> {
    await this.assertCanRecordForAll(auth, dto.enrolmentIds);
    return this.idempotency.execute(auth, idempotent, async (manager) => {
      const modality = await this.modalityOf(manager, dto.modalityId);
      if (modality.mode !== 'collective') {
        throw new DomainError(DomainErrorCode.RuleViolation, 'A collective result needs a collective modality', {
          errors: [{ field: 'modalityId', message: 'is an individual modality: record each result with POST /api/evaluations' }],
        });
      }
      const enrolments = new Map((await this.evaluations.findEnrolments(manager, dto.enrolmentIds)).map((row) => [row.id, row]));
      const errors: FieldError[] = [];
      dto.enrolmentIds.forEach((id, i) => {
        const certification = enrolments.get(id)?.certificationCode;
        if (certification !== modality.certificationCode) {
          errors.push({
            field: `enrolmentIds[${i}]`,
            message: `prepares ${certification}, not ${modality.certificationCode} (the modality's certification)`,
          });
        }
      });
      if (errors.length > 0)
        throw new DomainError(DomainErrorCode.RuleViolation, "Some enrolments do not prepare this modality's certification", { errors });
      assertResultDays(
        dto.occurredOn,
        dto.enrolmentIds.map((id, i) => ({ startedOn: enrolments.get(id)!.startedOn, name: `enrolmentIds[${i}]` })),
      );
      assertGrading(modality, dto);
      await this.evaluations.lockEnrolmentsForNumbering(manager, dto.enrolmentIds);
      const items = await this.insertAudited(
        manager,
        auth,
        dto.enrolmentIds.map((enrolmentId) => ({ ...newResult(auth, dto), enrolmentId, modalityId: modality.id, attempt: null })),
      );
      return { items };
    });
  }

  private async insertAudited(manager: EntityManager, auth: AuthContext, results: NewResult[]): Promise<EvaluationDto[]> {
    const items = (await this.evaluations.insertResults(manager, results)).map(mapEvaluation);
    await recordAudit(
      manager,
      auth,
      items.map((item) => ({ action: 'evaluation.recorded', entityType: ENTITY, entityId: item.id, after: item })),
    );
    return items;
  }

  /** A correction keeps the previous value in the audit trail; the database refuses it once a closed jury used the result. */
  async correct(auth: AuthContext, id: string, dto: CorrectEvaluationDto): Promise<EvaluationDto> {
    if (dto.score == null && dto.outcome == null && dto.occurredOn === undefined && dto.comment === undefined) {
      throw new BadRequestException({
        message: 'Nothing to correct',
        errors: [{ field: 'score', message: 'give at least one of score, outcome, occurredOn or comment' }],
      });
    }
    return this.evaluations.transaction(async (manager) => {
      const current = await this.visibleResult(manager, auth, id, true);
      await assertCanRecordForEnrolment(manager, auth, current.enrolmentId);
      if (dto.occurredOn !== undefined) assertResultDays(dto.occurredOn, [{ startedOn: current.enrolmentStartedOn }]);
      const problem = gradingProblem(current.grading, dto);
      if (problem) throw new DomainError(DomainErrorCode.RuleViolation, problem.message, { errors: [problem] });
      const valueChanged = dto.score != null || dto.outcome != null;
      await this.evaluations.updateResult(manager, id, {
        score: valueChanged ? (dto.score ?? null) : current.score,
        outcome: valueChanged ? (dto.outcome ?? null) : current.outcome,
        occurredOn: dto.occurredOn ?? current.occurredOn,
        comment: dto.comment === undefined ? current.comment : dto.comment,
      });
      const before = mapEvaluation(current);
      const [after] = (await this.evaluations.findByIds(manager, [id])).map(mapEvaluation);
      await recordAudit(manager, auth, {
        action: 'evaluation.corrected',
        entityType: ENTITY,
        entityId: id,
        before,
        after,
        reason: dto.reason.trim(),
      });
      return after;
    });
  }

  async get(auth: AuthContext, id: string): Promise<EvaluationDto> {
    return mapEvaluation(await this.visibleResult(this.evaluations.manager, auth, id));
  }

  /**
   * The result, when the caller may read its learner. Otherwise the answer is exactly that of an id that
   * does not exist: it says neither that the result exists nor whose it is.
   */
  private async visibleResult(manager: EntityManager, auth: AuthContext, id: string, lock = false): Promise<ResultRow> {
    const row = await this.evaluations.findById(manager, id, lock);
    if (!row || row.organisationId !== auth.organisationId || !(await canReadLearner(manager, auth, row.learnerId))) {
      throw notFound('Evaluation result');
    }
    return row;
  }

  async listForLearner(auth: AuthContext, learnerId: string, query: ListEvaluationsQueryDto): Promise<Page<EvaluationDto>> {
    await assertCanReadLearner(this.evaluations.manager, auth, learnerId);
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const rows = await this.evaluations.listForLearner(
      learnerId,
      { certificationCode: query.certificationCode, blockCode: query.blockCode },
      listCursor(query.cursor),
      limit,
    );
    return toPage(rows, limit, (row) => [row.occurredOn, row.cursorCreatedAt, row.id], mapEvaluation);
  }

  /** The modality, which must exist and, when a certification is given, be current in it. */
  private async modalityOf(manager: EntityManager, modalityId: string, certificationCode?: string): Promise<ModalityRow> {
    const modality = await this.evaluations.findModality(manager, modalityId);
    const reason = !modality
      ? 'no such modality'
      : modality.retired
        ? 'this modality (or its block) was retired from the certification sheet'
        : certificationCode && modality.certificationCode !== certificationCode
          ? `belongs to ${modality.certificationCode}, not to the enrolment's certification ${certificationCode}`
          : undefined;
    if (reason)
      throw new DomainError(DomainErrorCode.RuleViolation, `Modality ${modalityId}: ${reason}`, {
        errors: [{ field: 'modalityId', message: reason }],
      });
    return modality!;
  }

  /**
   * assertCanRecordForEnrolment for every enrolment, read in one statement rather than one per
   * enrolment (up to MAX_COLLECTIVE_ENROLMENTS); failures name `enrolmentIds[i]`, not found before forbidden.
   */
  private async assertCanRecordForAll(auth: AuthContext, enrolmentIds: string[]): Promise<void> {
    const refusals = await recordingRefusals(this.evaluations.manager, auth, enrolmentIds);
    const named = (status: 'not_found' | 'forbidden'): FieldError[] =>
      refusals.flatMap((refusal, i) => (refusal?.status === status ? [{ field: `enrolmentIds[${i}]`, message: refusal.message }] : []));
    const unknown = named('not_found');
    if (unknown.length > 0) {
      throw new DomainError(DomainErrorCode.NotFound, `Unknown enrolments: ${unknown.map((e) => e.field).join(', ')}`, {
        errors: unknown,
      });
    }
    const forbidden = named('forbidden');
    if (forbidden.length > 0) {
      throw new DomainError(
        DomainErrorCode.Forbidden,
        `You may not record results for some enrolments: ${forbidden.map((e) => e.field).join(', ')}`,
        { errors: forbidden },
      );
    }
  }
}

/** What a recording writes besides the enrolment, modality and attempt. */
function newResult(
  auth: AuthContext,
  dto: { occurredOn: string; score?: number; outcome?: Outcome; comment?: string },
): Pick<NewResult, 'organisationId' | 'occurredOn' | 'score' | 'outcome' | 'assessorUserId' | 'comment'> {
  return {
    organisationId: auth.organisationId,
    occurredOn: dto.occurredOn,
    score: dto.score ?? null,
    outcome: dto.outcome ?? null,
    assessorUserId: auth.userId,
    comment: dto.comment ?? null,
  };
}

/** A result happened: not after today, not before the start of the enrolment(s) it is recorded for (rule in libs/domain). */
function assertResultDays(occurredOn: string, enrolments: { startedOn: string; name?: string }[]): void {
  const errors = checkResultDay('occurredOn', occurredOn, enrolments, latestToday(new Date()));
  if (errors.length > 0) throw new DomainError(DomainErrorCode.RuleViolation, `occurredOn: ${errors[0].message}`, { errors });
}

function assertGrading(modality: ModalityRow, value: { score?: number | null; outcome?: 'passed' | 'failed' | null }): void {
  const problem = gradingProblem(modality.grading, value);
  if (problem) throw new DomainError(DomainErrorCode.RuleViolation, problem.message, { errors: [problem] });
}

/** The listing's keyset cursor, checked so that a forged one is a 400, not a database error. */
function listCursor(cursor: string | undefined): [string, string, string] | undefined {
  return checkCursor<[string, string, string]>(decodeCursor(cursor, 3), [CursorPart.date, CursorPart.instant, CursorPart.uuid]);
}
