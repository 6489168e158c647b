import { DomainError, DomainErrorCode } from '@project/domain';
import { EntityManager } from 'typeorm';
import { AuthContext } from '../auth/auth-context';
import { preparedQuery } from '../database/prepared-query';

/**
 * Who may see or touch which learner, in one place:
 * - admin: everything inside its organisation;
 * - trainer: learners enrolled in a cohort it is assigned to (others: 403 to write, 404 to read);
 * - jury_member: learners of its organisation (read only), to prepare decisions;
 * - learner: only its own record (any other id answers 404, as if it did not exist).
 * Nothing ever crosses organisations: another organisation's ids answer 404.
 */
/**
 * The reading rule above as an SQL predicate on the learner row `alias` whose id is $1, so hot reads check
 * it in the same statement. Its parameters $1..$5 come from learnerVisibleParams, in that order.
 */
export function learnerVisibleSql(alias: string): string {
  return `(${alias}.id = $1::uuid AND ${alias}.organisation_id = $2::uuid AND (
    'admin' = ANY($4::text[]) OR 'jury_member' = ANY($4::text[])
    OR ('learner' = ANY($4::text[]) AND ${alias}.id = $5::uuid)
    OR ('trainer' = ANY($4::text[]) AND EXISTS (
      SELECT 1 FROM enrolment e JOIN cohort_trainer ct ON ct.cohort_id = e.cohort_id
      WHERE e.learner_id = ${alias}.id AND ct.user_id = $3::uuid))))`;
}

/** Parameters $1..$5 of a statement using learnerVisibleSql: the learner, then who is asking. */
export function learnerVisibleParams(auth: AuthContext, learnerId: string): unknown[] {
  return [learnerId, auth.organisationId, auth.userId, auth.roles, auth.learnerId];
}

const CAN_READ_LEARNER_SQL = `SELECT 1 FROM learner l WHERE ${learnerVisibleSql('l')}`;

export async function canReadLearner(manager: EntityManager, auth: AuthContext, learnerId: string): Promise<boolean> {
  const rows = await preparedQuery(manager, 'access_read_learner', CAN_READ_LEARNER_SQL, learnerVisibleParams(auth, learnerId));
  return rows.length > 0;
}

/**
 * Only for a learner id the caller gave: a record reached through another id (a result, an enrolment)
 * answers its own "not found" instead, or the message would name a learner the caller may not know.
 */
export async function assertCanReadLearner(manager: EntityManager, auth: AuthContext, learnerId: string): Promise<void> {
  if (!(await canReadLearner(manager, auth, learnerId))) throw new DomainError(DomainErrorCode.NotFound, `Learner ${learnerId} not found`);
}

/** Why the caller may not record results for an enrolment, or null when it may. */
export type RecordingRefusal = { status: 'not_found' | 'forbidden'; message: string } | null;

/**
 * Recording results: admins of the organisation, or trainers assigned to the enrolment's cohort.
 * One statement for any number of enrolments; the answer is in the order given.
 */
export async function recordingRefusals(manager: EntityManager, auth: AuthContext, enrolmentIds: string[]): Promise<RecordingRefusal[]> {
  const rows = await preparedQuery<{ id: string; organisation_id: string | null; learner_id: string | null; assigned: boolean }>(
    manager,
    'access_record_for_enrolments',
    `SELECT x.id, e.organisation_id, e.learner_id,
            EXISTS (SELECT 1 FROM cohort_trainer ct WHERE ct.cohort_id = e.cohort_id AND ct.user_id = $2) AS assigned
     FROM unnest($1::uuid[]) WITH ORDINALITY AS x(id, ord) LEFT JOIN enrolment e ON e.id = x.id
     ORDER BY x.ord`,
    [enrolmentIds, auth.userId],
  );
  return rows.map((enrolment): RecordingRefusal => {
    if (enrolment.organisation_id !== auth.organisationId) return { status: 'not_found', message: `Enrolment ${enrolment.id} not found` };
    if (auth.roles.includes('admin')) return null;
    if (auth.roles.includes('trainer') && enrolment.assigned) return null;
    if (auth.roles.includes('learner') && !auth.roles.includes('trainer') && auth.learnerId === enrolment.learner_id) {
      return { status: 'forbidden', message: 'A learner cannot record its own results' };
    }
    return { status: 'forbidden', message: "Only trainers assigned to this enrolment's cohort (or admins) may record its results" };
  });
}

export async function assertCanRecordForEnrolment(manager: EntityManager, auth: AuthContext, enrolmentId: string): Promise<void> {
  const [refusal] = await recordingRefusals(manager, auth, [enrolmentId]);
  if (refusal)
    throw new DomainError(refusal.status === 'not_found' ? DomainErrorCode.NotFound : DomainErrorCode.Forbidden, refusal.message);
}
