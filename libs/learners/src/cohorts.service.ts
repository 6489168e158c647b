import { Injectable } from '@nestjs/common';
import { certificationExists } from '@project/catalogue';
import { DomainError, DomainErrorCode, notFound } from '@project/domain';
import {
  AuthContext,
  checkCursor,
  CursorPart,
  decodeCursor,
  DEFAULT_PAGE_SIZE,
  Page,
  recordAudit,
  toPage,
  validationProblem,
} from '@project/platform';
import { EntityManager } from 'typeorm';
import { CohortsRepository } from './cohorts.repository';
import { AddTrainerDto, CohortDto, CreateCohortDto, ListCohortsQueryDto, mapCohort } from './dto/cohort.dto';

@Injectable()
export class CohortsService {
  constructor(private readonly cohorts: CohortsRepository) {}

  async create(auth: AuthContext, dto: CreateCohortDto): Promise<CohortDto> {
    if (dto.endsOn < dto.startsOn) throw validationProblem('endsOn', 'endsOn must be on or after startsOn');
    const trainerUserIds = dto.trainerUserIds ?? [];
    return this.cohorts.transaction(async (manager) => {
      if (!(await certificationExists(manager, dto.certificationCode))) {
        throw new DomainError(DomainErrorCode.RuleViolation, `Unknown certification ${dto.certificationCode}`, {
          errors: [{ field: 'certificationCode', message: `${dto.certificationCode} is not in the catalogue` }],
        });
      }
      await this.assertTrainers(manager, auth, trainerUserIds, 'trainerUserIds');
      const id = await this.cohorts.insert(manager, auth.organisationId, dto);
      await this.cohorts.addTrainers(manager, id, trainerUserIds);
      const cohort = mapCohort((await this.cohorts.find(manager, id))!);
      await recordAudit(manager, auth, { action: 'cohort.created', entityType: 'cohort', entityId: id, after: cohort });
      return cohort;
    });
  }

  async list(auth: AuthContext, query: ListCohortsQueryDto): Promise<Page<CohortDto>> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const after = checkCursor<[string, string]>(decodeCursor(query.cursor, 2), [CursorPart.date, CursorPart.uuid]);
    const rows = await this.cohorts.listVisible(auth, limit, after, query.certificationCode);
    return toPage(rows, limit, (row) => [row.startsOn, row.id], mapCohort);
  }

  async get(auth: AuthContext, id: string): Promise<CohortDto> {
    return this.cohorts.read(async (manager) => {
      await this.assertCanRead(manager, auth, id);
      return mapCohort((await this.cohorts.find(manager, id))!);
    });
  }

  async addTrainer(auth: AuthContext, id: string, dto: AddTrainerDto): Promise<CohortDto> {
    return this.cohorts.transaction(async (manager) => {
      const before = await this.findOwn(manager, auth, id, true);
      await this.assertTrainers(manager, auth, [dto.userId], 'userId');
      const added = await this.cohorts.addTrainers(manager, id, [dto.userId]);
      if (added.length === 0) {
        throw new DomainError(DomainErrorCode.Conflict, 'This trainer is already assigned to the cohort', {
          errors: [{ field: 'userId', message: 'already assigned' }],
        });
      }
      const after = mapCohort((await this.cohorts.find(manager, id))!);
      await recordAudit(manager, auth, {
        action: 'cohort.trainer_added',
        entityType: 'cohort',
        entityId: id,
        before: { trainerUserIds: before.trainers.map((t) => t.id) },
        after: { trainerUserIds: after.trainers.map((t) => t.id) },
      });
      return after;
    });
  }

  async removeTrainer(auth: AuthContext, id: string, userId: string): Promise<void> {
    await this.cohorts.transaction(async (manager) => {
      const before = await this.findOwn(manager, auth, id, true);
      if (!(await this.cohorts.removeTrainer(manager, id, userId))) {
        throw new DomainError(DomainErrorCode.NotFound, `User ${userId} is not a trainer of this cohort`);
      }
      await recordAudit(manager, auth, {
        action: 'cohort.trainer_removed',
        entityType: 'cohort',
        entityId: id,
        before: { trainerUserIds: before.trainers.map((t) => t.id) },
        after: { trainerUserIds: before.trainers.map((t) => t.id).filter((t) => t !== userId) },
      });
    });
  }

  /**
   * Reading a cohort: admins and jury members of its organisation, trainers assigned to it. A trainer of the
   * same organisation who is not assigned gets 403 (the cohort is no secret inside the organisation);
   * another organisation's cohort answers 404.
   */
  async assertCanRead(manager: EntityManager, auth: AuthContext, id: string): Promise<{ certificationCode: string }> {
    const access = await this.cohorts.findAccess(manager, auth, id);
    if (!access || access.organisationId !== auth.organisationId) throw notFound(`Cohort ${id}`);
    if (access.readable) return access;
    throw new DomainError(DomainErrorCode.Forbidden, 'Only trainers assigned to this cohort (or admins and jury members) may read it');
  }

  private async findOwn(manager: EntityManager, auth: AuthContext, id: string, lock: boolean): Promise<CohortDto> {
    const row = await this.cohorts.find(manager, id, lock);
    if (!row || row.organisationId !== auth.organisationId) throw notFound(`Cohort ${id}`);
    return mapCohort(row);
  }

  private async assertTrainers(manager: EntityManager, auth: AuthContext, userIds: string[], field: string): Promise<void> {
    const wrong = await this.cohorts.nonTrainers(manager, auth.organisationId, userIds);
    if (wrong.length > 0) {
      throw new DomainError(DomainErrorCode.RuleViolation, `Not trainers of your organisation: ${wrong.join(', ')}`, {
        errors: [{ field, message: `${wrong.join(', ')} must be users of your organisation with the trainer role` }],
      });
    }
  }
}
