import { TestApp } from './test-app';

/** What a run may change on a user's account through the API (roles, learner link, password, deactivation), as stored. */
export interface UserAccountSnapshot {
  id: string;
  roles: string[];
  learner_id: string | null;
  password_hash: string;
  deactivated_at: Date | null;
}

/** The accounts of these users as they are now, to put back with restoreUserAccount. */
export async function snapshotUserAccounts(t: TestApp, userIds: string[]): Promise<UserAccountSnapshot[]> {
  const { rows } = await t.db.query<UserAccountSnapshot>(
    `SELECT id, roles, learner_id, password_hash, deactivated_at FROM app_user WHERE id = ANY($1)`,
    [userIds],
  );
  return rows;
}

/**
 * Puts an account back as snapshotted, straight in the database: the fuzz run legitimately demotes,
 * deactivates or re-passwords the users it calls as, and no API route undoes all of that.
 */
export async function restoreUserAccount(t: TestApp, account: UserAccountSnapshot): Promise<void> {
  await t.db.query(`UPDATE app_user SET roles = $2, learner_id = $3, password_hash = $4, deactivated_at = $5 WHERE id = $1`, [
    account.id,
    account.roles,
    account.learner_id,
    account.password_hash,
    account.deactivated_at,
  ]);
}
