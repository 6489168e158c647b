import { randomBytes } from 'node:crypto';
import { TestApp, bearer } from './test-app';

/**
 * Builders for tests, going through the HTTP API (as an admin by default) so every row they make obeys
 * the same rules and audit trail as production. Each returns the response body and throws on a non-2xx.
 */

export interface LearnerBody {
  id: string;
  firstName: string;
  lastName: string;
  birthName: string | null;
  birthDate: string | null;
  email: string;
  createdAt: string;
}

export interface CohortBody {
  id: string;
  name: string;
  certificationCode: string;
  startsOn: string;
  endsOn: string;
  trainers: { id: string; displayName: string; email: string }[];
  enrolmentCount: number;
  createdAt: string;
}

export interface EnrolmentBody {
  id: string;
  learnerId: string;
  certificationCode: string;
  accessRoute: string;
  cohortId: string | null;
  startedOn: string;
  jobSeeker: boolean;
  createdAt: string;
}

let sequence = 0;
function unique(): string {
  return `${process.pid}-${++sequence}-${randomBytes(3).toString('hex')}`;
}

function expectCreated(response: { status: number; body: unknown }, what: string): void {
  if (response.status !== 201) throw new Error(`${what} failed: ${response.status} ${JSON.stringify(response.body)}`);
}

/** POST /api/learners with a unique email; `token` defaults to the admin of t's organisation. */
export async function createLearner(
  t: TestApp,
  overrides: Partial<{ firstName: string; lastName: string; email: string; birthDate: string; birthName: string }> = {},
  token: string = t.admin.token,
): Promise<LearnerBody> {
  const id = unique();
  const response = await t
    .http()
    .post('/api/learners')
    .set(bearer(token))
    .send({ firstName: 'Camille', lastName: `Martin-${id}`, email: `learner-${id}@example.org`, ...overrides });
  expectCreated(response, 'createLearner');
  return response.body;
}

/** POST /api/cohorts for a certification (dates 2025-09-01 → 2026-06-30 unless given). */
export async function createCohort(
  t: TestApp,
  options: { certificationCode: string; trainerUserIds?: string[]; name?: string; startsOn?: string; endsOn?: string },
  token: string = t.admin.token,
): Promise<CohortBody> {
  const response = await t
    .http()
    .post('/api/cohorts')
    .set(bearer(token))
    .send({
      name: options.name ?? `Promotion ${unique()}`,
      certificationCode: options.certificationCode,
      startsOn: options.startsOn ?? '2025-09-01',
      endsOn: options.endsOn ?? '2026-06-30',
      trainerUserIds: options.trainerUserIds ?? [],
    });
  expectCreated(response, 'createCohort');
  return response.body;
}

/** POST /api/learners/{id}/enrolments (route `continuing_education` and start 2024-09-01 unless given: before the tests' results). */
export async function enrol(
  t: TestApp,
  learnerId: string,
  options: { certificationCode: string; accessRoute?: string; cohortId?: string; startedOn?: string; jobSeeker?: boolean },
  token: string = t.admin.token,
): Promise<EnrolmentBody> {
  const response = await t
    .http()
    .post(`/api/learners/${learnerId}/enrolments`)
    .set(bearer(token))
    .send({
      certificationCode: options.certificationCode,
      accessRoute: options.accessRoute ?? 'continuing_education',
      startedOn: options.startedOn ?? '2024-09-01',
      ...(options.cohortId ? { cohortId: options.cohortId } : {}),
      ...(options.jobSeeker !== undefined ? { jobSeeker: options.jobSeeker } : {}),
    });
  expectCreated(response, 'enrol');
  return response.body;
}
