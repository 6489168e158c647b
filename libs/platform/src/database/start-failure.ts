import { ConfigError } from '../config/app-config';
import { DatabaseStartError } from './embedded-postgres';

/**
 * What a command prints when it cannot start: the sentence of a known failure (configuration, embedded
 * PostgreSQL, port taken), or the whole error otherwise.
 */
export function startFailureMessage(error: unknown): string {
  if (error instanceof ConfigError || error instanceof DatabaseStartError) return error.message;
  if ((error as NodeJS.ErrnoException)?.code === 'EADDRINUSE') {
    return `The HTTP port is already in use (${(error as Error).message}): set PORT to a free port, or stop the program using it.`;
  }
  if ((error as NodeJS.ErrnoException)?.code === 'ECONNREFUSED') {
    return `The database refused the connection (${(error as Error).message}): check DATABASE_URL and that its server runs.`;
  }
  if (error instanceof Error) return `Start-up failed: ${error.stack ?? error.message}`;
  return `Start-up failed without an explanation (the error was ${String(error)}); please report it with the lines above.`;
}
