import { Injectable, OnModuleInit } from '@nestjs/common';
import { CredentialIssuer, IssuedCredentialRow } from '@project/credentials';
import { AuditEntry, recordAudit } from '@project/platform';
import { EntityManager } from 'typeorm';
import { AcquisitionFromRevokedCredential, AcquisitionsRepository } from './acquisitions.repository';
import { JuriesRepository } from './juries.repository';

/**
 * Blocks follow the person, and so does a revocation (issue 13): when the issuer of an attestation revokes it (a later
 * jury of the issuer corrected the decision), the blocks centres recorded from it are withdrawn in the same
 * transaction — kept, dated, with the reason, audited in the centre's trail — and stop counting in progress and
 * eligibility. The credentials issued for what followed from them (equivalences) are revoked in turn.
 *
 * Unless a standing award of the centre's learner counts the block: as for a block correction under an award, the block
 * is not taken away from under the award. The issuer's correction still goes through (it cannot be held up by another
 * organisation's award it neither sees nor changes); the block stays, flagged (`credentialRevokedAt`, audited
 * `block_acquisition.source_revoked`), for the centre's jury to correct its award — which then withdraws it.
 */
@Injectable()
export class RevokedAttestations implements OnModuleInit {
  constructor(
    private readonly acquisitions: AcquisitionsRepository,
    private readonly juries: JuriesRepository,
    private readonly credentials: CredentialIssuer,
  ) {}

  onModuleInit(): void {
    this.credentials.onRevocation((manager, revoked) => this.follow(manager, revoked));
  }

  private async follow(manager: EntityManager, revoked: IssuedCredentialRow[]): Promise<void> {
    // An award taken back (its certificate revoked) may free blocks it kept: its learner's are looked at again.
    const awardees = revoked.filter((credential) => credential.kind === 'certification').map((credential) => credential.learnerId);
    const found = await this.acquisitions.liveFromRevokedCredentials(
      manager,
      revoked.map((credential) => credential.id),
      awardees,
    );
    for (const acquisition of found) {
      const actor = { userId: null, organisationId: acquisition.organisationId };
      const reason = `${acquisition.credentialReference} revoked by its issuer on ${acquisition.credentialRevokedOn}: ${acquisition.credentialRevocationReason ?? ''}`;
      // Decisions on the learner queue here too: a jury awarding it meanwhile either sees the block withdrawn or is seen.
      await this.juries.lockLearnerDecisions(manager, acquisition.learnerId);
      const award = await this.juries.awardRelyingOnBlock(manager, acquisition.learnerId, acquisition.blockCode);
      if (award) {
        if (acquisition.justRevoked) await recordAudit(manager, actor, flagged(acquisition, award, reason));
        continue;
      }
      const withdrawn = await this.acquisitions.withdraw(manager, acquisition.id, reason);
      await recordAudit(
        manager,
        actor,
        withdrawn.map((id): AuditEntry => ({
          action: 'block_acquisition.revoked',
          entityType: 'block_acquisition',
          entityId: id,
          after: { revocationReason: reason },
          reason,
        })),
      );
      await this.credentials.revokeForWithdrawnAcquisitions(manager, actor, withdrawn, reason);
    }
  }
}

function flagged(
  acquisition: AcquisitionFromRevokedCredential,
  award: { certificationCode: string; heldOn: string },
  reason: string,
): AuditEntry {
  return {
    action: 'block_acquisition.source_revoked',
    entityType: 'block_acquisition',
    entityId: acquisition.id,
    after: { keptForAward: award },
    reason,
  };
}
