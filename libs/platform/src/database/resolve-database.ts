import { AppConfig } from '../config/app-config';
import { EmbeddedDatabase, EmbeddedLog, startEmbeddedPostgres } from './embedded-postgres';

/**
 * DATABASE_URL when given; otherwise a real PostgreSQL embedded in the process tree, data kept in DATA_DIR.
 * The API asks for supervision (the server is restarted when it dies); one-shot tools do not.
 */
export async function resolveDatabase(
  config: AppConfig,
  options: { supervise?: boolean; log?: EmbeddedLog } = {},
): Promise<EmbeddedDatabase> {
  if (config.databaseUrl) return { url: config.databaseUrl, stop: async () => undefined };
  return startEmbeddedPostgres({
    dataDir: config.dataDir,
    port: config.embeddedPostgresPort,
    persistent: true,
    ...options,
  });
}
