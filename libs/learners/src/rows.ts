import { AccessRoute } from '@project/domain';

/**
 * The rows of the tables this library owns (learner, cohort, enrolment), as its repositories answer them:
 * declared once, camelCase (the SQL aliases each column). Other libraries reading these tables use these types.
 */
export interface LearnerRow {
  id: string;
  organisationId: string;
  firstNames: string;
  lastName: string;
  birthName: string | null;
  /** ISO date. */
  birthDate: string | null;
  email: string;
  createdAt: Date;
}

export interface CohortTrainerRow {
  id: string;
  displayName: string;
  email: string;
}

export interface CohortRow {
  id: string;
  organisationId: string;
  name: string;
  certificationCode: string;
  startsOn: string;
  endsOn: string;
  createdAt: Date;
  trainers: CohortTrainerRow[];
  enrolmentCount: number;
}

export interface EnrolmentRow {
  id: string;
  organisationId: string;
  learnerId: string;
  certificationCode: string;
  accessRoute: AccessRoute;
  cohortId: string | null;
  startedOn: string;
  jobSeeker: boolean;
  createdAt: Date;
}

/** An enrolment on a cohort's roster, with its learner's name. */
export interface CohortEnrolmentRow extends EnrolmentRow {
  firstNames: string;
  lastName: string;
  email: string;
}
