import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source-options';

/** The session advisory lock migrations run under (distinct from the API's start-up lock, which is held around this). */
const MIGRATION_LOCK = 7_283_542_002;

/**
 * Applies pending migrations. Whoever runs them (an API starting, `npm run migration:run`) takes turns on one
 * advisory lock, so two never apply the same migration at once; the next finds nothing pending.
 */
export async function runMigrations(url: string): Promise<string[]> {
  const dataSource = new DataSource(dataSourceOptions(url));
  await dataSource.initialize();
  const lock = dataSource.createQueryRunner();
  try {
    await lock.connect();
    await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    // Releasing the session releases the lock.
    await lock.release();
    await dataSource.destroy();
  }
}
