import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { freePort } from '../net/free-port';
import { startEmbeddedPostgres } from './embedded-postgres';
import { reachableBinaries, reachableTempRoot } from './postgres-account';

/** A folder only its owner may enter, like a home directory or a private TMPDIR. */
const privateFolder = () => mkdtempSync(join(tmpdir(), 'ct-private-'));

describe('the embedded PostgreSQL under a folder its user cannot enter', () => {
  it('keeps throw-away data (tests) where that user can reach it, and removes it on stop', async () => {
    const outer = privateFolder();
    try {
      const database = await startEmbeddedPostgres({ dataDir: join(outer, 'data'), port: await freePort(), persistent: false });
      const client = new Client({ connectionString: database.url });
      await client.connect();
      const { rows } = await client.query<{ one: number }>('SELECT 1 AS one');
      await client.end();
      await database.stop();
      expect(rows).toEqual([{ one: 1 }]);
      expect(readdirSync(join(outer, 'data'))).toEqual([]);
    } finally {
      rmSync(outer, { recursive: true, force: true });
    }
  });

  it('runs a copy of binaries that user cannot reach, readable and runnable by all', () => {
    const outer = privateFolder();
    const native = join(outer, 'pkg', 'native');
    for (const sub of ['bin', 'lib', 'share']) mkdirSync(join(native, sub), { recursive: true });
    writeFileSync(join(outer, 'pkg', 'package.json'), JSON.stringify({ version: `0.0.0-test-${process.pid}` }));
    writeFileSync(join(native, 'bin', 'postgres'), '#!/bin/sh\n', { mode: 0o700 });
    writeFileSync(join(native, 'bin', 'initdb'), '#!/bin/sh\n', { mode: 0o700 });
    // An account that owns nothing here, like `postgres` when the API runs as root.
    const stranger = { uid: 4_000_001, gid: 4_000_001, gids: [4_000_001] };
    const binaries = { postgres: join(native, 'bin', 'postgres'), initdb: join(native, 'bin', 'initdb') };
    const shared = join(reachableTempRoot(stranger), `competency-tracker-postgres-0.0.0-test-${process.pid}`);
    const copies: string[] = [];
    try {
      const copied = reachableBinaries(binaries, stranger);
      copies.push(join(copied.postgres, '..', '..'));
      expect(copied.postgres).toBe(join(shared, 'bin', 'postgres'));
      expect(statSync(copied.postgres).mode & 0o555).toBe(0o555);
      expect(statSync(copied.initdb).mode & 0o555).toBe(0o555);
      // The next start reuses it.
      expect(reachableBinaries(binaries, stranger)).toEqual(copied);
      // A copy anyone could have changed is not run: a fresh one is made.
      chmodSync(shared, 0o777);
      const fresh = reachableBinaries(binaries, stranger);
      copies.push(join(fresh.postgres, '..', '..'));
      expect(fresh.postgres).not.toBe(copied.postgres);
      expect(fresh.postgres.startsWith(`${shared}-`)).toBe(true);
    } finally {
      for (const dir of [outer, ...copies]) rmSync(dir, { recursive: true, force: true });
    }
  });
});
