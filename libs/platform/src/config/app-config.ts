import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { passwordWeakness } from '../security/password-policy';
import { TrustProxy, parseTrustProxy } from './trust-proxy';

/** Validated environment. Read once at start-up; an invalid value stops the process with a clear message. */
export interface AppConfig {
  nodeEnv: 'development' | 'production' | 'test';
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string;
  embeddedPostgresPort: number;
  jwtSecret: string;
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
  adminEmail: string | undefined;
  adminPassword: string | undefined;
  organisationName: string;
  logLevel: string;
  loginThrottlePerMinute: number;
  loginThrottlePerAddressPerMinute: number;
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
  const config: AppConfig = {
    nodeEnv,
    port: int('PORT', 3000, 0, 65535),
    host: env.HOST || '0.0.0.0',
    databaseUrl,
    dataDir: resolve(env.DATA_DIR || '.data'),
    embeddedPostgresPort: int('EMBEDDED_POSTGRES_PORT', 54329, 1024, 65535),
    jwtSecret,
    accessTokenTtlSeconds: int('ACCESS_TOKEN_TTL_SECONDS', 900, 10, 86400),
    refreshTokenTtlSeconds: int('REFRESH_TOKEN_TTL_SECONDS', 30 * 86400, 60, 365 * 86400),
    adminEmail,
    adminPassword,
    organisationName: env.ORGANISATION_NAME || 'Organisme de formation',
    logLevel: env.LOG_LEVEL || (nodeEnv === 'test' ? 'silent' : 'info'),
    loginThrottlePerMinute: int('LOGIN_THROTTLE_PER_MINUTE', 10, 1, 100000),
    loginThrottlePerAddressPerMinute: int('LOGIN_THROTTLE_PER_ADDRESS_PER_MINUTE', 10, 1, 100000),
    trustProxy: 'value' in trustProxy ? trustProxy.value : false,
    tokenRevocationDelaySeconds: int('TOKEN_REVOCATION_DELAY_SECONDS', 5, 0, 60),
    idempotencyKeyTtlHours: int('IDEMPOTENCY_KEY_TTL_HOURS', 24, 1, 24 * 365),
    headersTimeoutMs: int('HTTP_HEADERS_TIMEOUT_MS', 10_000, 100, 600_000),
    requestTimeoutMs: int('HTTP_REQUEST_TIMEOUT_MS', 30_000, 100, 3_600_000),
    uploadTimeoutMs: int('HTTP_UPLOAD_TIMEOUT_MS', 3_600_000, 100, 24 * 3_600_000),
    keepAliveTimeoutMs: int('HTTP_KEEP_ALIVE_TIMEOUT_MS', 72_000, 100, 3_600_000),
    shutdownGraceMs: int('SHUTDOWN_GRACE_MS', 10_000, 0, 600_000),
  };
  // Node refuses a headers timeout longer than the request timeout; a body cannot outlast its upload ceiling.
  if (config.headersTimeoutMs > config.requestTimeoutMs || config.requestTimeoutMs > config.uploadTimeoutMs) {
    problems.push('HTTP_HEADERS_TIMEOUT_MS <= HTTP_REQUEST_TIMEOUT_MS <= HTTP_UPLOAD_TIMEOUT_MS must hold');
  }
  if (problems.length > 0) {
    throw new ConfigError(`Invalid configuration:\n - ${problems.join('\n - ')}`);
  }
  return config;
}

export const APP_CONFIG = Symbol('APP_CONFIG');
