import { Injectable } from '@nestjs/common';
import {
  AuthContext,
  CallerParameters,
  learnerIdentityEditableSql,
  learnerReadableSql,
  learnerVisibleParams,
  VISIBLE_LEARNER_WHERE,
  SqlRepository,
} from '@project/platform';
import { EntityManager } from 'typeorm';
import { LearnerCivilIdentityRow, LearnerRow } from './rows';

const LEARNER_COLUMNS = `l.id, l.organisation_id AS "organisationId", l.first_names AS "firstNames", l.last_name AS "lastName",
  l.birth_name AS "birthName", to_char(l.birth_date, 'YYYY-MM-DD') AS "birthDate", l.email, l.created_at AS "createdAt"`;

export interface LearnerFields {
  firstNames: string;
  lastName: string;
  email: string;
  birthDate: string | null;
  birthName: string | null;
}

const CIVIL_IDENTITY_COLUMNS = `l.id, l.organisation_id AS "organisationId", l.last_name AS "lastName", l.birth_name AS "birthName",
  l.usage_name AS "usageName", l.given_names AS "givenNames", l.sex, to_char(l.birth_date, 'YYYY-MM-DD') AS "birthDate",
  l.birth_commune_code AS "birthCommuneCode", l.birth_postal_code AS "birthPostalCode", l.birth_commune AS "birthCommune",
  l.birth_country_code AS "birthCountryCode", l.birth_country AS "birthCountry", l.civil_identity_updated_at AS "civilIdentityUpdatedAt"`;

export type CivilIdentityFields = Omit<LearnerCivilIdentityRow, 'id' | 'organisationId' | 'lastName' | 'civilIdentityUpdatedAt'>;

const identityReadCaller = new CallerParameters(2);
const identityEditCaller = new CallerParameters(2);
const CIVIL_IDENTITY_READ_SQL = `SELECT ${CIVIL_IDENTITY_COLUMNS} FROM learner l WHERE l.id = $1::uuid AND ${learnerReadableSql('l', identityReadCaller)}`;
const CIVIL_IDENTITY_EDIT_SQL = `SELECT ${CIVIL_IDENTITY_COLUMNS} FROM learner l
  WHERE l.id = $1::uuid AND ${learnerIdentityEditableSql('l', identityEditCaller)} FOR UPDATE`;

const listCaller = new CallerParameters(6);
const LIST_VISIBLE_SQL = `SELECT ${LEARNER_COLUMNS}
FROM learner l
WHERE ${learnerReadableSql('l', listCaller)}
  AND ($1::text IS NULL OR l.last_name ILIKE $1 OR l.first_names ILIKE $1 OR l.birth_name ILIKE $1 OR l.email ILIKE $1
       OR (l.first_names || ' ' || l.last_name) ILIKE $1 OR (l.last_name || ' ' || l.first_names) ILIKE $1)
  AND ($2::text IS NULL OR (l.last_name, l.first_names, l.id) > ($2, $3, $4::uuid))
ORDER BY l.last_name, l.first_names, l.id
LIMIT $5`;

/** Every SQL statement about learners. */
@Injectable()
export class LearnersRepository extends SqlRepository {
  /** The learner if the caller may read it: the access policy's predicate in the same statement. */
  async findVisible(auth: AuthContext, id: string): Promise<LearnerRow | undefined> {
    const rows: LearnerRow[] = await this.dataSource.query(
      `SELECT ${LEARNER_COLUMNS} FROM learner l WHERE ${VISIBLE_LEARNER_WHERE}`,
      learnerVisibleParams(auth, id),
    );
    return rows[0];
  }

  async findInOrganisation(manager: EntityManager, organisationId: string, id: string, lock = false): Promise<LearnerRow | undefined> {
    const rows: LearnerRow[] = await manager.query(
      `SELECT ${LEARNER_COLUMNS} FROM learner l WHERE l.id = $1 AND l.organisation_id = $2 ${lock ? 'FOR UPDATE' : ''}`,
      [id, organisationId],
    );
    return rows[0];
  }

  /** The first day any of the learner's enrolments started, or undefined without one. */
  async earliestEnrolmentStart(manager: EntityManager, learnerId: string): Promise<string | undefined> {
    const rows = await manager.query(`SELECT to_char(min(started_on), 'YYYY-MM-DD') AS "startedOn" FROM enrolment WHERE learner_id = $1`, [
      learnerId,
    ]);
    return rows[0]?.startedOn ?? undefined;
  }

  /** The learner's civil identity if the caller may read it. */
  async findCivilIdentity(auth: AuthContext, id: string): Promise<LearnerCivilIdentityRow | undefined> {
    const rows: LearnerCivilIdentityRow[] = await this.dataSource.query(CIVIL_IDENTITY_READ_SQL, [id, ...identityReadCaller.values(auth)]);
    return rows[0];
  }

  /** The learner's civil identity, locked, if the caller may complete it (its admins, the learner itself). */
  async lockEditableCivilIdentity(manager: EntityManager, auth: AuthContext, id: string): Promise<LearnerCivilIdentityRow | undefined> {
    const rows: LearnerCivilIdentityRow[] = await manager.query(CIVIL_IDENTITY_EDIT_SQL, [id, ...identityEditCaller.values(auth)]);
    return rows[0];
  }

  async updateCivilIdentity(manager: EntityManager, id: string, fields: CivilIdentityFields): Promise<LearnerCivilIdentityRow> {
    const [rows] = (await manager.query(
      `UPDATE learner AS l SET birth_name = $2, usage_name = $3, given_names = $4, sex = $5, birth_date = $6, birth_commune_code = $7,
         birth_postal_code = $8, birth_commune = $9, birth_country_code = $10, birth_country = $11,
         civil_identity_updated_at = now(), updated_at = now()
       WHERE l.id = $1
       RETURNING ${CIVIL_IDENTITY_COLUMNS}`,
      [
        id,
        fields.birthName,
        fields.usageName,
        fields.givenNames,
        fields.sex,
        fields.birthDate,
        fields.birthCommuneCode,
        fields.birthPostalCode,
        fields.birthCommune,
        fields.birthCountryCode,
        fields.birthCountry,
      ],
    )) as [LearnerCivilIdentityRow[], number];
    return rows[0];
  }

  async insert(manager: EntityManager, organisationId: string, fields: LearnerFields): Promise<LearnerRow> {
    const rows: LearnerRow[] = await manager.query(
      `INSERT INTO learner AS l (organisation_id, first_names, last_name, email, birth_date, birth_name)
       VALUES ($1, $2, $3, $4, $5, $6)
       RETURNING ${LEARNER_COLUMNS}`,
      [organisationId, fields.firstNames, fields.lastName, fields.email, fields.birthDate, fields.birthName],
    );
    return rows[0];
  }

  async update(manager: EntityManager, id: string, fields: LearnerFields): Promise<LearnerRow> {
    const [rows] = (await manager.query(
      `UPDATE learner AS l SET first_names = $2, last_name = $3, email = $4, birth_date = $5, birth_name = $6, updated_at = now()
       WHERE l.id = $1
       RETURNING ${LEARNER_COLUMNS}`,
      [id, fields.firstNames, fields.lastName, fields.email, fields.birthDate, fields.birthName],
    )) as [LearnerRow[], number];
    return rows[0];
  }

  /**
   * The learners the caller may see, in (last name, first names, id) order: admins and jury members
   * see the organisation, trainers the learners enrolled in their cohorts, a learner itself.
   */
  async listVisible(
    auth: AuthContext,
    limit: number,
    after: [string, string, string] | undefined,
    search: string | undefined,
  ): Promise<LearnerRow[]> {
    return this.dataSource.query(LIST_VISIBLE_SQL, [
      search ?? null,
      after?.[0] ?? null,
      after?.[1] ?? null,
      after?.[2] ?? null,
      limit + 1,
      ...listCaller.values(auth),
    ]);
  }
}
