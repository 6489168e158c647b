import { DataSourceOptions } from 'typeorm';
import { migrations } from '@project/migrations';

/** The pool's settings when DATABASE_POOL_SIZE and DATABASE_CONNECT_TIMEOUT_MS are unset (loadConfig validates them). */
export const POOL_DEFAULTS = { size: 20, connectTimeoutMs: 5000 };

/** One place builds the TypeORM options; `synchronize` is never on: the schema comes from migrations only. */
export function dataSourceOptions(url: string, extra: Partial<DataSourceOptions> = {}): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    synchronize: false,
    migrationsRun: false,
    migrations,
    migrationsTransactionMode: 'each',
    extra: {
      max: Number(process.env.DATABASE_POOL_SIZE || POOL_DEFAULTS.size),
      // Waiting for a connection (a free one in the pool, or a new one) is bounded, so a request fails
      // fast with 503 when the database is down or saturated instead of hanging.
      connectionTimeoutMillis: Number(process.env.DATABASE_CONNECT_TIMEOUT_MS || POOL_DEFAULTS.connectTimeoutMs),
    },
    ...extra,
  } as DataSourceOptions;
}
