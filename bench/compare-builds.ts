import autocannon from 'autocannon';
import { fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { BENCH_ADMIN, benchLogin, openBenchDatabase } from './bench-database';
import { sampleCpu } from './cpu-cost';

/**
 * `npm run bench:compare -- DIR...`: the CPU one progress request costs (API process + PostgreSQL) in each
 * built checkout DIR (`npm run build` done there), at a fixed 400 req/s on the benchmark data, builds
 * interleaved over ROUNDS rounds, medians printed. CPU per request barely moves with other load on the
 * machine, so it tells whether a change made the hot path dearer by a few per cent where req/s cannot.
 */
const PORT = 3999;
const ROUNDS = Number(process.env.ROUNDS ?? 3);
const SECONDS = Number(process.env.SECONDS ?? 10);

async function main(): Promise<void> {
  const builds = process.argv.slice(2).map((dir) => resolve(dir));
  if (builds.length === 0) throw new Error('Name the built checkouts to compare, e.g. npm run bench:compare -- . ../before');
  const database = await openBenchDatabase();
  const db = new Client({ connectionString: database.url });
  await db.connect();
  try {
    const organisationId = (await db.query(`SELECT organisation_id FROM app_user WHERE email = $1`, [BENCH_ADMIN.email])).rows[0]
      .organisation_id;
    const learnerIds: string[] = (
      await db.query(`SELECT id FROM learner WHERE organisation_id = $1 ORDER BY random() LIMIT 5000`, [organisationId])
    ).rows.map((row) => row.id);
    const dataDirectory: string = (await db.query(`SHOW data_directory`)).rows[0].data_directory;
    const costs = new Map<string, number[]>();
    for (let round = 0; round < ROUNDS; round++) {
      for (const build of builds) {
        const api = fork(join(build, 'dist/apps/api/src/main.js'), [], {
          env: {
            ...process.env,
            NODE_ENV: 'production',
            DATABASE_URL: database.url,
            PORT: String(PORT),
            HOST: '127.0.0.1',
            JWT_SECRET: randomUUID() + randomUUID(),
            CREDENTIALS_KEY: Buffer.alloc(32, 7).toString('base64'),
            PUBLIC_URL: `http://127.0.0.1:${PORT}`,
            ADMIN_EMAIL: BENCH_ADMIN.email,
            ADMIN_PASSWORD: BENCH_ADMIN.password,
            LOG_LEVEL: 'warn',
            LOGIN_THROTTLE_PER_MINUTE: '1000',
          },
          stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
        });
        try {
          const base = `http://127.0.0.1:${PORT}`;
          for (let i = 0; i < 300; i++) {
            if (
              await fetch(`${base}/api/health`).then(
                (r) => r.ok,
                () => false,
              )
            )
              break;
            await new Promise((done) => setTimeout(done, 200));
          }
          const login = await benchLogin(base);
          const options = (duration: number): autocannon.Options => ({
            url: `${base}/api/learners/x/progress`,
            connections: 20,
            duration,
            overallRate: 400,
            headers: { authorization: `Bearer ${login.accessToken}` },
            requests: [
              {
                setupRequest: (request: any) => ({
                  ...request,
                  path: `/api/learners/${learnerIds[Math.floor(Math.random() * learnerIds.length)]}/progress`,
                }),
              },
            ],
          });
          await autocannon(options(3)); // warm-up
          const before = sampleCpu(api.pid, dataDirectory);
          const result = await autocannon(options(SECONDS));
          const after = sampleCpu(api.pid, dataDirectory);
          const n = result.requests.total;
          const apiMs = (after.apiMs - before.apiMs) / n;
          const databaseMs = (after.databaseMs - before.databaseMs) / n;
          costs.set(build, [...(costs.get(build) ?? []), apiMs + databaseMs]);
          console.log(
            `${build} round ${round + 1}: API ${apiMs.toFixed(3)} + PostgreSQL ${databaseMs.toFixed(3)} = ${(apiMs + databaseMs).toFixed(3)} ms/request (${n} requests, non-2xx ${result.non2xx})`,
          );
        } finally {
          api.kill('SIGTERM');
          await new Promise((done) => api.once('exit', done));
        }
      }
    }
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
    const reference = median(costs.get(builds[0])!);
    for (const build of builds) {
      const cost = median(costs.get(build)!);
      console.log(
        `median ${build}: ${cost.toFixed(3)} ms/request (the first build: ${((reference / cost - 1) * 100).toFixed(1)} % against it)`,
      );
    }
  } finally {
    await db.end();
    await database.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
