import 'reflect-metadata';
import { loadConfig, resolveDatabase, startFailureMessage } from '@project/platform';
import { writeFileSync } from 'node:fs';
import { buildOpenApiDocument, createApp } from './app.factory';

// `npm run openapi`: regenerates openapi.json from the code (a test fails when the committed file drifts).
async function main(): Promise<void> {
  const config = loadConfig({ ...process.env, LOG_LEVEL: 'silent' });
  const database = await resolveDatabase(config);
  const app = await createApp(config, database.url);
  await app.init();
  const document = buildOpenApiDocument(app);
  writeFileSync('openapi.json', JSON.stringify(document, null, 2) + '\n');
  await app.close();
  await database.stop();
  console.log(`openapi.json written: ${Object.keys(document.paths).length} paths`);
}

main().catch((error) => {
  console.error(startFailureMessage(error));
  process.exit(1);
});
