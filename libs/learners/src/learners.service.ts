import { Injectable } from '@nestjs/common';
import { DomainError, DomainErrorCode, checkBirthPlace, notFound } from '@project/domain';
import { EntityManager } from 'typeorm';
import {
  AuthContext,
  checkCursor,
  CursorPart,
  decodeCursor,
  DEFAULT_PAGE_SIZE,
  likePattern,
  Page,
  PG_UNIQUE_VIOLATION,
  postgresError,
  recordAudit,
  toPage,
  validationProblems,
} from '@project/platform';
import { CivilIdentityDto, UpdateCivilIdentityDto, mapCivilIdentity } from './dto/civil-identity.dto';
import { CreateLearnerDto, LearnerDto, ListLearnersQueryDto, UpdateLearnerDto, mapLearner } from './dto/learner.dto';
import { CivilIdentityFields, LearnersRepository } from './learners.repository';

@Injectable()
export class LearnersService {
  constructor(private readonly learners: LearnersRepository) {}

  async create(auth: AuthContext, dto: CreateLearnerDto): Promise<LearnerDto> {
    return this.learners.transaction(async (manager) => {
      const row = await this.learners
        .insert(manager, auth.organisationId, {
          firstNames: dto.firstName,
          lastName: dto.lastName,
          email: dto.email,
          birthDate: dto.birthDate ?? null,
          birthName: dto.birthName ?? null,
        })
        .catch(duplicateEmail(dto.email));
      const learner = mapLearner(row);
      await recordAudit(manager, auth, { action: 'learner.created', entityType: 'learner', entityId: learner.id, after: learner });
      return learner;
    });
  }

  async list(auth: AuthContext, query: ListLearnersQueryDto): Promise<Page<LearnerDto>> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const after = checkCursor<[string, string, string]>(decodeCursor(query.cursor, 3), [CursorPart.text, CursorPart.text, CursorPart.uuid]);
    const search = query.search?.trim() ? likePattern(query.search.trim()) : undefined;
    const rows = await this.learners.listVisible(auth, limit, after, search);
    return toPage(rows, limit, (row) => [row.lastName, row.firstNames, row.id], mapLearner);
  }

  async get(auth: AuthContext, id: string): Promise<LearnerDto> {
    const row = await this.learners.findVisible(auth, id);
    if (!row) throw notFound(`Learner ${id}`);
    return mapLearner(row);
  }

  async update(auth: AuthContext, id: string, dto: UpdateLearnerDto): Promise<LearnerDto> {
    return this.learners.transaction(async (manager) => {
      const current = await this.learners.findInOrganisation(manager, auth.organisationId, id, true);
      if (!current) throw notFound(`Learner ${id}`);
      const before = mapLearner(current);
      if (dto.birthDate && dto.birthDate !== current.birthDate) await this.checkBirthDateBeforeEnrolments(manager, id, dto.birthDate);
      const row = await this.learners
        .update(manager, id, {
          firstNames: dto.firstName ?? current.firstNames,
          lastName: dto.lastName ?? current.lastName,
          email: dto.email ?? current.email,
          birthDate: dto.birthDate === undefined ? current.birthDate : dto.birthDate,
          birthName: dto.birthName === undefined ? current.birthName : dto.birthName,
        })
        .catch(duplicateEmail(dto.email ?? current.email));
      const after = mapLearner(row);
      // An update that changes nothing leaves no trace in the audit trail.
      if (JSON.stringify(before) !== JSON.stringify(after)) {
        await recordAudit(manager, auth, { action: 'learner.updated', entityType: 'learner', entityId: id, before, after });
      }
      return after;
    });
  }

  async getCivilIdentity(auth: AuthContext, id: string): Promise<CivilIdentityDto> {
    const row = await this.learners.findCivilIdentity(auth, id);
    if (!row) throw notFound(`Learner ${id}`);
    return mapCivilIdentity(row);
  }

  /** Admins, or the learner for its own record, complete what the CPF declaration needs; every change is audited. */
  async updateCivilIdentity(auth: AuthContext, id: string, dto: UpdateCivilIdentityDto): Promise<CivilIdentityDto> {
    return this.learners.transaction(async (manager) => {
      const current = await this.learners.lockEditableCivilIdentity(manager, auth, id);
      if (!current) throw notFound(`Learner ${id}`);
      const pick = <K extends keyof CivilIdentityFields>(key: K): CivilIdentityFields[K] =>
        (dto[key] === undefined ? current[key] : dto[key]) as CivilIdentityFields[K];
      const fields: CivilIdentityFields = {
        birthName: pick('birthName'),
        usageName: pick('usageName'),
        givenNames: pick('givenNames'),
        sex: pick('sex'),
        birthDate: pick('birthDate'),
        birthCommuneCode: pick('birthCommuneCode'),
        birthPostalCode: pick('birthPostalCode'),
        birthCommune: pick('birthCommune'),
        birthCountryCode: pick('birthCountryCode'),
        birthCountry: pick('birthCountry'),
      };
      // The parts of a birthplace must agree, whichever of them this request changes.
      const placeErrors = checkBirthPlace(fields);
      if (placeErrors.length > 0) throw validationProblems(placeErrors);
      if (fields.birthDate && fields.birthDate !== current.birthDate)
        await this.checkBirthDateBeforeEnrolments(manager, id, fields.birthDate);
      const before = mapCivilIdentity(current);
      const after = mapCivilIdentity(await this.learners.updateCivilIdentity(manager, id, fields));
      const { updatedAt: _before, ...beforeFields } = before;
      const { updatedAt: _after, ...afterFields } = after;
      if (JSON.stringify(beforeFields) !== JSON.stringify(afterFields)) {
        await recordAudit(manager, auth, {
          action: 'learner.civil_identity_updated',
          entityType: 'learner',
          entityId: id,
          before: beforeFields,
          after: afterFields,
        });
      }
      return after;
    });
  }

  /** Enrolments lock the learner FOR SHARE while they check their start against the birth date. */
  private async checkBirthDateBeforeEnrolments(manager: EntityManager, id: string, birthDate: string): Promise<void> {
    const firstStart = await this.learners.earliestEnrolmentStart(manager, id);
    if (firstStart && firstStart < birthDate) {
      throw new DomainError(
        DomainErrorCode.RuleViolation,
        `An enrolment of this learner started on ${firstStart}, before that birth date`,
        {
          errors: [{ field: 'birthDate', message: `must be on or before ${firstStart}, the start of the learner's first enrolment` }],
        },
      );
    }
  }
}

/** The unique index is the real guard (two concurrent creations); this names the field in the answer. */
function duplicateEmail(email: string) {
  return (error: unknown): never => {
    const pg = postgresError(error);
    if (pg?.code === PG_UNIQUE_VIOLATION && pg.constraint === 'learner_email_key') {
      throw new DomainError(DomainErrorCode.Conflict, `A learner with email ${email} already exists in this organisation`, {
        errors: [{ field: 'email', message: 'already used by another learner' }],
      });
    }
    throw error;
  };
}
