/**
 * Certifier networks: a training centre prepares learners for a certification it certifies itself, or for which a
 * certifier of that certification authorised it (habilitation) for a period covering the enrolment's start date.
 */

export interface HabilitationPeriod {
  /** ISO dates, both days included; no end: open-ended. */
  validFrom: string;
  validUntil: string | null;
  /** A revoked habilitation authorises nothing any more. */
  revokedAt: Date | string | null;
}

export function habilitationCovers(habilitation: HabilitationPeriod, day: string): boolean {
  if (habilitation.revokedAt !== null) return false;
  return habilitation.validFrom <= day && (habilitation.validUntil === null || day <= habilitation.validUntil);
}

/** Why the centre may not enrol a learner in the certification from `day`, or undefined when it may. */
export function enrolmentRefusal(
  certificationCode: string,
  centre: { certifies: boolean; habilitations: HabilitationPeriod[] },
  day: string,
): string | undefined {
  if (centre.certifies || centre.habilitations.some((habilitation) => habilitationCovers(habilitation, day))) return undefined;
  const live = centre.habilitations.filter((habilitation) => habilitation.revokedAt === null);
  if (live.length === 0) return `your organisation neither certifies ${certificationCode} nor holds a habilitation for it`;
  const periods = live.map((h) => `${h.validFrom} → ${h.validUntil ?? '…'}`).join(', ');
  return `your habilitation for ${certificationCode} does not cover ${day} (${periods})`;
}
