import 'reflect-metadata';
import { EmbeddedDatabase, loadConfig, resolveDatabase, startFailureMessage } from '@project/platform';
import { createApp } from './app.factory';
import { shutDownInOrder } from './shutdown';
import { prepareDatabase } from './start-up';

let database: EmbeddedDatabase | undefined;

/** A stop asked for while starting (migrations can take a while): stop the embedded server too. */
function stopWhileStarting(signal: NodeJS.Signals): void {
  console.log(`${signal} received while starting: stopping`);
  void (database?.stop() ?? Promise.resolve()).finally(() => process.exit(0));
}

async function main(): Promise<void> {
  const config = loadConfig();
  process.once('SIGTERM', stopWhileStarting);
  process.once('SIGINT', stopWhileStarting);
  database = await resolveDatabase(config, {
    supervise: true,
    log: (level, message) => (level === 'warn' ? console.warn(message) : console.log(message)),
  });
  if (!config.databaseUrl) console.log(`Embedded PostgreSQL running, data in ${config.dataDir}`);
  await prepareDatabase(config, database.url, (message) => console.log(message));
  const app = await createApp(config, database.url);
  process.removeListener('SIGTERM', stopWhileStarting);
  process.removeListener('SIGINT', stopWhileStarting);
  const running = database;
  shutDownInOrder(app, { graceMs: config.shutdownGraceMs, stopDatabase: () => running.stop(), log: (message) => console.log(message) });
  await app.listen(config.port, config.host);
  console.log(`API listening on http://localhost:${config.port}/api (docs: /api/docs)`);
}

main().catch(async (error: unknown) => {
  // Known start-up failures are a sentence saying what to do (see startFailureMessage).
  console.error(startFailureMessage(error));
  await database?.stop().catch(() => undefined);
  process.exit(1);
});
