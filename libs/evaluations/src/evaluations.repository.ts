import { Injectable } from '@nestjs/common';
import { ModalityGrading, ModalityKind, ModalityMode, Outcome } from '@project/domain';
import { EnrolmentRow } from '@project/learners';
import { AuthContext, CallerParameters, enrolmentRecordableSql, SqlRepository } from '@project/platform';
import { EntityManager } from 'typeorm';
import { EvaluationRow } from './dto/evaluation.dto';

/** What recording needs of an enrolment (the learners library owns the table and its row type). */
export type EnrolmentFacts = Pick<EnrolmentRow, 'id' | 'organisationId' | 'learnerId' | 'certificationCode' | 'startedOn'>;

export interface ModalityRow {
  id: string;
  kind: ModalityKind;
  blockCode: string;
  certificationCode: string;
  grading: ModalityGrading;
  mode: ModalityMode;
  /** The modality or its block was retired from the sheet. */
  retired: boolean;
}

export interface NewResult {
  organisationId: string;
  enrolmentId: string;
  modalityId: string;
  occurredOn: string;
  score: number | null;
  outcome: Outcome | null;
  assessorUserId: string;
  comment: string | null;
  /** Null: numbered max+1 for its (enrolment, modality), so at most once per pair in one insert. */
  attempt: number | null;
}

export interface ResultChanges {
  score: number | null;
  outcome: Outcome | null;
  occurredOn: string;
  comment: string | null;
}

export interface LearnerEnrolmentRow {
  id: string;
  learnerId: string;
  certificationCode: string;
  startedOn: string;
  recordable: boolean;
}

/** Listing rows carry the keyset (occurred_on, created_at to the microsecond, id). */
export type EvaluationListRow = EvaluationRow & { cursorCreatedAt: string };

const RESULT_COLUMNS = `r.id, r.enrolment_id AS "enrolmentId", e.learner_id AS "learnerId", e.certification_code AS "certificationCode",
  r.modality_id AS "modalityId", m.kind AS "modalityKind", m.block_code AS "blockCode", to_char(r.occurred_on, 'YYYY-MM-DD') AS "occurredOn",
  r.score::float8 AS score, r.outcome, r.attempt, r.comment, r.assessor_user_id AS "assessorUserId", r.created_at AS "createdAt",
  r.updated_at AS "updatedAt"`;
const RESULT_FROM = `evaluation_result r JOIN enrolment e ON e.id = r.enrolment_id JOIN assessment_modality m ON m.id = r.modality_id`;
const MODALITY_COLUMNS = `m.id, m.kind, m.block_code AS "blockCode", b.certification_code AS "certificationCode", m.grading, m.mode,
  (m.retired_at IS NOT NULL OR b.retired_at IS NOT NULL) AS retired`;

const enrolmentsCaller = new CallerParameters(2);
const ENROLMENTS_OF_LEARNERS_SQL = `SELECT e.id, e.learner_id AS "learnerId", e.certification_code AS "certificationCode", to_char(e.started_on, 'YYYY-MM-DD') AS "startedOn",
       ${enrolmentRecordableSql('e', enrolmentsCaller)} AS recordable
FROM enrolment e
WHERE e.organisation_id = ${enrolmentsCaller.organisation} AND e.learner_id = ANY($1::uuid[])
ORDER BY e.started_on DESC, e.created_at DESC, e.id`;

/** Every SQL statement about evaluation results. */
@Injectable()
export class EvaluationsRepository extends SqlRepository {
  /** With `lockForNumbering`, also takes the numbering lock (see lockEnrolmentsForNumbering) in the same round trip. */
  async findEnrolments(manager: EntityManager, ids: string[], lockForNumbering = false): Promise<EnrolmentFacts[]> {
    return manager.query(
      `SELECT id, organisation_id AS "organisationId", learner_id AS "learnerId", certification_code AS "certificationCode",
              to_char(started_on, 'YYYY-MM-DD') AS "startedOn"
       FROM enrolment WHERE id = ANY($1::uuid[])
       ${lockForNumbering ? 'ORDER BY id FOR NO KEY UPDATE' : ''}`,
      [ids],
    );
  }

  async findModality(manager: EntityManager, id: string): Promise<ModalityRow | undefined> {
    const rows = await manager.query(
      `SELECT ${MODALITY_COLUMNS} FROM assessment_modality m JOIN block b ON b.code = m.block_code WHERE m.id = $1`,
      [id],
    );
    return rows[0];
  }

  async findModalities(manager: EntityManager, ids: string[]): Promise<ModalityRow[]> {
    return manager.query(
      `SELECT ${MODALITY_COLUMNS} FROM assessment_modality m JOIN block b ON b.code = m.block_code WHERE m.id = ANY($1::uuid[])`,
      [ids],
    );
  }

  /** Current modalities of a block, by kind (for imports naming a modality by kind + block code). */
  async findCurrentModalitiesOfBlocks(manager: EntityManager, blockCodes: string[]): Promise<ModalityRow[]> {
    return manager.query(
      `SELECT ${MODALITY_COLUMNS} FROM assessment_modality m JOIN block b ON b.code = m.block_code
       WHERE upper(m.block_code) = ANY($1::text[]) AND m.retired_at IS NULL AND b.retired_at IS NULL
       ORDER BY m.block_code, m.position`,
      [blockCodes.map((code) => code.toUpperCase())],
    );
  }

  async findLearnersByEmail(manager: EntityManager, organisationId: string, emails: string[]): Promise<{ id: string; email: string }[]> {
    return manager.query(`SELECT id, email FROM learner WHERE organisation_id = $1 AND email = ANY($2::text[])`, [
      organisationId,
      emails.map((email) => email.toLowerCase()),
    ]);
  }

  /** The learners' enrolments, latest first, flagged with whether this caller may record results for them. */
  async findEnrolmentsOfLearners(manager: EntityManager, auth: AuthContext, learnerIds: string[]): Promise<LearnerEnrolmentRow[]> {
    return manager.query(ENROLMENTS_OF_LEARNERS_SQL, [learnerIds, ...enrolmentsCaller.values(auth)]);
  }

  /**
   * Serialises attempt numbering per enrolment until the transaction ends (in id order, so that two
   * writers never wait on each other crosswise). NO KEY UPDATE leaves foreign-key checks unblocked.
   */
  async lockEnrolmentsForNumbering(manager: EntityManager, ids: string[]): Promise<void> {
    await manager.query(`SELECT id FROM enrolment WHERE id = ANY($1::uuid[]) ORDER BY id FOR NO KEY UPDATE`, [ids]);
  }

  /** The last attempt of each (enrolment, modality) pair among these that has results, keyed `enrolmentId/modalityId`. */
  async lastAttempts(manager: EntityManager, enrolmentIds: string[], modalityIds: string[]): Promise<Map<string, number>> {
    const rows: { pair: string; last: number }[] = await manager.query(
      `SELECT enrolment_id || '/' || modality_id AS pair, max(attempt) AS last FROM evaluation_result
       WHERE enrolment_id = ANY($1::uuid[]) AND modality_id = ANY($2::uuid[]) GROUP BY enrolment_id, modality_id`,
      [enrolmentIds, modalityIds],
    );
    return new Map(rows.map((row) => [row.pair, row.last]));
  }

  async nextAttempt(manager: EntityManager, enrolmentId: string, modalityId: string): Promise<number> {
    const rows = await manager.query(
      `SELECT coalesce(max(attempt), 0) + 1 AS next FROM evaluation_result WHERE enrolment_id = $1 AND modality_id = $2`,
      [enrolmentId, modalityId],
    );
    return rows[0].next;
  }

  /**
   * Inserts results in one statement and answers them as read back, in the order given. Callers hold
   * the numbering lock; evaluation_result_attempt_key backs it up.
   */
  async insertResults(manager: EntityManager, results: NewResult[]): Promise<EvaluationRow[]> {
    const rows: EvaluationRow[] = await manager.query(
      `WITH r AS (
         INSERT INTO evaluation_result (organisation_id, enrolment_id, modality_id, occurred_on, score, outcome, attempt, assessor_user_id, comment)
         SELECT x."organisationId", x."enrolmentId", x."modalityId", x."occurredOn", x.score, x.outcome,
                coalesce(x.attempt, (SELECT coalesce(max(p.attempt), 0) + 1 FROM evaluation_result p
                                     WHERE p.enrolment_id = x."enrolmentId" AND p.modality_id = x."modalityId")),
                x."assessorUserId", x.comment
         FROM jsonb_to_recordset($1::jsonb) AS x("organisationId" uuid, "enrolmentId" uuid, "modalityId" uuid, "occurredOn" date,
                                                 score numeric, outcome text, attempt smallint, "assessorUserId" uuid, comment text)
         RETURNING *)
       SELECT ${RESULT_COLUMNS} FROM r JOIN enrolment e ON e.id = r.enrolment_id JOIN assessment_modality m ON m.id = r.modality_id`,
      [JSON.stringify(results)],
    );
    // RETURNING has no input order: match each result back by its pair, and its attempt when given.
    const key = (enrolmentId: string, modalityId: string, attempt: number | null) => `${enrolmentId}/${modalityId}/${attempt ?? ''}`;
    const byKey = new Map<string, EvaluationRow>();
    for (const row of rows) {
      byKey.set(key(row.enrolmentId, row.modalityId, row.attempt), row);
      byKey.set(key(row.enrolmentId, row.modalityId, null), row);
    }
    return results.map((result) => byKey.get(key(result.enrolmentId, result.modalityId, result.attempt))!);
  }

  async findByIds(manager: EntityManager, ids: string[]): Promise<EvaluationRow[]> {
    return manager.query(`SELECT ${RESULT_COLUMNS} FROM ${RESULT_FROM} WHERE r.id = ANY($1::uuid[])`, [ids]);
  }

  /** One result with its organisation; `lock` holds it until the transaction ends (for corrections). */
  async findById(
    manager: EntityManager,
    id: string,
    lock = false,
  ): Promise<(EvaluationRow & { organisationId: string; grading: ModalityGrading; enrolmentStartedOn: string }) | undefined> {
    const rows = await manager.query(
      `SELECT ${RESULT_COLUMNS}, r.organisation_id AS "organisationId", m.grading, to_char(e.started_on, 'YYYY-MM-DD') AS "enrolmentStartedOn"
       FROM ${RESULT_FROM} WHERE r.id = $1 ${lock ? 'FOR UPDATE OF r' : ''}`,
      [id],
    );
    return rows[0];
  }

  async updateResult(manager: EntityManager, id: string, changes: ResultChanges): Promise<void> {
    await manager.query(
      `UPDATE evaluation_result SET score = $2, outcome = $3, occurred_on = $4, comment = $5, updated_at = now() WHERE id = $1`,
      [id, changes.score, changes.outcome, changes.occurredOn, changes.comment],
    );
  }

  /** A learner's results, newest first, optionally for one certification or block. */
  async listForLearner(
    learnerId: string,
    filters: { certificationCode?: string; blockCode?: string },
    after: [string, string, string] | undefined,
    limit: number,
  ): Promise<EvaluationListRow[]> {
    return this.dataSource.query(
      `SELECT ${RESULT_COLUMNS},
              to_char(r.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "cursorCreatedAt"
       FROM ${RESULT_FROM}
       WHERE e.learner_id = $1
         AND ($2::text IS NULL OR e.certification_code = upper($2))
         AND ($3::text IS NULL OR m.block_code = upper($3))
         AND ($4::date IS NULL OR (r.occurred_on, r.created_at, r.id) < ($4::date, $5::timestamptz, $6::uuid))
       ORDER BY r.occurred_on DESC, r.created_at DESC, r.id DESC
       LIMIT $7`,
      [
        learnerId,
        filters.certificationCode ?? null,
        filters.blockCode ?? null,
        after?.[0] ?? null,
        after?.[1] ?? null,
        after?.[2] ?? null,
        limit + 1,
      ],
    );
  }
}
