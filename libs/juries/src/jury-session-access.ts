import { Injectable } from '@nestjs/common';
import { notFound } from '@project/domain';
import { AuthContext, hasRole } from '@project/platform';
import { EntityManager } from 'typeorm';
import { JuriesRepository, SessionRecord } from './juries.repository';

/** Who may see and act on a jury session: every service of the juries library asks here. */
@Injectable()
export class JurySessionAccess {
  constructor(private readonly juries: JuriesRepository) {}

  /**
   * Admins of the organisation, and the users linked as members of this session, may see and decide. For
   * anyone else the session does not exist (as in the list): the answer is that of an unknown id.
   */
  async sessionFor(manager: EntityManager, auth: AuthContext, id: string, lock: 'share' | 'update' | null = null): Promise<SessionRecord> {
    const session = await this.juries.findSession(manager, id, lock);
    const visible =
      session?.organisationId === auth.organisationId && (hasRole(auth, 'admin') || session.members.some((m) => m.userId === auth.userId));
    if (!visible) throw notFound('Jury session');
    return session;
  }
}
