import { Injectable } from '@nestjs/common';
import { checkOutsideEvidence, DomainError, DomainErrorCode, equivalenceOrigin, FieldError, latestToday } from '@project/domain';
import {
  assertCanReadLearner,
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
import {
  AcquisitionDto,
  BlockEquivalenceDto,
  CertificationStatisticsDto,
  CreateBlockEquivalenceDto,
  FollowUpDto,
  ListBlockEquivalencesQueryDto,
  RecordAcquisitionDto,
  RecordFollowUpDto,
  mapAcquisition,
  mapBlockEquivalence,
  mapFollowUp,
  mapStatisticsYear,
} from './dto/records.dto';
import { RecordsRepository } from './records.repository';

function ruleViolation(field: string, message: string): DomainError {
  return rulesViolated([{ field, message }]);
}

function rulesViolated(errors: FieldError[]): DomainError {
  return new DomainError(DomainErrorCode.RuleViolation, errors.map((e) => `${e.field}: ${e.message}`).join('; '), { errors });
}

/** Equivalences (rule 8), blocks acquired elsewhere or by VAE (rule 3), follow-ups and statistics (rule 10). */
@Injectable()
export class RecordsService {
  constructor(private readonly records: RecordsRepository) {}

  async createEquivalence(auth: AuthContext, dto: CreateBlockEquivalenceDto): Promise<BlockEquivalenceDto> {
    const from = dto.fromBlockCode.toUpperCase();
    const to = dto.toBlockCode.toUpperCase();
    if (from === to) throw validationProblem('toBlockCode', 'a block is not equivalent to itself');
    return this.records.transaction(async (manager) => {
      if (!(await this.records.blockExists(manager, to))) throw ruleViolation('toBlockCode', `no block ${to} in the catalogue`);
      const equivalence = mapBlockEquivalence(await this.records.insertEquivalence(manager, from, to));
      await recordAudit(manager, auth, {
        action: 'block_equivalence.created',
        entityType: 'block_equivalence',
        entityId: equivalence.id,
        after: equivalence,
      });
      return equivalence;
    });
  }

  async listEquivalences(query: ListBlockEquivalencesQueryDto): Promise<Page<BlockEquivalenceDto>> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const after = checkCursor<[string, string]>(decodeCursor(query.cursor, 2), [CursorPart.text, CursorPart.text]);
    const rows = await this.records.listEquivalences(query.certificationCode?.toUpperCase(), after, limit);
    return toPage(rows, limit, (row) => [row.toBlockCode, row.fromBlockCode], mapBlockEquivalence);
  }

  /**
   * A block acquired before or elsewhere: it counts for eligibility like a jury's, so it is never taken on
   * the caller's word. From outside (vae, external): the document, the awarding certifier and a past date;
   * an equivalence: a declared one, from a block the learner holds (rules 3 and 8).
   */
  async recordAcquisition(auth: AuthContext, learnerId: string, dto: RecordAcquisitionDto): Promise<AcquisitionDto> {
    const blockCode = dto.blockCode.toUpperCase();
    const fromBlockCode = dto.fromBlockCode?.toUpperCase() ?? null;
    if (dto.source === 'equivalence' && fromBlockCode === null) {
      throw validationProblem('fromBlockCode', 'an equivalence names the held block it follows from');
    }
    if (dto.source !== 'equivalence' && fromBlockCode !== null)
      throw validationProblem('fromBlockCode', 'only an equivalence follows from a held block');
    const today = latestToday(new Date());
    return this.records.transaction(async (manager) => {
      await assertCanReadLearner(manager, auth, learnerId);
      if (!(await this.records.blockIsKnown(manager, blockCode))) {
        throw ruleViolation('blockCode', `${blockCode} is neither a block of the catalogue nor the origin of a declared equivalence`);
      }
      let derivedFromAcquisitionId: string | null = null;
      if (fromBlockCode !== null) {
        const { acquisitions, equivalences } = await this.records.heldAndEquivalences(manager, learnerId, fromBlockCode);
        const found = equivalenceOrigin({ blockCode, fromBlockCode, acquiredOn: dto.acquiredOn }, acquisitions, equivalences, today);
        if ('errors' in found) throw rulesViolated(found.errors);
        derivedFromAcquisitionId = found.origin.id;
      } else {
        const errors = checkOutsideEvidence(dto, today);
        if (errors.length > 0) throw rulesViolated(errors);
      }
      const acquisition = mapAcquisition(
        await this.records.insertAcquisition(
          manager,
          auth.organisationId,
          learnerId,
          {
            blockCode,
            acquiredOn: dto.acquiredOn,
            source: dto.source,
            evidenceReference: dto.evidenceReference?.trim() || null,
            awardingCertifier: dto.awardingCertifier?.trim() || null,
            derivedFromAcquisitionId,
          },
          auth.userId,
        ),
      );
      await recordAudit(manager, auth, {
        action: 'block_acquisition.created',
        entityType: 'block_acquisition',
        entityId: acquisition.id,
        after: acquisition,
      });
      return acquisition;
    });
  }

  async listAcquisitions(auth: AuthContext, learnerId: string): Promise<AcquisitionDto[]> {
    await assertCanReadLearner(this.records.manager, auth, learnerId);
    return (await this.records.listAcquisitions(learnerId)).map(mapAcquisition);
  }

  async recordFollowUp(auth: AuthContext, learnerId: string, dto: RecordFollowUpDto): Promise<FollowUpDto> {
    if (dto.inTargetJob && !dto.employed) throw validationProblem('inTargetJob', 'a learner in the target job is employed');
    const certificationCode = dto.certificationCode.toUpperCase();
    return this.records.transaction(async (manager) => {
      await assertCanReadLearner(manager, auth, learnerId);
      if (!(await this.records.isAwarded(manager, learnerId, certificationCode))) {
        throw ruleViolation('certificationCode', `the learner has not been awarded ${certificationCode}: there is no insertion to follow`);
      }
      const followUp = mapFollowUp(
        await this.records.insertFollowUp(manager, auth.organisationId, learnerId, { ...dto, certificationCode }),
      );
      await recordAudit(manager, auth, { action: 'follow_up.recorded', entityType: 'follow_up', entityId: followUp.id, after: followUp });
      return followUp;
    });
  }

  async statistics(auth: AuthContext, code: string): Promise<CertificationStatisticsDto> {
    const certificationCode = code.toUpperCase();
    if (!(await this.records.certificationExists(certificationCode))) {
      throw new DomainError(DomainErrorCode.NotFound, `Certification ${code} not found`);
    }
    const years = await this.records.statistics(auth.organisationId, certificationCode);
    return { certificationCode, years: years.map(mapStatisticsYear) };
  }
}
