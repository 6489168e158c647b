import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { ensureFirstAdmin } from '@project/organisations';
import { loadSeedCertifications } from '@project/catalogue';
import { dataSourceOptions, freePort, runMigrations, startEmbeddedPostgres } from '@project/platform';
import { adminQuery, withDatabase } from './test-database';
import { TEST_ADMIN } from './test-constants';

/**
 * One PostgreSQL per test run (embedded, or the server of DATABASE_URL), one template database migrated
 * and seeded once; every test file then copies it (see createTestApp).
 */
export default async function globalSetup(): Promise<void> {
  let serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const dataDir = mkdtempSync(join(tmpdir(), 'ct-test-pg-'));
    const database = await startEmbeddedPostgres({ dataDir, port: await freePort(), persistent: false });
    (globalThis as Record<string, unknown>).__EMBEDDED_PG__ = database;
    serverUrl = database.url;
  }
  const template = `ct_template_${process.pid}`;
  await adminQuery(serverUrl, `DROP DATABASE IF EXISTS ${template}`);
  await adminQuery(serverUrl, `CREATE DATABASE ${template}`);
  const templateUrl = withDatabase(serverUrl, template);
  await runMigrations(templateUrl);
  const dataSource = new DataSource(dataSourceOptions(templateUrl));
  await dataSource.initialize();
  await loadSeedCertifications(dataSource);
  await ensureFirstAdmin(dataSource, { email: TEST_ADMIN.email, password: TEST_ADMIN.password, organisationName: 'Centre de test' });
  await dataSource.destroy();
  process.env.TEST_PG_SERVER_URL = serverUrl;
  process.env.TEST_PG_TEMPLATE = template;
}
