import { adminQuery } from './test-database';

export default async function globalTeardown(): Promise<void> {
  const serverUrl = process.env.TEST_PG_SERVER_URL;
  const template = process.env.TEST_PG_TEMPLATE;
  if (serverUrl && template) await adminQuery(serverUrl, `DROP DATABASE IF EXISTS ${template}`).catch(() => undefined);
  const embedded = (globalThis as Record<string, unknown>).__EMBEDDED_PG__ as { stop(): Promise<void> } | undefined;
  if (embedded) await embedded.stop();
}
