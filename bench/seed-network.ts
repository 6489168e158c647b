import { siretProblem } from '@project/domain';
import { Client } from 'pg';

/** The certifier of the benchmark network: its admin signs in with the bench password. */
export const NETWORK_CERTIFIER = { name: 'Certificateur du réseau de benchmark', adminEmail: 'admin@certificateur-bench.fr' };
export const NETWORK_CERTIFICATION = 'RNCP41336';
export const NETWORK_SESSION_HELD_ON = '2026-10-15';
/** The certifier's jury member, who sits on the network's session (the password of every seeded user). */
export const NETWORK_JURY = { email: 'jury@certificateur-bench.fr', password: 'bench-password-42' };

/** A SIRET the domain accepts: a 13-digit prefix and the check digit that fits. */
function siret(n: number): string {
  const prefix = `7${String(n).padStart(12, '0')}`;
  for (let check = 0; check <= 9; check++) if (siretProblem(prefix + check) === undefined) return prefix + check;
  throw new Error('unreachable: one check digit always fits');
}

type Step = (label: string, sql: string, params?: unknown[]) => Promise<void>;

/**
 * The network shape of `npm run seed:scale` (issue 13, item 5): one certifier of RNCP41336 (besides the operator), 50
 * partner centres it authorised, `learners` learners spread over them, each enrolled once with a first attempt at
 * every modality, half of them awarded by a closed session of the certifier, and one open jury session whose candidates
 * are the whole network. Skipped when the
 * certifier exists. Runs in the caller's transaction.
 */
export async function seedNetwork(client: Client, step: Step, options: { learners: number; centres: number; passwordHash: string }) {
  const existing = await client.query(`SELECT id FROM organisation WHERE name = $1`, [NETWORK_CERTIFIER.name]);
  if (existing.rows.length > 0 || options.learners === 0) {
    console.log(options.learners === 0 ? 'No network asked for.' : 'The benchmark network exists already.');
    return;
  }
  await step(
    'network organisations',
    `INSERT INTO organisation (name, kind, siret)
     SELECT $1, 'certifier', $2
     UNION ALL SELECT 'Centre partenaire ' || i, 'training_centre', ($3::text[])[i] FROM generate_series(1, $4::int) i`,
    [NETWORK_CERTIFIER.name, siret(0), Array.from({ length: options.centres }, (_, i) => siret(i + 1)), options.centres],
  );
  const certifier: string = (await client.query(`SELECT id FROM organisation WHERE name = $1`, [NETWORK_CERTIFIER.name])).rows[0].id;
  await step(
    'network admins and jury',
    `INSERT INTO app_user (organisation_id, email, password_hash, display_name, roles)
     VALUES ($1::uuid, $2, $3, 'Admin du certificateur', '{admin}'::text[]), ($1::uuid, $4, $3, 'Juré du réseau', '{jury_member}'::text[])`,
    [certifier, NETWORK_CERTIFIER.adminEmail, options.passwordHash, NETWORK_JURY.email],
  );
  await step('certifier link', `INSERT INTO certification_certifier (certification_code, organisation_id) VALUES ($2, $1::uuid)`, [
    certifier,
    NETWORK_CERTIFICATION,
  ]);
  await step(
    'habilitations',
    `INSERT INTO habilitation (certification_code, certifier_id, training_centre_id, valid_from)
     SELECT $2, $1::uuid, o.id, date '2024-01-01' FROM organisation o WHERE o.name LIKE 'Centre partenaire %'`,
    [certifier, NETWORK_CERTIFICATION],
  );
  await step(
    'network learners',
    `INSERT INTO learner (organisation_id, first_names, last_name, birth_date, email)
     SELECT c.id, (ARRAY['Camille','Dominique','Claude','Sacha','Alix','Morgan','Lou','Charlie'])[1 + i % 8],
            (ARRAY['Martin','Bernard','Thomas','Petit','Robert','Richard','Durand','Dubois','Moreau','Laurent'])[1 + (i / 8) % 10] || ' ' || i,
            date '1970-01-01' + (i % 12000), 'reseau' || i || '@exemple.fr'
     FROM generate_series(1, $1::int) i
     JOIN (SELECT id, row_number() OVER (ORDER BY name) - 1 AS n FROM organisation WHERE name LIKE 'Centre partenaire %') c ON c.n = i % $2`,
    [options.learners, options.centres],
  );
  await step(
    'network enrolments',
    `INSERT INTO enrolment (organisation_id, learner_id, certification_code, access_route, started_on)
     SELECT l.organisation_id, l.id, $1, (ARRAY['continuing_education','apprenticeship','professionalisation_contract','student','vae'])[1 + abs(hashtext(l.id::text)) % 5],
            date '2025-09-01'
     FROM learner l JOIN organisation o ON o.id = l.organisation_id WHERE o.name LIKE 'Centre partenaire %'`,
    [NETWORK_CERTIFICATION],
  );
  await step(
    'network evaluation results',
    `INSERT INTO evaluation_result (organisation_id, enrolment_id, modality_id, occurred_on, score, outcome, attempt)
     SELECT e.organisation_id, e.id, m.id, e.started_on + 120 + m.position * 7,
            CASE WHEN m.grading = 'score' THEN round((4 + (hashtext(e.id::text || m.id::text) & 1023) / 1023.0 * 15)::numeric, 2) END,
            CASE WHEN m.grading = 'pass_fail' THEN CASE WHEN hashtext(e.id::text || m.id::text) % 5 = 0 THEN 'failed' ELSE 'passed' END END, 1
     FROM enrolment e JOIN organisation o ON o.id = e.organisation_id
     JOIN block b ON b.certification_code = e.certification_code AND b.retired_at IS NULL
     JOIN assessment_modality m ON m.block_code = b.code AND m.retired_at IS NULL
     WHERE o.name LIKE 'Centre partenaire %'`,
  );
  // Last year's closed session awarded half of the network (in each centre's name), for the network statistics.
  await step(
    'network past session',
    `INSERT INTO jury_session (organisation_id, certification_code, held_on) VALUES ($1::uuid, $2, date '2025-10-15')`,
    [certifier, NETWORK_CERTIFICATION],
  );
  await step(
    'network awards',
    `INSERT INTO jury_decision (organisation_id, jury_session_id, enrolment_id, learner_id, block_code, decision, proposal)
     SELECT e.organisation_id, s.id, e.id, e.learner_id, NULL, 'awarded', NULL
     FROM jury_session s, enrolment e JOIN organisation o ON o.id = e.organisation_id
     WHERE s.organisation_id = $1 AND o.name LIKE 'Centre partenaire %' AND abs(hashtext(e.id::text)) % 2 = 0`,
    [certifier],
  );
  await step('close the past session', `UPDATE jury_session SET closed_at = now() WHERE organisation_id = $1`, [certifier]);
  await step(
    'network jury session',
    `WITH s AS (INSERT INTO jury_session (organisation_id, certification_code, held_on) VALUES ($1::uuid, $2, $3::date) RETURNING id)
     INSERT INTO jury_member (jury_session_id, position, full_name, role, external, user_id)
     SELECT s.id, r.position, r.full_name, r.role, r.external, CASE WHEN r.position = 4 THEN u.id END FROM s
     CROSS JOIN (VALUES (1, 'Professionnelle extérieure A', 'external_professional', true),
                        (2, 'Professionnel extérieur B', 'external_professional', true),
                        (3, 'Direction du certificateur', 'certifier_management', false),
                        (4, 'Responsable nationale', 'national_certification_lead', false),
                        (5, 'Responsable pédagogique', 'pedagogical_lead', false)) AS r(position, full_name, role, external)
     CROSS JOIN (SELECT id FROM app_user WHERE email = $4) u`,
    [certifier, NETWORK_CERTIFICATION, NETWORK_SESSION_HELD_ON, NETWORK_JURY.email],
  );
}
