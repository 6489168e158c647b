import { Injectable } from '@nestjs/common';
import {
  checkOutsideEvidence,
  DomainError,
  DomainErrorCode,
  equivalenceOrigin,
  FieldError,
  latestToday,
  ruleViolation,
} from '@project/domain';
import { CredentialIssuer } from '@project/credentials';
import { assertCanReadLearner, AuthContext, recordAudit, validationProblem } from '@project/platform';
import { AcquisitionDto, RecordAcquisitionDto, mapAcquisition } from './dto/acquisition.dto';
import { AcquisitionsRepository } from './acquisitions.repository';

function rulesViolated(errors: FieldError[]): DomainError {
  return new DomainError(DomainErrorCode.RuleViolation, errors.map((e) => `${e.field}: ${e.message}`).join('; '), { errors });
}

/** Blocks acquired elsewhere, by VAE or through an equivalence (rules 3 and 8): they count for eligibility like a jury's. */
@Injectable()
export class AcquisitionsService {
  constructor(
    private readonly acquisitions: AcquisitionsRepository,
    private readonly credentials: CredentialIssuer,
  ) {}

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
    return this.acquisitions.transaction(async (manager) => {
      await assertCanReadLearner(manager, auth, learnerId);
      if (!(await this.acquisitions.blockIsKnown(manager, blockCode))) {
        throw ruleViolation('blockCode', `${blockCode} is neither a block of the catalogue nor the origin of a declared equivalence`);
      }
      let derivedFromAcquisitionId: string | null = null;
      if (fromBlockCode !== null) {
        const { acquisitions, equivalences } = await this.acquisitions.heldAndEquivalences(manager, learnerId, fromBlockCode);
        const found = equivalenceOrigin({ blockCode, fromBlockCode, acquiredOn: dto.acquiredOn }, acquisitions, equivalences, today);
        if ('errors' in found) throw rulesViolated(found.errors);
        derivedFromAcquisitionId = found.origin.id;
      } else {
        const errors = checkOutsideEvidence(dto, today);
        if (errors.length > 0) throw rulesViolated(errors);
      }
      const acquisition = mapAcquisition(
        await this.acquisitions.insertAcquisition(
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
      await this.credentials.issueForAcquisition(manager, auth, acquisition.id);
      return acquisition;
    });
  }

  async listAcquisitions(auth: AuthContext, learnerId: string): Promise<AcquisitionDto[]> {
    await assertCanReadLearner(this.acquisitions.manager, auth, learnerId);
    return (await this.acquisitions.listAcquisitions(learnerId)).map(mapAcquisition);
  }
}
