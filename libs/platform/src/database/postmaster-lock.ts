import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/** The lines of PostgreSQL's `postmaster.pid` that matter here: the server's pid, data folder and port. */
export interface PostmasterPid {
  pid: number;
  dataDir: string;
  port: number | undefined;
}

export function parsePostmasterPid(text: string): PostmasterPid | undefined {
  const lines = text.split('\n');
  const pid = Number(lines[0]);
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  const port = Number(lines[3]);
  return { pid, dataDir: lines[1] ?? '', port: Number.isInteger(port) && port > 0 ? port : undefined };
}

/** What is known of a live process: its command line (argv) and its parent's pid. */
export interface ProcessInfo {
  argv: string[];
  parentPid: number;
}

/**
 * What holds the data folder:
 * - `free`: no lock file;
 * - `stale`: a lock file whose pid is dead or is some other program (pid reused after a reboot);
 * - `orphan`: a PostgreSQL of this folder whose launcher is gone (the API was killed with -9);
 * - `in-use`: a PostgreSQL of this folder still run by a live launcher (another API process);
 * - `unknown`: a live process we cannot inspect (no /proc).
 */
export type LockState = 'free' | 'stale' | 'orphan' | 'in-use' | 'unknown';

/**
 * Pure decision from the lock file, the process that holds its pid (undefined: none), and the pid of
 * the launcher recorded when this folder's server was last started (ownerPid). The server's parent is
 * its launcher while that runs; once the launcher dies it is re-parented, so the two differ.
 */
export function classifyLock(
  lock: PostmasterPid | undefined,
  databaseDir: string,
  holder: ProcessInfo | 'alive-uninspectable' | undefined,
  ownerPid: number | undefined,
): LockState {
  if (!lock) return 'free';
  if (holder === undefined) return 'stale';
  if (holder === 'alive-uninspectable') return 'unknown';
  const isPostgres = /(^|\/)postgres$/.test(holder.argv[0] ?? '');
  if (!isPostgres || !holder.argv.includes(databaseDir)) return 'stale';
  return ownerPid !== undefined && holder.parentPid === ownerPid ? 'in-use' : 'orphan';
}

/** Reads /proc (Linux): undefined when no such process, 'alive-uninspectable' when it runs but /proc says nothing. */
export function inspectProcess(pid: number): ProcessInfo | 'alive-uninspectable' | undefined {
  if (!isAlive(pid)) return undefined;
  try {
    const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
    // The command name in /proc/<pid>/stat is in parentheses and may contain spaces: read after the last ')'.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const parentPid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    return { argv, parentPid };
  } catch {
    return isAlive(pid) ? 'alive-uninspectable' : undefined;
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function readPostmasterPid(databaseDir: string): PostmasterPid | undefined {
  const file = join(databaseDir, 'postmaster.pid');
  if (!existsSync(file)) return undefined;
  return parsePostmasterPid(readFileSync(file, 'utf8'));
}

/** Looks at what holds the folder now. */
export function lockState(databaseDir: string, ownerPid: number | undefined): { state: LockState; lock: PostmasterPid | undefined } {
  const lock = readPostmasterPid(databaseDir);
  return { state: classifyLock(lock, databaseDir, lock ? inspectProcess(lock.pid) : undefined, ownerPid), lock };
}

export function removePostmasterPid(databaseDir: string): void {
  rmSync(join(databaseDir, 'postmaster.pid'), { force: true });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitForExit(pid: number, ms: number): Promise<boolean> {
  for (const deadline = Date.now() + ms; Date.now() < deadline; await sleep(50)) {
    if (!isAlive(pid)) return true;
  }
  return !isAlive(pid);
}

/**
 * Stops a server left behind: SIGINT is PostgreSQL's fast shutdown (active transactions rolled back,
 * a checkpoint written), SIGQUIT its immediate shutdown (crash recovery at next start) as a last resort.
 */
export async function stopOrphan(pid: number): Promise<boolean> {
  process.kill(pid, 'SIGINT');
  if (await waitForExit(pid, 15_000)) return true;
  process.kill(pid, 'SIGQUIT');
  return waitForExit(pid, 5_000);
}
