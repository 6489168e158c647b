import { loadConfig, runMigrations } from '@project/platform';
import { adminQuery, withDatabase } from '@project/testing';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { prepareDatabase } from './start-up';

describe('start-up chores', () => {
  it('two instances starting together on an empty database migrate, seed and create the first admin once, and both start', async () => {
    const serverUrl = process.env.TEST_PG_SERVER_URL!;
    const name = `ct_start_${randomBytes(6).toString('hex')}`;
    await adminQuery(serverUrl, `CREATE DATABASE ${name}`);
    const url = withDatabase(serverUrl, name);
    try {
      const config = loadConfig({ NODE_ENV: 'test', ADMIN_EMAIL: 'first.admin@centre-test.fr' });
      const logs: string[] = [];
      const started = await Promise.allSettled([0, 1].map(() => prepareDatabase(config, url, (message) => logs.push(message))));
      expect(started.map((outcome) => (outcome.status === 'rejected' ? String(outcome.reason) : 'started'))).toEqual([
        'started',
        'started',
      ]);
      // Each step ran in one instance only.
      expect(logs.filter((line) => line.startsWith('Applied migrations'))).toHaveLength(1);
      expect(logs.filter((line) => line.startsWith('First admin created'))).toHaveLength(1);
      const client = new Client({ connectionString: url });
      await client.connect();
      try {
        const { rows } = await client.query(`SELECT count(*)::int AS admins FROM app_user WHERE 'admin' = ANY(roles)`);
        expect(rows[0].admins).toBe(1);
      } finally {
        await client.end();
      }
    } finally {
      await adminQuery(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    }
  });

  it('two migration runs together (an API starting while `npm run migration:run` runs) apply each migration once', async () => {
    const serverUrl = process.env.TEST_PG_SERVER_URL!;
    const name = `ct_migrate_${randomBytes(6).toString('hex')}`;
    await adminQuery(serverUrl, `CREATE DATABASE ${name}`);
    const url = withDatabase(serverUrl, name);
    try {
      const runs = await Promise.allSettled([runMigrations(url), runMigrations(url)]);
      expect(runs.map((run) => run.status)).toEqual(['fulfilled', 'fulfilled']);
      const [first, second] = runs.map((run) => (run.status === 'fulfilled' ? run.value : []));
      expect(first.length + second.length).toBeGreaterThan(10);
      expect(Math.min(first.length, second.length)).toBe(0);
    } finally {
      await adminQuery(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    }
  });
});
