import { Injectable } from '@nestjs/common';
import { certificationExists } from '@project/catalogue';
import { notFound, ruleViolation } from '@project/domain';
import { assertCanReadLearner, AuthContext, recordAudit, validationProblem } from '@project/platform';
import {
  CentreStatisticsDto,
  CertificationStatisticsDto,
  FollowUpDto,
  RecordFollowUpDto,
  mapFollowUp,
  mapStatisticsYear,
} from './dto/follow-up.dto';
import { FollowUpsRepository } from './follow-ups.repository';

/** Follow-ups of awarded learners and the certification's statistics (rule 10). */
@Injectable()
export class FollowUpsService {
  constructor(private readonly followUps: FollowUpsRepository) {}

  async recordFollowUp(auth: AuthContext, learnerId: string, dto: RecordFollowUpDto): Promise<FollowUpDto> {
    if (dto.inTargetJob && !dto.employed) throw validationProblem('inTargetJob', 'a learner in the target job is employed');
    const certificationCode = dto.certificationCode.toUpperCase();
    return this.followUps.transaction(async (manager) => {
      await assertCanReadLearner(manager, auth, learnerId);
      if (!(await this.followUps.isAwarded(manager, learnerId, certificationCode))) {
        throw ruleViolation('certificationCode', `the learner has not been awarded ${certificationCode}: there is no insertion to follow`);
      }
      const followUp = mapFollowUp(
        await this.followUps.insertFollowUp(manager, auth.organisationId, learnerId, { ...dto, certificationCode }),
      );
      await recordAudit(manager, auth, { action: 'follow_up.recorded', entityType: 'follow_up', entityId: followUp.id, after: followUp });
      return followUp;
    });
  }

  async statistics(auth: AuthContext, code: string): Promise<CertificationStatisticsDto> {
    const certificationCode = code.toUpperCase();
    if (!(await certificationExists(this.followUps.manager, certificationCode))) throw notFound(`Certification ${code}`);
    const years = await this.followUps.statistics(auth.organisationId, certificationCode, false);
    return { certificationCode, years: years.map(mapStatisticsYear) };
  }

  /** The certifier's breakdown: only awards its own juries decided, so a centre sees none of its certifier's network. */
  async centreStatistics(auth: AuthContext, code: string): Promise<CentreStatisticsDto[]> {
    const certificationCode = code.toUpperCase();
    if (!(await certificationExists(this.followUps.manager, certificationCode))) throw notFound(`Certification ${code}`);
    const centres = new Map<string, CentreStatisticsDto>();
    for (const row of await this.followUps.statistics(auth.organisationId, certificationCode, true)) {
      const centre = centres.get(row.trainingCentreId!) ?? {
        trainingCentreId: row.trainingCentreId!,
        trainingCentreName: row.trainingCentreName!,
        years: [],
      };
      centre.years.push(mapStatisticsYear(row));
      centres.set(centre.trainingCentreId, centre);
    }
    return [...centres.values()];
  }
}
