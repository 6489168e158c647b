import { AccessRoute, Sex } from '@project/domain';

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

/** A learner's civil identity, as the CPF declaration needs it (learner columns too). */
export interface LearnerCivilIdentityRow {
  id: string;
  organisationId: string;
  lastName: string;
  birthName: string | null;
  usageName: string | null;
  givenNames: string[] | null;
  sex: Sex | null;
  /** ISO date. */
  birthDate: string | null;
  birthCommuneCode: string | null;
  birthPostalCode: string | null;
  birthCommune: string | null;
  birthCountryCode: string | null;
  birthCountry: string | null;
  civilIdentityUpdatedAt: Date | null;
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
