import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ModalityGrading, ModalityKind, ModalityMode, Outcome } from '@project/domain';
import { DataSource, EntityManager } from 'typeorm';
import { EvaluationRow } from './dto/evaluation.dto';

export interface EnrolmentRow {
  id: string;
  organisation_id: string;
  learner_id: string;
  certification_code: string;
  /** YYYY-MM-DD: no result of the enrolment is dated before. */
  started_on: string;
}

export interface ModalityRow {
  id: string;
  kind: ModalityKind;
  block_code: string;
  certification_code: string;
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
  learner_id: string;
  certification_code: string;
  started_on: string;
  recordable: boolean;
}

/** Listing rows carry the keyset (occurred_on, created_at to the microsecond, id). */
export type EvaluationListRow = EvaluationRow & { cursor_created_at: string };

const RESULT_COLUMNS = `r.id, r.enrolment_id, e.learner_id, e.certification_code, r.modality_id, m.kind AS modality_kind, m.block_code,
  to_char(r.occurred_on, 'YYYY-MM-DD') AS occurred_on, r.score::float8 AS score, r.outcome, r.attempt, r.comment,
  r.assessor_user_id, r.created_at, r.updated_at`;
const RESULT_FROM = `evaluation_result r JOIN enrolment e ON e.id = r.enrolment_id JOIN assessment_modality m ON m.id = r.modality_id`;
const MODALITY_COLUMNS = `m.id, m.kind, m.block_code, b.certification_code, m.grading, m.mode,
  (m.retired_at IS NOT NULL OR b.retired_at IS NOT NULL) AS retired`;

/** Every SQL statement about evaluation results. */
@Injectable()
export class EvaluationsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  get manager(): EntityManager {
    return this.dataSource.manager;
  }

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /** With `lockForNumbering`, also takes the numbering lock (see lockEnrolmentsForNumbering) in the same round trip. */
  async findEnrolments(manager: EntityManager, ids: string[], lockForNumbering = false): Promise<EnrolmentRow[]> {
    return manager.query(
      `SELECT id, organisation_id, learner_id, certification_code, to_char(started_on, 'YYYY-MM-DD') AS started_on
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
  async findEnrolmentsOfLearners(
    manager: EntityManager,
    organisationId: string,
    learnerIds: string[],
    userId: string,
    isAdmin: boolean,
  ): Promise<LearnerEnrolmentRow[]> {
    return manager.query(
      `SELECT e.id, e.learner_id, e.certification_code, to_char(e.started_on, 'YYYY-MM-DD') AS started_on,
              ($4::boolean OR EXISTS (SELECT 1 FROM cohort_trainer ct WHERE ct.cohort_id = e.cohort_id AND ct.user_id = $3)) AS recordable
       FROM enrolment e
       WHERE e.organisation_id = $1 AND e.learner_id = ANY($2::uuid[])
       ORDER BY e.started_on DESC, e.created_at DESC, e.id`,
      [organisationId, learnerIds, userId, isAdmin],
    );
  }

  /**
   * The facts assertCanRecordForEnrolment checks, for many enrolments in one statement, in the order
   * given; an unknown id answers a row with a null organisation.
   */
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
      byKey.set(key(row.enrolment_id, row.modality_id, row.attempt), row);
      byKey.set(key(row.enrolment_id, row.modality_id, null), row);
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
  ): Promise<(EvaluationRow & { organisation_id: string; grading: ModalityGrading; enrolment_started_on: string }) | undefined> {
    const rows = await manager.query(
      `SELECT ${RESULT_COLUMNS}, r.organisation_id, m.grading, to_char(e.started_on, 'YYYY-MM-DD') AS enrolment_started_on
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
              to_char(r.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS cursor_created_at
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
