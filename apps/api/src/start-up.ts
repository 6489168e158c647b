import { ensureFirstAdmin } from '@project/organisations';
import { loadSeedCertifications } from '@project/catalogue';
import { AppConfig, runMigrations } from '@project/platform';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '@project/platform';

/** Start-up chores, in order: pending migrations, seed certifications if absent, the first admin if missing. */
export async function prepareDatabase(config: AppConfig, url: string, log: (message: string) => void): Promise<void> {
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
