import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { createApp } from '@project/api/app.factory';
import { loadConfig } from '@project/platform';
import { BENCH_ADMIN, benchLogin, openBenchDatabase } from './bench-database';

export interface CredentialsMeasure {
  candidates: number;
  credentials: number;
  /** The HTTP request closing the session: credentials issued (rows, references, status places) in its transaction. */
  closeMs: number;
  /** From the close request until every credential is signed and stored by the background signer. */
  signedMs: number;
  perSecond: number;
  /** The closed minutes (version 1, rendered and stored in the close): pages and bytes. */
  minutesPages: number;
  minutesBytes: number;
  /** GET minutes.pdf of the closed session: the current version rendered again with its signature block. */
  renditionMs: number;
}

/**
 * T6: closing a jury session of N candidates, each with 4 blocks validated and RNCP41296 awarded, issues and
 * signs 5 credentials per candidate in the closing transaction. The decisions are written with SQL (their own
 * cost is measured elsewhere); the close is one HTTP request, timed end to end.
 */
export async function benchCloseWithCredentials(options: {
  base: string;
  token: string;
  db: Client;
  organisationId: string;
  candidates?: number;
}): Promise<CredentialsMeasure> {
  const { base, token, db, organisationId } = options;
  const candidates = options.candidates ?? 500;
  const tag = randomBytes(4).toString('hex');
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const created = await fetch(`${base}/api/jury-sessions`, {
    method: 'POST',
    headers,
    body: JSON.stringify({
      certificationCode: 'RNCP41296',
      heldOn: '2026-07-01',
      members: [
        { fullName: 'Sophie Bernard', role: 'external_professional', external: true },
        { fullName: 'Karim Haddad', role: 'external_professional', external: true },
        { fullName: 'Hélène Roux', role: 'certifier_management', external: false },
      ],
    }),
  });
  if (created.status !== 201) throw new Error(`creating the T6 session: ${created.status} ${await created.text()}`);
  const sessionId = ((await created.json()) as { id: string }).id;

  await db.query('BEGIN');
  const learners = await db.query(
    `INSERT INTO learner (organisation_id, first_names, last_name, email, birth_date)
     SELECT $1::uuid, 'Candidat', 'T6-' || $2 || '-' || i, 't6-' || $2 || '-' || i || '@example.org', date '1990-01-01' + i
     FROM generate_series(1, $3::int) i RETURNING id`,
    [organisationId, tag, candidates],
  );
  const learnerIds: string[] = learners.rows.map((row: { id: string }) => row.id);
  await db.query(
    `INSERT INTO enrolment (organisation_id, learner_id, certification_code, access_route, started_on)
     SELECT $1::uuid, l, 'RNCP41296', 'continuing_education', date '2025-09-01' FROM unnest($2::uuid[]) l`,
    [organisationId, learnerIds],
  );
  await db.query(
    `INSERT INTO jury_decision (organisation_id, jury_session_id, enrolment_id, learner_id, block_code, decision, proposal)
     SELECT e.organisation_id, $2::uuid, e.id, e.learner_id, b.code, 'validated', 'acquired'
     FROM enrolment e JOIN block b ON b.certification_code = e.certification_code AND b.retired_at IS NULL
     WHERE e.learner_id = ANY($1::uuid[])
     UNION ALL
     SELECT e.organisation_id, $2::uuid, e.id, e.learner_id, NULL, 'awarded', 'eligible' FROM enrolment e WHERE e.learner_id = ANY($1::uuid[])`,
    [learnerIds, sessionId],
  );
  await db.query(
    `INSERT INTO block_acquisition (organisation_id, learner_id, block_code, acquired_on, source, jury_decision_id)
     SELECT d.organisation_id, d.learner_id, d.block_code, date '2026-07-01', 'jury', d.id
     FROM jury_decision d WHERE d.jury_session_id = $1 AND d.block_code IS NOT NULL`,
    [sessionId],
  );
  await db.query('COMMIT');

  const started = performance.now();
  const closed = await fetch(`${base}/api/jury-sessions/${sessionId}/close`, {
    method: 'POST',
    headers: { authorization: headers.authorization },
  });
  const closeMs = performance.now() - started;
  if (closed.status !== 200) throw new Error(`closing the T6 session: ${closed.status} ${await closed.text()}`);
  const count = async (signed: boolean): Promise<number> =>
    (
      await db.query(
        `SELECT count(*)::int AS n FROM issued_credential WHERE learner_id = ANY($1::uuid[]) AND (NOT $2 OR document IS NOT NULL)`,
        [learnerIds, signed],
      )
    ).rows[0].n;
  const issued = await count(false);
  while ((await count(true)) < issued) await new Promise((resolve) => setTimeout(resolve, 50));
  const signedMs = performance.now() - started;

  const closedMinutes = await fetch(`${base}/api/jury-sessions/${sessionId}/minutes/versions/1`, {
    headers: { authorization: headers.authorization },
  });
  if (closedMinutes.status !== 200) throw new Error(`reading the T6 minutes: ${closedMinutes.status}`);
  const document = Buffer.from(await closedMinutes.arrayBuffer());
  const renditionStarted = performance.now();
  const rendition = await fetch(`${base}/api/jury-sessions/${sessionId}/minutes.pdf`, {
    headers: { authorization: headers.authorization },
  });
  await rendition.arrayBuffer();
  const renditionMs = performance.now() - renditionStarted;
  if (rendition.status !== 200) throw new Error(`rendering the T6 minutes: ${rendition.status}`);
  return {
    candidates,
    credentials: issued,
    closeMs,
    signedMs,
    perSecond: issued / (signedMs / 1000),
    minutesPages: document.toString('latin1').match(/\/Type \/Page\b/g)?.length ?? 0,
    minutesBytes: document.length,
    renditionMs,
  };
}

/** The benchmark database keeps its signing keys between runs, so its CREDENTIALS_KEY is kept beside it (as in development). */
export function benchCredentialsKey(): Buffer {
  return loadConfig({ NODE_ENV: 'development', DATA_DIR: process.env.BENCH_DATA_DIR ?? '.data/bench' }).credentialsKey;
}

export function credentialsRow(m: CredentialsMeasure): string {
  return [
    `| T6 | close a ${m.candidates}-candidate jury session, issuing ${m.credentials} credentials and storing its minutes (${m.minutesPages} pages, ${(m.minutesBytes / 1024).toFixed(0)} kB) in its transaction | | ${m.closeMs.toFixed(0)} ms total | | |`,
    `| J1 | the minutes to read (GET minutes.pdf: ${m.minutesPages} pages rendered with the signature block) | | ${m.renditionMs.toFixed(0)} ms total | | |`,
    `| T6 | … until all ${m.credentials} are signed (eddsa-rdfc-2022) and stored in the background | | ${m.signedMs.toFixed(0)} ms total, ${m.perSecond.toFixed(0)} credentials/s | | |`,
  ].join('\n');
}

/** `npm run bench:credentials`: T6 alone, on the benchmark database (no scale data needed), the API in this process. */
async function main(): Promise<void> {
  const database = await openBenchDatabase();
  const db = new Client({ connectionString: database.url });
  await db.connect();
  const config = {
    ...loadConfig({ NODE_ENV: 'test', JWT_SECRET: randomBytes(32).toString('hex') }),
    credentialsKey: benchCredentialsKey(),
  };
  const app = await createApp(
    { ...config, logLevel: process.env.LOG_LEVEL ?? 'silent', requestTimeoutMs: 600_000, uploadTimeoutMs: 600_000 },
    database.url,
  );
  try {
    await app.listen(0, '127.0.0.1');
    const base = await app.getUrl();
    const login = await benchLogin(base);
    const organisationId: string = (await db.query(`SELECT organisation_id FROM app_user WHERE email = $1`, [BENCH_ADMIN.email])).rows[0]
      .organisation_id;
    const candidates = Number(process.env.BENCH_CANDIDATES ?? 500);
    const measure = await benchCloseWithCredentials({
      base: base.replace('[::1]', '127.0.0.1'),
      token: login.accessToken,
      db,
      organisationId,
      candidates,
    });
    console.log(credentialsRow(measure));
  } finally {
    await app.close();
    await db.end();
    await database.stop();
  }
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
