import { EntityManager } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import type { Pool, PoolClient, QueryResultRow } from 'pg';

/**
 * Runs a hot read as a named prepared statement: PostgreSQL plans it once per connection (and then
 * keeps a generic plan) instead of planning every request, which for the progress query costs more
 * than executing it. Inside a transaction it runs on that transaction's connection.
 */
export async function preparedQuery<Row extends QueryResultRow>(
  manager: EntityManager,
  name: string,
  text: string,
  values: unknown[],
): Promise<Row[]> {
  const runner = manager.queryRunner;
  if (runner && !runner.isReleased && runner.isTransactionActive) {
    const client = (await runner.connect()) as PoolClient;
    return (await client.query<Row>({ name, text, values })).rows;
  }
  const pool = (manager.connection.driver as PostgresDriver).master as Pool;
  return (await pool.query<Row>({ name, text, values })).rows;
}
