import { ensureFirstAdmin } from '@project/organisations';
import { loadSeedCertifications } from '@project/catalogue';
import { EmbeddedDatabase, dataSourceOptions, runMigrations, startEmbeddedPostgres } from '@project/platform';
import { resolve } from 'node:path';
import { DataSource } from 'typeorm';

export const BIG_COHORT_NAME = 'Promotion nationale 2024';
export const BENCH_ADMIN = { email: 'bench-admin@centre-bench.fr', password: 'bench-admin-password' };

/** Signs in to the API under test (the bench admin unless told): its access token and user. */
export async function benchLogin(
  base: string,
  credentials: { email: string; password: string } = BENCH_ADMIN,
): Promise<{ accessToken: string; user: { id: string } }> {
  const response = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(credentials),
  });
  if (!response.ok) throw new Error(`signing in to ${base} failed: ${response.status} ${await response.text()}`);
  return (await response.json()) as { accessToken: string; user: { id: string } };
}

/** The benchmark database: DATABASE_URL, or an embedded server with its own folder (.data/bench). */
export async function openBenchDatabase(): Promise<EmbeddedDatabase> {
  const database = process.env.DATABASE_URL
    ? { url: process.env.DATABASE_URL, stop: async () => undefined }
    : await startEmbeddedPostgres({
        dataDir: resolve(process.env.BENCH_DATA_DIR ?? '.data/bench'),
        port: Number(process.env.BENCH_POSTGRES_PORT ?? 54339),
        persistent: true,
      });
  await runMigrations(database.url);
  const dataSource = new DataSource(dataSourceOptions(database.url));
  await dataSource.initialize();
  await loadSeedCertifications(dataSource);
  await ensureFirstAdmin(dataSource, { ...BENCH_ADMIN, organisationName: 'Centre de benchmark' });
  await dataSource.destroy();
  return database;
}
