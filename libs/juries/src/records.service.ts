import { Injectable } from '@nestjs/common';
import { certificationExists } from '@project/catalogue';
import { notFound, ruleViolation } from '@project/domain';
import { assertCanReadLearner, AuthContext, recordAudit, validationProblem } from '@project/platform';
import {
  AcquisitionDto,
  CertificationStatisticsDto,
  FollowUpDto,
  RecordAcquisitionDto,
  RecordFollowUpDto,
  mapAcquisition,
  mapFollowUp,
  mapStatisticsYear,
} from './dto/records.dto';
import { RecordsRepository } from './records.repository';

/** Blocks acquired elsewhere or by VAE (rule 3), follow-ups and statistics (rule 10). */
@Injectable()
export class RecordsService {
  constructor(private readonly records: RecordsRepository) {}

  /** A block acquired before or elsewhere (equivalence, VAE): it counts for eligibility like a jury's. */
  async recordAcquisition(auth: AuthContext, learnerId: string, dto: RecordAcquisitionDto): Promise<AcquisitionDto> {
    const blockCode = dto.blockCode.toUpperCase();
    return this.records.transaction(async (manager) => {
      await assertCanReadLearner(manager, auth, learnerId);
      if (!(await this.records.blockIsKnown(manager, blockCode))) {
        throw ruleViolation('blockCode', `${blockCode} is neither a block of the catalogue nor the origin of a declared equivalence`);
      }
      const acquisition = mapAcquisition(
        await this.records.insertAcquisition(manager, auth.organisationId, learnerId, { ...dto, blockCode }, auth.userId),
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
    if (!(await certificationExists(this.records.manager, certificationCode))) throw notFound(`Certification ${code}`);
    const years = await this.records.statistics(auth.organisationId, certificationCode);
    return { certificationCode, years: years.map(mapStatisticsYear) };
  }
}
