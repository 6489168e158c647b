import { Injectable } from '@nestjs/common';
import { SqlRepository } from '@project/platform';
import { AccessRoute } from '@project/domain';
import { EntityManager } from 'typeorm';
import { CohortEnrolmentRow, EnrolmentRow } from './rows';

const ENROLMENT_COLUMNS = `e.id, e.organisation_id AS "organisationId", e.learner_id AS "learnerId", e.certification_code AS "certificationCode",
  e.access_route AS "accessRoute", e.cohort_id AS "cohortId", to_char(e.started_on, 'YYYY-MM-DD') AS "startedOn", e.job_seeker AS "jobSeeker",
  e.created_at AS "createdAt"`;

/** Every SQL statement about enrolments. */
@Injectable()
export class EnrolmentsRepository extends SqlRepository {
  /** The learner's birth date, locked FOR SHARE so it cannot move past this enrolment's start meanwhile. */
  async findLearnerForEnrolment(
    manager: EntityManager,
    learnerId: string,
    organisationId: string,
  ): Promise<{ birthDate: string | null } | undefined> {
    const rows = await manager.query(
      `SELECT to_char(birth_date, 'YYYY-MM-DD') AS "birthDate" FROM learner WHERE id = $1 AND organisation_id = $2 FOR SHARE`,
      [learnerId, organisationId],
    );
    return rows[0];
  }

  /** The certification, and whether it opens the route (null when the route is not listed at all). */
  async findCertificationRoute(
    manager: EntityManager,
    code: string,
    route: AccessRoute,
  ): Promise<{ code: string; active: boolean; registrationEndsOn: string | null; routeOpen: boolean | null } | undefined> {
    const rows = await manager.query(
      `SELECT c.code, c.active, to_char(c.registration_ends_on, 'YYYY-MM-DD') AS "registrationEndsOn",
              (SELECT r.open FROM certification_access_route r WHERE r.certification_code = c.code AND r.route = $2) AS "routeOpen"
       FROM certification c WHERE c.code = $1`,
      [code, route],
    );
    return rows[0];
  }

  async findCohort(
    manager: EntityManager,
    cohortId: string,
    organisationId: string,
  ): Promise<{ id: string; certificationCode: string } | undefined> {
    const rows = await manager.query(
      `SELECT id, certification_code AS "certificationCode" FROM cohort WHERE id = $1 AND organisation_id = $2`,
      [cohortId, organisationId],
    );
    return rows[0];
  }

  async insert(
    manager: EntityManager,
    organisationId: string,
    enrolment: Pick<EnrolmentRow, 'learnerId' | 'certificationCode' | 'accessRoute' | 'cohortId' | 'startedOn' | 'jobSeeker'>,
  ): Promise<EnrolmentRow> {
    const rows: EnrolmentRow[] = await manager.query(
      `INSERT INTO enrolment AS e (organisation_id, learner_id, certification_code, access_route, cohort_id, started_on, job_seeker)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       RETURNING ${ENROLMENT_COLUMNS}`,
      [
        organisationId,
        enrolment.learnerId,
        enrolment.certificationCode,
        enrolment.accessRoute,
        enrolment.cohortId,
        enrolment.startedOn,
        enrolment.jobSeeker,
      ],
    );
    return rows[0];
  }

  async find(manager: EntityManager, id: string, organisationId: string, lock = false): Promise<EnrolmentRow | undefined> {
    const rows: EnrolmentRow[] = await manager.query(
      `SELECT ${ENROLMENT_COLUMNS} FROM enrolment e WHERE e.id = $1 AND e.organisation_id = $2 ${lock ? 'FOR UPDATE' : ''}`,
      [id, organisationId],
    );
    return rows[0];
  }

  async update(manager: EntityManager, id: string, fields: { cohortId: string | null; jobSeeker: boolean }): Promise<EnrolmentRow> {
    const [rows] = (await manager.query(
      `UPDATE enrolment AS e SET cohort_id = $2, job_seeker = $3 WHERE e.id = $1 RETURNING ${ENROLMENT_COLUMNS}`,
      [id, fields.cohortId, fields.jobSeeker],
    )) as [EnrolmentRow[], number];
    return rows[0];
  }

  /** A learner's enrolments, latest start first (keyset on started_on, id). */
  async listForLearner(learnerId: string, limit: number, after: [string, string] | undefined): Promise<EnrolmentRow[]> {
    return this.dataSource.query(
      `SELECT ${ENROLMENT_COLUMNS} FROM enrolment e
       WHERE e.learner_id = $1 AND ($2::date IS NULL OR (e.started_on, e.id) < ($2::date, $3::uuid))
       ORDER BY e.started_on DESC, e.id DESC
       LIMIT $4`,
      [learnerId, after?.[0] ?? null, after?.[1] ?? null, limit + 1],
    );
  }

  /** A cohort's roster in (last name, first names, enrolment id) order. */
  async listForCohort(cohortId: string, limit: number, after: [string, string, string] | undefined): Promise<CohortEnrolmentRow[]> {
    return this.dataSource.query(
      `SELECT ${ENROLMENT_COLUMNS}, l.first_names AS "firstNames", l.last_name AS "lastName", l.email
       FROM enrolment e JOIN learner l ON l.id = e.learner_id
       WHERE e.cohort_id = $1 AND ($2::text IS NULL OR (l.last_name, l.first_names, e.id) > ($2, $3, $4::uuid))
       ORDER BY l.last_name, l.first_names, e.id
       LIMIT $5`,
      [cohortId, after?.[0] ?? null, after?.[1] ?? null, after?.[2] ?? null, limit + 1],
    );
  }
}
