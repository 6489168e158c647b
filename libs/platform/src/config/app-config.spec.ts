import { ConfigError, loadConfig } from './app-config';

describe('loadConfig', () => {
  it('has working defaults outside production', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      nodeEnv: 'development',
      port: 3000,
      databaseUrl: undefined,
      accessTokenTtlSeconds: 900,
      trustProxy: false,
      loginThrottlePerMinute: 10,
      loginThrottlePerAddressPerMinute: 10,
      verifyThrottlePerMinute: 60,
      tokenRevocationDelaySeconds: 5,
    });
    expect(config.jwtSecret).toHaveLength(64);
    expect(config).toMatchObject({
      headersTimeoutMs: 10_000,
      requestTimeoutMs: 30_000,
      uploadTimeoutMs: 3_600_000,
      keepAliveTimeoutMs: 72_000,
    });
  });

  it('prints credentials with PUBLIC_URL (the local address by default), refusing what is not an http(s) URL', () => {
    expect(loadConfig({ PORT: '8080' }).publicUrl).toBe('http://localhost:8080');
    expect(loadConfig({ PUBLIC_URL: 'https://competences.example.org/' }).publicUrl).toBe('https://competences.example.org');
    expect(() => loadConfig({ PUBLIC_URL: 'ftp://example.org' })).toThrow(/PUBLIC_URL must be an http\(s\) URL/);
    expect(() => loadConfig({ PUBLIC_URL: 'https://example.org/?q=1' })).toThrow(/PUBLIC_URL/);
  });

  it('reads CREDENTIALS_KEY as 32 bytes in hex or base64, refusing any other length', () => {
    expect(loadConfig({ NODE_ENV: 'test', CREDENTIALS_KEY: 'ab'.repeat(32) }).credentialsKey).toEqual(Buffer.alloc(32, 0xab));
    expect(loadConfig({ NODE_ENV: 'test', CREDENTIALS_KEY: Buffer.alloc(32, 7).toString('base64') }).credentialsKey).toEqual(
      Buffer.alloc(32, 7),
    );
    expect(() => loadConfig({ NODE_ENV: 'test', CREDENTIALS_KEY: 'c2hvcnQ=' })).toThrow(/CREDENTIALS_KEY must be 32 bytes/);
    expect(loadConfig({ NODE_ENV: 'test' }).credentialsKey).toHaveLength(32);
  });

  it('checks the pool settings read where the pool is built, naming each bad one', () => {
    expect(() => loadConfig({ DATABASE_POOL_SIZE: 'twenty', DATABASE_CONNECT_TIMEOUT_MS: '0' })).toThrow(
      /DATABASE_POOL_SIZE must be an integer between 1 and 1000 \(got "twenty"\)[\s\S]*DATABASE_CONNECT_TIMEOUT_MS must be an integer between 100 and 600000/,
    );
    expect(() => loadConfig({ DATABASE_POOL_SIZE: '50', DATABASE_CONNECT_TIMEOUT_MS: '' })).not.toThrow();
  });

  it('refuses to start in production without secrets, naming each', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(ConfigError);
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET[\s\S]*ADMIN_EMAIL and ADMIN_PASSWORD/);
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/CREDENTIALS_KEY is required in production/);
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/PUBLIC_URL is required in production/);
  });

  it('starts in production with the secrets given', () => {
    const config = loadConfig({
      NODE_ENV: 'production',
      JWT_SECRET: 'x'.repeat(32),
      ADMIN_EMAIL: 'admin@example.org',
      ADMIN_PASSWORD: 'long-enough-password',
      DATABASE_URL: 'postgres://u:p@db:5432/app',
      TRUST_PROXY: '10.0.0.0/8',
      CREDENTIALS_KEY: 'ab'.repeat(32),
      PUBLIC_URL: 'https://competences.example.org/',
    });
    expect(config).toMatchObject({
      nodeEnv: 'production',
      publicUrl: 'https://competences.example.org',
      databaseUrl: 'postgres://u:p@db:5432/app',
      adminEmail: 'admin@example.org',
      trustProxy: ['10.0.0.0/8'],
    });
  });

  it.each([
    [{ PORT: 'eighty' }, /PORT/],
    [{ DATABASE_URL: 'mysql://x' }, /DATABASE_URL/],
    [{ JWT_SECRET: 'short' }, /JWT_SECRET/],
    [{ ADMIN_PASSWORD: 'short' }, /ADMIN_PASSWORD/],
    [{ ADMIN_PASSWORD: 'aaaaaaaaaaaa' }, /ADMIN_PASSWORD is too easy to guess \(strength 0 of 4/],
    [
      { ADMIN_EMAIL: 'dominique.lefebvre@example.org', ADMIN_PASSWORD: 'dominique.lefebvre' },
      /ADMIN_PASSWORD is too easy to guess.*own email/,
    ],
    [{ TRUST_PROXY: 'true' }, /TRUST_PROXY must not trust every peer/],
    [{ TRUST_PROXY: 'my-proxy' }, /TRUST_PROXY must be a hop count or a comma-separated list/],
    [{ TOKEN_REVOCATION_DELAY_SECONDS: '600' }, /TOKEN_REVOCATION_DELAY_SECONDS/],
    [{ LOGIN_THROTTLE_PER_ADDRESS_PER_MINUTE: '0' }, /LOGIN_THROTTLE_PER_ADDRESS_PER_MINUTE/],
    [{ VERIFY_THROTTLE_PER_MINUTE: 'many' }, /VERIFY_THROTTLE_PER_MINUTE/],
    [{ NODE_ENV: 'staging' }, /NODE_ENV/],
    [{ HTTP_REQUEST_TIMEOUT_MS: '0' }, /HTTP_REQUEST_TIMEOUT_MS must be an integer/],
    [{ HTTP_KEEP_ALIVE_TIMEOUT_MS: '1.5' }, /HTTP_KEEP_ALIVE_TIMEOUT_MS/],
    [{ HTTP_HEADERS_TIMEOUT_MS: '60000', HTTP_REQUEST_TIMEOUT_MS: '20000' }, /HTTP_HEADERS_TIMEOUT_MS <= HTTP_REQUEST_TIMEOUT_MS/],
    [{ HTTP_UPLOAD_TIMEOUT_MS: '1000' }, /<= HTTP_UPLOAD_TIMEOUT_MS/],
  ])('rejects %o', (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });
});
