import { Inject, Injectable } from '@nestjs/common';
import { DomainError, DomainErrorCode, notFound } from '@project/domain';
import { APP_CONFIG, AppConfig, AuditEntry, assertCanReadCredentialsOf, AuthContext, recordAudit } from '@project/platform';
import { EntityManager } from 'typeorm';
import { CredentialPreferencesDto, IssuedCredentialDto, IssuedCredentialRow, mapIssuedCredential } from './dto/credential.dto';
import { CredentialsRepository } from './credentials.repository';
import { renderCredentialPdf } from './documents';
import { IssuerKeys } from './signing/issuer-keys.service';
import { SigningQueue } from './signing/signing-queue.service';

type Actor = Pick<AuthContext, 'organisationId'> & { userId: string | null };

/** Told, inside the revoking transaction, which credentials were just revoked (with their date and reason). */
export type RevocationListener = (manager: EntityManager, revoked: IssuedCredentialRow[]) => Promise<void>;

/** The public page where anyone checks credential `id`: what its QR code, and a CPF declaration's urlPreuve, point at. */
export function credentialVerificationUrl(publicUrl: string, id: string): string {
  return `${publicUrl}/verify/${id}`;
}

/**
 * Issuing and revoking run inside the caller's transaction (closing a session, recording an acquisition,
 * correcting a decision), so there is no award without its credential and no credential without its award.
 */
@Injectable()
export class CredentialIssuer {
  private readonly revocationListeners: RevocationListener[] = [];

  constructor(
    private readonly credentials: CredentialsRepository,
    private readonly keys: IssuerKeys,
    private readonly signing: SigningQueue,
  ) {}

  /** Closing a session: every block it validated (and still held from it) and every certification it awarded. */
  async issueForClosedSession(manager: EntityManager, actor: Actor, sessionId: string): Promise<IssuedCredentialRow[]> {
    return this.issued(manager, actor, await this.credentials.issueForSession(manager, sessionId));
  }

  /** A block recorded from VAE, an equivalence or outside evidence. */
  async issueForAcquisition(manager: EntityManager, actor: Actor, acquisitionId: string): Promise<IssuedCredentialRow[]> {
    return this.issued(manager, actor, await this.credentials.issueForAcquisition(manager, acquisitionId));
  }

  /** A correcting decision took back an award or blocks: their credentials are revoked, with its reason. */
  async revokeForCorrection(
    manager: EntityManager,
    actor: Actor,
    correctedDecisionId: string,
    correctingDecisionId: string,
    reason: string,
  ): Promise<string[]> {
    const ids = await this.credentials.revokeForCorrection(manager, correctedDecisionId, correctingDecisionId, reason);
    return this.revoked(manager, actor, ids, { revokedByDecisionId: correctingDecisionId }, reason);
  }

  /** Blocks withdrawn without a decision (their own source revoked): the credentials issued for them are revoked too. */
  async revokeForWithdrawnAcquisitions(manager: EntityManager, actor: Actor, acquisitionIds: string[], reason: string): Promise<string[]> {
    if (acquisitionIds.length === 0) return [];
    const ids = await this.credentials.revokeForAcquisitions(manager, acquisitionIds, reason);
    return this.revoked(manager, actor, ids, { withdrawnAcquisitionIds: acquisitionIds }, reason);
  }

  /**
   * What was recorded elsewhere from a credential (a block that followed its holder to another centre) follows its
   * revocation, in the revoking transaction. The recording library registers here: credentials cannot depend on it.
   */
  onRevocation(listener: RevocationListener): void {
    this.revocationListeners.push(listener);
  }

  private async revoked(manager: EntityManager, actor: Actor, ids: string[], after: object, reason: string): Promise<string[]> {
    await recordAudit(
      manager,
      actor,
      ids.map((id): AuditEntry => ({ action: 'issued_credential.revoked', entityType: 'issued_credential', entityId: id, after, reason })),
    );
    if (ids.length > 0) {
      const rows = await this.credentials.findByIds(manager, ids);
      for (const listener of this.revocationListeners) await listener(manager, rows);
    }
    return ids;
  }

  private async issued(manager: EntityManager, actor: Actor, ids: string[]): Promise<IssuedCredentialRow[]> {
    const rows = await this.credentials.findByIds(manager, ids);
    // Signed once the transaction commits (see SigningQueue): the rows are the durable queue. The issuer's key
    // is made now, so its public profile exists as soon as its first credential does.
    if (rows.length > 0) this.signing.issuedIn(manager);
    for (const organisationId of new Set(rows.map((row) => row.organisationId))) await this.keys.ensureKey(manager, organisationId);
    await recordAudit(
      manager,
      actor,
      rows.map((row): AuditEntry => ({
        action: 'issued_credential.issued',
        entityType: 'issued_credential',
        entityId: row.id,
        after: { reference: row.reference, kind: row.kind, learnerId: row.learnerId, blockCode: row.blockCode, awardedOn: row.awardedOn },
      })),
    );
    return rows;
  }
}

/** Reading credentials: the holder, and whoever may read the holder's record; anyone else gets a 404. */
@Injectable()
export class CredentialsService {
  constructor(
    private readonly credentials: CredentialsRepository,
    private readonly keys: IssuerKeys,
    private readonly signing: SigningQueue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The signed OpenBadgeCredential, as stored when it was signed (signed now if its turn has not come yet). */
  async openBadge(auth: AuthContext, id: string): Promise<Record<string, any>> {
    await this.readable(auth, id);
    const document = await this.signing.signedDocument(id);
    if (!document) throw credentialNotFound(id);
    return document;
  }

  /** The public profile of an issuer and its key: what verifiers check proofs against. */
  async issuerProfile(organisationId: string): Promise<object> {
    const profile = await this.keys.controller(this.credentials.manager, organisationId);
    if (!profile) throw notFound(`Issuer ${organisationId}`);
    return profile;
  }

  /** The public page a QR code leads to. */
  verificationUrl(id: string): string {
    return credentialVerificationUrl(this.config.publicUrl, id);
  }

  /** The attestation of a block, or the certificate of an award, as a PDF to sign. */
  async pdf(auth: AuthContext, id: string): Promise<{ reference: string; pdf: Buffer }> {
    const row = await this.readable(auth, id);
    const facts = await this.credentials.documentFacts(this.credentials.manager, id);
    const pdf = await renderCredentialPdf({
      ...facts,
      kind: row.kind,
      reference: row.reference,
      awardedOn: row.awardedOn,
      issuedAt: row.issuedAt,
      verificationUrl: this.verificationUrl(row.id),
      revokedAt: row.revokedAt,
      revocationReason: row.revocationReason,
    });
    return { reference: row.reference, pdf };
  }

  /** The learner's credentials: all of them for its readers; those of its certification for a certifier of its network. */
  async forLearner(auth: AuthContext, learnerId: string): Promise<IssuedCredentialDto[]> {
    const manager = this.credentials.manager;
    await assertCanReadCredentialsOf(manager, auth, learnerId);
    return (await this.credentials.listReadableForLearner(manager, auth, learnerId)).map(mapIssuedCredential);
  }

  async mine(auth: AuthContext): Promise<IssuedCredentialDto[]> {
    if (auth.learnerId === null) return [];
    return this.forLearner(auth, auth.learnerId);
  }

  async preferences(auth: AuthContext): Promise<CredentialPreferencesDto> {
    return { nameDisplay: await this.credentials.nameDisplay(this.credentials.manager, ownLearner(auth)) };
  }

  async setPreferences(auth: AuthContext, dto: CredentialPreferencesDto): Promise<CredentialPreferencesDto> {
    const learnerId = ownLearner(auth);
    return this.credentials.transaction(async (manager) => {
      const before = await this.credentials.nameDisplay(manager, learnerId);
      await this.credentials.saveNameDisplay(manager, learnerId, dto.nameDisplay);
      await recordAudit(manager, auth, {
        action: 'credential_preference.changed',
        entityType: 'learner',
        entityId: learnerId,
        before: { nameDisplay: before },
        after: { nameDisplay: dto.nameDisplay },
      });
      return { nameDisplay: dto.nameDisplay };
    });
  }

  /** One credential the caller may read (its holder, a reader of the holder's record, its network's certifier), else 404. */
  async readable(auth: AuthContext, id: string): Promise<IssuedCredentialRow> {
    const row = await this.credentials.findReadable(this.credentials.manager, auth, id);
    if (!row) throw credentialNotFound(id);
    return row;
  }

  async get(auth: AuthContext, id: string): Promise<IssuedCredentialDto> {
    return mapIssuedCredential(await this.readable(auth, id));
  }
}

function ownLearner(auth: AuthContext): string {
  if (auth.learnerId === null) throw new DomainError(DomainErrorCode.Forbidden, 'Only a learner account has credential preferences');
  return auth.learnerId;
}

const credentialNotFound = (id: string): DomainError => notFound(`Credential ${id}`);
