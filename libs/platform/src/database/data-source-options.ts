import { DataSourceOptions } from 'typeorm';
import { migrations } from '@project/migrations';

/** One place builds the TypeORM options; `synchronize` is never on: the schema comes from migrations only. */
export function dataSourceOptions(url: string, extra: Partial<DataSourceOptions> = {}): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    synchronize: false,
    migrationsRun: false,
    migrations,
    migrationsTransactionMode: 'each',
    extra: { max: Number(process.env.DATABASE_POOL_SIZE ?? 20) },
    ...extra,
  } as DataSourceOptions;
}
