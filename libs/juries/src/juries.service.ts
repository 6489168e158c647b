import { Injectable } from '@nestjs/common';
import {
  BLOCK_DECISIONS,
  BlockDecision,
  CERTIFICATION_DECISIONS,
  DomainError,
  DomainErrorCode,
  JuryCompositionRule,
  canAwardOn,
  certificationDecisionDeparts,
  checkJuryComposition,
  decisionDepartsFromProposal,
} from '@project/domain';
import {
  AuditEntry,
  AuthContext,
  checkCursor,
  CursorPart,
  decodeCursor,
  DEFAULT_PAGE_SIZE,
  hasRole,
  Page,
  recordAudit,
  toPage,
  validationProblem,
} from '@project/platform';
import { CertificationStanding, StandingRepository, assessStanding } from '@project/progress';
import { EntityManager } from 'typeorm';
import { JuryDecisionDto, JuryDecisionRow, JuryDecisionValue, RecordDecisionDto, mapJuryDecision } from './dto/jury-decision.dto';
import { CreateJurySessionDto, JurySessionDto, ListJurySessionsQueryDto, mapJurySession } from './dto/jury-session.dto';
import { SessionProposalsDto, mapCandidateProposal } from './dto/proposals.dto';
import { EnrolmentRecord, JuriesRepository, SessionRecord } from './juries.repository';
import { JuryMinutes, renderMinutesPdf } from './minutes';

const ISO_NOW = () => new Date().toISOString();

@Injectable()
export class JuriesService {
  constructor(
    private readonly juries: JuriesRepository,
    private readonly standings: StandingRepository,
  ) {}

  async createSession(auth: AuthContext, dto: CreateJurySessionDto): Promise<JurySessionDto> {
    const certificationCode = dto.certificationCode.toUpperCase();
    return this.juries.transaction(async (manager) => {
      if (!(await this.juries.certificationExists(manager, certificationCode))) {
        throw new DomainError(DomainErrorCode.RuleViolation, `Certification ${certificationCode} does not exist`, {
          errors: [{ field: 'certificationCode', message: `no certification ${certificationCode}` }],
        });
      }
      await this.checkLinkedUsers(manager, auth, dto);
      const id = await this.juries.insertSession(manager, auth.organisationId, certificationCode, dto.heldOn, dto.members, auth.userId);
      const session = mapJurySession((await this.juries.findSession(manager, id))!);
      await recordAudit(manager, auth, { action: 'jury_session.created', entityType: 'jury_session', entityId: id, after: session });
      return session;
    });
  }

  /** Linked members must be jury_member users of the organisation, each linked once. */
  private async checkLinkedUsers(manager: EntityManager, auth: AuthContext, dto: CreateJurySessionDto): Promise<void> {
    const ids = dto.members.map((m) => m.userId).filter((id): id is string => id !== undefined);
    const users = new Map((await this.juries.findUsers(manager, ids)).map((u) => [u.id, u]));
    const errors: { field: string; message: string }[] = [];
    const seen = new Set<string>();
    dto.members.forEach((member, i) => {
      if (member.userId === undefined) return;
      const user = users.get(member.userId);
      if (!user || user.organisationId !== auth.organisationId) {
        errors.push({ field: `members[${i}].userId`, message: 'no such user in this organisation' });
      } else if (!user.roles.includes('jury_member')) {
        errors.push({ field: `members[${i}].userId`, message: 'the user does not have the jury_member role' });
      } else if (seen.has(member.userId)) {
        errors.push({ field: `members[${i}].userId`, message: 'the same user sits only once' });
      }
      seen.add(member.userId);
    });
    if (errors.length > 0) {
      throw new DomainError(DomainErrorCode.RuleViolation, `Invalid jury members: ${errors.map((e) => e.field).join(', ')}`, { errors });
    }
  }

  async listSessions(auth: AuthContext, query: ListJurySessionsQueryDto): Promise<Page<JurySessionDto>> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const after = checkCursor<[string, string]>(decodeCursor(query.cursor, 2), [CursorPart.date, CursorPart.uuid]);
    const memberOnly = hasRole(auth, 'admin') ? null : auth.userId;
    const rows = await this.juries.listSessions(auth.organisationId, memberOnly, query.certificationCode?.toUpperCase(), after, limit);
    return toPage(rows, limit, (row) => [row.heldOn, row.id], mapJurySession);
  }

  async getSession(auth: AuthContext, id: string): Promise<JurySessionDto> {
    return mapJurySession(await this.sessionFor(this.juries.manager, auth, id));
  }

  /**
   * Admins of the organisation, and the users linked as members of this session, may see and decide. For
   * anyone else the session does not exist (as in the list): the answer is that of an unknown id.
   */
  private async sessionFor(
    manager: EntityManager,
    auth: AuthContext,
    id: string,
    lock: 'share' | 'update' | null = null,
  ): Promise<SessionRecord> {
    const session = await this.juries.findSession(manager, id, lock);
    const visible =
      session?.organisationId === auth.organisationId && (hasRole(auth, 'admin') || session.members.some((m) => m.userId === auth.userId));
    if (!visible) throw new DomainError(DomainErrorCode.NotFound, 'Jury session not found');
    return session;
  }

  async proposals(auth: AuthContext, id: string, cohortId: string | undefined): Promise<SessionProposalsDto> {
    const manager = this.juries.manager;
    const session = await this.sessionFor(manager, auth, id);
    const candidates = await this.juries.findCandidates(manager, auth.organisationId, session.certificationCode, cohortId ?? null);
    const standings = new Map(
      (
        await this.standings.loadStandings(
          auth.organisationId,
          candidates.map((c) => c.learnerId),
          session.certificationCode,
          manager,
        )
      ).map((row) => [row.learnerId, assessStanding(row)]),
    );
    const decisionsByLearner = new Map<string, JuryDecisionDto[]>();
    for (const decision of (await this.juries.listDecisions(manager, session.id)).map(mapJuryDecision)) {
      decisionsByLearner.set(decision.learnerId, [...(decisionsByLearner.get(decision.learnerId) ?? []), decision]);
    }
    const listed = candidates.flatMap((candidate) => {
      const standing = standings.get(candidate.learnerId);
      if (!standing) return [];
      const decided = decisionsByLearner.get(candidate.learnerId) ?? [];
      // Something is left to decide: a block not held yet, or the award of an eligible learner.
      const open = standing.blocks.some((b) => !b.held) || (standing.eligible && standing.awardedOn === null);
      if (!open && decided.length === 0) return [];
      const composition = checkJuryComposition(candidate.juryComposition as JuryCompositionRule, session.members);
      return [mapCandidateProposal(candidate, standing, composition, decided)];
    });
    return { sessionId: session.id, certificationCode: session.certificationCode, heldOn: session.heldOn, candidates: listed };
  }

  async listDecisions(auth: AuthContext, id: string): Promise<JuryDecisionDto[]> {
    const session = await this.sessionFor(this.juries.manager, auth, id);
    return (await this.juries.listDecisions(this.juries.manager, session.id)).map(mapJuryDecision);
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
      const session = await this.sessionFor(manager, auth, sessionId, 'share');
      if (session.closedAt !== null) {
        throw new DomainError(DomainErrorCode.JurySessionClosed, 'The jury session is closed: its decisions can no longer change.');
      }
      const enrolment = await this.candidateEnrolment(manager, auth, session, dto.enrolmentId, blockCode);
      const corrected = dto.supersedesDecisionId
        ? await this.correctedDecision(manager, auth, session, enrolment.learnerId, blockCode, dto.supersedesDecisionId)
        : null;
      assertComposition(enrolment, session);

      // Decisions on one learner queue up here, so two sessions cannot both award what neither saw awarded.
      await this.juries.lockLearnerDecisions(manager, enrolment.learnerId);
      const [row] = await this.standings.loadStandings(auth.organisationId, [enrolment.learnerId], session.certificationCode, manager);
      const { proposal, mark, departs } = weighDecision(session, assessStanding(row), blockCode, dto.decision, corrected);
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

      const decision = await this.juries.insertDecision(manager, {
        organisationId: auth.organisationId,
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
        ...(await this.applyToAcquisitions(manager, auth, session, enrolment, decision, corrected)),
      ];
      await recordAudit(manager, auth, audit);
      return mapJuryDecision(decision);
    });
  }

  /** The enrolment decided on: of the organisation, in the session's certification, and the block one of its blocks. */
  private async candidateEnrolment(
    manager: EntityManager,
    auth: AuthContext,
    session: SessionRecord,
    enrolmentId: string,
    blockCode: string | null,
  ): Promise<EnrolmentRecord> {
    const enrolment = await this.juries.findEnrolment(manager, enrolmentId);
    if (!enrolment || enrolment.organisationId !== auth.organisationId) {
      throw new DomainError(DomainErrorCode.NotFound, `Enrolment ${enrolmentId} not found`);
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

  /**
   * A validated block is acquired (unless already held); a correction that no longer validates revokes
   * what the corrected decision granted. Answers the audit entries of what changed.
   */
  private async applyToAcquisitions(
    manager: EntityManager,
    auth: AuthContext,
    session: SessionRecord,
    enrolment: EnrolmentRecord,
    decision: JuryDecisionRow,
    corrected: JuryDecisionDto | null,
  ): Promise<AuditEntry[]> {
    const audit: AuditEntry[] = [];
    if (decision.blockCode !== null && decision.decision === 'validated') {
      const source = enrolment.accessRoute === 'vae' ? 'vae' : 'jury';
      const acquisition = await this.juries.insertAcquisition(manager, {
        organisationId: auth.organisationId,
        learnerId: enrolment.learnerId,
        blockCode: decision.blockCode,
        acquiredOn: session.heldOn,
        source,
        juryDecisionId: decision.id,
        createdBy: auth.userId,
      });
      if (acquisition) {
        audit.push({
          action: 'block_acquisition.created',
          entityType: 'block_acquisition',
          entityId: acquisition.id,
          before: null,
          after: {
            learnerId: enrolment.learnerId,
            blockCode: decision.blockCode,
            acquiredOn: session.heldOn,
            source,
            juryDecisionId: decision.id,
          },
          reason: null,
        });
      }
    }
    if (corrected && decision.decision !== 'validated') {
      for (const revokedId of await this.juries.revokeAcquisitionsOf(manager, corrected.id, decision.id)) {
        audit.push({
          action: 'block_acquisition.revoked',
          entityType: 'block_acquisition',
          entityId: revokedId,
          before: null,
          after: { revokedByDecisionId: decision.id },
          reason: decision.correctionReason,
        });
      }
    }
    return audit;
  }

  /** Rule 9: a correction is a new decision, in a later session, on the same learner and block. */
  private async correctedDecision(
    manager: EntityManager,
    auth: AuthContext,
    session: SessionRecord,
    learnerId: string,
    blockCode: string | null,
    id: string,
  ): Promise<JuryDecisionDto> {
    const prior = await this.juries.findDecisionForCorrection(manager, id);
    const reject = (message: string) =>
      new DomainError(DomainErrorCode.RuleViolation, `supersedesDecisionId: ${message}`, {
        errors: [{ field: 'supersedesDecisionId', message }],
      });
    if (!prior || prior.organisationId !== auth.organisationId) throw reject('no such decision');
    if (prior.learnerId !== learnerId || prior.blockCode !== blockCode)
      throw reject('a correction concerns the same learner and the same block (or award)');
    if (prior.jurySessionId === session.id || prior.sessionHeldOn > session.heldOn) throw reject('a correction is made by a later session');
    if (!prior.sessionClosed) throw reject('only a decision of a closed session is corrected; change it in its own session');
    if (prior.supersededByDecisionId) {
      throw new DomainError(DomainErrorCode.Conflict, `Decision ${id} was already corrected by ${prior.supersededByDecisionId}`);
    }
    return mapJuryDecision(prior);
  }

  async close(auth: AuthContext, id: string): Promise<JurySessionDto> {
    return this.juries.transaction(async (manager) => {
      // FOR UPDATE waits for decisions in flight, so the minutes built next include them.
      const session = await this.sessionFor(manager, auth, id, 'update');
      if (session.closedAt !== null) {
        throw new DomainError(DomainErrorCode.JurySessionClosed, 'The jury session is already closed.');
      }
      const closedAt = ISO_NOW();
      const minutes = await this.buildMinutes(manager, session, closedAt);
      await this.juries.closeSession(manager, id, closedAt, minutes);
      const closed = mapJurySession((await this.juries.findSession(manager, id))!);
      await recordAudit(manager, auth, {
        action: 'jury_session.closed',
        entityType: 'jury_session',
        entityId: id,
        before: mapJurySession(session),
        after: minutes,
      });
      return closed;
    });
  }

  private async buildMinutes(manager: EntityManager, session: SessionRecord, closedAt: string | null): Promise<JuryMinutes> {
    const candidates = (await this.juries.minutesCandidates(manager, session.id)) as JuryMinutes['candidates'];
    const decisions = candidates.flatMap((c) => c.decisions);
    return {
      session: {
        id: session.id,
        certificationCode: session.certificationCode,
        certificationTitle: session.certificationTitle,
        heldOn: session.heldOn,
        closedAt,
      },
      members: session.members.map((m) => ({ fullName: m.fullName, role: m.role, external: m.external, userId: m.userId })),
      candidates,
      summary: {
        candidates: candidates.length,
        decisions: decisions.length,
        blocksValidated: decisions.filter((d) => d.decision === 'validated').length,
        awarded: decisions.filter((d) => d.decision === 'awarded').length,
        refused: decisions.filter((d) => d.decision === 'refused').length,
        departures: decisions.filter((d) => d.departsFromProposal).length,
        corrections: decisions.filter((d) => d.supersedesDecisionId !== null).length,
        enteredOnBehalfOfJury: decisions.filter((d) => d.enteredOnBehalfOfJury).length,
      },
      draft: closedAt === null,
    };
  }

  /** The frozen minutes of a closed session; a draft built from the current decisions while open. */
  async minutes(auth: AuthContext, id: string): Promise<JuryMinutes> {
    const manager = this.juries.manager;
    const session = await this.sessionFor(manager, auth, id);
    if (session.closedAt !== null) return (await this.juries.storedMinutes(manager, id)) as JuryMinutes;
    return this.buildMinutes(manager, session, null);
  }

  async minutesPdf(auth: AuthContext, id: string): Promise<Buffer> {
    return renderMinutesPdf(await this.minutes(auth, id));
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

/** Rule 1: the session's members must satisfy the jury composition of the candidate's access route. */
function assertComposition(enrolment: EnrolmentRecord, session: SessionRecord): void {
  const composition = checkJuryComposition(enrolment.juryComposition as JuryCompositionRule, session.members);
  if (composition.satisfied) return;
  const roles = [...new Set(composition.missing.flatMap((m) => m.roles))];
  throw new DomainError(
    DomainErrorCode.JuryCompositionInvalid,
    `${composition.reason} — missing role(s) for the ${enrolment.accessRoute} route: ${roles.join(', ') || (composition.noRule ? 'none (closed route)' : 'not stated yet')}`,
    { missing: composition.missing, accessRoute: enrolment.accessRoute },
  );
}

/**
 * The proposal a decision is weighed against, and whether it departs from it; refuses what the rules
 * forbid (rule 3: a held block stays acquired; rules 4 and 7: award only the eligible, before the registration end, once).
 */
function weighDecision(
  session: SessionRecord,
  standing: CertificationStanding,
  blockCode: string | null,
  decision: JuryDecisionValue,
  corrected: JuryDecisionDto | null,
): { proposal: string; mark: number | null; departs: boolean } {
  if (blockCode !== null) {
    const block = standing.blocks.find((b) => b.code === blockCode)!;
    if (block.held && decision !== 'validated' && corrected?.decision !== 'validated') {
      // Only a correction of the decision that granted the block can undo it.
      throw new DomainError(
        DomainErrorCode.InvalidState,
        `${blockCode} is already acquired (${block.source}, ${block.acquiredOn}); only a correction of the decision that validated it can change that`,
      );
    }
    return { proposal: block.proposal, mark: block.mark, departs: decisionDepartsFromProposal(decision as BlockDecision, block.proposal) };
  }
  if (decision === 'awarded') {
    if (!canAwardOn(session.registrationEndsOn, session.heldOn)) {
      throw new DomainError(
        DomainErrorCode.RegistrationEnded,
        `${session.certificationCode} cannot be awarded by a jury sitting on ${session.heldOn}: its registration ended on ${session.registrationEndsOn}`,
        { registrationEndsOn: session.registrationEndsOn },
      );
    }
    if (!standing.eligible) {
      throw new DomainError(
        DomainErrorCode.NotEligible,
        `The learner is not eligible: missing blocks ${standing.missingBlocks.join(', ')}`,
        {
          missingBlocks: standing.missingBlocks,
        },
      );
    }
    if (standing.awardedOn !== null && corrected === null) {
      throw new DomainError(
        DomainErrorCode.Conflict,
        `${session.certificationCode} was already awarded to this learner on ${standing.awardedOn}`,
      );
    }
  }
  return {
    proposal: standing.eligible ? 'eligible' : 'not_eligible',
    mark: null,
    departs: certificationDecisionDeparts(decision as 'awarded' | 'refused', standing.eligible),
  };
}
