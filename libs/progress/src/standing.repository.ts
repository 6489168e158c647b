import { Injectable } from '@nestjs/common';
import { AcquisitionSource, CompletionRule, ModalityGrading, Outcome } from '@project/domain';
import { EntityManager } from 'typeorm';
import { AuthContext, learnerVisibleParams, preparedQuery, VISIBLE_LEARNER_WHERE, SqlRepository } from '@project/platform';

/** Everything the rules need about one learner and one certification, as PostgreSQL assembles it. */
export interface StandingRow {
  learnerId: string;
  code: string;
  title: string;
  registrationEndsOn: string | null;
  completionRule: CompletionRule;
  blocks: {
    code: string;
    title: string;
    mandatory: boolean;
    passMark: number;
    modalities: {
      id: string;
      kind: string;
      label: string;
      coefficient: number;
      eliminatoryFloor: number | null;
      grading: ModalityGrading;
    }[];
  }[];
  results: {
    modalityId: string;
    enrolmentId: string;
    enrolmentStartedOn: string;
    attempt: number;
    score: number | null;
    outcome: Outcome | null;
    occurredOn: string;
  }[];
  /** All the learner's acquisitions (any certification: equivalences may carry them over). */
  acquisitions: { blockCode: string; acquiredOn: string; source: AcquisitionSource; revoked: boolean }[];
  equivalences: { fromBlockCode: string; toBlockCode: string }[];
  /** Decisions on this certification that no later decision corrected. */
  decisions: {
    id: string;
    enrolmentId: string;
    blockCode: string | null;
    decision: string;
    heldOn: string;
    decidedAt: string;
    sessionId: string;
  }[];
  enrolments: { id: string; accessRoute: string; cohortId: string | null; startedOn: string }[];
}

/**
 * One statement for any number of learners, certifications, blocks, results and decisions: the rows the
 * pure rules of @project/domain then work on. `certificationCode` null = every certification the
 * learner touched (enrolled in, or holds a block of, directly or through an equivalence).
 */
const standingSql = (learners: string, certificationFilter: string, select: (standings: string) => string) => `
WITH
learners AS (${learners}),
-- Every block each learner holds, directly or through equivalences (the held_blocks function).
reach (learner_id, block_code) AS (
  SELECT l.id, h.block_code FROM learners l CROSS JOIN LATERAL held_blocks(l.id, $2) h
),
touched AS (
  SELECT e.learner_id, e.certification_code AS code FROM enrolment e JOIN learners l ON l.id = e.learner_id WHERE e.organisation_id = $2
  UNION
  SELECT r.learner_id, b.certification_code FROM reach r JOIN block b ON b.code = r.block_code
),
standings AS (
SELECT jsonb_build_object(
  'learnerId', t.learner_id,
  'code', c.code,
  'title', c.title,
  'registrationEndsOn', to_char(c.registration_ends_on, 'YYYY-MM-DD'),
  'completionRule', c.completion_rule,
  'blocks', coalesce((
    SELECT jsonb_agg(jsonb_build_object(
      'code', b.code, 'title', b.title, 'mandatory', b.mandatory, 'passMark', b.pass_mark::float8,
      'modalities', coalesce((
        SELECT jsonb_agg(jsonb_build_object('id', m.id, 'kind', m.kind, 'label', m.label, 'coefficient', m.coefficient::float8,
                                            'eliminatoryFloor', m.eliminatory_floor::float8, 'grading', m.grading) ORDER BY m.position)
        FROM assessment_modality m WHERE m.block_code = b.code AND m.retired_at IS NULL), '[]'::jsonb)
    ) ORDER BY b.position)
    FROM block b WHERE b.certification_code = c.code AND b.retired_at IS NULL), '[]'::jsonb),
  'results', coalesce((
    SELECT jsonb_agg(jsonb_build_object('modalityId', r.modality_id, 'enrolmentId', r.enrolment_id,
             'enrolmentStartedOn', to_char(e.started_on, 'YYYY-MM-DD'), 'attempt', r.attempt, 'score', r.score::float8,
             'outcome', r.outcome, 'occurredOn', to_char(r.occurred_on, 'YYYY-MM-DD')) ORDER BY r.id)
    FROM enrolment e JOIN evaluation_result r ON r.enrolment_id = e.id
    WHERE e.learner_id = t.learner_id AND e.certification_code = c.code AND e.organisation_id = $2), '[]'::jsonb),
  'acquisitions', coalesce((
    SELECT jsonb_agg(jsonb_build_object('blockCode', a.block_code, 'acquiredOn', to_char(a.acquired_on, 'YYYY-MM-DD'),
             'source', a.source, 'revoked', false) ORDER BY a.block_code)
    FROM block_acquisition a WHERE a.learner_id = t.learner_id AND a.organisation_id = $2 AND a.revoked_at IS NULL), '[]'::jsonb),
  'equivalences', coalesce((
    SELECT jsonb_agg(DISTINCT jsonb_build_object('fromBlockCode', q.from_block_code, 'toBlockCode', q.to_block_code))
    FROM reach r JOIN block_equivalence q ON q.from_block_code = r.block_code WHERE r.learner_id = t.learner_id), '[]'::jsonb),
  'decisions', coalesce((
    SELECT jsonb_agg(jsonb_build_object('id', d.id, 'enrolmentId', d.enrolment_id, 'blockCode', d.block_code, 'decision', d.decision,
             'heldOn', to_char(s.held_on, 'YYYY-MM-DD'), 'sessionId', s.id,
             'decidedAt', to_char(d.decided_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')) ORDER BY s.held_on, d.decided_at)
    FROM current_jury_decision d JOIN jury_session s ON s.id = d.jury_session_id
    WHERE d.learner_id = t.learner_id AND s.certification_code = c.code AND d.organisation_id = $2), '[]'::jsonb),
  'enrolments', coalesce((
    SELECT jsonb_agg(jsonb_build_object('id', e.id, 'accessRoute', e.access_route, 'cohortId', e.cohort_id,
             'startedOn', to_char(e.started_on, 'YYYY-MM-DD')) ORDER BY e.started_on, e.created_at, e.id)
    FROM enrolment e WHERE e.learner_id = t.learner_id AND e.certification_code = c.code AND e.organisation_id = $2), '[]'::jsonb)
) AS standing, t.learner_id, c.code
FROM touched t JOIN certification c ON c.code = t.code
${certificationFilter}
)
${select('standings')}`;

/** Several learners, optionally one certification (jury proposals and decisions). */
const STANDING_SQL = standingSql(
  'SELECT unnest($1::uuid[]) AS id',
  'WHERE $3::text IS NULL OR c.code = $3',
  (standings) => `SELECT standing FROM ${standings} ORDER BY learner_id, code`,
);
/**
 * Progress of one learner in every certification it touched, with the caller's right to read it checked
 * in the same statement (VISIBLE_LEARNER_WHERE; $2 is the caller's organisation there too): one round trip,
 * and simple enough for PostgreSQL to keep one generic plan when prepared.
 */
export const LEARNER_STANDING_SQL = standingSql(
  `SELECT l.id FROM learner l WHERE ${VISIBLE_LEARNER_WHERE}`,
  '',
  (standings) => `SELECT EXISTS (SELECT 1 FROM learners) AS visible,
       coalesce((SELECT jsonb_agg(standing ORDER BY code) FROM ${standings}), '[]'::jsonb) AS standings`,
);
export const LEARNER_STANDING_STATEMENT = 'progress_learner_standing';

@Injectable()
export class StandingRepository extends SqlRepository {
  /** The standings of some learners of an organisation, in one SQL statement whatever their size. */
  async loadStandings(
    organisationId: string,
    learnerIds: string[],
    certificationCode: string | null,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<StandingRow[]> {
    if (learnerIds.length === 0) return [];
    const rows = await manager.query(STANDING_SQL, [learnerIds, organisationId, certificationCode]);
    return rows.map((row: { standing: StandingRow }) => row.standing);
  }

  /**
   * Progress: the standing of one learner in every certification it touched, as one prepared statement;
   * undefined when the caller may not read that learner (see assertCanReadLearner for the same rule).
   */
  async loadLearnerStandings(auth: AuthContext, learnerId: string): Promise<StandingRow[] | undefined> {
    const [row] = await preparedQuery<{ visible: boolean; standings: StandingRow[] }>(
      this.dataSource.manager,
      LEARNER_STANDING_STATEMENT,
      LEARNER_STANDING_SQL,
      learnerVisibleParams(auth, learnerId),
    );
    return row.visible ? row.standings : undefined;
  }
}
