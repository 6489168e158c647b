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
 * The reading rule above as an SQL predicate on a learner row, so hot reads can check it in the same
 * statement. Placeholders name the parameters: see learnerVisibleParams for their order.
 */
export function learnerVisibleSql(alias: string, p: { organisationId: string; userId: string; roles: string; learnerId: string }): string {
  return `(${alias}.organisation_id = ${p.organisationId}::uuid AND (
    'admin' = ANY(${p.roles}::text[]) OR 'jury_member' = ANY(${p.roles}::text[])
    OR ('learner' = ANY(${p.roles}::text[]) AND ${alias}.id = ${p.learnerId}::uuid)
    OR ('trainer' = ANY(${p.roles}::text[]) AND EXISTS (
      SELECT 1 FROM enrolment e JOIN cohort_trainer ct ON ct.cohort_id = e.cohort_id
      WHERE e.learner_id = ${alias}.id AND ct.user_id = ${p.userId}::uuid))))`;
}

/** Parameters $1..$5 of a statement using learnerVisibleSql with placeholders $2..$5 for a learner $1. */
export function learnerVisibleParams(auth: AuthContext, learnerId: string): unknown[] {
  return [learnerId, auth.organisationId, auth.userId, auth.roles, auth.learnerId];
}

const CAN_READ_LEARNER_SQL = `SELECT 1 FROM learner l WHERE l.id = $1 AND ${learnerVisibleSql('l', { organisationId: '$2', userId: '$3', roles: '$4', learnerId: '$5' })}`;

export async function assertCanReadLearner(manager: EntityManager, auth: AuthContext, learnerId: string): Promise<void> {
  const rows = await preparedQuery(manager, 'access_read_learner', CAN_READ_LEARNER_SQL, learnerVisibleParams(auth, learnerId));
  if (rows.length === 0) throw new DomainError(DomainErrorCode.NotFound, `Learner ${learnerId} not found`);
}

/** Recording results: admins of the organisation, or trainers assigned to the enrolment's cohort. */
export async function assertCanRecordForEnrolment(manager: EntityManager, auth: AuthContext, enrolmentId: string): Promise<void> {
  const rows = await preparedQuery<{ organisation_id: string; learner_id: string; assigned: boolean }>(
    manager,
    'access_record_for_enrolment',
    `SELECT e.organisation_id, e.learner_id,
            EXISTS (SELECT 1 FROM cohort_trainer ct WHERE ct.cohort_id = e.cohort_id AND ct.user_id = $2) AS assigned
     FROM enrolment e WHERE e.id = $1`,
    [enrolmentId, auth.userId],
  );
  const enrolment = rows[0];
  if (!enrolment || enrolment.organisation_id !== auth.organisationId) {
    throw new DomainError(DomainErrorCode.NotFound, `Enrolment ${enrolmentId} not found`);
  }
  if (auth.roles.includes('admin')) return;
  if (auth.roles.includes('trainer') && enrolment.assigned) return;
  if (auth.roles.includes('learner') && auth.learnerId === enrolment.learner_id && !auth.roles.includes('trainer')) {
    throw new DomainError(DomainErrorCode.Forbidden, 'A learner cannot record its own results');
  }
  throw new DomainError(DomainErrorCode.Forbidden, 'Only trainers assigned to this enrolment\'s cohort (or admins) may record its results');
}
