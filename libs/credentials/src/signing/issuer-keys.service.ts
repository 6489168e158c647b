import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@project/platform';
import { EntityManager } from 'typeorm';
import { CredentialsRepository } from '../credentials.repository';
import { controllerDocument, credentialSigner, generateIssuerKey, openSecret, sealSecret } from './credential-signing';
import { buildOpenBadge } from './open-badge';

type Signer = (credential: object) => Promise<Record<string, any>>;

/**
 * Each organisation's signing key: made on first use, its secret sealed under CREDENTIALS_KEY. Signers are kept
 * per public key, so a key is opened once per process; a key made in a transaction that rolled back is
 * never used, since the key is always read back from the database first.
 */
@Injectable()
export class IssuerKeys {
  private readonly signers = new Map<string, Promise<Signer>>();

  constructor(
    private readonly credentials: CredentialsRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  issuerId(organisationId: string): string {
    return `${this.config.publicUrl}/api/issuers/${organisationId}`;
  }

  statusListId(organisationId: string): string {
    return `${this.issuerId(organisationId)}/status-list`;
  }

  /** The organisation's key, made now if it has none yet. */
  async ensureKey(manager: EntityManager, organisationId: string): Promise<{ publicKeyMultibase: string; sealedSecretKey: string }> {
    const stored = await this.credentials.findIssuerKey(manager, organisationId);
    if (stored) return stored;
    const key = await generateIssuerKey(this.issuerId(organisationId));
    await this.credentials.insertIssuerKey(
      manager,
      organisationId,
      key.publicKeyMultibase,
      sealSecret(key.secretKeyMultibase, this.config.credentialsKey, organisationId),
    );
    return (await this.credentials.findIssuerKey(manager, organisationId))!;
  }

  async signer(manager: EntityManager, organisationId: string): Promise<Signer> {
    const stored = await this.ensureKey(manager, organisationId);
    const cacheKey = `${organisationId}:${stored.publicKeyMultibase}`;
    let signer = this.signers.get(cacheKey);
    if (!signer) {
      const issuerId = this.issuerId(organisationId);
      signer = credentialSigner({
        id: `${issuerId}#key-1`,
        controller: issuerId,
        publicKeyMultibase: stored.publicKeyMultibase,
        secretKeyMultibase: openSecret(stored.sealedSecretKey, this.config.credentialsKey, organisationId),
      });
      signer.catch(() => this.signers.delete(cacheKey));
      this.signers.set(cacheKey, signer);
    }
    return signer;
  }

  /** The public profile of an issuer with its key, or undefined before its first credential. */
  async controller(manager: EntityManager, organisationId: string): Promise<ReturnType<typeof controllerDocument> | undefined> {
    const [stored, name] = await Promise.all([
      this.credentials.findIssuerKey(manager, organisationId),
      this.credentials.organisationName(manager, organisationId),
    ]);
    if (!stored || name === undefined) return undefined;
    const id = this.issuerId(organisationId);
    return controllerDocument({ id, name }, { id: `${id}#key-1`, publicKeyMultibase: stored.publicKeyMultibase });
  }

  /** Signs the Open Badges of freshly issued credentials and stores them: signed once, served as stored. */
  async signIssued(manager: EntityManager, ids: string[]): Promise<void> {
    const facts = await this.credentials.badgeFacts(manager, ids);
    const documents: { id: string; document: object }[] = [];
    for (const fact of facts) {
      const sign = await this.signer(manager, fact.organisationId);
      const unsigned = buildOpenBadge(fact, {
        issuerId: this.issuerId(fact.organisationId),
        statusListId: this.statusListId(fact.organisationId),
      });
      documents.push({ id: fact.id, document: await sign(unsigned) });
    }
    await this.credentials.storeDocuments(manager, documents);
  }
}
