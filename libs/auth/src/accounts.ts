import { Role } from '@project/domain';
import { EntityManager } from 'typeorm';
import { USER_COLUMNS, UserRow } from './rows';

/**
 * What other libraries may change in the accounts this library owns (app_user, refresh_token): an organisation's
 * first admin joins it (start-up, or an accepted invitation), and a deactivated organisation's sessions end.
 */
export interface NewAccount {
  organisationId: string;
  email: string;
  passwordHash: string;
  displayName: string;
  roles: Role[];
  learnerId: string | null;
}

export async function insertAccount(manager: EntityManager, user: NewAccount): Promise<UserRow> {
  const rows: UserRow[] = await manager.query(
    `INSERT INTO app_user (organisation_id, email, password_hash, display_name, roles, learner_id)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${USER_COLUMNS}`,
    [user.organisationId, user.email.toLowerCase(), user.passwordHash, user.displayName, user.roles, user.learnerId],
  );
  return rows[0];
}

/** Every refresh token of the organisation's accounts is revoked (its access tokens are refused by their access state). */
export async function revokeOrganisationSessions(manager: EntityManager, organisationId: string): Promise<void> {
  await manager.query(
    `UPDATE refresh_token SET revoked_at = now()
     WHERE revoked_at IS NULL AND user_id IN (SELECT id FROM app_user WHERE organisation_id = $1)`,
    [organisationId],
  );
}
