import { Injectable } from '@nestjs/common';
import {
  BLOCK_DECISIONS,
  CERTIFICATION_DECISIONS,
  DomainError,
  DomainErrorCode,
  jurySessionClosed,
  notFound,
  weighDecision,
} from '@project/domain';
import { CredentialIssuer } from '@project/credentials';
import { AuditEntry, assertCanReadLearner, AuthContext, isNetworkEnrolment, recordAudit, validationProblem } from '@project/platform';
import { StandingRepository, assessStanding } from '@project/progress';
import { EntityManager } from 'typeorm';
import { JuryDecisionDto, RecordDecisionDto, mapJuryDecision } from './dto/jury-decision.dto';
import { LearnerDecisionDto, mapLearnerDecision } from './dto/learner-decision.dto';
import { EnrolmentRecord, JuriesRepository, SessionRecord } from './juries.repository';
import { applyToAcquisitions } from './jury-acquisitions';
import { correctedDecision } from './jury-corrections';
import { assertCallerSits, assertComposition, assertJurySat } from './jury-day';
import { JurySessionAccess } from './jury-session-access';

/** Jury decisions: recording them (corrections included) and listing a session's. */
@Injectable()
export class JuryDecisionsService {
  constructor(
    private readonly juries: JuriesRepository,
    private readonly standings: StandingRepository,
    private readonly access: JurySessionAccess,
    private readonly credentials: CredentialIssuer,
  ) {}

  async listDecisions(auth: AuthContext, id: string): Promise<JuryDecisionDto[]> {
    const session = await this.access.sessionFor(this.juries.manager, auth, id);
    return (await this.juries.listDecisions(this.juries.manager, session.id)).map(mapJuryDecision);
  }

  /** The decisions concerning a learner the caller may read (a partner centre's learner: its certifier's juries' too). */
  async learnerDecisions(auth: AuthContext, learnerId: string): Promise<LearnerDecisionDto[]> {
    const manager = this.juries.manager;
    await assertCanReadLearner(manager, auth, learnerId);
    return (await this.juries.listLearnerDecisions(manager, auth.organisationId, learnerId)).map(mapLearnerDecision);
  }

  /**
   * Rules 1, 3, 4, 6, 7 and 9 in one transaction: the session must be open and properly composed for the
   * candidate's route; a departure from the proposal needs a rationale; only an eligible learner is
   * awarded, and only before the registration end date. The unique index settles concurrent duplicates.
   */
  async recordDecision(auth: AuthContext, sessionId: string, dto: RecordDecisionDto): Promise<JuryDecisionDto> {
    const blockCode = dto.blockCode?.toUpperCase() ?? null;
    assertDecisionShape(dto, blockCode);
    return this.juries.transaction(async (manager) => {
      // FOR SHARE: closing (FOR UPDATE) waits for this decision, and no decision slips in after it.
      const session = await this.access.sessionFor(manager, auth, sessionId, 'share');
      if (session.closedAt !== null) {
        throw jurySessionClosed();
      }
      assertJurySat(session, 'decisions are recorded');
      assertCallerSits(session, auth, 'decide');
      const enrolment = await this.candidateEnrolment(manager, session, dto.enrolmentId, blockCode);
      const corrected = dto.supersedesDecisionId
        ? await correctedDecision(this.juries, manager, session, enrolment.learnerId, blockCode, dto.supersedesDecisionId)
        : null;
      assertComposition(session, enrolment.juryComposition, enrolment.accessRoute);

      // Decisions on one learner queue up here, so two sessions cannot both award what neither saw awarded.
      await this.juries.lockLearnerDecisions(manager, enrolment.learnerId);
      if (corrected?.decision === 'validated' && blockCode !== null && dto.decision !== 'validated') {
        await assertNoAwardRelies(this.juries, manager, enrolment.learnerId, blockCode);
      }
      const [row] = await this.standings.loadStandings(enrolment.organisationId, [enrolment.learnerId], session.certificationCode, manager);
      const { proposal, mark, departs } = weighDecision(session, assessStanding(row), blockCode, dto.decision, corrected?.decision ?? null);
      const rationale = dto.rationale?.trim() || null;
      if (departs && rationale === null) {
        throw new DomainError(
          DomainErrorCode.RationaleRequired,
          `Deciding ${dto.decision} departs from the proposal (${proposal}): a rationale is required`,
          {
            errors: [{ field: 'rationale', message: `required when the decision departs from the proposal (${proposal})` }],
          },
        );
      }

      // The decision concerns the candidate's organisation (a partner centre's learner: the centre's), in the session's.
      const decision = await this.juries.insertDecision(manager, {
        organisationId: enrolment.organisationId,
        jurySessionId: session.id,
        enrolmentId: enrolment.id,
        learnerId: enrolment.learnerId,
        blockCode,
        decision: dto.decision,
        proposal,
        mark,
        departsFromProposal: departs,
        rationale,
        supersedesDecisionId: corrected?.id ?? null,
        correctionReason: corrected ? dto.correctionReason!.trim() : null,
        decidedBy: auth.userId,
      });
      const audit: AuditEntry[] = [
        {
          action: corrected ? 'jury_decision.corrected' : 'jury_decision.recorded',
          entityType: 'jury_decision',
          entityId: decision.id,
          before: corrected,
          after: mapJuryDecision(decision),
          reason: corrected ? decision.correctionReason : decision.rationale,
        },
        ...(await applyToAcquisitions(this.juries, manager, auth, session, enrolment, decision, corrected)),
      ];
      await recordAudit(manager, auth, audit);
      if (corrected) await this.credentials.revokeForCorrection(manager, auth, corrected.id, decision.id, decision.correctionReason!);
      return mapJuryDecision(decision);
    });
  }

  /**
   * The enrolment decided on: of the session's organisation or of a centre it authorised (networks), in the session's
   * certification, and the block one of its blocks.
   */
  private async candidateEnrolment(
    manager: EntityManager,
    session: SessionRecord,
    enrolmentId: string,
    blockCode: string | null,
  ): Promise<EnrolmentRecord> {
    const enrolment = await this.juries.findEnrolment(manager, enrolmentId);
    // The session's own candidates, or those of a centre its certifier authorised for this certification.
    const candidate =
      enrolment !== undefined &&
      (enrolment.organisationId === session.organisationId ||
        (await isNetworkEnrolment(manager, enrolment.id, session.organisationId, session.certificationCode)));
    if (!candidate) {
      throw notFound(`Enrolment ${enrolmentId}`);
    }
    if (enrolment.certificationCode !== session.certificationCode) {
      throw new DomainError(
        DomainErrorCode.RuleViolation,
        `The enrolment is for ${enrolment.certificationCode}, not ${session.certificationCode}`,
        {
          errors: [{ field: 'enrolmentId', message: `enrolled in ${enrolment.certificationCode}` }],
        },
      );
    }
    if (blockCode !== null && !(await this.juries.blockBelongsTo(manager, blockCode, session.certificationCode))) {
      throw new DomainError(DomainErrorCode.RuleViolation, `${blockCode} is not a block of ${session.certificationCode}`, {
        errors: [{ field: 'blockCode', message: `not a block of ${session.certificationCode}` }],
      });
    }
    return enrolment;
  }
}

/** What the DTO cannot say alone: block decisions with a block, award decisions without; a correction with its reason. */
function assertDecisionShape(dto: RecordDecisionDto, blockCode: string | null): void {
  if (blockCode !== null && !(BLOCK_DECISIONS as readonly string[]).includes(dto.decision)) {
    throw validationProblem('decision', `a block decision is one of ${BLOCK_DECISIONS.join(', ')}`);
  }
  if (blockCode === null && !(CERTIFICATION_DECISIONS as readonly string[]).includes(dto.decision)) {
    throw validationProblem(
      'decision',
      `without blockCode, the decision on the certification is one of ${CERTIFICATION_DECISIONS.join(', ')}`,
    );
  }
  if (dto.supersedesDecisionId && !dto.correctionReason?.trim()) {
    throw validationProblem('correctionReason', 'a correction needs its reason');
  }
  if (dto.correctionReason && !dto.supersedesDecisionId) {
    throw validationProblem('supersedesDecisionId', 'a correction reason goes with the decision it corrects');
  }
}

/**
 * Taking a block back while an award that counts it still stands would leave a certificate listing fewer blocks
 * than the award needs: the award is corrected first (then its credential is revoked), then the block.
 */
async function assertNoAwardRelies(juries: JuriesRepository, manager: EntityManager, learnerId: string, blockCode: string): Promise<void> {
  const award = await juries.awardRelyingOnBlock(manager, learnerId, blockCode);
  if (award) {
    throw new DomainError(
      DomainErrorCode.InvalidState,
      `The award of ${award.certificationCode} (jury of ${award.heldOn}) counts block ${blockCode}: correct that award first, then the block`,
      { certificationCode: award.certificationCode },
    );
  }
}
