import { Role } from '@project/domain';

/** An app_user row, as this library (its owner) reads it: every column, camelCase. */
export interface UserRow {
  id: string;
  organisationId: string;
  email: string;
  passwordHash: string;
  displayName: string;
  roles: Role[];
  learnerId: string | null;
  createdAt: Date;
  deactivatedAt: Date | null;
  /** Bumped whenever the rights an access token carries change: tokens of an older revision are refused. */
  accessRevision: number;
}

/** Every column of app_user under its camelCase name. */
export const USER_COLUMNS = `id, organisation_id AS "organisationId", email, password_hash AS "passwordHash", display_name AS "displayName", roles,
  learner_id AS "learnerId", created_at AS "createdAt", deactivated_at AS "deactivatedAt", access_revision AS "accessRevision"`;
