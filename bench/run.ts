import 'reflect-metadata';
import autocannon from 'autocannon';
import { sampleCpu } from './cpu-cost';
import { ChildProcess, fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { createApp } from '@project/api/app.factory';
import { loadConfig, AuthContext } from '@project/platform';
import { ProgressService } from '@project/progress';
import { BENCH_ADMIN, benchLogin, BIG_COHORT_NAME, openBenchDatabase } from './bench-database';
import { NETWORK_CERTIFICATION, NETWORK_CERTIFIER, NETWORK_JURY } from './seed-network';
import { benchCloseWithCredentials, benchCredentialsKey, credentialsRow } from './credentials-bench';

/**
 * `npm run bench`: load benchmarks T0–T5 against the data of `npm run seed:scale`, printed as a markdown
 * table and written to bench/results.md. Servers run in their own processes; autocannon without pipelining.
 */
const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const API_PORT = 3901;
const BARE_PORT = 3902;

interface Measure {
  id: string;
  what: string;
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  /** CPU per request of the API process and of PostgreSQL, when measured. */
  cpu?: { apiMs: number; databaseMs: number };
}

async function load(
  url: string,
  options: { rate?: number; headers?: Record<string, string>; method?: 'GET' | 'POST'; setup?: (request: any) => any; duration?: number },
): Promise<autocannon.Result> {
  return autocannon({
    url,
    connections: options.rate ? Math.max(CONNECTIONS, 20) : CONNECTIONS,
    pipelining: 1,
    duration: options.duration ?? DURATION,
    method: options.method ?? 'GET',
    headers: options.headers,
    overallRate: options.rate,
    requests: options.setup ? [{ setupRequest: options.setup }] : undefined,
  });
}

function measure(id: string, what: string, result: autocannon.Result): Measure {
  return {
    id,
    what,
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx + result.errors,
  };
}

function pick<T>(items: T[]): T {
  return items[Math.floor(Math.random() * items.length)];
}

async function waitForHealth(url: string, child: ChildProcess): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${url} did not answer`);
}

async function main(): Promise<void> {
  const database = await openBenchDatabase();
  const db = new Client({ connectionString: database.url });
  await db.connect();
  const children: ChildProcess[] = [];
  try {
    const organisationId: string = (await db.query(`SELECT organisation_id FROM app_user WHERE email = $1`, [BENCH_ADMIN.email])).rows[0]
      .organisation_id;
    const learnerCount: number = (await db.query(`SELECT count(*)::int AS n FROM learner WHERE organisation_id = $1`, [organisationId]))
      .rows[0].n;
    if (learnerCount < 1000) throw new Error('No benchmark data: run `npm run seed:scale -- --learners 100000` first.');
    const learnerIds: string[] = (
      await db.query(`SELECT id FROM learner WHERE organisation_id = $1 ORDER BY random() LIMIT 5000`, [organisationId])
    ).rows.map((r) => r.id);
    const recordable = (
      await db.query(
        `SELECT e.id AS "enrolmentId", m.id AS "modalityId", m.grading FROM enrolment e
         JOIN block b ON b.certification_code = e.certification_code AND b.retired_at IS NULL
         JOIN assessment_modality m ON m.block_code = b.code AND m.retired_at IS NULL AND m.mode = 'individual'
         WHERE e.organisation_id = $1 AND e.started_on <= date '2026-06-15' -- T3's result date: not before the enrolment starts
         ORDER BY random() LIMIT 20000`,
        [organisationId],
      )
    ).rows as { enrolmentId: string; modalityId: string; grading: string }[];
    const bigCohort = (
      await db.query(
        `SELECT c.id, c.certification_code AS code, count(e.id)::int AS size FROM cohort c JOIN enrolment e ON e.cohort_id = c.id
         WHERE c.organisation_id = $1 AND c.name = $2 GROUP BY c.id`,
        [organisationId, BIG_COHORT_NAME],
      )
    ).rows[0] as { id: string; code: string; size: number };

    // The API, configured as in production, in its own process.
    const jwtSecret = randomUUID() + randomUUID();
    const api = fork(join(__dirname, '../apps/api/src/main.js'), [], {
      execArgv: process.env.BENCH_API_NODE_ARGS ? process.env.BENCH_API_NODE_ARGS.split(' ') : [],
      env: {
        ...process.env,
        NODE_ENV: 'production',
        DATABASE_URL: database.url,
        PORT: String(API_PORT),
        HOST: '127.0.0.1',
        JWT_SECRET: jwtSecret,
        CREDENTIALS_KEY: benchCredentialsKey().toString('base64'),
        PUBLIC_URL: `http://127.0.0.1:${API_PORT}`,
        ADMIN_EMAIL: BENCH_ADMIN.email,
        ADMIN_PASSWORD: BENCH_ADMIN.password,
        LOG_LEVEL: 'warn',
        LOGIN_THROTTLE_PER_MINUTE: '1000',
      },
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    children.push(api);
    const base = `http://127.0.0.1:${API_PORT}`;
    await waitForHealth(`${base}/api/health`, api);
    const login = await benchLogin(base);
    const auth = { authorization: `Bearer ${login.accessToken}` };

    const sample = await (await fetch(`${base}/api/learners/${learnerIds[0]}/progress`, { headers: auth })).text();
    const staticFile = join(tmpdir(), 'bench-progress.json');
    writeFileSync(staticFile, sample);
    const bare = fork(join(__dirname, 'bare-server.js'), [database.url, organisationId, login.user.id, staticFile, String(BARE_PORT)], {
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    children.push(bare);
    await new Promise((resolve) => bare.once('message', resolve));
    const bareBase = `http://127.0.0.1:${BARE_PORT}`;
    const randomLearnerPath =
      (prefix: string, suffix = '') =>
      (request: any) => ({ ...request, path: `${prefix}${pick(learnerIds)}${suffix}` });

    const results: Measure[] = [];
    const log = (m: Measure) =>
      console.error(`${m.id.padEnd(8)} ${m.rps.toFixed(0).padStart(6)} req/s  p50 ${m.p50} ms  p99 ${m.p99} ms  non-2xx ${m.non2xx}`);
    const only = process.env.BENCH_ONLY?.split(',');
    const dataDirectory: string = (await db.query(`SHOW data_directory`)).rows[0].data_directory;
    const run = async (id: string, what: string, url: string, options: Parameters<typeof load>[1] = {}, withCpu = false) => {
      if (only && !only.some((prefix) => id.startsWith(prefix))) return { id, what, rps: 0, p50: 0, p99: 0, non2xx: 0 } as Measure;
      await load(url, { ...options, duration: 2 }); // warm-up
      const before = sampleCpu(api.pid, dataDirectory);
      const result = await load(url, options);
      const after = sampleCpu(api.pid, dataDirectory);
      const m: Measure = measure(id, what, result);
      if (withCpu && result.requests.total > 0) {
        m.cpu = {
          apiMs: (after.apiMs - before.apiMs) / result.requests.total,
          databaseMs: (after.databaseMs - before.databaseMs) / result.requests.total,
        };
      }
      log(m);
      results.push(m);
      return m;
    };

    const t0 = await run('T0', 'bare Fastify, static progress-sized JSON', `${bareBase}/static`);
    const t1 = await run('T1', 'bare Fastify + pg, the progress SQL', `${bareBase}/progress-sql/x`, {
      setup: randomLearnerPath('/progress-sql/'),
    });
    const t2 = await run('T2', 'GET /api/learners/{id}/progress (whole API)', `${base}/api/learners/x/progress`, {
      headers: auth,
      setup: randomLearnerPath('/api/learners/', '/progress'),
    });
    const t2Rate = Math.max(1, Math.floor(t2.rps * 0.7));
    const t2fixed = await run(
      'T2@70%',
      `progress at ${t2Rate} req/s (70% of max)`,
      `${base}/api/learners/x/progress`,
      { headers: auth, rate: t2Rate, setup: randomLearnerPath('/api/learners/', '/progress') },
      true,
    );
    const t3 = await run('T3', 'POST /api/evaluations at 250 req/s (audit + idempotency)', `${base}/api/evaluations`, {
      method: 'POST',
      rate: 250,
      setup: (request: any) => {
        const target = pick(recordable);
        const body = {
          enrolmentId: target.enrolmentId,
          modalityId: target.modalityId,
          occurredOn: '2026-06-15',
          ...(target.grading === 'pass_fail' ? { outcome: 'passed' } : { score: Math.round(Math.random() * 2000) / 100 }),
          comment: 'benchmark',
        };
        return {
          ...request,
          headers: { ...auth, 'content-type': 'application/json', 'idempotency-key': randomUUID() },
          body: JSON.stringify(body),
        };
      },
    });

    // T4: keyset pagination — page 1,000 must cost what page 1 costs.
    let cursor: string | null = null;
    for (let page = 1; page < 1000 && (!only || only.some((prefix) => prefix.startsWith('T4'))); page++) {
      const response = (await (
        await fetch(`${base}/api/learners?limit=50${cursor ? `&cursor=${cursor}` : ''}`, { headers: auth })
      ).json()) as { nextCursor: string | null };
      cursor = response.nextCursor;
      if (!cursor) throw new Error(`only ${page} pages of learners`);
    }
    const t4first = await run('T4 p1', 'GET /api/learners page 1', `${base}/api/learners?limit=50`, { headers: auth });
    const t4far = await run('T4 p1000', 'GET /api/learners page 1,000', `${base}/api/learners?limit=50&cursor=${cursor}`, {
      headers: auth,
    });

    // T5: the eligible learners of the big cohort, set-based through the API...
    const setBasedRuns: number[] = [];
    let setBasedCount = 0;
    for (let i = 0; i < 3; i++) {
      const started = performance.now();
      let next: string | null = null;
      let count = 0;
      do {
        const page = (await (
          await fetch(
            `${base}/api/certifications/${bigCohort.code}/eligible-learners?cohortId=${bigCohort.id}&limit=500${next ? `&cursor=${next}` : ''}`,
            { headers: auth },
          )
        ).json()) as { items: unknown[]; nextCursor: string | null };
        count += page.items.length;
        next = page.nextCursor;
      } while (next);
      setBasedRuns.push(performance.now() - started);
      setBasedCount = count;
    }
    const setBasedMs = setBasedRuns.sort((a, b) => a - b)[1];
    // ...and the same answer computed learner by learner through the progress service.
    const config = loadConfig({ NODE_ENV: 'test', JWT_SECRET: jwtSecret, LOG_LEVEL: 'silent' });
    const app = await createApp({ ...config, logLevel: 'silent' }, database.url);
    await app.init();
    const progress = app.get(ProgressService);
    const admin: AuthContext = { userId: login.user.id, organisationId, email: BENCH_ADMIN.email, roles: ['admin'], learnerId: null };
    const cohortLearners: string[] = (await db.query(`SELECT learner_id FROM enrolment WHERE cohort_id = $1`, [bigCohort.id])).rows.map(
      (r) => r.learner_id,
    );
    const perLearnerStarted = performance.now();
    let perLearnerCount = 0;
    for (const learnerId of cohortLearners) {
      const standing = await progress.learnerProgress(admin, learnerId);
      if (standing.certifications.find((c) => c.code === bigCohort.code)?.eligible) perLearnerCount++;
    }
    const perLearnerMs = performance.now() - perLearnerStarted;
    await app.close();
    if (perLearnerCount !== setBasedCount)
      console.error(`WARNING: set-based found ${setBasedCount} eligible, per-learner ${perLearnerCount}`);

    // N1: the network (seed-network.ts): the certifier's jury reads the proposals of one partner centre's candidates.
    const network = await networkTargets(db, base);
    const proposalsRun = (id: string, what: string, query: string) =>
      run(id, what, `${base}/api/jury-sessions/${network!.sessionId}/proposals`, {
        headers: network!.auth,
        setup: (request: any) => ({
          ...request,
          path: `/api/jury-sessions/${network!.sessionId}/proposals?trainingCentreId=${pick(network!.centreIds)}${query}`,
        }),
      });
    if (network) {
      await proposalsRun(
        'N1',
        `certifier's proposals, one page of 50 of a partner centre's ${network.candidatesPerCentre} candidates (${network.candidates} in the session)`,
        '&limit=50',
      );
    }
    if (network) {
      await run(
        'N2',
        "certifier's network statistics (every centre's awards)",
        `${base}/api/certifications/${NETWORK_CERTIFICATION}/statistics`,
        {
          headers: network.auth,
        },
      );
      await run(
        'N2 centres',
        'the same, per centre (the certifier alone)',
        `${base}/api/certifications/${NETWORK_CERTIFICATION}/statistics/centres`,
        {
          headers: network.auth,
        },
      );
    }
    // The whole centre in one answer: timed one request at a time (under load, each would wait for the others).
    let wholeCentreMs: number | null = null;
    if (network && (!only || only.some((prefix) => prefix.startsWith('N')))) {
      const runs: number[] = [];
      for (let i = 0; i < 3; i++) {
        const started = performance.now();
        const answer = await fetch(
          `${base}/api/jury-sessions/${network.sessionId}/proposals?trainingCentreId=${network.centreIds[i % network.centreIds.length]}`,
          { headers: network.auth },
        );
        if (!answer.ok) throw new Error(`proposals of a whole centre answered ${answer.status}`);
        await answer.arrayBuffer();
        runs.push(performance.now() - started);
      }
      wholeCentreMs = runs.sort((a, b) => a - b)[1];
    }

    // T6: closing a 500-candidate session issues 2,500 credentials; they are signed in the background.
    const t6 =
      !only || only.some((prefix) => prefix.startsWith('T6'))
        ? await benchCloseWithCredentials({ base, token: login.accessToken, db, organisationId, candidates: 500 })
        : null;
    if (t6) console.error(credentialsRow(t6));

    const ratio = (a: number, b: number) => (b === 0 ? 0 : a / b);
    const targets = [
      [`T2 ≥ 75% of T1 throughput`, `${(ratio(t2.rps, t1.rps) * 100).toFixed(0)}%`, t2.rps >= 0.75 * t1.rps],
      [`T2 p99 < 50 ms at 70% of its max rate`, `${t2fixed.p99} ms`, t2fixed.p99 < 50],
      [`T3 p99 < 100 ms at 250 req/s`, `${t3.p99} ms (${t3.rps.toFixed(0)} req/s, non-2xx ${t3.non2xx})`, t3.p99 < 100 && t3.non2xx === 0],
      [`T4 page 1,000 p99 ≤ 1.5 × page 1`, `${t4far.p99} ms vs ${t4first.p99} ms`, t4far.p99 <= 1.5 * Math.max(t4first.p99, 1)],
      [`T5 set-based ≥ 20× per-learner`, `${ratio(perLearnerMs, setBasedMs).toFixed(0)}×`, perLearnerMs >= 20 * setBasedMs],
      [`T5 ${bigCohort.size}-learner cohort < 2 s`, `${(setBasedMs / 1000).toFixed(2)} s (${setBasedCount} eligible)`, setBasedMs < 2000],
      // A run answering errors measures nothing (T1 once measured its own failures after the progress SQL changed).
      [
        `every load run answered 2xx`,
        results
          .filter((m) => m.non2xx > 0)
          .map((m) => `${m.id}: ${m.non2xx}`)
          .join(', ') || 'all',
        results.every((m) => m.non2xx === 0),
      ],
      ...(t6
        ? ([[`T6 closing a ${t6.candidates}-candidate session < 5 s`, `${(t6.closeMs / 1000).toFixed(2)} s`, t6.closeMs < 5000]] as const)
        : []),
    ] as const;

    const lines = [
      `Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB; date ${new Date().toISOString().slice(0, 10)}; ${learnerCount} learners; autocannon ${CONNECTIONS} connections (20 for fixed-rate runs), no pipelining, ${DURATION} s per run.`,
      '',
      '| test | what | req/s | p50 ms | p99 ms | non-2xx |',
      '| --- | --- | ---: | ---: | ---: | ---: |',
      ...results.map((m) => `| ${m.id} | ${m.what} | ${m.rps.toFixed(0)} | ${m.p50} | ${m.p99} | ${m.non2xx} |`),
      `| T5 | eligible learners of a ${bigCohort.size}-learner cohort, set-based (all pages of 500) | | ${setBasedMs.toFixed(0)} ms total | | |`,
      `| T5 | the same, learner by learner through ProgressService | | ${perLearnerMs.toFixed(0)} ms total | | |`,
      ...(network && wholeCentreMs !== null
        ? [
            `| N1 | the same, a whole centre's ${network.candidatesPerCentre} candidates in one answer (no limit, median of 3) | | ${wholeCentreMs.toFixed(0)} ms | | |`,
          ]
        : []),
      ...(t6 ? [credentialsRow(t6)] : []),
      '',
      `T2/T1 throughput ratio: ${ratio(t2.rps, t1.rps).toFixed(2)} (T0, the HTTP ceiling: ${t0.rps.toFixed(0)} req/s)`,
      ...(t2fixed.cpu
        ? [
            `T2 CPU per request at 70%: API ${t2fixed.cpu.apiMs.toFixed(3)} ms + PostgreSQL ${t2fixed.cpu.databaseMs.toFixed(3)} ms = ${(t2fixed.cpu.apiMs + t2fixed.cpu.databaseMs).toFixed(3)} ms (compare builds with this on a shared machine: throughput moves with other load, CPU per request hardly)`,
          ]
        : []),
      '',
      '| target | measured | met |',
      '| --- | --- | --- |',
      ...targets.map(([what, value, ok]) => `| ${what} | ${value} | ${ok ? 'yes' : '**no**'} |`),
    ];
    const table = lines.join('\n');
    console.log(table);
    mkdirSync(join(process.cwd(), 'bench'), { recursive: true });
    // A partial run (BENCH_ONLY) prints its rows but does not replace the full table.
    if (!only) writeFileSync(join(process.cwd(), 'bench/results.md'), `# Benchmark results\n\n${table}\n`);
  } finally {
    for (const child of children) child.kill('SIGTERM');
    await db.end();
    await new Promise((resolve) => setTimeout(resolve, 500));
    await database.stop();
  }
}

/** The network's open session, its centres and the certifier's jury member signed in; null without a network. */
async function networkTargets(
  db: Client,
  base: string,
): Promise<{
  sessionId: string;
  centreIds: string[];
  candidates: number;
  candidatesPerCentre: number;
  auth: Record<string, string>;
} | null> {
  const certifier = (await db.query(`SELECT id FROM organisation WHERE name = $1`, [NETWORK_CERTIFIER.name])).rows[0];
  if (!certifier) return null;
  const sessionId: string = (
    await db.query(`SELECT id FROM jury_session WHERE organisation_id = $1 AND closed_at IS NULL ORDER BY held_on LIMIT 1`, [certifier.id])
  ).rows[0].id;
  const centres = (
    await db.query(
      `SELECT h.training_centre_id AS id, (SELECT count(*)::int FROM enrolment e WHERE e.organisation_id = h.training_centre_id) AS n
       FROM habilitation h WHERE h.certifier_id = $1`,
      [certifier.id],
    )
  ).rows as { id: string; n: number }[];
  const login = await benchLogin(base, { email: NETWORK_JURY.email, password: NETWORK_JURY.password });
  return {
    sessionId,
    centreIds: centres.map((c) => c.id),
    candidates: centres.reduce((sum, c) => sum + c.n, 0),
    candidatesPerCentre: Math.round(centres.reduce((sum, c) => sum + c.n, 0) / Math.max(1, centres.length)),
    auth: { authorization: `Bearer ${login.accessToken}` },
  };
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
