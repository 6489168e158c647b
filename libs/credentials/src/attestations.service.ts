import { Inject, Injectable } from '@nestjs/common';
import { DomainError, DomainErrorCode, PersonIdentity, ruleViolation, sameHolder } from '@project/domain';
import { APP_CONFIG, AppConfig, ThrottleService } from '@project/platform';
import { EntityManager } from 'typeorm';
import { CredentialsRepository } from './credentials.repository';
import { AttestationFacts } from './dto/credential.dto';
import { SigningQueue } from './signing/signing-queue.service';
import { CredentialVerifier } from './verification.service';

/** A block attestation as a centre presents it: its reference, or the signed credential itself. */
export type PresentedAttestation = { reference: string } | { credential: unknown };

function refused(code: DomainErrorCode, field: string, message: string): DomainError {
  return new DomainError(code, `${field}: ${message}`, { errors: [{ field, message }] });
}

/**
 * Blocks follow the person (issue 13): another centre records a block from the attestation a learner holds. The
 * attestation is checked by the verifier anyone uses (signature, issuer of this platform, not revoked, the document
 * issued under its id) and must name the learner it is presented for.
 */
@Injectable()
export class BlockAttestations {
  constructor(
    private readonly credentials: CredentialsRepository,
    private readonly verifier: CredentialVerifier,
    private readonly signing: SigningQueue,
    private readonly throttle: ThrottleService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * The verified block attestation presented, or a 422 naming the field and why (unknown, not verified, revoked, not a
   * block). Each check costs a signature verification, and a refusal says something about a holder, so an organisation
   * gets VERIFY_THROTTLE_PER_MINUTE of them a minute (429 beyond), as an address does on the public verifier.
   */
  async verified(organisationId: string, presented: PresentedAttestation): Promise<AttestationFacts> {
    await this.throttle.attempt(
      [{ key: `verify:organisation:${organisationId}`, limit: this.config.verifyThrottlePerMinute }],
      'attestation checks',
    );
    const field = 'reference' in presented ? 'credentialReference' : 'credential';
    let document: unknown;
    if ('reference' in presented) {
      const id = await this.credentials.findIdByReference(this.credentials.manager, presented.reference);
      if (!id) throw ruleViolation(field, `no credential of this platform has the reference ${presented.reference}`);
      document = await this.signing.signedDocument(id);
    } else {
      document = presented.credential;
    }
    const result = await this.verifier.verify(document);
    if (result.credential?.revokedAt) {
      throw refused(
        DomainErrorCode.CredentialRevoked,
        field,
        `${result.credential.reference} was revoked on ${result.credential.revokedAt}: ${result.credential.revocationReason ?? ''}`.trim(),
      );
    }
    if (!result.verified || !result.credential) {
      const failed = Object.entries(result.checks)
        .filter(([, passed]) => !passed)
        .map(([check]) => check);
      throw refused(DomainErrorCode.CredentialNotVerified, field, `not verified (${failed.join(', ')}): ${result.errors.join('; ')}`);
    }
    const facts = await this.credentials.attestationFacts(this.credentials.manager, result.credential.id);
    if (facts.kind !== 'block') {
      throw ruleViolation(field, `${facts.reference} is a certificate: present the attestation of each block`);
    }
    return facts;
  }

  /**
   * In the recording transaction: the attestation names this learner (names and birth date, as the issuer recorded
   * them, never disclosed to the caller) and is still not revoked — locked so that a revocation waits for the record.
   */
  async assertHeldBy(manager: EntityManager, facts: AttestationFacts, learner: PersonIdentity, field: string): Promise<void> {
    if (!sameHolder(learner, facts.holder)) {
      throw refused(
        DomainErrorCode.CredentialHolderMismatch,
        field,
        `${facts.reference} was issued to someone else: the learner's names and birth date must match its holder's`,
      );
    }
    const live = await this.credentials.lockForReading(manager, facts.credentialId);
    if (live.revokedAt) {
      throw refused(
        DomainErrorCode.CredentialRevoked,
        field,
        `${facts.reference} was revoked on ${live.revokedAt}: ${live.revocationReason ?? ''}`,
      );
    }
  }
}
