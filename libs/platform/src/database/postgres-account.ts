import { execFileSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, lstatSync, mkdtempSync, readFileSync, readdirSync, renameSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve, sep } from 'node:path';

/**
 * PostgreSQL refuses to run as root: when the API runs as root, the embedded server runs as a `postgres`
 * account (created if missing), and every folder it uses must be reachable by that account.
 */
export interface PostgresAccount {
  uid: number;
  gid: number;
  gids: number[];
}

const idOf = (...args: string[]) => execFileSync('id', args, { encoding: 'utf8' }).trim();

/** undefined when not running as root (the server then runs as the current user). */
export function postgresAccount(): PostgresAccount | undefined {
  if (process.getuid?.() !== 0) return undefined;
  try {
    idOf('-u', 'postgres');
  } catch {
    try {
      execFileSync('groupadd', ['-f', 'postgres']);
      execFileSync('useradd', ['-g', 'postgres', 'postgres']);
    } catch (error) {
      throw new Error(
        `Running as root, the embedded PostgreSQL needs a "postgres" account, and creating it failed (${(error as Error).message.trim()}). ` +
          'Create it (useradd postgres), run as a non-root user, or set DATABASE_URL.',
      );
    }
  }
  return {
    uid: Number(idOf('-u', 'postgres')),
    gid: Number(idOf('-g', 'postgres')),
    gids: idOf('-G', 'postgres').split(/\s+/).map(Number),
  };
}

export interface DirectoryMode {
  uid: number;
  gid: number;
  mode: number;
}

/**
 * The first existing folder on the way to `path` that the account may not enter (no search permission
 * for it as owner, group member or other), or undefined when the whole way is open. Folders still to be
 * created are skipped: they will be created open.
 */
export function blockingDirectory(
  path: string,
  account: PostgresAccount,
  statOf: (dir: string) => DirectoryMode | undefined = statIfExists,
): string | undefined {
  const parts = resolve(path).split(sep).filter(Boolean);
  for (let i = 0; i <= parts.length; i++) {
    const dir = sep + parts.slice(0, i).join(sep);
    const stat = statOf(dir);
    if (!stat) return undefined;
    const bit = stat.uid === account.uid ? 0o100 : account.gids.includes(stat.gid) ? 0o010 : 0o001;
    if ((stat.mode & bit) === 0) return dir;
  }
  return undefined;
}

function statIfExists(dir: string): DirectoryMode | undefined {
  try {
    const stat = statSync(dir);
    return { uid: stat.uid, gid: stat.gid, mode: stat.mode };
  } catch {
    return undefined;
  }
}

/** A temporary folder the account can reach, for servers whose data is thrown away (tests). */
export function reachableTempRoot(account: PostgresAccount): string {
  const candidate = [tmpdir(), '/var/tmp', '/tmp'].find((dir) => existsSync(dir) && !blockingDirectory(dir, account));
  if (!candidate)
    throw new Error('No temporary folder is reachable by the "postgres" account: run as a non-root user or set DATABASE_URL.');
  return candidate;
}

export interface PostgresBinaries {
  initdb: string;
  postgres: string;
}

/**
 * The packaged binaries, or — when the account cannot reach them (a clone under a 0700 home) — a copy in
 * a shared temporary folder, made once per package version.
 */
export function reachableBinaries(binaries: PostgresBinaries, account: PostgresAccount | undefined): PostgresBinaries {
  const native = resolve(dirname(binaries.postgres), '..');
  if (!account || !['bin', 'lib', 'share'].some((sub) => blockingDirectory(join(native, sub), account))) return binaries;
  const version = (JSON.parse(readFileSync(join(native, '..', 'package.json'), 'utf8')) as { version: string }).version;
  const shared = join(reachableTempRoot(account), `competency-tracker-postgres-${version}`);
  let target = shared;
  if (!isOwnClosedCopy(shared)) {
    // Copied into a fresh folder (unpredictable name), then moved to the shared name if it is still free.
    target = mkdtempSync(`${shared}-`);
    cpSync(native, target, { recursive: true, verbatimSymlinks: true });
    openUp(target);
    if (!existsSync(shared)) {
      try {
        renameSync(target, shared);
        target = shared;
      } catch {
        // another process made the copy meanwhile: keep using ours
      }
    }
  }
  return { initdb: join(target, 'bin', 'initdb'), postgres: join(target, 'bin', 'postgres') };
}

/**
 * A copy found in a shared temporary folder is run only if this user made it and nobody else can change
 * it: another local user could have planted binaries under that name.
 */
function isOwnClosedCopy(dir: string): boolean {
  if (!existsSync(join(dir, 'bin', 'postgres'))) return false;
  const stat = lstatSync(dir);
  return stat.isDirectory() && stat.uid === process.getuid?.() && (stat.mode & 0o022) === 0;
}

/** Readable by all, folders and executables enterable/runnable by all. */
function openUp(path: string): void {
  const stat = lstatSync(path);
  if (stat.isSymbolicLink()) return;
  chmodSync(path, stat.mode | 0o444 | (stat.isDirectory() || stat.mode & 0o100 ? 0o111 : 0));
  if (stat.isDirectory()) for (const entry of readdirSync(path)) openUp(join(path, entry));
}
