import { Injectable } from '@nestjs/common';
import {
  checkOutsideEvidence,
  DomainError,
  DomainErrorCode,
  equivalenceOrigin,
  FieldError,
  latestToday,
  ruleViolation,
} from '@project/domain';
import { BlockAttestations, CredentialIssuer, PresentedAttestation } from '@project/credentials';
import { EntityManager } from 'typeorm';
import { assertCanReadLearner, AuthContext, recordAudit, validationProblem } from '@project/platform';
import { AcquisitionDto, RecordAcquisitionDto, RecordAcquisitionFromCredentialDto, mapAcquisition } from './dto/acquisition.dto';
import { AcquisitionsRepository, NewPriorAcquisition } from './acquisitions.repository';

/** Exactly one of the two ways to present an attestation. */
function presentedAttestation(dto: RecordAcquisitionFromCredentialDto): PresentedAttestation {
  if ((dto.credentialReference === undefined) === (dto.credential === undefined)) {
    throw validationProblem('credentialReference', 'give the credential reference or the credential, exactly one of them');
  }
  return dto.credentialReference !== undefined ? { reference: dto.credentialReference.toUpperCase() } : { credential: dto.credential };
}

function rulesViolated(errors: FieldError[]): DomainError {
  return new DomainError(DomainErrorCode.RuleViolation, errors.map((e) => `${e.field}: ${e.message}`).join('; '), { errors });
}

/** Blocks acquired elsewhere, by VAE or through an equivalence (rules 3 and 8): they count for eligibility like a jury's. */
@Injectable()
export class AcquisitionsService {
  constructor(
    private readonly acquisitions: AcquisitionsRepository,
    private readonly credentials: CredentialIssuer,
    private readonly attestations: BlockAttestations,
  ) {}

  /**
   * A block acquired before or elsewhere: it counts for eligibility like a jury's, so it is never taken on
   * the caller's word. From outside (vae, external): the document, the awarding certifier and a past date;
   * an equivalence: a declared one, from a block the learner holds (rules 3 and 8).
   */
  async recordAcquisition(auth: AuthContext, learnerId: string, dto: RecordAcquisitionDto): Promise<AcquisitionDto> {
    const blockCode = dto.blockCode.toUpperCase();
    const fromBlockCode = dto.fromBlockCode?.toUpperCase() ?? null;
    if (dto.source === 'equivalence' && fromBlockCode === null) {
      throw validationProblem('fromBlockCode', 'an equivalence names the held block it follows from');
    }
    if (dto.source !== 'equivalence' && fromBlockCode !== null)
      throw validationProblem('fromBlockCode', 'only an equivalence follows from a held block');
    const today = latestToday(new Date());
    return this.acquisitions.transaction(async (manager) => {
      await assertCanReadLearner(manager, auth, learnerId);
      if (!(await this.acquisitions.blockIsKnown(manager, blockCode))) {
        throw ruleViolation('blockCode', `${blockCode} is neither a block of the catalogue nor the origin of a declared equivalence`);
      }
      let derivedFromAcquisitionId: string | null = null;
      if (fromBlockCode !== null) {
        const { acquisitions, equivalences } = await this.acquisitions.heldAndEquivalences(manager, learnerId, fromBlockCode);
        const found = equivalenceOrigin({ blockCode, fromBlockCode, acquiredOn: dto.acquiredOn }, acquisitions, equivalences, today);
        if ('errors' in found) throw rulesViolated(found.errors);
        derivedFromAcquisitionId = found.origin.id;
      } else {
        const errors = checkOutsideEvidence(dto, today);
        if (errors.length > 0) throw rulesViolated(errors);
      }
      const acquisition = await this.insertAudited(manager, auth, learnerId, {
        blockCode,
        acquiredOn: dto.acquiredOn,
        source: dto.source,
        evidenceReference: dto.evidenceReference?.trim() || null,
        awardingCertifier: dto.awardingCertifier?.trim() || null,
        derivedFromAcquisitionId,
      });
      await this.credentials.issueForAcquisition(manager, auth, acquisition.id);
      return acquisition;
    });
  }

  /**
   * Blocks follow the person (issue 13): a block the learner holds from another centre, proved by its attestation
   * (reference or signed credential) verified as anyone would verify it and naming this learner. It is held from
   * outside (external), the credential's reference as evidence and its issuer as the awarding organisation; no new
   * credential is issued for it, the learner already holds one.
   */
  async recordFromCredential(auth: AuthContext, learnerId: string, dto: RecordAcquisitionFromCredentialDto): Promise<AcquisitionDto> {
    const presented = presentedAttestation(dto);
    const field = 'reference' in presented ? 'credentialReference' : 'credential';
    // The learner first: nothing about the credential is said to someone who may not record for this learner.
    await assertCanReadLearner(this.acquisitions.manager, auth, learnerId);
    const facts = await this.attestations.verified(auth.organisationId, presented);
    const blockCode = facts.blockCode!;
    const expected = dto.blockCode?.toUpperCase() ?? blockCode;
    return this.acquisitions.transaction(async (manager) => {
      await assertCanReadLearner(manager, auth, learnerId);
      if (!(await this.acquisitions.blockIsKnown(manager, expected))) {
        throw ruleViolation('blockCode', `${expected} is not a block of the catalogue`);
      }
      if (expected !== blockCode) throw ruleViolation('blockCode', `${facts.reference} attests ${blockCode}, not ${expected}`);
      await this.attestations.assertHeldBy(manager, facts, await this.acquisitions.learnerIdentity(manager, learnerId), field);
      return this.insertAudited(manager, auth, learnerId, {
        blockCode,
        acquiredOn: facts.awardedOn,
        source: 'external',
        evidenceReference: facts.reference,
        awardingCertifier: facts.issuerName,
        derivedFromAcquisitionId: null,
        credentialId: facts.credentialId,
      });
    });
  }

  private async insertAudited(
    manager: EntityManager,
    auth: AuthContext,
    learnerId: string,
    a: NewPriorAcquisition,
  ): Promise<AcquisitionDto> {
    const acquisition = mapAcquisition(await this.acquisitions.insertAcquisition(manager, auth.organisationId, learnerId, a, auth.userId));
    await recordAudit(manager, auth, {
      action: 'block_acquisition.created',
      entityType: 'block_acquisition',
      entityId: acquisition.id,
      after: acquisition,
    });
    return acquisition;
  }

  async listAcquisitions(auth: AuthContext, learnerId: string): Promise<AcquisitionDto[]> {
    await assertCanReadLearner(this.acquisitions.manager, auth, learnerId);
    return (await this.acquisitions.listAcquisitions(learnerId)).map(mapAcquisition);
  }
}
