import { DomainError, DomainErrorCode } from '@project/domain';
import { EntityManager } from 'typeorm';
import { AuthContext } from '../auth/auth-context';

/**
 * Who may see or touch which learner, in one place:
 * - admin: everything inside its organisation;
 * - trainer: learners enrolled in a cohort it is assigned to (others: 403 to write, 404 to read);
 * - jury_member: learners of its organisation (read only), to prepare decisions;
 * - learner: only its own record (any other id answers 404, as if it did not exist).
 * Nothing ever crosses organisations: another organisation's ids answer 404.
 */
export async function assertCanReadLearner(manager: EntityManager, auth: AuthContext, learnerId: string): Promise<void> {
  const rows: { organisation_id: string; taught: boolean }[] = await manager.query(
    `SELECT l.organisation_id,
            EXISTS (SELECT 1 FROM enrolment e JOIN cohort_trainer ct ON ct.cohort_id = e.cohort_id
                    WHERE e.learner_id = l.id AND ct.user_id = $2) AS taught
     FROM learner l WHERE l.id = $1`,
    [learnerId, auth.userId],
  );
  const learner = rows[0];
  const visible =
    learner !== undefined &&
    learner.organisation_id === auth.organisationId &&
    (auth.roles.includes('admin') ||
      auth.roles.includes('jury_member') ||
      (auth.roles.includes('trainer') && learner.taught) ||
      (auth.roles.includes('learner') && auth.learnerId === learnerId));
  if (!visible) throw new DomainError(DomainErrorCode.NotFound, `Learner ${learnerId} not found`);
}

/** Recording results: admins of the organisation, or trainers assigned to the enrolment's cohort. */
export async function assertCanRecordForEnrolment(manager: EntityManager, auth: AuthContext, enrolmentId: string): Promise<void> {
  const rows: { organisation_id: string; learner_id: string; assigned: boolean }[] = await manager.query(
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
