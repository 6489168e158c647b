import 'reflect-metadata';
import { ConfigError, loadConfig, resolveDatabase } from '@project/platform';
import { createApp } from './app.factory';
import { prepareDatabase } from './start-up';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  const database = await resolveDatabase(config);
  if (!config.databaseUrl) console.log(`Embedded PostgreSQL running, data in ${config.dataDir}`);
  await prepareDatabase(config, database.url, (message) => console.log(message));
  const app = await createApp(config, database.url);
  const stop = async () => {
    await app.close();
    await database.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
  await app.listen(config.port, config.host);
  console.log(`API listening on http://localhost:${config.port}/api (docs: /api/docs)`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
