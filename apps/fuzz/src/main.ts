import 'reflect-metadata';
import { createTestApp, setUpTestDatabase, tearDownTestDatabase } from '@project/testing';
import type { AddressInfo } from 'node:net';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Client, ErrorCollector } from './client';
import { Fuzzer } from './fuzzer';
import { OpenApiDocument, listOperations } from './openapi';
import { Oracle } from './oracle';
import { groupViolations, refusedAllowedText, summaryTable, violationsJson, violationsText } from './report';
import { seedOrganisation } from './seed';

/**
 * `npm run fuzz`: a schema-driven fuzz run over every operation of the committed openapi.json, against the
 * real application (embedded PostgreSQL or DATABASE_URL's server, migrated template) listening on a local port,
 * with a seeded organisation. Fails on any 5xx, undocumented status, response outside its documented schema,
 * error that is not a problem document, success of a request the document refuses, or cross-organisation 2xx.
 *
 * Nothing is excluded: destructive calls (deactivating or demoting a caller, changing its password, removing a
 * trainer from its cohort, closing the jury member's session) run, and the fuzzer repairs what it relies on.
 *
 * Environment: FUZZ_SEED (default: time-based, printed), FUZZ_SECONDS (whole run incl. set-up, default 90),
 * FUZZ_ONLY (regex on `METHOD /path` or operationId), FUZZ_BATCH (requests per operation per round, default 5),
 * FUZZ_REQUEST_TIMEOUT_MS (default 10000), FUZZ_OPEN_RESPONSES=1 (allow undocumented response properties),
 * FUZZ_REPORT (JSON report path, default dist/fuzz/violations.json), FUZZ_LOG_LEVEL (the app's request log).
 */
const env = process.env;
const number = (name: string, fallback: number) => (env[name] !== undefined && env[name] !== '' ? Number(env[name]) : fallback);

async function main(): Promise<number> {
  const started = Date.now();
  const seed = number('FUZZ_SEED', Date.now() % 1_000_000_000);
  const totalSeconds = number('FUZZ_SECONDS', 90);
  const only = env.FUZZ_ONLY ? new RegExp(env.FUZZ_ONLY) : undefined;
  const reportPath = env.FUZZ_REPORT ?? join('dist', 'fuzz', 'violations.json');
  console.log(`fuzz: seed ${seed} (replay with FUZZ_SEED=${seed}), budget ${totalSeconds} s${only ? `, operations matching ${only}` : ''}`);

  const document = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', '..', 'openapi.json'), 'utf8')) as OpenApiDocument;
  const operations = listOperations(document).filter((op) => !only || only.test(op.key) || only.test(op.id));
  if (operations.length === 0) throw new Error(`no operation matches FUZZ_ONLY=${env.FUZZ_ONLY}`);

  await setUpTestDatabase();
  const t = await createTestApp({ logLevel: env.FUZZ_LOG_LEVEL ?? 'silent' });
  let exitCode = 1;
  try {
    await t.app.listen(0, '127.0.0.1');
    const address = t.app.getHttpServer().address() as AddressInfo;
    const client = new Client({ host: '127.0.0.1', port: address.port });
    // The application's error log (a 500's stack) is kept and attached to the violation it explains.
    const errors = new ErrorCollector();
    t.app.useLogger(errors);
    t.app.flushLogs();
    const seeded = await seedOrganisation(t, client);
    const setupSeconds = (Date.now() - started) / 1000;
    // What is left of the budget, less a margin for tearing down.
    const deadline = started + Math.max(5, totalSeconds - 5) * 1000;
    const fuzzer = new Fuzzer(
      document,
      operations,
      new Oracle(document, { closedResponses: env.FUZZ_OPEN_RESPONSES !== '1' }),
      client,
      t,
      seeded,
      errors,
      {
        seed,
        batch: number('FUZZ_BATCH', 5),
        requestTimeoutMs: number('FUZZ_REQUEST_TIMEOUT_MS', 10_000),
      },
    );
    await fuzzer.run(deadline);
    const fuzzSeconds = (Date.now() - started) / 1000 - setupSeconds;

    console.log('\n' + summaryTable(fuzzer.stats));
    const allowed = refusedAllowedText(fuzzer.stats);
    if (allowed)
      console.log(`\n400 answers to requests the document allows (validation stricter than the document; not failing):\n${allowed}`);
    console.log(
      `\nslowest: ${fuzzer.slowest.map((s) => `${Math.round(s.ms)} ms ${s.operation} → ${s.status} (${s.mutation})`).join('; ')}`,
    );
    const groups = groupViolations(fuzzer.violations);
    if (groups.length > 0) console.log(`\n${violationsText(groups)}`);
    mkdirSync(dirname(reportPath), { recursive: true });
    writeFileSync(reportPath, JSON.stringify({ seed, violations: violationsJson(fuzzer.violations) }, null, 1));
    const untouched = [...fuzzer.stats.entries()].filter(([, s]) => s.requests === 0).map(([key]) => key);
    console.log(
      `\nfuzz: ${fuzzer.requests} requests over ${operations.length} operations in ${fuzzSeconds.toFixed(1)} s (set-up ${setupSeconds.toFixed(1)} s), seed ${seed}; ` +
        `${fuzzer.violations.length} violation(s) in ${groups.length} cause(s); all in ${reportPath}`,
    );
    if (untouched.length > 0) console.log(`fuzz: the budget ran out before reaching ${untouched.join(', ')}`);
    exitCode = fuzzer.violations.length > 0 || untouched.length > 0 ? 1 : 0;
    client.close();
  } finally {
    await t.close();
    await tearDownTestDatabase();
  }
  return exitCode;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(2);
  },
);
