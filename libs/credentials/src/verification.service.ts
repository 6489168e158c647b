import { Inject, Injectable } from '@nestjs/common';
import { DomainError, DomainErrorCode, FieldError, notFound } from '@project/domain';
import { APP_CONFIG, AppConfig, clientNetwork, frenchDate, frenchDayOf, ThrottleService, UUID, validationProblem } from '@project/platform';
import { isDeepStrictEqual } from 'node:util';
import { CredentialsRepository } from './credentials.repository';
import { NameDisplay } from './dto/credential.dto';
import { VerificationResultDto } from './dto/verification.dto';
import {
  SUPPORTED_CRYPTOSUITE,
  VC_V2_CONTEXT,
  revokedByStatusList,
  statusListCredential,
  verifyWithKnownIssuer,
} from './signing/credential-signing';
import { IssuerKeys } from './signing/issuer-keys.service';

function notACredential(errors: FieldError[]): DomainError {
  return new DomainError(DomainErrorCode.RuleViolation, `Not a verifiable credential: ${errors.map((e) => e.field).join(', ')}`, {
    errors,
  });
}

/** What must hold before any cryptography: a VC 2.0 document with one Data Integrity proof of the suite we issue. */
function assertCredentialShape(input: unknown): asserts input is Record<string, any> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw validationProblem('body', 'a credential is a JSON object');
  }
  const credential = input as Record<string, any>;
  const errors: FieldError[] = [];
  const contexts = Array.isArray(credential['@context']) ? credential['@context'] : [credential['@context']];
  if (contexts[0] !== VC_V2_CONTEXT) errors.push({ field: '@context', message: `must start with ${VC_V2_CONTEXT}` });
  if (!Array.isArray(credential.type) || !credential.type.includes('VerifiableCredential')) {
    errors.push({ field: 'type', message: 'must include VerifiableCredential' });
  }
  const issuer = typeof credential.issuer === 'string' ? credential.issuer : credential.issuer?.id;
  if (typeof issuer !== 'string') errors.push({ field: 'issuer', message: 'must be a URL or a profile with an id' });
  const proof = credential.proof;
  if (typeof proof !== 'object' || proof === null || Array.isArray(proof)) {
    errors.push({ field: 'proof', message: 'one embedded proof object is required' });
  }
  if (errors.length > 0) throw notACredential(errors);
  if (proof.type !== 'DataIntegrityProof' || proof.cryptosuite !== SUPPORTED_CRYPTOSUITE) {
    throw notACredential([
      {
        field: 'proof.cryptosuite',
        message:
          `only DataIntegrityProof with ${SUPPORTED_CRYPTOSUITE} is verified here (got ${String(proof.type)} ${String(proof.cryptosuite ?? '')})`.trim(),
      },
    ]);
  }
}

/**
 * Anyone may check a credential: the proof with the independent verifier (@digitalbazaar/vc) against the key of
 * a known issuer, its bit in that issuer's signed status list, and that it is the document issued under its id.
 */
@Injectable()
export class CredentialVerifier {
  private readonly statusLists = new Map<string, { revoked: string; credential: Promise<Record<string, any>> }>();

  constructor(
    private readonly credentials: CredentialsRepository,
    private readonly keys: IssuerKeys,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly throttle: ThrottleService,
  ) {}

  /** Anyone may verify, so each address (an IPv6 /64) gets VERIFY_THROTTLE_PER_MINUTE checks a minute (429 beyond). */
  async verifyFor(clientAddress: string, input: unknown): Promise<VerificationResultDto> {
    await this.throttle.attempt(
      [{ key: `verify:address:${clientNetwork(clientAddress)}`, limit: this.config.verifyThrottlePerMinute }],
      'credential verifications',
    );
    return this.verify(input);
  }

  async verify(input: unknown): Promise<VerificationResultDto> {
    assertCredentialShape(input);
    const manager = this.credentials.manager;
    const errors: string[] = [];
    const issuerId: string = typeof input.issuer === 'string' ? input.issuer : input.issuer.id;
    const organisationId = uuidAfter(`${this.config.publicUrl}/api/issuers/`, issuerId);
    const controller = organisationId ? await this.keys.controller(manager, organisationId) : undefined;
    const issuerKnown = controller !== undefined && input.proof.verificationMethod === controller.verificationMethod[0].id;
    if (!issuerKnown) errors.push(`${issuerId} is not an issuer of this platform, or the proof does not name its key`);

    let signature = false;
    if (issuerKnown) {
      const checked = await verifyWithKnownIssuer(input, controller).catch((error: Error) => ({
        verified: false,
        errors: [error.message],
      }));
      signature = checked.verified;
      errors.push(...checked.errors);
    }

    const id = uuidAfter('urn:uuid:', input.id);
    const stored = id ? (await this.credentials.findByIds(manager, [id]))[0] : undefined;
    const document = stored ? await this.credentials.findDocument(manager, stored.id) : null;
    const notAltered = document !== null && stored?.organisationId === organisationId && isDeepStrictEqual(document, input);
    if (!notAltered) errors.push('this is not, to the character, a credential issued here');

    let notRevoked = false;
    if (issuerKnown && organisationId && input.credentialStatus) {
      const status = await revokedByStatusList(input, await this.statusList(organisationId));
      if ('error' in status) errors.push(status.error);
      else notRevoked = !status.revoked;
    } else if (!input.credentialStatus) {
      errors.push('the credential has no credentialStatus');
    }
    if (stored?.revokedAt) errors.push(`revoked on ${stored.revokedAt}: ${stored.revocationReason}`);

    const checks = { signature, issuerKnown, notRevoked, notAltered };
    return {
      verified: Object.values(checks).every(Boolean),
      checks,
      errors,
      credential:
        stored && notAltered
          ? {
              id: stored.id,
              reference: stored.reference,
              name: String(input.name ?? ''),
              issuerName: String(input.issuer?.name ?? ''),
              awardedOn: stored.awardedOn,
              revokedAt: stored.revokedAt,
              revocationReason: stored.revocationReason,
            }
          : null,
    };
  }

  /** The organisation's signed Bitstring Status List: a revoked credential's bit is set. Re-signed only when it changes. */
  async statusList(organisationId: string): Promise<Record<string, any>> {
    const manager = this.credentials.manager;
    if (!(await this.keys.controller(manager, organisationId))) {
      throw notFound(`Status list of ${organisationId}`);
    }
    const revoked = await this.credentials.revokedIndexes(manager, organisationId);
    const key = revoked.join(',');
    const cached = this.statusLists.get(organisationId);
    if (cached?.revoked === key) return cached.credential;
    const credential = (async () => {
      const id = this.keys.statusListId(organisationId);
      const unsigned = {
        ...(await statusListCredential(id, revoked)),
        issuer: this.keys.issuerId(organisationId),
        validFrom: new Date().toISOString(),
      };
      return (await this.keys.signer(manager, organisationId))(unsigned);
    })();
    credential.catch(() => this.statusLists.delete(organisationId));
    this.statusLists.set(organisationId, { revoked: key, credential });
    return credential;
  }

  /** The page a QR code leads to: valid or revoked, what, when, by whom, and the holder as initial and last name. */
  async page(id: string): Promise<{ status: number; html: string }> {
    const manager = this.credentials.manager;
    const row = UUID.test(id) ? (await this.credentials.findByIds(manager, [id]))[0] : undefined;
    if (!row)
      return {
        status: 404,
        html: htmlPage('Document introuvable', '<p class="bad">Aucun document n’a été délivré sous cette adresse.</p>'),
      };
    const facts = await this.credentials.documentFacts(manager, id);
    const holder = holderName(facts.holder, await this.credentials.nameDisplay(manager, row.learnerId));
    const what =
      row.kind === 'block'
        ? `Attestation de validation du bloc de compétences ${row.blockCode} — ${row.blockTitle}`
        : `Certificat de la certification professionnelle ${row.certificationCode} — ${row.certificationTitle}`;
    const verdict = row.revokedAt
      ? `<p class="bad">RÉVOQUÉ le ${frenchDayOf(row.revokedAt)} — ${escapeHtml(row.revocationReason ?? '')}</p>`
      : '<p class="good">VALIDE — ce document a été délivré par l’organisme ci-dessous et n’a pas été révoqué.</p>';
    const body = `${verdict}
<dl>
<dt>Document</dt><dd>${escapeHtml(what)}</dd>
<dt>Certification</dt><dd>${escapeHtml(`${row.certificationCode} — ${row.certificationTitle}`)}</dd>
<dt>Titulaire</dt><dd>${escapeHtml(holder)}</dd>
<dt>Date de la décision</dt><dd>${frenchDate(row.awardedOn)}</dd>
<dt>Délivré par</dt><dd>${escapeHtml(facts.organisationName)}</dd>
<dt>Référence</dt><dd>${escapeHtml(row.reference)}</dd>
</dl>
<p class="small">La version signée (Open Badges 3.0) de ce document peut être vérifiée par <code>POST /api/credentials/verify</code>.</p>`;
    return { status: 200, html: htmlPage(`Vérification — ${row.reference}`, body) };
  }
}

/** As the holder consented: initial and last name by default, the full name, or none. */
function holderName(holder: { firstNames: string; lastName: string }, display: NameDisplay): string {
  switch (display) {
    case 'full_name':
      return `${holder.firstNames} ${holder.lastName.toUpperCase()}`;
    case 'hidden':
      return 'non affiché, à la demande du titulaire';
    case 'initial_and_last_name':
      return `${holder.firstNames.trim().charAt(0).toUpperCase()}. ${holder.lastName.toUpperCase()}`;
  }
}

/** The UUID that `value` holds after `prefix` (an issuer URL, `urn:uuid:`), if it is exactly that. */
function uuidAfter(prefix: string, value: unknown): string | undefined {
  if (typeof value !== 'string' || !value.startsWith(prefix)) return undefined;
  const id = value.slice(prefix.length);
  return UUID.test(id) ? id : undefined;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function htmlPage(title: string, body: string): string {
  return `<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;color:#1f2a44}
.good{background:#e6f4ea;color:#136c2e;padding:.8rem;border-radius:.4rem;font-weight:bold}
.bad{background:#fdecea;color:#b00020;padding:.8rem;border-radius:.4rem;font-weight:bold}
dt{font-weight:bold;margin-top:.6rem}dd{margin:0}.small{font-size:.85rem;color:#555}</style></head>
<body><h1>${escapeHtml(title)}</h1>
${body}
</body></html>`;
}
