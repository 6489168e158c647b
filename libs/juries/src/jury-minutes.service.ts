import { Injectable } from '@nestjs/common';
import { AuthContext } from '@project/platform';
import { EntityManager } from 'typeorm';
import { JuriesRepository, SessionRecord } from './juries.repository';
import { JurySessionAccess } from './jury-session-access';
import { JuryMinutes, renderMinutesPdf } from './minutes';

/** The minutes of a jury session: built from its decisions, frozen when it closes. */
@Injectable()
export class JuryMinutesService {
  constructor(
    private readonly juries: JuriesRepository,
    private readonly access: JurySessionAccess,
  ) {}

  async build(manager: EntityManager, session: SessionRecord, closedAt: string | null): Promise<JuryMinutes> {
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
    const session = await this.access.sessionFor(manager, auth, id);
    if (session.closedAt !== null) return (await this.juries.storedMinutes(manager, id)) as JuryMinutes;
    return this.build(manager, session, null);
  }

  async minutesPdf(auth: AuthContext, id: string): Promise<Buffer> {
    return renderMinutesPdf(await this.minutes(auth, id));
  }
}
