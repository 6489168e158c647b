import { loadConfig } from '../config/app-config';
import { resolveDatabase } from './resolve-database';
import { runMigrations } from './migrate';
import { startFailureMessage } from './start-failure';

// `npm run migration:run`: applies pending migrations to DATABASE_URL or the embedded server.
async function main(): Promise<void> {
  const config = loadConfig();
  const database = await resolveDatabase(config);
  try {
    const applied = await runMigrations(database.url);
    console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'No pending migration.');
  } finally {
    await database.stop();
  }
}

main().catch((error) => {
  console.error(startFailureMessage(error));
  process.exit(1);
});
