import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { removeStalePostmasterPid } from './embedded-postgres';

describe('removeStalePostmasterPid', () => {
  const dir = () => mkdtempSync(join(tmpdir(), 'pgpid-'));

  it('removes the lock file of a server that is no longer running', () => {
    const databaseDir = dir();
    // 2^22 + 1 is above Linux's default pid_max: no process can hold it.
    writeFileSync(join(databaseDir, 'postmaster.pid'), '4194305\n/data\n');
    expect(removeStalePostmasterPid(databaseDir)).toBe(true);
    expect(existsSync(join(databaseDir, 'postmaster.pid'))).toBe(false);
  });

  it('keeps the lock file of a running process', () => {
    const databaseDir = dir();
    writeFileSync(join(databaseDir, 'postmaster.pid'), `${process.pid}\n/data\n`);
    expect(removeStalePostmasterPid(databaseDir)).toBe(false);
    expect(existsSync(join(databaseDir, 'postmaster.pid'))).toBe(true);
  });

  it('does nothing without a lock file', () => {
    expect(removeStalePostmasterPid(dir())).toBe(false);
  });
});
