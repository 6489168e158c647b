import 'reflect-metadata';
import { CpfDeclarationsService } from '@project/accrochage';
import { createApp } from '@project/api/app.factory';
import { AuthContext, loadConfig } from '@project/platform';
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { Client } from 'pg';
import { openBenchDatabase } from './bench-database';

export interface CpfMeasure {
  holders: number;
  exportMs: number;
  fileMegabytes: number;
  /** Highest resident set size of the process (API + XSD worker) sampled during the export, and its rise over the start. */
  peakRssMb: number;
  rssRiseMb: number;
  reportMs: number;
  accepted: number;
  rejected: number;
}

/**
 * A certifier with N holders (the CDC's per-file limit is 200,000), written with set-based SQL in a fresh organisation:
 * learners with a complete civil identity, one closed jury session awarding RNCP41296 to each. Then the export
 * (one streamed file, validated batch by batch against the XSD, stored in chunks) and a processing report accepting
 * all but 5% are timed through the service, in this process.
 */
export async function benchCpfDeclarations(db: Client, service: CpfDeclarationsService, holders: number): Promise<CpfMeasure> {
  const tag = randomBytes(4).toString('hex');
  await db.query('BEGIN');
  const organisationId: string = (
    await db.query(`INSERT INTO organisation (name, kind) VALUES ($1, 'certifier') RETURNING id`, [`Certificateur ${tag}`])
  ).rows[0].id;
  const userId: string = (
    await db.query(
      `INSERT INTO app_user (organisation_id, email, password_hash, display_name, roles) VALUES ($1, $2, 'x', 'Bench', '{admin}') RETURNING id`,
      [organisationId, `cpf-${tag}@centre-bench.fr`],
    )
  ).rows[0].id;
  await db.query(
    `INSERT INTO learner (organisation_id, first_names, last_name, email, birth_date, given_names, sex, birth_commune_code, birth_commune)
     SELECT $1::uuid, 'Camille', 'Titulaire-' || i, 'cpf-' || $2 || '-' || i || '@example.org', date '1970-01-01' + (i % 12000),
       ARRAY['Camille', 'Marie'], CASE WHEN i % 2 = 0 THEN 'F' ELSE 'M' END, '75056', 'Paris'
     FROM generate_series(1, $3::int) i`,
    [organisationId, tag, holders],
  );
  await db.query(
    `INSERT INTO enrolment (organisation_id, learner_id, certification_code, access_route, started_on)
     SELECT l.organisation_id, l.id, 'RNCP41296', (ARRAY['apprenticeship','continuing_education','vae','student'])[1 + (row_number() OVER () % 4)], date '2025-09-01'
     FROM learner l WHERE l.organisation_id = $1`,
    [organisationId],
  );
  const sessionId: string = (
    await db.query(
      `INSERT INTO jury_session (organisation_id, certification_code, held_on) VALUES ($1, 'RNCP41296', current_date - 30) RETURNING id`,
      [organisationId],
    )
  ).rows[0].id;
  await db.query(
    `INSERT INTO jury_decision (organisation_id, jury_session_id, enrolment_id, learner_id, block_code, decision, proposal)
     SELECT e.organisation_id, $2, e.id, e.learner_id, NULL, 'awarded', 'eligible' FROM enrolment e WHERE e.organisation_id = $1`,
    [organisationId, sessionId],
  );
  await db.query(`UPDATE jury_session SET closed_at = now() WHERE id = $1`, [sessionId]);
  await db.query(
    `INSERT INTO cpf_certifier_settings (organisation_id, cdc_client_id, cdc_contract_id) VALUES ($1, 'BENCH001', 'CTR-BENCH')`,
    [organisationId],
  );
  await db.query(
    `INSERT INTO cpf_certification_settings (organisation_id, certification_code, nature_deposant) VALUES ($1, 'RNCP41296', 'CERTIFICATEUR')`,
    [organisationId],
  );
  await db.query('COMMIT');
  await db.query('ANALYZE learner; ANALYZE enrolment; ANALYZE jury_decision');

  const auth: AuthContext = { userId, organisationId, email: `cpf-${tag}@centre-bench.fr`, roles: ['admin'], learnerId: null };
  global.gc?.();
  const startRss = process.memoryUsage().rss;
  let peakRss = startRss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);
  const started = performance.now();
  const file = await service.export(auth, {});
  const exportMs = performance.now() - started;
  clearInterval(sampler);
  peakRss = Math.max(peakRss, process.memoryUsage().rss);

  const ids: string[] = (await db.query(`SELECT id_technique FROM cpf_declaration_passage WHERE file_id = $1`, [file.id])).rows.map(
    (row: { id_technique: string }) => row.id_technique,
  );
  const rejected = ids.filter((_id, i) => i % 20 === 0);
  const accepted = ids.filter((_id, i) => i % 20 !== 0);
  const report = Buffer.from(
    `<?xml version="1.0" encoding="UTF-8"?><ns2:accuseTraitement xmlns:ns2="urn:cdc:cpf:pc5:schema:1.0.0"><ns2:idFlux>${file.idFlux}</ns2:idFlux>` +
      `<ns2:passagesOK>${accepted.map((id) => `<ns2:passageOK><ns2:idTechnique>${id}</ns2:idTechnique></ns2:passageOK>`).join('\n')}</ns2:passagesOK>` +
      `<ns2:passagesKO>${rejected
        .map(
          (id) =>
            `<ns2:passageKO><ns2:idTechnique>${id}</ns2:idTechnique><ns2:erreurs><ns2:erreur>Date de naissance incohérente</ns2:erreur></ns2:erreurs></ns2:passageKO>`,
        )
        .join('\n')}</ns2:passagesKO></ns2:accuseTraitement>`,
  );
  const reportStarted = performance.now();
  const applied = await service.applyReport(auth, file.id, Readable.from([report]));
  const reportMs = performance.now() - reportStarted;
  return {
    holders: file.passageCount,
    exportMs,
    fileMegabytes: file.byteSize / 1024 / 1024,
    peakRssMb: peakRss / 1024 / 1024,
    rssRiseMb: (peakRss - startRss) / 1024 / 1024,
    reportMs,
    accepted: applied.accepted,
    rejected: applied.rejected,
  };
}

export function cpfRows(m: CpfMeasure): string {
  return [
    `| T7 | CPF export of ${m.holders} holders: one ${m.fileMegabytes.toFixed(0)} MB file, streamed, XSD-validated, stored | | ${(m.exportMs / 1000).toFixed(1)} s, peak RSS ${m.peakRssMb.toFixed(0)} MB (+${m.rssRiseMb.toFixed(0)} MB) | | |`,
    `| T7 | its processing report (${m.accepted} accepted, ${m.rejected} rejected) applied set-based | | ${(m.reportMs / 1000).toFixed(1)} s | | |`,
  ].join('\n');
}

/** `npm run bench:accrochage [-- N]`: T7 alone on the benchmark database (default 200,000 holders), the service in this process. */
async function main(): Promise<void> {
  const holders = Number(process.argv[2] ?? process.env.BENCH_HOLDERS ?? 200_000);
  const database = await openBenchDatabase();
  const db = new Client({ connectionString: database.url });
  await db.connect();
  const config = loadConfig({
    NODE_ENV: 'test',
    JWT_SECRET: randomBytes(32).toString('hex'),
    DATA_DIR: process.env.BENCH_DATA_DIR ?? '.data/bench',
  });
  const app = await createApp({ ...config, logLevel: process.env.LOG_LEVEL ?? 'silent' }, database.url);
  try {
    await app.init();
    const measure = await benchCpfDeclarations(db, app.get(CpfDeclarationsService), holders);
    console.log(cpfRows(measure));
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
