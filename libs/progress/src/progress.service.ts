import { Injectable } from '@nestjs/common';
import { CpfDeclarationsService } from '@project/accrochage';
import { certificationExists } from '@project/catalogue';
import { DomainError, DomainErrorCode, notFound } from '@project/domain';
import { AuthContext, checkCursor, CursorPart, decodeCursor, DEFAULT_PAGE_SIZE, Page, toPage } from '@project/platform';
import {
  EligibleLearnerDto,
  EligibleLearnersQueryDto,
  LearnerProgressDto,
  mapCertificationProgress,
  mapEligibleLearner,
} from './dto/progress.dto';
import { ProgressRepository } from './progress.repository';
import { assessStanding } from './standing';
import { StandingRepository } from './standing.repository';

@Injectable()
export class ProgressService {
  constructor(
    private readonly standings: StandingRepository,
    private readonly progress: ProgressRepository,
    private readonly declarations: CpfDeclarationsService,
  ) {}

  /** The contract's progress: one statement loads everything, the pure rules do the rest. */
  async learnerProgress(auth: AuthContext, learnerId: string): Promise<LearnerProgressDto> {
    // One statement: the read check and everything the rules need.
    const rows = await this.standings.loadLearnerStandings(auth, learnerId);
    if (!rows) throw notFound(`Learner ${learnerId}`);
    const certifications = rows.map((row) => mapCertificationProgress(assessStanding(row)));
    // Only an award is declared to the CPF: learners without one (most reads) cost no second statement.
    if (certifications.some((certification) => certification.awardedOn !== null)) {
      const declarations = await this.declarations.declarationsByCertification(auth, learnerId);
      for (const certification of certifications) certification.cpfDeclaration = declarations.get(certification.code) ?? null;
    }
    return { learnerId, certifications };
  }

  async myProgress(auth: AuthContext): Promise<LearnerProgressDto> {
    if (!auth.learnerId) throw new DomainError(DomainErrorCode.NotFound, 'This user is not linked to a learner record');
    return this.learnerProgress(auth, auth.learnerId);
  }

  async eligibleLearners(auth: AuthContext, code: string, query: EligibleLearnersQueryDto): Promise<Page<EligibleLearnerDto>> {
    const certificationCode = code.toUpperCase();
    if (!(await certificationExists(this.progress.manager, certificationCode))) throw notFound(`Certification ${code}`);
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const after = checkCursor<[string, string, string]>(decodeCursor(query.cursor, 3), [CursorPart.text, CursorPart.text, CursorPart.uuid]);
    const rows = await this.progress.findEligibleLearners(auth, certificationCode, query.cohortId ?? null, after, limit);
    return toPage(rows, limit, (row) => [row.lastName, row.firstNames, row.id], mapEligibleLearner);
  }
}
