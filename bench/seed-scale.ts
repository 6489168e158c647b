import 'reflect-metadata';
import { hashPassword } from '@project/auth';
import { Client } from 'pg';
import { BENCH_ADMIN, BIG_COHORT_NAME, openBenchDatabase } from './bench-database';
import { seedNetwork } from './seed-network';

/**
 * `npm run seed:scale -- --learners 100000`: a realistic organisation written with set-based SQL.
 * Both seed certifications, ~200 cohorts, N learners each enrolled once, one result per modality
 * (~15% resits), jury sessions, block decisions and acquisitions for most, awards for a share. Then the network
 * (seed-network.ts): a certifier, `--centres 50` partner centres and `--network-learners 100000` learners over them
 * (0: none); on an existing organisation only the network is added.
 */
function argument(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? Number(process.argv[index + 1]) : fallback;
}

// The first cohort is a large one (10,000 learners at full scale) for the eligible-learners benchmark.
const BIG_COHORT_SIZE = 10_000;

async function main(): Promise<void> {
  const learners = argument('learners', 100_000);
  const cohorts = argument('cohorts', Math.max(2, Math.round(learners / 500)));
  const networkLearners = argument('network-learners', 100_000);
  const centres = argument('centres', 50);
  const started = Date.now();
  const database = await openBenchDatabase();
  const client = new Client({ connectionString: database.url });
  await client.connect();
  const step = async (label: string, sql: string, params: unknown[] = []) => {
    const t0 = Date.now();
    const result = await client.query(sql, params);
    console.log(`${label.padEnd(34)} ${String(result.rowCount ?? '').padStart(9)} rows  ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  };
  try {
    const org = (await client.query(`SELECT organisation_id AS id FROM app_user WHERE email = $1`, [BENCH_ADMIN.email])).rows[0].id;
    const existing = (await client.query(`SELECT count(*)::int AS n FROM learner WHERE organisation_id = $1`, [org])).rows[0].n;
    const passwordHash = await hashPassword('bench-password-42');
    await client.query('BEGIN');
    await client.query(`SET LOCAL synchronous_commit = off`);
    await seedNetwork(client, step, { learners: networkLearners, centres, passwordHash });
    if (existing > 0) {
      await client.query('COMMIT');
      await step('analyze', 'ANALYZE');
      console.log(
        `The benchmark organisation already holds ${existing} learners; drop ${process.env.BENCH_DATA_DIR ?? '.data/bench'} to regenerate.`,
      );
      return;
    }
    await step(
      'trainers and jury members',
      `INSERT INTO app_user (organisation_id, email, password_hash, display_name, roles)
       SELECT $1::uuid, 'trainer' || i || '@centre-bench.fr', $2, 'Formateur ' || i, '{trainer}'::text[] FROM generate_series(1, $3::int) i
       UNION ALL
       SELECT $1::uuid, 'jury' || i || '@centre-bench.fr', $2, 'Juré ' || i, '{jury_member}'::text[] FROM generate_series(1, 10) i`,
      [org, passwordHash, Math.max(1, Math.ceil(cohorts / 4))],
    );
    await step(
      'cohorts',
      `INSERT INTO cohort (organisation_id, name, certification_code, starts_on, ends_on, created_at)
       SELECT $1::uuid, CASE WHEN i = 1 THEN '${BIG_COHORT_NAME}' ELSE 'Promotion ' || i END,
              CASE WHEN i % 2 = 1 THEN 'RNCP41296' ELSE 'RNCP41336' END,
              date '2024-09-01' + ((i % 3) * 365), date '2025-08-31' + ((i % 3) * 365), now() + i * interval '1 millisecond'
       FROM generate_series(1, $2::int) i`,
      [org, cohorts],
    );
    await step(
      'cohort trainers',
      `INSERT INTO cohort_trainer (cohort_id, user_id)
       SELECT c.id, u.id FROM (SELECT id, row_number() OVER (ORDER BY name) AS n FROM cohort WHERE organisation_id = $1) c
       JOIN (SELECT id, row_number() OVER (ORDER BY email) AS n FROM app_user WHERE organisation_id = $1 AND roles = '{trainer}') u
         ON u.n = (c.n - 1) / 4 + 1`,
      [org],
    );
    await step(
      'learners',
      `INSERT INTO learner (organisation_id, first_names, last_name, birth_date, email)
       SELECT $1::uuid, (ARRAY['Camille','Dominique','Claude','Sacha','Alix','Morgan','Lou','Charlie'])[1 + i % 8],
              (ARRAY['Martin','Bernard','Thomas','Petit','Robert','Richard','Durand','Dubois','Moreau','Laurent'])[1 + (i / 8) % 10] || ' ' || i,
              date '1970-01-01' + (i % 12000), 'apprenant' || i || '@exemple.fr'
       FROM generate_series(1, $2::int) i`,
      [org, learners],
    );
    await step(
      'enrolments',
      `INSERT INTO enrolment (organisation_id, learner_id, certification_code, access_route, cohort_id, started_on)
       SELECT $1::uuid, l.id, c.certification_code,
              (ARRAY['continuing_education','apprenticeship','professionalisation_contract','student','vae'])[1 + l.n % 5],
              c.id, c.starts_on
       FROM (SELECT id, row_number() OVER (ORDER BY email) AS n FROM learner WHERE organisation_id = $1) l
       JOIN (SELECT id, certification_code, starts_on, row_number() OVER (ORDER BY created_at, name) AS n FROM cohort WHERE organisation_id = $1) c
         ON c.n = CASE WHEN l.n <= $3 THEN 1 ELSE 2 + l.n % ($2 - 1) END`,
      [org, cohorts, BIG_COHORT_SIZE],
    );
    // One first attempt per modality, then a resit for ~15% of them. Scores spread over 4–19.
    await step(
      'evaluation results (first attempts)',
      `INSERT INTO evaluation_result (organisation_id, enrolment_id, modality_id, occurred_on, score, outcome, attempt, comment)
       SELECT $1::uuid, e.id, m.id, e.started_on + 120 + m.position * 7,
              CASE WHEN m.grading = 'score' THEN round((4 + (hashtext(e.id::text || m.id::text) & 1023) / 1023.0 * 15)::numeric, 2) END,
              CASE WHEN m.grading = 'pass_fail' THEN CASE WHEN hashtext(e.id::text || m.id::text) % 5 = 0 THEN 'failed' ELSE 'passed' END END,
              1, NULL
       FROM enrolment e
       JOIN block b ON b.certification_code = e.certification_code AND b.retired_at IS NULL
       JOIN assessment_modality m ON m.block_code = b.code AND m.retired_at IS NULL
       WHERE e.organisation_id = $1`,
      [org],
    );
    await step(
      'evaluation results (resits)',
      `INSERT INTO evaluation_result (organisation_id, enrolment_id, modality_id, occurred_on, score, outcome, attempt, comment)
       SELECT organisation_id, enrolment_id, modality_id, occurred_on + 60,
              CASE WHEN score IS NOT NULL THEN least(20, score + 4) END,
              CASE WHEN outcome IS NOT NULL THEN 'passed' END, 2, 'Rattrapage'
       FROM evaluation_result WHERE organisation_id = $1 AND (score < 10 OR outcome = 'failed') AND abs(hashtext(id::text)) % 2 = 0`,
      [org],
    );
    await step(
      'jury sessions',
      `INSERT INTO jury_session (organisation_id, certification_code, held_on)
       SELECT $1::uuid, code, date '2025-10-15' + y * 365 FROM certification, generate_series(0, 1) y
       WHERE code IN ('RNCP41296', 'RNCP41336')`,
      [org],
    );
    await step(
      'jury members',
      `INSERT INTO jury_member (jury_session_id, position, full_name, role, external)
       SELECT s.id, r.position, r.full_name, r.role, r.external FROM jury_session s
       CROSS JOIN (VALUES (1, 'Professionnelle extérieure A', 'external_professional', true),
                          (2, 'Professionnel extérieur B', 'external_professional', true),
                          (3, 'Direction du certificateur', 'certifier_management', false),
                          (4, 'Responsable nationale', 'national_certification_lead', false),
                          (5, 'Responsable pédagogique', 'pedagogical_lead', false)) AS r(position, full_name, role, external)
       WHERE s.organisation_id = $1`,
      [org],
    );
    // Two thirds of the learners went before a jury that validated every block.
    await step(
      'block decisions',
      `INSERT INTO jury_decision (organisation_id, jury_session_id, enrolment_id, learner_id, block_code, decision, proposal)
       SELECT e.organisation_id, s.id, e.id, e.learner_id, b.code, 'validated', 'acquired'
       FROM enrolment e
       JOIN block b ON b.certification_code = e.certification_code AND b.retired_at IS NULL
       JOIN LATERAL (SELECT id FROM jury_session s WHERE s.organisation_id = e.organisation_id
                     AND s.certification_code = e.certification_code ORDER BY held_on LIMIT 1) s ON true
       WHERE e.organisation_id = $1 AND abs(hashtext(e.id::text)) % 3 <> 0`,
      [org],
    );
    await step(
      'block acquisitions',
      `INSERT INTO block_acquisition (organisation_id, learner_id, block_code, acquired_on, source, jury_decision_id)
       SELECT d.organisation_id, d.learner_id, d.block_code, s.held_on,
              CASE WHEN e.access_route = 'vae' THEN 'vae' ELSE 'jury' END, d.id
       FROM jury_decision d JOIN jury_session s ON s.id = d.jury_session_id JOIN enrolment e ON e.id = d.enrolment_id
       WHERE d.organisation_id = $1 AND d.decision = 'validated'`,
      [org],
    );
    await step(
      'certification awards',
      `INSERT INTO jury_decision (organisation_id, jury_session_id, enrolment_id, learner_id, block_code, decision, proposal)
       SELECT e.organisation_id, s.id, e.id, e.learner_id, NULL, 'awarded', NULL
       FROM enrolment e
       JOIN LATERAL (SELECT id FROM jury_session s WHERE s.organisation_id = e.organisation_id
                     AND s.certification_code = e.certification_code ORDER BY held_on DESC LIMIT 1) s ON true
       WHERE e.organisation_id = $1 AND abs(hashtext(e.id::text)) % 3 = 1`,
      [org],
    );
    await step('close sessions', `UPDATE jury_session SET closed_at = now() WHERE organisation_id = $1 AND held_on < date '2026-01-01'`, [
      org,
    ]);
    await client.query('COMMIT');
    await step('analyze', 'ANALYZE');
    console.log(`\n${learners} learners generated in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
    await database.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
