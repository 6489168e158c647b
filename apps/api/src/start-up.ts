import { ensureFirstAdmin } from '@project/organisations';
import { loadSeedCertifications } from '@project/catalogue';
import { AppConfig, runMigrations } from '@project/platform';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '@project/platform';

/** The session advisory lock that start-up chores hold (any constant; only this application takes it). */
const START_UP_LOCK = 7_283_542_001;

/**
 * Start-up chores, in order: pending migrations, seed certifications if absent, the first admin if missing.
 * Instances starting together on one database take turns (a session advisory lock): the first does the work,
 * the next find it done; without it two would run the same migration and one would crash.
 */
export async function prepareDatabase(config: AppConfig, url: string, log: (message: string) => void): Promise<void> {
  const lock = new Client({ connectionString: url });
  await lock.connect();
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [START_UP_LOCK]);
    await runStartUpChores(config, url, log);
  } finally {
    // Ending the session releases the lock.
    await lock.end();
  }
}

async function runStartUpChores(config: AppConfig, url: string, log: (message: string) => void): Promise<void> {
  const applied = await runMigrations(url);
  if (applied.length > 0) log(`Applied migrations: ${applied.join(', ')}`);
  const dataSource = new DataSource(dataSourceOptions(url));
  await dataSource.initialize();
  try {
    const seeded = await loadSeedCertifications(dataSource);
    if (seeded.length > 0) log(`Loaded seed certifications: ${seeded.join(', ')}`);
    const admin = await ensureFirstAdmin(dataSource, {
      email: config.adminEmail,
      password: config.adminPassword,
      organisationName: config.organisationName,
    });
    if (admin.created && admin.generatedPassword) {
      log(`First admin created: ${admin.email} / ${admin.generatedPassword} (shown once; set ADMIN_EMAIL and ADMIN_PASSWORD to choose)`);
    } else if (admin.created) {
      log(`First admin created: ${admin.email}`);
    }
  } finally {
    await dataSource.destroy();
  }
}
