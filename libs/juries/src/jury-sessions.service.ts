import { Injectable } from '@nestjs/common';
import { certificationExists } from '@project/catalogue';
import { CredentialIssuer } from '@project/credentials';
import {
  DomainError,
  DomainErrorCode,
  JuryCompositionRule,
  checkJuryComposition,
  jurySessionClosed,
  notFound,
  SignaturePolicy,
  signingObstacle,
} from '@project/domain';
import {
  AuthContext,
  checkCursor,
  CursorPart,
  decodeCursor,
  DEFAULT_PAGE_SIZE,
  encodeCursor,
  hasRole,
  Page,
  recordAudit,
  toPage,
  validationProblem,
} from '@project/platform';
import { CertificationStanding, StandingRepository, assessStanding } from '@project/progress';
import { EntityManager } from 'typeorm';
import { JuryDecisionDto, mapJuryDecision } from './dto/jury-decision.dto';
import {
  CreateJurySessionDto,
  JuryMemberInputDto,
  JurySessionDto,
  ListJurySessionsQueryDto,
  mapJurySession,
  RecordPresenceDto,
} from './dto/jury-session.dto';
import { assertCallerSits, assertComposition, assertJurySat, sittingMembersOf } from './jury-day';
import { ProposalsQueryDto, SessionProposalsDto, mapCandidateProposal } from './dto/proposals.dto';
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
      assertOnePresident(dto.members, dto.signaturePolicy ?? 'all_present');
      await this.checkLinkedUsers(manager, auth, dto.members, (i) => `members[${i}].userId`);
      const id = await this.juries.insertSession(
        manager,
        auth.organisationId,
        {
          certificationCode,
          heldOn: dto.heldOn,
          place: dto.place?.trim() ?? null,
          signaturePolicy: dto.signaturePolicy ?? 'all_present',
          members: dto.members,
        },
        auth.userId,
      );
      const session = mapJurySession((await this.juries.findSession(manager, id))!);
      await recordAudit(manager, auth, { action: 'jury_session.created', entityType: 'jury_session', entityId: id, after: session });
      return session;
    });
  }

  /** Linked members must be jury_member users of the organisation, each linked once (`already`: linked before). */
  private async checkLinkedUsers(
    manager: EntityManager,
    auth: AuthContext,
    members: JuryMemberInputDto[],
    field: (i: number) => string,
    already: string[] = [],
  ): Promise<void> {
    const ids = members.map((m) => m.userId).filter((id): id is string => id !== undefined);
    const users = new Map((await this.juries.findUsers(manager, ids)).map((u) => [u.id, u]));
    const errors: { field: string; message: string }[] = [];
    const seen = new Set<string>(already);
    members.forEach((member, i) => {
      if (member.userId === undefined) return;
      const user = users.get(member.userId);
      if (!user || user.organisationId !== auth.organisationId) {
        errors.push({ field: field(i), message: 'no such user in this organisation' });
      } else if (!user.roles.includes('jury_member')) {
        errors.push({ field: field(i), message: 'the user does not have the jury_member role' });
      } else if (seen.has(member.userId)) {
        errors.push({ field: field(i), message: 'the same user sits only once' });
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

  async proposals(auth: AuthContext, id: string, query: ProposalsQueryDto): Promise<SessionProposalsDto> {
    const manager = this.juries.manager;
    const session = await this.access.sessionFor(manager, auth, id);
    const after = checkCursor<[string, string, string]>(decodeCursor(query.cursor, 3), [CursorPart.text, CursorPart.text, CursorPart.uuid]);
    // A page scans `limit` candidates (one more tells whether a next page exists); only those are assessed.
    const scanned = await this.juries.findCandidates(manager, auth.organisationId, session.certificationCode, {
      cohortId: query.cohortId ?? null,
      trainingCentreId: query.trainingCentreId ?? null,
      after,
      limit: query.limit === undefined ? undefined : query.limit + 1,
    });
    const candidates = query.limit === undefined ? scanned : scanned.slice(0, query.limit);
    const last = candidates[candidates.length - 1];
    const nextCursor = scanned.length > candidates.length ? encodeCursor([last.lastName, last.firstNames, last.learnerId]) : null;
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
      const composition = checkJuryComposition(candidate.juryComposition as JuryCompositionRule, sittingMembersOf(session));
      return [mapCandidateProposal(candidate, standing, composition, decided)];
    });
    return { sessionId: session.id, certificationCode: session.certificationCode, heldOn: session.heldOn, candidates: listed, nextCursor };
  }

  async close(auth: AuthContext, id: string): Promise<JurySessionDto> {
    return this.juries.transaction(async (manager) => {
      // FOR UPDATE waits for decisions in flight, so the minutes built next include them.
      const session = await this.access.sessionFor(manager, auth, id, 'update');
      if (session.closedAt !== null) {
        throw new DomainError(DomainErrorCode.JurySessionClosed, 'The jury session is already closed.');
      }
      assertJurySat(session, 'the session is closed');
      assertCallerSits(session, auth, 'close the session');
      // Presence may have changed since a decision: those who sit at the end must still make a lawful jury.
      for (const route of await this.juries.decidedRoutes(manager, id))
        assertComposition(session, route.juryComposition, route.accessRoute);
      const obstacle = signingObstacle(session.members, session.presenceRecordedAt !== null, session.signaturePolicy);
      if (obstacle) {
        throw new DomainError(DomainErrorCode.RuleViolation, `The session cannot close: ${obstacle}`, {
          errors: [{ field: 'signaturePolicy', message: obstacle }],
        });
      }
      const closedAt = ISO_NOW();
      await this.juries.closeSession(manager, id, closedAt);
      const minutes = await this.minutes.freeze(manager, session, closedAt);
      await this.minutes.addRectificationVersions(manager, auth, session);
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

  /**
   * Links a member to the account it decides and signs with: while the session is open any time, once closed only a
   * member who had none (so minutes closed before the accounts were linked can still be signed).
   */
  async linkMemberAccount(auth: AuthContext, id: string, memberId: string, userId: string): Promise<JurySessionDto> {
    return this.juries.transaction(async (manager) => {
      const session = await this.access.sessionFor(manager, auth, id, 'update');
      const member = session.members.find((m) => m.id === memberId);
      if (!member) throw notFound('Jury member');
      if (session.closedAt !== null && member.userId !== null) {
        throw new DomainError(DomainErrorCode.JurySessionClosed, `The session is closed and ${member.fullName} already has an account`);
      }
      const others = session.members.filter((m) => m.id !== memberId && m.userId !== null).map((m) => m.userId!);
      const input = { fullName: member.fullName, role: member.role, external: member.external, userId };
      await this.checkLinkedUsers(manager, auth, [input], () => 'userId', others);
      await this.juries.linkMemberAccount(manager, memberId, userId);
      const linked = mapJurySession((await this.juries.findSession(manager, id))!);
      await recordAudit(manager, auth, {
        action: 'jury_member.account_linked',
        entityType: 'jury_session',
        entityId: id,
        before: { memberId, userId: member.userId },
        after: { memberId, userId },
      });
      return linked;
    });
  }

  /**
   * Who sat, recorded on the day: the listed members present (the others absent) and any replacement, each with a role.
   * Recorded again, it replaces the earlier record; the composition is then checked against those present.
   */
  async recordPresence(auth: AuthContext, id: string, dto: RecordPresenceDto): Promise<JurySessionDto> {
    return this.juries.transaction(async (manager) => {
      const session = await this.access.sessionFor(manager, auth, id, 'update');
      if (session.closedAt !== null) throw jurySessionClosed();
      assertJurySat(session, 'presence is recorded');
      const listed = new Map(session.members.filter((m) => m.listed).map((m) => [m.id, m]));
      const errors: { field: string; message: string }[] = [];
      const present = new Set<string>();
      dto.present.forEach((memberId, i) => {
        if (!listed.has(memberId)) {
          errors.push({
            field: `present[${i}]`,
            message: 'not a listed member of this session: someone not listed sits as a replacement, with a role',
          });
        } else if (present.has(memberId)) {
          errors.push({ field: `present[${i}]`, message: 'listed twice' });
        }
        present.add(memberId);
      });
      const replacements = dto.replacements ?? [];
      const replaced = new Set<string>();
      // A replacement presides for the sitting only when no listed president sits.
      const listedPresidentSits = session.members.some((m) => m.listed && m.president && present.has(m.id));
      const presiding = replacements.flatMap((r, i) => (r.president ? [i] : []));
      for (const i of presiding) {
        if (listedPresidentSits) {
          errors.push({
            field: `replacements[${i}].president`,
            message: 'the president sits: a replacement presides only in their absence',
          });
        } else if (i !== presiding[0]) {
          errors.push({ field: `replacements[${i}].president`, message: 'one president presides' });
        }
      }
      replacements.forEach((r, i) => {
        if (r.replacesMemberId === undefined) return;
        if (!listed.has(r.replacesMemberId)) {
          errors.push({ field: `replacements[${i}].replacesMemberId`, message: 'not a listed member of this session' });
        } else if (present.has(r.replacesMemberId)) {
          errors.push({
            field: `replacements[${i}].replacesMemberId`,
            message: 'that member is present: only an absent member is replaced',
          });
        } else if (replaced.has(r.replacesMemberId)) {
          errors.push({ field: `replacements[${i}].replacesMemberId`, message: 'that member is already replaced' });
        }
        replaced.add(r.replacesMemberId);
      });
      if (errors.length > 0) {
        throw new DomainError(DomainErrorCode.RuleViolation, `Invalid presence: ${errors.map((e) => e.field).join(', ')}`, { errors });
      }
      const linked = session.members.filter((m) => m.listed && m.userId !== null).map((m) => m.userId!);
      await this.checkLinkedUsers(manager, auth, replacements, (i) => `replacements[${i}].userId`, linked);
      await this.juries.recordPresence(manager, id, [...present], replacements, dto.place?.trim() ?? null);
      const recorded = mapJurySession((await this.juries.findSession(manager, id))!);
      await recordAudit(manager, auth, {
        action: 'jury_session.presence_recorded',
        entityType: 'jury_session',
        entityId: id,
        before: { members: mapJurySession(session).members },
        after: { members: recorded.members },
      });
      return recorded;
    });
  }
}

/** At most one president; a session whose minutes the president signs names one. */
function assertOnePresident(members: JuryMemberInputDto[], policy: SignaturePolicy): void {
  const presidents = members.flatMap((m, i) => (m.president ? [i] : []));
  if (presidents.length > 1) throw validationProblem(`members[${presidents[1]}].president`, 'a jury has one president');
  if (policy === 'president' && presidents.length === 0) {
    throw validationProblem('signaturePolicy', 'the president signs the minutes: flag one member as president');
  }
}
