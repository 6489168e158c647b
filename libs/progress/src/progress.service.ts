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
    return { learnerId, certifications: rows.map((row) => mapCertificationProgress(assessStanding(row))) };
  }

  async myProgress(auth: AuthContext): Promise<LearnerProgressDto> {
    if (!auth.learnerId) throw new DomainError(DomainErrorCode.NotFound, 'This user is not linked to a learner record');
    const progress = await this.learnerProgress(auth, auth.learnerId);
    // The learner's own page says where each award's CPF declaration stands. Only there: a second statement on
    // every progress read cost the hot path (T2) a third more CPU; others read it at /learners/{id}/cpf-declarations.
    if (progress.certifications.some((certification) => certification.awardedOn !== null)) {
      const declarations = await this.declarations.declarationsByCertification(auth, auth.learnerId);
      for (const certification of progress.certifications) certification.cpfDeclaration = declarations.get(certification.code) ?? null;
    }
    return progress;
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
