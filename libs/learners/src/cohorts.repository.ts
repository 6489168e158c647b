import { Injectable } from '@nestjs/common';
import { AuthContext, CallerParameters, cohortReadableSql, SqlRepository } from '@project/platform';
import { EntityManager } from 'typeorm';
import { CohortRow } from './rows';

/** The cohort with its trainers and enrolment count, built by PostgreSQL. */
const COHORT_COLUMNS = `c.id, c.organisation_id AS "organisationId", c.name, c.certification_code AS "certificationCode",
  to_char(c.starts_on, 'YYYY-MM-DD') AS "startsOn", to_char(c.ends_on, 'YYYY-MM-DD') AS "endsOn", c.created_at AS "createdAt",
  COALESCE((SELECT json_agg(json_build_object('id', u.id, 'displayName', u.display_name, 'email', u.email)
                            ORDER BY u.display_name, u.id)
            FROM cohort_trainer ct JOIN app_user u ON u.id = ct.user_id WHERE ct.cohort_id = c.id), '[]'::json) AS trainers,
  (SELECT count(*)::int FROM enrolment e WHERE e.cohort_id = c.id) AS "enrolmentCount"`;

const accessCaller = new CallerParameters(2);
const ACCESS_SQL = `SELECT c.organisation_id AS "organisationId", c.certification_code AS "certificationCode", ${cohortReadableSql('c.id', accessCaller)} AS readable
FROM cohort c WHERE c.id = $1`;

const listCaller = new CallerParameters(5);
const LIST_VISIBLE_SQL = `SELECT ${COHORT_COLUMNS}
FROM cohort c
WHERE c.organisation_id = ${listCaller.organisation} AND ${cohortReadableSql('c.id', listCaller)}
  AND ($1::text IS NULL OR c.certification_code = $1)
  AND ($2::date IS NULL OR (c.starts_on, c.id) < ($2::date, $3::uuid))
ORDER BY c.starts_on DESC, c.id DESC
LIMIT $4`;

/**
 * Unassigns a user from every cohort it trains, so a deactivated trainer loses access to those learners at
 * once (the access checks go through cohort_trainer), not only when its access token expires.
 * Answers each cohort with its trainers before and after. Exported for the accounts (auth) library.
 */
export async function unassignTrainerFromAllCohorts(
  manager: EntityManager,
  userId: string,
): Promise<{ cohortId: string; before: string[]; after: string[] }[]> {
  return manager.query(
    `WITH removed AS (DELETE FROM cohort_trainer WHERE user_id = $1 RETURNING cohort_id)
     SELECT r.cohort_id AS "cohortId",
            array_remove(array_agg(ct.user_id ORDER BY ct.user_id), NULL) || ARRAY[$1::uuid] AS before,
            array_remove(array_agg(ct.user_id ORDER BY ct.user_id), NULL) AS after
     FROM removed r LEFT JOIN cohort_trainer ct ON ct.cohort_id = r.cohort_id AND ct.user_id <> $1
     GROUP BY r.cohort_id`,
    [userId],
  );
}

/** Every SQL statement about cohorts and their trainers. */
@Injectable()
export class CohortsRepository extends SqlRepository {
  /** Of the given ids, those that are NOT users of the organisation with the trainer role. */
  async nonTrainers(manager: EntityManager, organisationId: string, userIds: string[]): Promise<string[]> {
    if (userIds.length === 0) return [];
    const rows: { id: string }[] = await manager.query(
      `SELECT id FROM unnest($1::uuid[]) AS ids(id)
       WHERE NOT EXISTS (SELECT 1 FROM app_user u WHERE u.id = ids.id AND u.organisation_id = $2 AND 'trainer' = ANY(u.roles))`,
      [userIds, organisationId],
    );
    return rows.map((row) => row.id);
  }

  async insert(
    manager: EntityManager,
    organisationId: string,
    cohort: { name: string; certificationCode: string; startsOn: string; endsOn: string },
  ): Promise<string> {
    const rows: { id: string }[] = await manager.query(
      `INSERT INTO cohort (organisation_id, name, certification_code, starts_on, ends_on) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [organisationId, cohort.name, cohort.certificationCode, cohort.startsOn, cohort.endsOn],
    );
    return rows[0].id;
  }

  /** Adds trainers; answers those that were not already assigned (ON CONFLICT keeps concurrent adds safe). */
  async addTrainers(manager: EntityManager, cohortId: string, userIds: string[]): Promise<string[]> {
    if (userIds.length === 0) return [];
    const rows: { user_id: string }[] = await manager.query(
      `INSERT INTO cohort_trainer (cohort_id, user_id) SELECT $1, unnest($2::uuid[]) ON CONFLICT DO NOTHING RETURNING user_id`,
      [cohortId, userIds],
    );
    return rows.map((row) => row.user_id);
  }

  async removeTrainer(manager: EntityManager, cohortId: string, userId: string): Promise<boolean> {
    const [, affected] = (await manager.query(`DELETE FROM cohort_trainer WHERE cohort_id = $1 AND user_id = $2 RETURNING user_id`, [
      cohortId,
      userId,
    ])) as [unknown[], number];
    return affected > 0;
  }

  async find(manager: EntityManager, id: string, lock = false): Promise<CohortRow | undefined> {
    if (lock) await manager.query(`SELECT 1 FROM cohort WHERE id = $1 FOR UPDATE`, [id]);
    const rows: CohortRow[] = await manager.query(`SELECT ${COHORT_COLUMNS} FROM cohort c WHERE c.id = $1`, [id]);
    return rows[0];
  }

  /** What access checks need: the cohort's organisation and whether the caller may read it (inside that organisation). */
  async findAccess(
    manager: EntityManager,
    auth: AuthContext,
    id: string,
  ): Promise<{ organisationId: string; certificationCode: string; readable: boolean } | undefined> {
    const rows = await manager.query(ACCESS_SQL, [id, ...accessCaller.values(auth)]);
    return rows[0];
  }

  /** Newest cohorts first (starts_on, then id, descending); trainers who are not admins or jury members see their own. */
  async listVisible(
    auth: AuthContext,
    limit: number,
    after: [string, string] | undefined,
    certificationCode: string | undefined,
  ): Promise<CohortRow[]> {
    return this.dataSource.query(LIST_VISIBLE_SQL, [
      certificationCode ?? null,
      after?.[0] ?? null,
      after?.[1] ?? null,
      limit + 1,
      ...listCaller.values(auth),
    ]);
  }
}
