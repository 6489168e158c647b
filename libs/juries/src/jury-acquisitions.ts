import { AuditEntry, AuthContext } from '@project/platform';
import { EntityManager } from 'typeorm';
import { JuryDecisionDto, JuryDecisionRow } from './dto/jury-decision.dto';
import { EnrolmentRecord, JuriesRepository, SessionRecord } from './juries.repository';

/**
 * A validated block is acquired (unless already held); a correction that no longer validates revokes
 * what the corrected decision granted. Answers the audit entries of what changed. The block is held in the
 * candidate's organisation (a partner centre's learner holds it in the centre, whoever's jury decided).
 */
export async function applyToAcquisitions(
  juries: JuriesRepository,
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
    const acquisition = await juries.insertAcquisition(manager, {
      organisationId: enrolment.organisationId,
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
    for (const revokedId of await juries.revokeAcquisitionsOf(manager, corrected.id, decision.id)) {
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
