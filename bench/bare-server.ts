import Fastify from 'fastify';
import { readFileSync } from 'node:fs';
import { Pool } from 'pg';
import { AuthContext, learnerVisibleParams } from '@project/platform';
import { LEARNER_STANDING_SQL, LEARNER_STANDING_STATEMENT } from '@project/progress';

/**
 * The ceilings the API is measured against, in a process of their own:
 * T0 `/static`: Fastify answering a fixed progress-sized JSON (HTTP ceiling);
 * T1 `/progress-sql/:id`: Fastify running the exact progress SQL with `pg`, prepared as the API does (query ceiling).
 */
async function main(): Promise<void> {
  const [databaseUrl, organisationId, adminUserId, staticFile, port] = process.argv.slice(2);
  const staticBody = readFileSync(staticFile, 'utf8');
  const pool = new Pool({ connectionString: databaseUrl, max: 20 });
  // The caller as the API sees the bench's admin: the statement's parameters are built by the same function.
  const admin: AuthContext = { userId: adminUserId, organisationId, email: 'bench@example.org', roles: ['admin'], learnerId: null };
  const app = Fastify({ logger: false });
  app.get('/static', async (_request, reply) => reply.type('application/json').send(staticBody));
  app.get<{ Params: { id: string } }>('/progress-sql/:id', async (request) => {
    const { rows } = await pool.query({
      name: LEARNER_STANDING_STATEMENT,
      text: LEARNER_STANDING_SQL,
      values: learnerVisibleParams(admin, request.params.id),
    });
    return rows[0].standings;
  });
  await app.listen({ port: Number(port), host: '127.0.0.1' });
  process.send?.('ready');
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
