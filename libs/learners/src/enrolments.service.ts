import { Injectable } from '@nestjs/common';
import { DomainError, DomainErrorCode, enrolmentRefusal, notFound } from '@project/domain';
import {
  assertCanReadLearner,
  AuthContext,
  checkCursor,
  CursorPart,
  decodeCursor,
  DEFAULT_PAGE_SIZE,
  enrolmentEntitlement,
  Page,
  PageQueryDto,
  PG_UNIQUE_VIOLATION,
  postgresError,
  recordAudit,
  toPage,
} from '@project/platform';
import { EntityManager } from 'typeorm';
import { CohortsService } from './cohorts.service';
import {
  CohortEnrolmentDto,
  CreateEnrolmentDto,
  EnrolmentDto,
  UpdateEnrolmentDto,
  mapCohortEnrolment,
  mapEnrolment,
} from './dto/enrolment.dto';
import { EnrolmentsRepository } from './enrolments.repository';

@Injectable()
export class EnrolmentsService {
  constructor(
    private readonly enrolments: EnrolmentsRepository,
    private readonly cohorts: CohortsService,
  ) {}

  async create(auth: AuthContext, learnerId: string, dto: CreateEnrolmentDto): Promise<EnrolmentDto> {
    return this.enrolments.transaction(async (manager) => {
      const learner = await this.enrolments.findLearnerForEnrolment(manager, learnerId, auth.organisationId);
      if (!learner) throw notFound(`Learner ${learnerId}`);
      if (learner.birthDate && dto.startedOn < learner.birthDate) {
        throw new DomainError(
          DomainErrorCode.RuleViolation,
          `The learner was born on ${learner.birthDate}: no enrolment may start before`,
          {
            errors: [{ field: 'startedOn', message: `must be on or after the learner's birth date ${learner.birthDate}` }],
          },
        );
      }
      const certification = await this.enrolments.findCertificationRoute(manager, dto.certificationCode, dto.accessRoute);
      if (!certification) {
        throw new DomainError(DomainErrorCode.RuleViolation, `Unknown certification ${dto.certificationCode}`, {
          errors: [{ field: 'certificationCode', message: `${dto.certificationCode} is not in the catalogue` }],
        });
      }
      // An inactive certification is kept for past enrolments and juries, not offered to new ones.
      if (!certification.active) {
        throw new DomainError(DomainErrorCode.RuleViolation, `${dto.certificationCode} is no longer active: no new enrolment`, {
          errors: [{ field: 'certificationCode', message: `${dto.certificationCode} is not active` }],
        });
      }
      if (certification.routeOpen !== true) {
        throw new DomainError(
          DomainErrorCode.AccessRouteClosed,
          `${dto.certificationCode} is not open to the access route ${dto.accessRoute}`,
          {
            errors: [{ field: 'accessRoute', message: `${dto.accessRoute} is closed for ${dto.certificationCode}` }],
          },
        );
      }
      if (certification.registrationEndsOn && dto.startedOn > certification.registrationEndsOn) {
        throw new DomainError(
          DomainErrorCode.RegistrationEnded,
          `${dto.certificationCode} is registered until ${certification.registrationEndsOn}: no enrolment may start after that`,
          { errors: [{ field: 'startedOn', message: `must be on or before ${certification.registrationEndsOn}` }] },
        );
      }
      // Networks: the organisation certifies the certification, or holds a habilitation covering the start date.
      const refusal = enrolmentRefusal(
        dto.certificationCode,
        await enrolmentEntitlement(manager, auth.organisationId, dto.certificationCode),
        dto.startedOn,
      );
      if (refusal) {
        throw new DomainError(DomainErrorCode.NotHabilitated, `Enrolment in ${dto.certificationCode} refused: ${refusal}`, {
          errors: [{ field: 'certificationCode', message: refusal }],
        });
      }
      const cohortId = dto.cohortId ?? null;
      if (cohortId) await this.assertCohortFits(manager, auth, cohortId, dto.certificationCode);
      const row = await this.enrolments
        .insert(manager, auth.organisationId, {
          learnerId,
          certificationCode: dto.certificationCode,
          accessRoute: dto.accessRoute,
          cohortId,
          startedOn: dto.startedOn,
          jobSeeker: dto.jobSeeker ?? false,
        })
        .catch(alreadyInCohort);
      const enrolment = mapEnrolment(row);
      await recordAudit(manager, auth, { action: 'enrolment.created', entityType: 'enrolment', entityId: enrolment.id, after: enrolment });
      return enrolment;
    });
  }

  async update(auth: AuthContext, id: string, dto: UpdateEnrolmentDto): Promise<EnrolmentDto> {
    return this.enrolments.transaction(async (manager) => {
      const current = await this.enrolments.find(manager, id, auth.organisationId, true);
      if (!current) throw notFound(`Enrolment ${id}`);
      const cohortId = dto.cohortId === undefined ? current.cohortId : dto.cohortId;
      if (cohortId && cohortId !== current.cohortId) await this.assertCohortFits(manager, auth, cohortId, current.certificationCode);
      const row = await this.enrolments
        .update(manager, id, { cohortId, jobSeeker: dto.jobSeeker ?? current.jobSeeker })
        .catch(alreadyInCohort);
      const before = mapEnrolment(current);
      const after = mapEnrolment(row);
      if (JSON.stringify(before) !== JSON.stringify(after)) {
        await recordAudit(manager, auth, {
          action: before.cohortId !== after.cohortId ? 'enrolment.moved' : 'enrolment.updated',
          entityType: 'enrolment',
          entityId: id,
          before,
          after,
        });
      }
      return after;
    });
  }

  async listForLearner(auth: AuthContext, learnerId: string, query: PageQueryDto): Promise<Page<EnrolmentDto>> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const after = checkCursor<[string, string]>(decodeCursor(query.cursor, 2), [CursorPart.date, CursorPart.uuid]);
    await this.enrolments.read((manager) => assertCanReadLearner(manager, auth, learnerId));
    const rows = await this.enrolments.listForLearner(learnerId, limit, after);
    return toPage(rows, limit, (row) => [row.startedOn, row.id], mapEnrolment);
  }

  async listForCohort(auth: AuthContext, cohortId: string, query: PageQueryDto): Promise<Page<CohortEnrolmentDto>> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const after = checkCursor<[string, string, string]>(decodeCursor(query.cursor, 3), [CursorPart.text, CursorPart.text, CursorPart.uuid]);
    await this.enrolments.read((manager) => this.cohorts.assertCanRead(manager, auth, cohortId));
    const rows = await this.enrolments.listForCohort(cohortId, limit, after);
    return toPage(rows, limit, (row) => [row.lastName, row.firstNames, row.id], mapCohortEnrolment);
  }

  /** The cohort must be one of the organisation's and prepare the enrolment's certification. */
  private async assertCohortFits(manager: EntityManager, auth: AuthContext, cohortId: string, certificationCode: string): Promise<void> {
    const cohort = await this.enrolments.findCohort(manager, cohortId, auth.organisationId);
    if (!cohort) {
      throw new DomainError(DomainErrorCode.RuleViolation, `Unknown cohort ${cohortId}`, {
        errors: [{ field: 'cohortId', message: 'no such cohort in your organisation' }],
      });
    }
    if (cohort.certificationCode !== certificationCode) {
      throw new DomainError(
        DomainErrorCode.RuleViolation,
        `Cohort ${cohortId} prepares ${cohort.certificationCode}, not ${certificationCode}`,
        {
          errors: [{ field: 'cohortId', message: `the cohort prepares ${cohort.certificationCode}` }],
        },
      );
    }
  }
}

/** The unique index enrolment_cohort_learner_key is the guard (even under concurrency); this names the field. */
function alreadyInCohort(error: unknown): never {
  const pg = postgresError(error);
  if (pg?.code === PG_UNIQUE_VIOLATION && pg.constraint === 'enrolment_cohort_learner_key') {
    throw new DomainError(DomainErrorCode.Conflict, 'This learner is already enrolled in this cohort', {
      errors: [{ field: 'cohortId', message: 'the learner is already enrolled in this cohort' }],
    });
  }
  throw error;
}
