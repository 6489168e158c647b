import 'reflect-metadata';
import { CatalogueRepository } from '@project/catalogue';
import { DomainError } from '@project/domain';
import { dataSourceOptions, loadConfig, resolveDatabase, startFailureMessage } from '@project/platform';
import { RncpImportRepository, RncpImportService } from '@project/rncp-import';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { DataSource } from 'typeorm';
import { prepareDatabase } from './start-up';

// `npm run import:rncp -- FILE`: imports a France Compétences export (zip or XML) into DATABASE_URL or
// the embedded server, exactly as POST /api/certifications/import does, and prints the report.
async function main(): Promise<void> {
  const file = process.argv[2];
  if (!file || !existsSync(file)) {
    console.error('Usage: npm run import:rncp -- FILE   (export-fiches-rncp-v4-1-YYYY-MM-DD.zip, its XML, or the CSV zip)');
    process.exit(2);
  }
  const config = loadConfig();
  const database = await resolveDatabase(config);
  const dataSource = new DataSource(dataSourceOptions(database.url));
  try {
    await prepareDatabase(config, database.url, (message) => console.log(message));
    await dataSource.initialize();
    const importer = new RncpImportService(new CatalogueRepository(dataSource), new RncpImportRepository());
    const started = Date.now();
    const report = await importer.importFile(null, resolve(file));
    console.log(
      `Imported ${file} in ${((Date.now() - started) / 1000).toFixed(1)} s: ${report.created} created, ${report.updated} updated, ` +
        `${report.unchanged} unchanged, ${report.rejected.length} rejected`,
    );
    for (const { code, reason } of report.rejected) console.log(`  rejected ${code}: ${reason}`);
  } catch (error) {
    if (error instanceof DomainError || (error as { status?: number }).status) {
      console.error(`Import refused, nothing written: ${(error as Error).message}`);
      process.exitCode = 1;
    } else {
      throw error;
    }
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
    await database.stop();
  }
}

main().catch((error) => {
  console.error(startFailureMessage(error));
  process.exit(1);
});
