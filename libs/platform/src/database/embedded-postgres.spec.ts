import { DatabaseStartError, explainStartFailure, restartDelayMs } from './embedded-postgres';
import { blockingDirectory, DirectoryMode, PostgresAccount } from './postgres-account';
import { classifyLock, parsePostmasterPid, ProcessInfo } from './postmaster-lock';
import { startFailureMessage } from './start-failure';

const DIR = '/srv/app/.data/postgres';

describe('parsePostmasterPid', () => {
  it('reads the pid, data folder and port', () => {
    expect(parsePostmasterPid(`4242\n${DIR}\n1764547200\n54329\n/tmp\nlocalhost\n  5432001 0\nready\n`)).toEqual({
      pid: 4242,
      dataDir: DIR,
      port: 54329,
    });
  });

  it('gives nothing for an empty or garbled file', () => {
    expect(parsePostmasterPid('')).toBeUndefined();
    expect(parsePostmasterPid('abc\n/data\n')).toBeUndefined();
    expect(parsePostmasterPid('-3\n/data\n')).toBeUndefined();
  });
});

describe('classifyLock', () => {
  const lock = { pid: 4242, dataDir: DIR, port: 54329 };
  const postmaster = (parentPid: number): ProcessInfo => ({ argv: ['/opt/pg/bin/postgres', '-D', DIR, '-p', '54329'], parentPid });

  it.each<[string, Parameters<typeof classifyLock>, ReturnType<typeof classifyLock>]>([
    ['no lock file', [undefined, DIR, undefined, undefined], 'free'],
    ['the pid is dead', [lock, DIR, undefined, 100], 'stale'],
    ['the pid is now another program', [lock, DIR, { argv: ['/usr/bin/node', 'main.js'], parentPid: 1 }, 100], 'stale'],
    ['a PostgreSQL of another folder', [lock, DIR, { argv: ['/opt/pg/bin/postgres', '-D', '/elsewhere'], parentPid: 1 }, 100], 'stale'],
    ['its launcher was killed (re-parented)', [lock, DIR, postmaster(1), 100], 'orphan'],
    ['no launcher recorded', [lock, DIR, postmaster(77), undefined], 'orphan'],
    ['its launcher still runs', [lock, DIR, postmaster(100), 100], 'in-use'],
    ['alive but not inspectable', [lock, DIR, 'alive-uninspectable', 100], 'unknown'],
  ])('%s', (_name, args, expected) => {
    expect(classifyLock(...args)).toBe(expected);
  });
});

describe('blockingDirectory', () => {
  const postgres: PostgresAccount = { uid: 101, gid: 104, gids: [104] };
  const tree = (modes: Record<string, DirectoryMode>) => (dir: string) => modes[dir];
  const root = { uid: 0, gid: 0, mode: 0o40755 };

  it('finds a 0700 folder owned by someone else on the way', () => {
    const statOf = tree({ '/': root, '/root': { uid: 0, gid: 0, mode: 0o40700 }, '/root/app': root });
    expect(blockingDirectory('/root/app/.data', postgres, statOf)).toBe('/root');
  });

  it('lets through folders open to others, to its group or owned by it', () => {
    const statOf = tree({
      '/': root,
      '/a': { uid: 0, gid: 104, mode: 0o40710 },
      '/a/b': { uid: 101, gid: 0, mode: 0o40700 },
      '/a/b/c': { uid: 0, gid: 0, mode: 0o40711 },
    });
    expect(blockingDirectory('/a/b/c/not-yet-created/deeper', postgres, statOf)).toBeUndefined();
  });

  it('refuses a group-only folder of another group', () => {
    const statOf = tree({ '/': root, '/g': { uid: 0, gid: 5, mode: 0o40770 } });
    expect(blockingDirectory('/g/x', postgres, statOf)).toBe('/g');
  });
});

describe('restartDelayMs', () => {
  it('doubles from 250 ms and stays at most 10 s', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 20].map(restartDelayMs)).toEqual([250, 500, 1000, 2000, 4000, 8000, 10000, 10000]);
  });
});

describe('explainStartFailure', () => {
  const context = { port: 54329, databaseDir: DIR, exit: 'exit code 1' };

  it.each([
    ['LOG:  could not bind IPv4 address "127.0.0.1": Address already in use', /EMBEDDED_POSTGRES_PORT/],
    ['FATAL:  lock file "postmaster.pid" already exists', /in use by another PostgreSQL/],
    ['FATAL:  pre-existing shared memory block (key 5432001, ID 3) is still in use', /still running/],
    ['FATAL:  could not open file "global/pg_control": Permission denied', /permission denied/],
    ['FATAL:  something new', /did not start \(exit code 1\): FATAL: {2}something new\. Check the data folder/],
  ])('%s', (output, sentence) => {
    expect(explainStartFailure(output, context)).toMatch(sentence);
  });

  it('says what to do even when the server printed nothing', () => {
    expect(explainStartFailure('', context)).toBe(
      `The embedded PostgreSQL did not start (exit code 1). Check the data folder ${DIR}, or set DATABASE_URL to use another PostgreSQL server.`,
    );
  });
});

describe('startFailureMessage', () => {
  it('prints the sentence of a known failure, never a bare value', () => {
    expect(startFailureMessage(new DatabaseStartError('The data folder /d is in use.'))).toBe('The data folder /d is in use.');
    expect(
      startFailureMessage(Object.assign(new Error('listen EADDRINUSE: address already in use 0.0.0.0:3000'), { code: 'EADDRINUSE' })),
    ).toMatch(/set PORT to a free port/);
    expect(startFailureMessage(undefined)).toMatch(/^Start-up failed without an explanation \(the error was undefined\); please report it/);
  });
});
