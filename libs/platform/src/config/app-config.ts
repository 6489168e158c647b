import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { POOL_DEFAULTS } from '../database/data-source-options';
import { passwordWeakness } from '../security/password-policy';
import { TrustProxy, parseTrustProxy } from './trust-proxy';

/** Validated environment. Read once at start-up; an invalid value stops the process with a clear message. */
export interface AppConfig {
  nodeEnv: 'development' | 'production' | 'test';
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string;
  /** The web app's built files (index.html and assets/), served at `/`; absent: only the API is served. */
  webDir: string;
  embeddedPostgresPort: number;
  jwtSecret: string;
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
  adminEmail: string | undefined;
  adminPassword: string | undefined;
  organisationName: string;
  /** Where the API is reached from outside, without a trailing slash: printed in credentials and their QR codes. */
  publicUrl: string;
  /** 32 bytes sealing the organisations' credential signing keys at rest (AES-256-GCM). */
  credentialsKey: Buffer;
  /** The XSD CPF declaration files are validated against (CPF_XSD_PATH, e.g. the CDC's official one); unset: the project's own. */
  cpfXsdPath: string | undefined;
  logLevel: string;
  loginThrottlePerMinute: number;
  loginThrottlePerAddressPerMinute: number;
  /** Public credential verifications per client address (or IPv6 /64) per minute: each costs a signature check. */
  verifyThrottlePerMinute: number;
  trustProxy: TrustProxy;
  tokenRevocationDelaySeconds: number;
  idempotencyKeyTtlHours: number;
  /** HTTP timeouts (ms): headers, a whole request, a streamed upload (RNCP export), an idle keep-alive connection. */
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  uploadTimeoutMs: number;
  keepAliveTimeoutMs: number;
  /** On SIGTERM/SIGINT, how long in-flight requests may take to finish before their connections are cut. */
  shutdownGraceMs: number;
}

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const problems: string[] = [];
  const nodeEnv = (env.NODE_ENV ?? 'development') as AppConfig['nodeEnv'];
  if (!['development', 'production', 'test'].includes(nodeEnv)) {
    problems.push(`NODE_ENV must be development, production or test (got "${nodeEnv}")`);
  }
  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      problems.push(`${name} must be an integer between ${min} and ${max} (got "${raw}")`);
    }
    return value;
  };
  const databaseUrl = env.DATABASE_URL || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    problems.push('DATABASE_URL must be a postgres:// or postgresql:// URL');
  }
  let jwtSecret = env.JWT_SECRET;
  if (!jwtSecret) {
    if (nodeEnv === 'production') problems.push('JWT_SECRET is required in production');
    // Outside production a per-process secret is fine: tokens simply expire with the process.
    jwtSecret = randomBytes(32).toString('hex');
  } else if (jwtSecret.length < 32) {
    problems.push('JWT_SECRET must be at least 32 characters');
  }
  const adminEmail = env.ADMIN_EMAIL || undefined;
  const adminPassword = env.ADMIN_PASSWORD || undefined;
  if (nodeEnv === 'production' && (!adminEmail || !adminPassword)) {
    problems.push('ADMIN_EMAIL and ADMIN_PASSWORD are required in production (the first admin is created from them)');
  }
  if (adminPassword && adminPassword.length < 12) problems.push('ADMIN_PASSWORD must be at least 12 characters');
  const adminPasswordWeakness =
    adminPassword && adminPassword.length >= 12 ? passwordWeakness(adminPassword, [adminEmail ?? '']) : undefined;
  if (adminPasswordWeakness) problems.push(`ADMIN_PASSWORD ${adminPasswordWeakness}`);
  const trustProxy = parseTrustProxy(env.TRUST_PROXY);
  if ('problem' in trustProxy) problems.push(trustProxy.problem);
  const port = int('PORT', 3000, 0, 65535);
  // Signed into every credential (issuer id, status list) and printed in its QR code, for good: production names it.
  if (nodeEnv === 'production' && !env.PUBLIC_URL) {
    problems.push(
      'PUBLIC_URL is required in production (credentials carry it for good: issuer id, status list, QR code); the URL the API is reached at from outside, e.g. https://competences.example.org',
    );
  }
  const publicUrl = (env.PUBLIC_URL || `http://localhost:${port}`).replace(/\/+$/, '');
  if (!/^https?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/.test(publicUrl)) problems.push(`PUBLIC_URL must be an http(s) URL (got "${env.PUBLIC_URL}")`);
  const dataDir = resolve(env.DATA_DIR || '.data');
  const credentialsKey = parseCredentialsKey(env.CREDENTIALS_KEY, nodeEnv, dataDir, problems);
  const cpfXsdPath = env.CPF_XSD_PATH ? resolve(env.CPF_XSD_PATH) : undefined;
  if (cpfXsdPath && !existsSync(cpfXsdPath)) problems.push(`CPF_XSD_PATH names no file (${cpfXsdPath})`);
  const config: AppConfig = {
    nodeEnv,
    port,
    host: env.HOST || '0.0.0.0',
    databaseUrl,
    dataDir,
    webDir: resolve(env.WEB_DIR || 'dist/web'),
    embeddedPostgresPort: int('EMBEDDED_POSTGRES_PORT', 54329, 1024, 65535),
    jwtSecret,
    accessTokenTtlSeconds: int('ACCESS_TOKEN_TTL_SECONDS', 900, 10, 86400),
    refreshTokenTtlSeconds: int('REFRESH_TOKEN_TTL_SECONDS', 30 * 86400, 60, 365 * 86400),
    adminEmail,
    adminPassword,
    organisationName: env.ORGANISATION_NAME || 'Organisme de formation',
    publicUrl,
    credentialsKey,
    cpfXsdPath,
    logLevel: env.LOG_LEVEL || (nodeEnv === 'test' ? 'silent' : 'info'),
    loginThrottlePerMinute: int('LOGIN_THROTTLE_PER_MINUTE', 10, 1, 100000),
    loginThrottlePerAddressPerMinute: int('LOGIN_THROTTLE_PER_ADDRESS_PER_MINUTE', 10, 1, 100000),
    verifyThrottlePerMinute: int('VERIFY_THROTTLE_PER_MINUTE', 60, 1, 100000),
    trustProxy: 'value' in trustProxy ? trustProxy.value : false,
    tokenRevocationDelaySeconds: int('TOKEN_REVOCATION_DELAY_SECONDS', 5, 0, 60),
    idempotencyKeyTtlHours: int('IDEMPOTENCY_KEY_TTL_HOURS', 24, 1, 24 * 365),
    headersTimeoutMs: int('HTTP_HEADERS_TIMEOUT_MS', 10_000, 100, 600_000),
    requestTimeoutMs: int('HTTP_REQUEST_TIMEOUT_MS', 30_000, 100, 3_600_000),
    uploadTimeoutMs: int('HTTP_UPLOAD_TIMEOUT_MS', 3_600_000, 100, 24 * 3_600_000),
    keepAliveTimeoutMs: int('HTTP_KEEP_ALIVE_TIMEOUT_MS', 72_000, 100, 3_600_000),
    shutdownGraceMs: int('SHUTDOWN_GRACE_MS', 10_000, 0, 600_000),
  };
  // Read where the pool is built (dataSourceOptions, also used by the command-line tools); checked here.
  int('DATABASE_POOL_SIZE', POOL_DEFAULTS.size, 1, 1000);
  int('DATABASE_CONNECT_TIMEOUT_MS', POOL_DEFAULTS.connectTimeoutMs, 100, 600_000);
  // Node refuses a headers timeout longer than the request timeout; a body cannot outlast its upload ceiling.
  if (config.headersTimeoutMs > config.requestTimeoutMs || config.requestTimeoutMs > config.uploadTimeoutMs) {
    problems.push('HTTP_HEADERS_TIMEOUT_MS <= HTTP_REQUEST_TIMEOUT_MS <= HTTP_UPLOAD_TIMEOUT_MS must hold');
  }
  if (problems.length > 0) {
    throw new ConfigError(`Invalid configuration:\n - ${problems.join('\n - ')}`);
  }
  return config;
}

/**
 * CREDENTIALS_KEY: 32 bytes, base64 or hex. Required in production. In development one is generated once and
 * kept beside the embedded database (DATA_DIR/credentials.key), since the keys it seals live there too; tests
 * get a fresh one per process, like their databases.
 */
function parseCredentialsKey(raw: string | undefined, nodeEnv: AppConfig['nodeEnv'], dataDir: string, problems: string[]): Buffer {
  if (raw) {
    const key = /^[0-9a-fA-F]{64}$/.test(raw) ? Buffer.from(raw, 'hex') : Buffer.from(raw, 'base64');
    if (key.length !== 32) problems.push('CREDENTIALS_KEY must be 32 bytes, written as 64 hex digits or in base64');
    return key;
  }
  if (nodeEnv === 'production') {
    problems.push(
      'CREDENTIALS_KEY is required in production (it seals the keys that sign credentials); generate one with: openssl rand -base64 32',
    );
    return Buffer.alloc(0);
  }
  if (nodeEnv === 'test') return randomBytes(32);
  const file = join(dataDir, 'credentials.key');
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, randomBytes(32).toString('base64'), { mode: 0o600 });
    chmodSync(file, 0o600);
  }
  return Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
}

export const APP_CONFIG = Symbol('APP_CONFIG');
