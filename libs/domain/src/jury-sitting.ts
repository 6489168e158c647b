/**
 * The jury's day (issue 15), as a domain expert reads it:
 * - a jury decides and closes only from the calendar day it sits (in its organisation's time zone);
 * - the composition rule counts the members who sat, not those listed; until presence is recorded, the listed
 *   members are taken as present (so clients that never record it keep working);
 * - the closed minutes are signed by every member present, or by the president alone when the session says so.
 */

export interface SittingMember {
  id: string;
  /** False for a replacement added on the day. */
  listed: boolean;
  /** Null: presence not recorded. */
  present: boolean | null;
  president: boolean;
}

/** How closed minutes count as signed: by every present member, or by the session's president alone. */
export const SIGNATURE_POLICIES = ['all_present', 'president'] as const;
export type SignaturePolicy = (typeof SIGNATURE_POLICIES)[number];

/** Dates as YYYY-MM-DD compare as strings. */
export function juryHasSat(heldOn: string, today: string): boolean {
  return heldOn <= today;
}

/** Who counts for the composition rule and signs: those present, or, before presence is recorded, those listed. */
export function sittingMembers<M extends SittingMember>(members: readonly M[], presenceRecorded: boolean): M[] {
  return presenceRecorded ? members.filter((m) => m.present === true) : members.filter((m) => m.listed);
}

/** Whose signatures make the minutes signed. */
export function expectedSigners<M extends SittingMember>(members: readonly M[], presenceRecorded: boolean, policy: SignaturePolicy): M[] {
  const sitting = sittingMembers(members, presenceRecorded);
  return policy === 'president' ? sitting.filter((m) => m.president) : sitting;
}

/** Signed when someone was expected to sign and every one of them did. */
export function minutesSigned(expected: readonly SittingMember[], signedMemberIds: ReadonlySet<string>): boolean {
  return expected.length > 0 && expected.every((m) => signedMemberIds.has(m.id));
}

/** Why a session cannot be closed as set up, or null: a president-signed session needs its president present. */
export function signingObstacle(members: readonly SittingMember[], presenceRecorded: boolean, policy: SignaturePolicy): string | null {
  if (policy === 'president' && expectedSigners(members, presenceRecorded, policy).length === 0) {
    return 'the minutes are signed by the president, and no president is present';
  }
  return null;
}
