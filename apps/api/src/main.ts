import 'reflect-metadata';
import { ConfigError, DatabaseStartError, loadConfig, resolveDatabase } from '@project/platform';
import { createApp } from './app.factory';
import { shutDownInOrder } from './shutdown';
import { prepareDatabase } from './start-up';

async function main(): Promise<void> {
  const config = loadConfig();
  const database = await resolveDatabase(config, {
    supervise: true,
    log: (level, message) => (level === 'warn' ? console.warn(message) : console.log(message)),
  });
  if (!config.databaseUrl) console.log(`Embedded PostgreSQL running, data in ${config.dataDir}`);
  try {
    await prepareDatabase(config, database.url, (message) => console.log(message));
  } catch (error) {
    await database.stop();
    throw error;
  }
  const app = await createApp(config, database.url);
  shutDownInOrder(app, { graceMs: config.shutdownGraceMs, stopDatabase: () => database.stop(), log: (message) => console.log(message) });
  await app.listen(config.port, config.host);
  console.log(`API listening on http://localhost:${config.port}/api (docs: /api/docs)`);
}

main().catch((error: unknown) => {
  // Known start-up failures are a sentence saying what to do; anything else is shown whole.
  if (error instanceof ConfigError || error instanceof DatabaseStartError) console.error(error.message);
  else if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
    console.error(`The HTTP port is already in use (${(error as Error).message}): set PORT to a free port, or stop the program using it.`);
  } else console.error('The API could not start:', error);
  process.exit(1);
});
