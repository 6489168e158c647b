import { DomainError, DomainErrorCode, JuryCompositionRule, checkJuryComposition, juryHasSat, sittingMembers } from '@project/domain';
import { AuthContext, hasRole } from '@project/platform';
import { SessionRecord } from './juries.repository';

/** The members who sit: those recorded present or, before presence is recorded, those listed. */
export function sittingMembersOf(session: SessionRecord) {
  return sittingMembers(session.members, session.presenceRecordedAt !== null);
}

/** A jury decides, records who sat and closes only from the day it sits, in its organisation's time zone. */
export function assertJurySat(session: SessionRecord, what: string): void {
  if (juryHasSat(session.heldOn, session.today)) return;
  throw new DomainError(
    DomainErrorCode.JuryNotSatYet,
    `The jury sits on ${session.heldOn}: ${what} from that day on (today is ${session.today} in ${session.timeZone})`,
    { errors: [{ field: 'heldOn', message: `the jury sits on ${session.heldOn}; today is ${session.today} (${session.timeZone})` }] },
  );
}

/** Rule 6: the members who sat must satisfy the jury composition of the candidate's access route. */
export function assertComposition(session: SessionRecord, rule: unknown, accessRoute: string): void {
  const composition = checkJuryComposition(rule as JuryCompositionRule, sittingMembersOf(session));
  if (composition.satisfied) return;
  const roles = [...new Set(composition.missing.flatMap((m) => m.roles))];
  const counted = session.presenceRecordedAt !== null ? 'members present' : 'members listed (presence not recorded)';
  throw new DomainError(
    DomainErrorCode.JuryCompositionInvalid,
    `${composition.reason} — missing role(s) for the ${accessRoute} route among the ${counted}: ${roles.join(', ') || (composition.noRule ? 'none (closed route)' : 'not stated yet')}`,
    { missing: composition.missing, accessRoute },
  );
}

/**
 * A member recorded absent does not decide nor close: those who sat do, or an admin (the jury's secretary) enters it
 * on their behalf, and the minutes say so.
 */
export function assertCallerSits(session: SessionRecord, auth: AuthContext, what: string): void {
  if (hasRole(auth, 'admin')) return;
  const member = session.members.find((m) => m.userId === auth.userId);
  if (member && !sittingMembersOf(session).some((m) => m.id === member.id)) {
    throw new DomainError(
      DomainErrorCode.Forbidden,
      `${member.fullName} is recorded absent from this jury: an absent member does not ${what}`,
    );
  }
}
