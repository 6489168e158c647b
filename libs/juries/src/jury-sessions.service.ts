import { Injectable } from '@nestjs/common';
import { certificationExists } from '@project/catalogue';
import { CredentialIssuer } from '@project/credentials';
import { DomainError, DomainErrorCode, JuryCompositionRule, checkJuryComposition } from '@project/domain';
import {
  AuthContext,
  checkCursor,
  CursorPart,
  decodeCursor,
  DEFAULT_PAGE_SIZE,
  hasRole,
  Page,
  recordAudit,
  toPage,
} from '@project/platform';
import { CertificationStanding, StandingRepository, assessStanding } from '@project/progress';
import { EntityManager } from 'typeorm';
import { JuryDecisionDto, mapJuryDecision } from './dto/jury-decision.dto';
import { CreateJurySessionDto, JurySessionDto, ListJurySessionsQueryDto, mapJurySession } from './dto/jury-session.dto';
import { SessionProposalsDto, mapCandidateProposal } from './dto/proposals.dto';
import { JuriesRepository } from './juries.repository';
import { JuryMinutesService } from './jury-minutes.service';
import { JurySessionAccess } from './jury-session-access';

const ISO_NOW = () => new Date().toISOString();

/** Jury sessions: creating, listing, the candidates' proposals, closing. */
@Injectable()
export class JurySessionsService {
  constructor(
    private readonly juries: JuriesRepository,
    private readonly standings: StandingRepository,
    private readonly access: JurySessionAccess,
    private readonly minutes: JuryMinutesService,
    private readonly credentials: CredentialIssuer,
  ) {}

  async createSession(auth: AuthContext, dto: CreateJurySessionDto): Promise<JurySessionDto> {
    const certificationCode = dto.certificationCode.toUpperCase();
    return this.juries.transaction(async (manager) => {
      if (!(await certificationExists(manager, certificationCode))) {
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
    return mapJurySession(await this.access.sessionFor(this.juries.manager, auth, id));
  }

  async proposals(auth: AuthContext, id: string, cohortId: string | undefined): Promise<SessionProposalsDto> {
    const manager = this.juries.manager;
    const session = await this.access.sessionFor(manager, auth, id);
    const candidates = await this.juries.findCandidates(manager, auth.organisationId, session.certificationCode, cohortId ?? null);
    // Each learner's standing as its own organisation holds it (a partner centre's candidates: the centre's).
    const byOrganisation = new Map<string, string[]>();
    for (const c of candidates) byOrganisation.set(c.organisationId, [...(byOrganisation.get(c.organisationId) ?? []), c.learnerId]);
    const standings = new Map<string, CertificationStanding>();
    for (const [organisationId, learnerIds] of byOrganisation) {
      for (const row of await this.standings.loadStandings(organisationId, learnerIds, session.certificationCode, manager)) {
        standings.set(row.learnerId, assessStanding(row));
      }
    }
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

  async close(auth: AuthContext, id: string): Promise<JurySessionDto> {
    return this.juries.transaction(async (manager) => {
      // FOR UPDATE waits for decisions in flight, so the minutes built next include them.
      const session = await this.access.sessionFor(manager, auth, id, 'update');
      if (session.closedAt !== null) {
        throw new DomainError(DomainErrorCode.JurySessionClosed, 'The jury session is already closed.');
      }
      const closedAt = ISO_NOW();
      const minutes = await this.minutes.build(manager, session, closedAt);
      await this.juries.closeSession(manager, id, closedAt, minutes);
      await this.credentials.issueForClosedSession(manager, auth, id);
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
}
