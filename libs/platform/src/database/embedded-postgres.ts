import { ChildProcess, spawn } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Client } from 'pg';
import { assertUnreachable } from '@project/domain';
import {
  PostgresAccount,
  PostgresBinaries,
  blockingDirectory,
  postgresAccount,
  reachableBinaries,
  reachableTempRoot,
} from './postgres-account';
import { lockState, removePostmasterPid, stopOrphan } from './postmaster-lock';

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

/** A start-up failure whose message is a sentence for the operator: what went wrong and what to do. */
export class DatabaseStartError extends Error {}

export type EmbeddedLog = (level: 'info' | 'warn', message: string) => void;

export interface EmbeddedPostgresOptions {
  dataDir: string;
  port: number;
  /** Keep the data between runs (the API); thrown away on stop otherwise (tests). */
  persistent: boolean;
  /** Restart the server whenever it dies (the API); tests and command-line tools leave it off. */
  supervise?: boolean;
  log?: EmbeddedLog;
}

const USER = 'postgres';
const PASSWORD = 'postgres';
const READY = 'database system is ready to accept connections';

/** Wait before the n-th restart attempt in a row (0-based): 250 ms doubling up to 10 s. */
export function restartDelayMs(attempt: number): number {
  return Math.min(250 * 2 ** attempt, 10_000);
}

/** Turns the server's last words into a sentence saying what to do. */
export function explainStartFailure(output: string, context: { port: number; databaseDir: string; exit: string }): string {
  if (/could not bind|Address already in use/i.test(output)) {
    return `The embedded PostgreSQL cannot listen on port ${context.port}: another program uses it. Set EMBEDDED_POSTGRES_PORT to a free port, or stop that program.`;
  }
  if (/lock file .* already exists/i.test(output)) {
    return `The data folder ${context.databaseDir} is in use by another PostgreSQL. Stop it, or set DATA_DIR to another folder.`;
  }
  if (/shared memory block .*is still in use/i.test(output)) {
    return `Processes of a previous PostgreSQL on ${context.databaseDir} are still running. Wait a few seconds or stop them, then start again.`;
  }
  if (/Permission denied/i.test(output)) {
    return `The embedded PostgreSQL cannot access ${context.databaseDir} (permission denied). Give its user rights on DATA_DIR, or set DATA_DIR to a folder it owns.`;
  }
  const lastLines = output.trim().split('\n').slice(-5).join(' | ');
  return (
    `The embedded PostgreSQL did not start (${context.exit})${lastLines ? `: ${lastLines}` : ''}. ` +
    `Check the data folder ${context.databaseDir}, or set DATABASE_URL to use another PostgreSQL server.`
  );
}

/** The binaries of the platform's `@embedded-postgres/<os>-<arch>` package (the layout its own entry point uses). */
function packagedBinaries(): PostgresBinaries {
  const name = `@embedded-postgres/${process.platform === 'win32' ? 'windows' : process.platform}-${process.arch}`;
  let entry: string;
  try {
    entry = require.resolve(name);
  } catch {
    throw new DatabaseStartError(
      `No embedded PostgreSQL is installed for this platform (${name}). Set DATABASE_URL to use a PostgreSQL server.`,
    );
  }
  const bin = join(dirname(entry), '..', 'native', 'bin');
  return { initdb: join(bin, 'initdb'), postgres: join(bin, 'postgres') };
}

/** Spawns a PostgreSQL binary as the server's account, with English messages (the readiness line is matched). */
function runChild(command: string, args: string[], account: PostgresAccount | undefined, ownGroup = false): ChildProcess {
  return spawn(command, args, {
    ...(account ? { uid: account.uid, gid: account.gid } : {}),
    env: { ...process.env, LC_MESSAGES: 'C', LC_ALL: 'C' },
    // A supervised server (the API's) gets its own process group: a Ctrl-C in the terminal reaches only
    // the API, which stops the server after draining. Others (tests, tools) stop with their terminal.
    detached: ownGroup,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

function spawnFailure(command: string, error: NodeJS.ErrnoException): DatabaseStartError {
  return new DatabaseStartError(
    `Cannot run ${command} (${error.code ?? error.message}). ` +
      (error.code === 'EACCES'
        ? 'Its user cannot reach that file: run from a folder every user can enter, as a non-root user, or set DATABASE_URL.'
        : 'Reinstall the dependencies (npm ci), or set DATABASE_URL to use a PostgreSQL server.'),
  );
}

/** One embedded PostgreSQL server: initialised on first use, started, optionally restarted when it dies. */
class EmbeddedPostgresServer {
  private child: ChildProcess | undefined;
  private stopping = false;
  private attempt = 0;
  private restartTimer: NodeJS.Timeout | undefined;
  private stableTimer: NodeJS.Timeout | undefined;
  private readonly killOnExit = () => this.child?.kill('SIGINT');

  constructor(
    private readonly binaries: PostgresBinaries,
    private readonly account: PostgresAccount | undefined,
    private readonly dataDir: string,
    private readonly databaseDir: string,
    private readonly options: EmbeddedPostgresOptions,
  ) {}

  private get ownerFile(): string {
    return join(this.dataDir, 'postgres.owner');
  }

  async initialiseIfNeeded(): Promise<void> {
    if (existsSync(join(this.databaseDir, 'PG_VERSION'))) return;
    mkdirSync(this.databaseDir, { recursive: true, mode: 0o700 });
    if (this.account) chownSync(this.databaseDir, this.account.uid, this.account.gid);
    const passwordFile = join(this.dataDir, `.pg-password-${process.pid}`);
    writeFileSync(passwordFile, PASSWORD + '\n', { mode: 0o644 });
    try {
      const args = [`--pgdata=${this.databaseDir}`, '--auth=password', `--username=${USER}`, `--pwfile=${passwordFile}`];
      const { code, output } = await this.runToEnd(this.binaries.initdb, [...args, '--encoding=UTF8', '--locale=C', '--lc-messages=C']);
      if (code !== 0) {
        throw new DatabaseStartError(
          `Creating the PostgreSQL data folder ${this.databaseDir} failed (initdb exit code ${code}): ${output.trim().split('\n').slice(-3).join(' | ')}. ` +
            'Delete that folder if it holds nothing you need, or set DATA_DIR to an empty folder.',
        );
      }
    } finally {
      rmSync(passwordFile, { force: true });
    }
  }

  private runToEnd(command: string, args: string[]): Promise<{ code: number | null; output: string }> {
    return new Promise((resolve, reject) => {
      const child = runChild(command, args, this.account);
      let output = '';
      child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.once('error', (error) => reject(spawnFailure(command, error)));
      child.once('close', (code) => resolve({ code, output }));
    });
  }

  /** Makes the folder free: a stale lock file is removed, a server orphaned by a killed API is stopped. */
  private async claimFolder(): Promise<void> {
    const ownerPid = existsSync(this.ownerFile) ? Number(readFileSync(this.ownerFile, 'utf8')) : undefined;
    const { state, lock } = lockState(this.databaseDir, ownerPid);
    switch (state) {
      case 'free':
        return;
      case 'stale':
        removePostmasterPid(this.databaseDir);
        return;
      case 'orphan':
        this.log(
          'warn',
          `A PostgreSQL (pid ${lock?.pid}) left running by an API process that was killed holds ${this.databaseDir}: stopping it first`,
        );
        if (!(await stopOrphan(lock!.pid))) {
          throw new DatabaseStartError(
            `The PostgreSQL left running on ${this.databaseDir} (pid ${lock?.pid}) does not stop. Stop it yourself, then start again.`,
          );
        }
        return;
      case 'in-use':
        throw new DatabaseStartError(
          `The data folder ${this.dataDir} is in use by another API process (pid ${ownerPid}, its PostgreSQL is pid ${lock?.pid}). ` +
            'Stop that process first, or give this one its own DATA_DIR and EMBEDDED_POSTGRES_PORT.',
        );
      case 'unknown':
        throw new DatabaseStartError(
          `The data folder ${this.databaseDir} is locked by process ${lock?.pid}. Stop that process; if no PostgreSQL uses the folder, delete ${join(this.databaseDir, 'postmaster.pid')} and start again.`,
        );
      default:
        assertUnreachable(state);
    }
  }

  async start(): Promise<void> {
    await this.claimFolder();
    await new Promise<void>((resolve, reject) => {
      const child = runChild(
        this.binaries.postgres,
        [
          '-D',
          this.databaseDir,
          '-p',
          String(this.options.port),
          '-c',
          'lc_messages=C',
          '-c',
          'max_connections=300',
          '-c',
          `fsync=${this.options.persistent ? 'on' : 'off'}`,
        ],
        this.account,
        this.options.supervise,
      );
      this.child = child;
      let ready = false;
      let output = '';
      // Always drained (a full pipe would block the server); the last lines explain a failed start.
      child.stderr?.on('data', (chunk: Buffer) => {
        output = (output + chunk.toString()).slice(-4000);
        if (!ready && output.includes(READY)) {
          ready = true;
          resolve();
        }
      });
      child.stdout?.resume();
      child.once('error', (error) => reject(spawnFailure(this.binaries.postgres, error)));
      child.once('exit', (code, signal) => {
        if (this.child === child) this.child = undefined;
        const exit = signal ? `signal ${signal}` : `exit code ${code}`;
        if (!ready)
          reject(new DatabaseStartError(explainStartFailure(output, { port: this.options.port, databaseDir: this.databaseDir, exit })));
        else if (!this.stopping && this.options.supervise) this.restartLater(`it stopped unexpectedly (${exit})`);
      });
    });
    writeFileSync(this.ownerFile, String(process.pid));
    process.once('exit', this.killOnExit);
    clearTimeout(this.stableTimer);
    // Up for 30 s: the next crash starts the backoff afresh.
    this.stableTimer = setTimeout(() => (this.attempt = 0), 30_000).unref();
  }

  private restartLater(reason: string): void {
    process.removeListener('exit', this.killOnExit);
    const delay = restartDelayMs(this.attempt++);
    this.log('warn', `Embedded PostgreSQL: ${reason}; restarting it in ${delay} ms`);
    this.restartTimer = setTimeout(() => {
      this.start().then(
        () => this.log('info', 'Embedded PostgreSQL restarted'),
        (error: Error) => {
          if (!this.stopping) this.restartLater(`restart failed (${error.message})`);
        },
      );
    }, delay);
  }

  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.restartTimer);
    clearTimeout(this.stableTimer);
    process.removeListener('exit', this.killOnExit);
    const child = this.child;
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGINT'); // fast shutdown: open transactions are rolled back, a checkpoint is written
      const immediate = setTimeout(() => child.kill('SIGQUIT'), 15_000);
      await exited;
      clearTimeout(immediate);
    }
    rmSync(this.ownerFile, { force: true });
  }

  private log(level: 'info' | 'warn', message: string): void {
    this.options.log?.(level, message);
  }
}

/**
 * Starts a real PostgreSQL server from the binaries of the `embedded-postgres` packages, spawned and
 * watched here (not through that package's launcher, whose exit hook stops the server on the first
 * signal and hangs when it is already dead). Data survives between runs when `persistent` is set.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedDatabase> {
  const account = postgresAccount();
  const binaries = reachableBinaries(packagedBinaries(), account);
  mkdirSync(options.dataDir, { recursive: true });
  // The data folder itself is ours to open; the folders above it are not (see the sentence below).
  if (account) chmodSync(options.dataDir, 0o755);
  let dataDir = options.dataDir;
  const blocked = account && blockingDirectory(dataDir, account);
  if (blocked && options.persistent) {
    throw new DatabaseStartError(
      `Running as root, the embedded PostgreSQL runs as the "postgres" user, which cannot enter ${blocked}, so it cannot keep its data in ${dataDir}. ` +
        'Set DATA_DIR to a folder that user can reach (e.g. /var/lib/competency-tracker), run as a non-root user, or set DATABASE_URL.',
    );
  }
  // Throw-away data (tests) moves to a temporary folder that user can reach.
  if (blocked && account) {
    dataDir = mkdtempSync(join(reachableTempRoot(account), 'ct-pg-'));
    chmodSync(dataDir, 0o755);
  }
  const server = new EmbeddedPostgresServer(binaries, account, dataDir, join(dataDir, 'postgres'), options);
  await server.initialiseIfNeeded();
  await server.start();
  const serverUrl = `postgres://${USER}:${PASSWORD}@127.0.0.1:${options.port}`;
  try {
    await createDatabaseIfMissing(`${serverUrl}/postgres`, 'competencies');
  } catch (error) {
    await server.stop();
    throw error;
  }
  return {
    url: `${serverUrl}/competencies`,
    stop: async () => {
      await server.stop();
      if (!options.persistent) rmSync(dataDir === options.dataDir ? join(dataDir, 'postgres') : dataDir, { recursive: true, force: true });
    },
  };
}

async function createDatabaseIfMissing(url: string, name: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (rows.length === 0) await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`);
  } finally {
    await client.end();
  }
}
